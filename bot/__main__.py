"""`python -m bot`: run the Telegram bot with settings from the environment or .env."""

import sys

from retrieval.settings import get_settings

from .app import run

sys.exit(run(get_settings()))
