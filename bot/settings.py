"""The bot's settings: everything the retrieval layer reads, plus Telegram, access and rates."""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import NoDecode

from retrieval.settings import Settings


class BotSettings(Settings):
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

    @field_validator("admin_ids", "allowed_chats", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            return [int(x) for x in value.replace(";", ",").split(",") if x.strip()]
        if isinstance(value, int):
            return [value]
        return value


@lru_cache(maxsize=1)
def get_bot_settings() -> BotSettings:
    return BotSettings()
