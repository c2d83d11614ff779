"""The Telegram application: wiring, and running it by long polling or behind a webhook."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import urlparse

from telegram import BotCommand, Update
from telegram.error import InvalidToken, TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from retrieval.assistant import Assistant

from . import admin, feedback, handlers, task_commands, texts
from .buttons import PATTERN_DOCS, PATTERN_FEEDBACK, PATTERN_ITEM, PATTERN_TASKS
from .logs import configure_logging, protect_secret
from .services import KEY as SERVICES
from .services import Services
from .settings import BotSettings

log = logging.getLogger(__name__)

WEBHOOK_LISTEN = "0.0.0.0"  # Telegram (or a reverse proxy) must reach WEBHOOK_PORT
RATE_LIMIT_RETRIES = 2

App = Application[Any, Any, Any, Any, Any, Any]


def build_application(settings: BotSettings, assistant: Assistant, today: Callable[[], dt.date] | None = None) -> App:
    """The bot, wired; ``today`` is the clock of /hethan (tests give a fixed day)."""
    if settings.telegram_bot_token is None or not settings.telegram_bot_token.get_secret_value():
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    token = settings.telegram_bot_token.get_secret_value()
    protect_secret(token)  # before the bot exists: it logs its URL, token included, at DEBUG
    application = (
        Application.builder()
        .token(token)
        .base_url(settings.telegram_api_base_url)
        .base_file_url(settings.telegram_api_file_url)
        .rate_limiter(AIORateLimiter(max_retries=RATE_LIMIT_RETRIES))
        # questions are answered while a reload or an upload is being processed
        .concurrent_updates(True)
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
        .build()
    )
    Services.create(settings, assistant, today=today).attach(application)
    register(application)
    return application


def register(application: App) -> None:
    message = filters.UpdateType.MESSAGE  # edits of old messages are not new questions
    application.add_handler(CommandHandler("start", handlers.start, filters=message))
    application.add_handler(CommandHandler("help", handlers.help_command, filters=message))
    application.add_handler(CommandHandler("hoi", handlers.hoi, filters=message))
    application.add_handler(CommandHandler("chutri", handlers.chutri, filters=message))
    application.add_handler(CommandHandler("vanban", task_commands.vanban, filters=message))
    application.add_handler(CommandHandler("nhiemvu", task_commands.nhiemvu, filters=message))
    application.add_handler(CommandHandler("hethan", task_commands.hethan, filters=message))
    application.add_handler(CommandHandler("muc", handlers.muc, filters=message))
    application.add_handler(CommandHandler("trangthai", handlers.trangthai, filters=message))
    application.add_handler(CommandHandler("reload", admin.reload_command, filters=message))
    application.add_handler(CommandHandler("xoa", admin.xoa, filters=message))
    application.add_handler(CommandHandler("thongke", admin.thongke, filters=message))
    application.add_handler(MessageHandler(filters.Document.ALL & message, admin.document_message))
    text = filters.TEXT & ~filters.COMMAND & message
    # before questions: a reply to "what was wrong?" is a reason, not a question
    application.add_handler(MessageHandler(text & feedback.REPLY_TO_REASON_PROMPT, feedback.reason_reply))
    application.add_handler(MessageHandler(text, handlers.text_message))
    application.add_handler(
        MessageHandler(filters.COMMAND & filters.ChatType.PRIVATE & message, handlers.unknown_command)
    )
    application.add_handler(CallbackQueryHandler(handlers.item_button, pattern=PATTERN_ITEM))
    application.add_handler(CallbackQueryHandler(handlers.docs_button, pattern=PATTERN_DOCS))
    application.add_handler(CallbackQueryHandler(feedback.vote_button, pattern=PATTERN_FEEDBACK))
    application.add_handler(CallbackQueryHandler(task_commands.tasks_button, pattern=PATTERN_TASKS))
    application.add_error_handler(handlers.on_error)


async def _post_init(application: App) -> None:
    # the command menu is a convenience: the bot works without it
    try:
        await application.bot.set_my_commands([BotCommand(name, text) for name, text in texts.COMMANDS])
    except TelegramError as exc:
        log.warning("could not set the command menu: %s", exc.__class__.__name__)
    log.info("bot @%s ready", application.bot.username)


async def _post_shutdown(application: App) -> None:
    found = application.bot_data.get(SERVICES)
    if isinstance(found, Services):
        found.close()


def webhook_secret(token: str) -> str:
    """A stable secret for Telegram's X-Telegram-Bot-Api-Secret-Token header, derived from (not equal to) the token."""
    return hashlib.sha256(f"webhook:{token}".encode()).hexdigest()[:48]


def build_missing_index(assistant: Assistant, settings: BotSettings) -> None:
    """A first index from the corpus when there is none. A build that fails does not stop the bot: it serves
    and says "no index yet" until an admin's /reload or upload builds one."""
    if assistant.has_index():
        return
    log.info("no index yet in %s: building it from %s", settings.index_dir, settings.corpus_dir)
    try:
        result = assistant.reload()
    except Exception as exc:
        log.error(
            "could not build the index from %s (%s: %s): starting without one until /reload or an upload builds it",
            settings.corpus_dir, exc.__class__.__name__, exc,
        )  # fmt: skip
        log.debug("the failed build", exc_info=True)
        return
    log.info("index built: %d documents, %d files unreadable", result.documents, len(result.failures))


def run(settings: BotSettings) -> int:
    """Run the bot until interrupted: long polling, or a webhook when WEBHOOK_URL is set."""
    configure_logging(settings.log_level)
    if settings.telegram_bot_token is None or not settings.telegram_bot_token.get_secret_value():
        log.error("TELEGRAM_BOT_TOKEN is not set: create a bot with @BotFather and put its token in .env")
        return 2
    token = settings.telegram_bot_token.get_secret_value()
    protect_secret(token)
    # everything below is logged through the redacting logger, never Python's own traceback printer:
    # some exceptions (InvalidToken) carry the token in their message
    try:
        assistant = Assistant(settings)
        build_missing_index(assistant, settings)
        application = build_application(settings, assistant)
        if settings.webhook_url:
            path = urlparse(settings.webhook_url).path.strip("/")
            log.info("webhook mode on port %d, path /%s", settings.webhook_port, path)
            application.run_webhook(
                listen=WEBHOOK_LISTEN,
                port=settings.webhook_port,
                url_path=path,
                webhook_url=settings.webhook_url,
                secret_token=webhook_secret(token),
                allowed_updates=Update.ALL_TYPES,
            )
        else:
            log.info("long polling %s", urlparse(settings.telegram_api_base_url).netloc)
            application.run_polling(allowed_updates=Update.ALL_TYPES)
    except InvalidToken:
        log.error("Telegram rejected the bot token: check TELEGRAM_BOT_TOKEN")
        return 1
    except Exception:
        log.exception("the bot stopped on an error")
        return 1
    return 0
