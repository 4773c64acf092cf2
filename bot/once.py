"""Once per period across processes: the first process to insert a job's key for the period
does the work; the others see the key and skip (a unique key, not a lock, so a crashed process
never blocks the next period)."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.models import JobRun, utcnow


def claim(session: Session, key: str) -> bool:
    try:
        with session.begin_nested():
            session.add(JobRun(key=key, done_at=utcnow()))
    except IntegrityError:
        return False
    return True
