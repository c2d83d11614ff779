"""Settings from the environment or ``.env`` (every one is listed in ``.env.example``)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    # corpus and index
    corpus_dir: Path = Field(default=PROJECT_ROOT / "data" / "corpus")
    index_dir: Path = Field(default=PROJECT_ROOT / "var" / "index")
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
    # Telegram
    telegram_bot_token: SecretStr | None = None
    telegram_api_base_url: str = "https://api.telegram.org/bot"
    telegram_api_file_url: str = "https://api.telegram.org/file/bot"
    admin_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)
    allowed_chats: Annotated[list[int], NoDecode] = Field(default_factory=list)
    max_upload_mb: int = 10
    user_rate_per_minute: int = 20
    typing_after_seconds: float = 0.5  # show "typing…" only when an answer takes longer than this
    webhook_url: str | None = None
    webhook_port: int = 8443
    log_level: str = "INFO"

    @field_validator("admin_ids", "allowed_chats", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            return [int(x) for x in value.replace(";", ",").split(",") if x.strip()]
        if isinstance(value, int):
            return [value]
        return value


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
