"""The living knowledge base: entries in the database, seeded from the YAML tree at first start.

Coordinators change entries in the database; the search index is rebuilt from it in place, so a
change is answered at once without a restart.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.knowledge import Entry, entry_from_dict, load_dir, validate_dict
from bot.models import KbEntry, utcnow
from bot.search import SearchIndex

log = logging.getLogger(__name__)


def seed_if_empty(session: Session, knowledge_dir: Path) -> int:
    """Copy the YAML tree into an empty database; returns how many entries were added."""
    from bot.db import startup_lock

    startup_lock(session)
    if session.scalar(select(func.count()).select_from(KbEntry)):
        return 0
    res = load_dir(knowledge_dir)
    for name in res.skipped:
        log.warning("skipped invalid knowledge entry %s", name)
    for entry in res.entries:
        session.add(KbEntry(id=entry.id, topic=entry.topic, data=entry.to_dict(),
                            archived=entry.archived, updated_at=utcnow()))
    session.flush()
    log.info("knowledge base seeded with %d entries from %s", len(res.entries), knowledge_dir)
    return len(res.entries)


def load_entries(session: Session) -> list[Entry]:
    """Valid entries from the database; an invalid row is skipped and named, never fatal."""
    entries = []
    for row in session.scalars(select(KbEntry).order_by(KbEntry.id)):
        probs = validate_dict(row.data, f"db:{row.id}")
        if probs:
            log.warning("skipped invalid knowledge entry %s: %s", row.id, probs[0])
            continue
        entries.append(entry_from_dict(row.data))
    return entries


class KnowledgeBase:
    """Holds the current search index; `reload` swaps it atomically after a change."""

    def __init__(self, entries: list[Entry], default_language: str = "de") -> None:
        self.default_language = default_language
        self._lock = threading.Lock()
        self.index = SearchIndex(entries, default_language)

    @classmethod
    def from_session(cls, session: Session, default_language: str = "de") -> KnowledgeBase:
        return cls(load_entries(session), default_language)

    def reload(self, session: Session) -> None:
        index = SearchIndex(load_entries(session), self.default_language)
        with self._lock:
            self.index = index

    def get(self, entry_id: str) -> Entry | None:
        return self.index.by_id.get(entry_id)


def load_index_for_cli(knowledge_dir: Path, default_language: str) -> SearchIndex:
    res = load_dir(knowledge_dir)
    for name in res.skipped:
        log.warning("skipped invalid knowledge entry %s", name)
    return SearchIndex(res.entries, default_language)
