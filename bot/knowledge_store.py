"""The living knowledge base: entries in the database, seeded from the YAML tree at first start.

Coordinators change entries in the database; the search index is rebuilt from it in place, so a
change is answered at once without a restart.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.gcpause import paused_gc
from bot.knowledge import Entry, entry_from_dict, load_dir, validate_dict
from bot.models import KbEntry, utcnow
from bot.search import SearchIndex

log = logging.getLogger(__name__)
#: languages every entry in the living base must have (coordinators add entries in German)
LIVE_REQUIRED = ("de",)


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
    try:
        session.flush()
    except IntegrityError:
        # SQLite has no advisory lock: two processes starting together can both see an empty
        # base; the second to write loses the race, and the base is seeded all the same
        session.rollback()
        log.info("knowledge base seeded by another process")
        return 0
    log.info("knowledge base seeded with %d entries from %s", len(res.entries), knowledge_dir)
    return len(res.entries)


def version_stamp(session: Session) -> tuple[object, ...]:
    """Changes whenever any entry is added, changed or removed (a restore re-adds them all)."""
    row = session.execute(select(func.count(), func.max(KbEntry.updated_at))
                          .select_from(KbEntry)).one()
    return tuple(row)


def load_entries(session: Session) -> list[Entry]:
    """Valid entries from the database; an invalid row is skipped and named, never fatal."""
    entries = []
    for row in session.scalars(select(KbEntry).order_by(KbEntry.id)):
        probs = validate_dict(row.data, f"db:{row.id}", required=LIVE_REQUIRED)
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
        self.stamp: tuple[object, ...] | None = None

    @classmethod
    def from_session(cls, session: Session, default_language: str = "de") -> KnowledgeBase:
        kb = cls(load_entries(session), default_language)
        kb.stamp = version_stamp(session)
        return kb

    def reload(self, session: Session) -> None:
        stamp = version_stamp(session)
        index = SearchIndex(load_entries(session), self.default_language)
        with self._lock:
            self.index, self.stamp = index, stamp

    @paused_gc()
    def merge(self, session: Session, written: list[dict]) -> None:
        """After an import: the entries just written (validated) replace their old versions
        and the rest is the running index's, so 40 MB are not read back and checked again."""
        by_id = {e.id: e for e in self.index.entries}
        for data in written:
            by_id[data["id"]] = entry_from_dict(data)
        stamp = version_stamp(session)
        index = SearchIndex(sorted(by_id.values(), key=lambda e: e.id), self.default_language)
        with self._lock:
            self.index, self.stamp = index, stamp

    def reload_if_changed(self, session: Session) -> bool:
        """Another process changed the base (edit, import, restore): rebuild here too."""
        if version_stamp(session) == self.stamp:
            return False
        self.reload(session)
        return True

    def get(self, entry_id: str) -> Entry | None:
        return self.index.by_id.get(entry_id)


def load_index_for_cli(knowledge_dir: Path, default_language: str) -> SearchIndex:
    res = load_dir(knowledge_dir)
    for name in res.skipped:
        log.warning("skipped invalid knowledge entry %s", name)
    return SearchIndex(res.entries, default_language)
