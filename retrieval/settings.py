"""Settings of the retrieval layer (corpus, index, search, LLM) from the environment or ``.env``.

Every one is listed in ``.env.example``; the bot's own settings extend these in ``bot/settings.py``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    # corpus and index
    corpus_dir: Path = Field(default=PROJECT_ROOT / "data" / "corpus")
    index_dir: Path = Field(default=PROJECT_ROOT / "var" / "index")
    # Tesseract's output per page image (retrieval/readers/ocrcache.py); empty = recognise every scan anew
    ocr_cache_dir: Path | None = Field(default=PROJECT_ROOT / "var" / "ocr-cache")
    # embeddings: "hashing" (offline default) or "static"; EMBED_BASE_URL switches to an OpenAI-compatible server
    embed_kind: str = "hashing"
    embed_base_url: str | None = None
    embed_model: str | None = None
    embed_api_key: SecretStr | None = None
    # search: how much the vector ranking counts against BM25 (0 = lexical only), and how they are fused
    search_vector_weight: float = 0.3
    search_fusion: str = "weighted"  # or "rrf"
    # Chroma server mode: set both to use `chroma run` instead of the embedded store
    chroma_host: str | None = None
    chroma_port: int | None = None
    # optional LLM for phrasing (OpenAI-compatible chat completions); unset = extractive answers only
    llm_base_url: str | None = None
    llm_model: str | None = None
    llm_api_key: SecretStr | None = None
    llm_timeout: float = 20.0
    # the question log (retrieval/questionlog.py): INDEX_DIR/questions.sqlite3, read by the bot and `vanban log`
    log_questions: bool = True
    log_retention_days: int = Field(default=180, ge=1)
    log_hash_key: SecretStr | None = None  # keys the hash of user ids; unset = a random key in INDEX_DIR
    log_level: str = "INFO"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
