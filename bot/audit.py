"""The audit log of coordinator actions: who did what, when. Written in the same transaction as
the action itself, so the log never claims a change that did not happen (nor misses one)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.models import AuditEntry, User, utcnow


def record(session: Session, actor: User | int | None, action: str, target: object = "",
           **detail: Any) -> AuditEntry:
    actor_id = actor.id if isinstance(actor, User) else actor
    row = AuditEntry(actor_id=actor_id, action=action[:40], target=str(target)[:80],
                     detail=detail, created_at=utcnow())
    session.add(row)
    return row


def recent(session: Session, limit: int = 30) -> list[AuditEntry]:
    return list(session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)))
