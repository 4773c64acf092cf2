"""Logging: text or JSON lines (LOG_FORMAT=json), and one line per update with its type,
handler, duration and outcome. Never message text, names or phone numbers: ids only."""

from __future__ import annotations

import contextvars
import json
import logging
import time
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import SimpleUpdateProcessor

from bot.metrics import update_kind

OUTCOME: contextvars.ContextVar[dict[str, str] | None] = contextvars.ContextVar(
    "lotsenbot_outcome", default=None)
log = logging.getLogger("lotsenbot.updates")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        data: dict[str, Any] = {"ts": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
                                "level": record.levelname, "logger": record.name,
                                "msg": record.getMessage()}
        for key in ("update_type", "handler", "duration_ms", "outcome", "user_id"):
            if hasattr(record, key):
                data[key] = getattr(record, key)
        if record.exc_info:
            data["exc"] = self.formatException(record.exc_info)
        return json.dumps(data, ensure_ascii=False)


def setup(level: str, fmt: str) -> None:
    handler = logging.StreamHandler()
    if fmt == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # httpx logs every request URL, and the URL holds the bot token
    logging.getLogger("httpx").setLevel(logging.WARNING)


def handler_name(update: object) -> str:
    """Which area handles it, from the update alone (command name, button action, kind)."""
    if not isinstance(update, Update):
        return "other"
    if update.callback_query is not None:
        data = update.callback_query.data or ""
        return "button:" + data.split(":", 1)[0][:8]
    msg = update.effective_message
    if msg is not None and msg.text and msg.text.startswith("/"):
        return "command:" + msg.text.split()[0][1:].split("@")[0][:20]
    return update_kind(update)


def mark_failed() -> None:
    state = OUTCOME.get()
    if state is not None:
        state["outcome"] = "error"


class LoggingUpdateProcessor(SimpleUpdateProcessor):
    """One update at a time (python-telegram-bot's default), plus one log line for each."""

    def __init__(self) -> None:
        super().__init__(1)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        state = {"outcome": "ok"}
        token = OUTCOME.set(state)
        start = time.perf_counter()
        try:
            await coroutine
        finally:
            OUTCOME.reset(token)
            uid = update.effective_user.id if isinstance(update, Update) and \
                update.effective_user else None
            log.info("update handled", extra={
                "update_type": update_kind(update), "handler": handler_name(update),
                "duration_ms": round((time.perf_counter() - start) * 1000, 2),
                "outcome": state["outcome"], "user_id": uid})
