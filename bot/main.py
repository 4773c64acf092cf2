"""`lotsenbot run`: the bot on Telegram, or the local terminal chat when there is no token."""

from __future__ import annotations

import logging
import sys
import time

from sqlalchemy.exc import OperationalError

from bot.config import Settings
from bot.db import Database

log = logging.getLogger("lotsenbot")


def setup_logging(settings: Settings) -> None:
    from bot.logs import setup

    setup(settings.log_level, settings.log_format)


def connect(settings: Settings, attempts: int | None = None, delay: float = 5.0) -> Database:
    """Open and migrate the database; when it is unreachable say so in one line and retry."""
    n = 0
    while True:
        n += 1
        try:
            return Database(settings.database_url)
        except OperationalError as exc:
            reason = str(exc.orig).splitlines()[0] if exc.orig else "unreachable"
            print(f"lotsenbot: DATABASE_URL: database not reachable ({reason}); "
                  f"retrying in {delay:.0f} s", file=sys.stderr)
            if attempts is not None and n >= attempts:
                raise
            time.sleep(delay)


def run(settings: Settings) -> int:
    setup_logging(settings)
    if settings.telegram_bot_token is None:
        from bot.terminal import chat

        return chat(settings)
    from bot.app import ALLOWED_UPDATES, build_application, open_services

    services = open_services(settings, connect(settings))
    app = build_application(settings, services, rate_limit=settings.telegram_rate_limit)
    log.info("starting with %d knowledge entries", len(services.kb.index.entries))
    if settings.webhook_url or settings.metrics_port:
        import asyncio

        from bot.webhook import serve

        secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else None
        asyncio.run(serve(app, port=settings.port if settings.webhook_url else
                          settings.metrics_port, webhook_url=settings.webhook_url,
                          secret=secret, allowed_updates=ALLOWED_UPDATES,
                          polling=not settings.webhook_url))
    else:
        app.run_polling(allowed_updates=ALLOWED_UPDATES)
    services.db.dispose()
    return 0
