"""Callback data: short, versionless strings that name an action and object ids.

Telegram allows 64 bytes. Every incoming value is parsed strictly; anything that does not match
is treated as an outdated or forged button, and ownership of ids is checked in the core.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.topics import ALL_LANGUAGES, TOPICS

MAX_BYTES = 64
_PATTERNS: dict[str, re.Pattern[str]] = {
    "lang": re.compile(r"^l:([a-z]{2})$"),
    "consent": re.compile(r"^c:([01])$"),
    "menu": re.compile(r"^m:(ask|topics|guide|emergency|language|mydata|home)$"),
    "topics": re.compile(r"^tp:(\d{1,2})$"),  # page of topic list
    "topic": re.compile(r"^t:(\d{1,2}):(\d{1,3})$"),  # topic index, page
    "entry": re.compile(r"^e:([a-z0-9][a-z0-9-]{1,39})$"),
    "map": re.compile(r"^v:([a-z0-9][a-z0-9-]{1,39})$"),
    "other": re.compile(r"^o:(\d{1,12})$"),
    "feedback": re.compile(r"^f:(\d{1,12}):([01])$"),
    "guide": re.compile(r"^g:(\d{1,2}|-)$"),  # topic index or none
    "nearby": re.compile(r"^n:(\d{1,2})$"),
    "delete": re.compile(r"^d:(yes|no)$"),
}


@dataclass(frozen=True)
class Callback:
    action: str
    args: tuple[str, ...]


def parse(data: str | None) -> Callback | None:
    if not data or len(data.encode("utf-8")) > MAX_BYTES:
        return None
    for action, pat in _PATTERNS.items():
        m = pat.match(data)
        if m:
            cb = Callback(action, m.groups())
            if action == "lang" and cb.args[0] not in ALL_LANGUAGES:
                return None
            if action in ("topic", "nearby") and int(cb.args[0]) >= len(TOPICS):
                return None
            if action == "guide" and cb.args[0] != "-" and int(cb.args[0]) >= len(TOPICS):
                return None
            return cb
    return None


def make(*parts: object) -> str:
    data = ":".join(str(p) for p in parts)
    if len(data.encode("utf-8")) > MAX_BYTES:
        raise ValueError(f"callback data too long: {data!r}")
    return data
