"""Users, their language and consent. Plain functions over a session; no Telegram here."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from bot.models import GuideRequest, Question, User, utcnow


def get_user(session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)


def get_or_create(session: Session, user_id: int, *, is_coordinator: bool = False) -> User:
    user = session.get(User, user_id)
    if user is None:
        user = User(id=user_id, role="coordinator" if is_coordinator else "newcomer",
                    active=True, consent_refused=False)
        session.add(user)
        session.flush()
    elif is_coordinator and user.role != "coordinator":
        user.role = "coordinator"
    return user


def touch(user: User, now: dt.datetime | None = None) -> None:
    user.last_seen = now or utcnow()
    user.active = True


def set_language(user: User, lang: str) -> None:
    user.lang = lang


def give_consent(user: User, version: int, first_name: str | None = None) -> None:
    user.consent_version = version
    user.consent_at = utcnow()
    user.consent_refused = False
    if first_name:
        user.first_name = first_name[:64]


def refuse_consent(user: User) -> None:
    user.consent_version = None
    user.consent_at = None
    user.consent_refused = True
    user.first_name = None


def has_consent(user: User | None, version: int) -> bool:
    return bool(user and user.consent_version == version)


def set_state(user: User, state: dict[str, Any] | None) -> None:
    user.state = dict(state) if state else None


def export_user(session: Session, user_id: int) -> dict[str, Any] | None:
    """Everything stored about one person, for /mydata."""
    user = session.get(User, user_id)
    if user is None:
        return None
    qs = session.scalars(select(Question).where(Question.user_id == user_id)
                         .order_by(Question.id)).all()
    reqs = session.scalars(select(GuideRequest).where(GuideRequest.user_id == user_id)).all()

    def iso(v: dt.datetime | None) -> str | None:
        return v.isoformat() if v else None

    return {
        "user": {"telegram_id": user.id, "language": user.lang, "role": user.role,
                 "first_name": user.first_name, "consent_version": user.consent_version,
                 "consent_at": iso(user.consent_at), "created_at": iso(user.created_at),
                 "last_seen": iso(user.last_seen)},
        "questions": [{"asked_at": iso(q.created_at), "text": q.text, "language": q.lang,
                       "answered": q.answered, "helpful": q.helpful} for q in qs],
        "guide_requests": [{"created_at": iso(r.created_at), "topic": r.topic,
                            "status": r.status} for r in reqs],
    }


def erase_user(session: Session, user_id: int) -> bool:
    """Erase a person; their questions stay only as anonymous counts (no id, no text)."""
    user = session.get(User, user_id)
    session.execute(update(Question).where(Question.user_id == user_id)
                    .values(user_id=None, text=None))
    session.execute(delete(GuideRequest).where(GuideRequest.user_id == user_id))
    if user is None:
        return False
    session.delete(user)
    session.flush()
    return True
