"""`python -m bot`: run the Telegram bot with settings from the environment or .env."""

import sys

from .app import run
from .settings import get_bot_settings

sys.exit(run(get_bot_settings()))
