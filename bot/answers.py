"""The answer contract shared by `lotsenbot ask` and the bot: a search result as plain data."""

from __future__ import annotations

from typing import Any

from bot.search import SearchIndex, SearchResult
from bot.topics import ALL_LANGUAGES

MAX_QUESTION_CHARS = 2000


class BadQuestion(ValueError):
    """The input cannot be answered at all (empty, not text, unsupported language)."""


def check_question(text: object, lang: object = None) -> tuple[str, str | None]:
    if not isinstance(text, str):
        raise BadQuestion("text must be a string")
    cleaned = "".join(ch if ch.isprintable() or ch in "\n\t" else " " for ch in text).strip()
    if not cleaned:
        raise BadQuestion("empty question")
    if lang is not None and (not isinstance(lang, str) or lang not in ALL_LANGUAGES):
        raise BadQuestion(f"unsupported language {lang!r}; use one of {', '.join(ALL_LANGUAGES)}")
    return cleaned[:MAX_QUESTION_CHARS], lang


def result_json(result: SearchResult) -> dict[str, Any]:
    hits = []
    for hit in result.hits[:5]:
        loc, _ = hit.entry.text(result.lang)
        hits.append({"id": hit.entry.id, "topic": hit.entry.topic, "score": hit.score,
                     "title": loc.title})
    return {"answered": result.answered, "lang": result.lang, "hits": hits}


def ask(index: SearchIndex, text: object, lang: object = None) -> dict[str, Any]:
    cleaned, code = check_question(text, lang)
    return result_json(index.search(cleaned, code))
