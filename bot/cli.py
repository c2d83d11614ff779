"""`vanban bot`: the bot's subcommand of the `vanban` command line (entry point group "vanban.commands")."""

from __future__ import annotations

import argparse
from collections.abc import Callable


def add_command(sub: argparse._SubParsersAction) -> Callable[[argparse.Namespace], int]:  # type: ignore[type-arg]
    sub.add_parser("bot", help="run the Telegram bot (also: python -m bot)")
    return _run


def _run(args: argparse.Namespace) -> int:
    from .app import run
    from .settings import get_bot_settings

    return run(get_bot_settings())
