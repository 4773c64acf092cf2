"""Structured logs: one JSON line per update with type, handler, duration and outcome, and no
message text or names in them."""

from __future__ import annotations

import asyncio
import io
import json
import logging

from telegram import Update

from bot.logs import JsonFormatter, LoggingUpdateProcessor, mark_failed

SECRET_TEXT = "mein Name ist Amal und meine Nummer ist 0176 1234567"


def _update(text: str) -> Update:
    return Update.de_json({"update_id": 1, "message": {
        "message_id": 1, "date": 0, "text": text, "chat": {"id": 42, "type": "private"},
        "from": {"id": 42, "is_bot": False, "first_name": "Amal"}}}, None)


def test_one_json_line_per_update_without_personal_data():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("lotsenbot.updates")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        proc = LoggingUpdateProcessor()

        async def ok() -> None:
            await asyncio.sleep(0)

        async def failing() -> None:
            mark_failed()  # what the error handler does

        asyncio.run(proc.do_process_update(_update(SECRET_TEXT), ok()))
        asyncio.run(proc.do_process_update(_update("/help"), failing()))
    finally:
        logger.removeHandler(handler)
    lines = [json.loads(x) for x in stream.getvalue().splitlines()]
    assert [x["outcome"] for x in lines] == ["ok", "error"]
    assert lines[0]["update_type"] == "text" and lines[1]["handler"] == "command:help"
    assert all(isinstance(x["duration_ms"], float) and x["user_id"] == 42 for x in lines)
    raw = stream.getvalue()
    assert "Amal" not in raw and "0176" not in raw and "Nummer" not in raw
