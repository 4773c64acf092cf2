"""Users, their language and consent. Plain functions over a session; no Telegram here."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from bot.models import (
    Appointment,
    AuditEntry,
    Case,
    CaseNote,
    Guide,
    GuideRequest,
    Invite,
    KbUpload,
    Proposal,
    Question,
    RelayedMessage,
    Reminder,
    User,
    utcnow,
)

#: days the text of an answered question is kept in case it is marked "not helpful"
FEEDBACK_DAYS = 2


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
    """Note activity; at most every few minutes, so a chatty user costs no write per message."""
    now = now or utcnow()
    if not user.active:
        user.active = True
    if user.last_seen is None or now - user.last_seen > dt.timedelta(minutes=5):
        user.last_seen = now


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


def _iso(v: dt.datetime | None) -> str | None:
    return v.isoformat() if v else None


def export_user(session: Session, user_id: int) -> dict[str, Any] | None:
    """Everything stored about one person, for /mydata (GDPR art. 15 and 20)."""
    user = session.get(User, user_id)
    if user is None:
        return None
    qs = session.scalars(select(Question).where(Question.user_id == user_id)
                         .order_by(Question.id)).all()
    reqs = session.scalars(select(GuideRequest).where(GuideRequest.user_id == user_id)).all()
    cases = session.scalars(select(Case).where(
        or_(Case.newcomer_id == user_id, Case.guide_id == user_id))).all()
    case_ids = [c.id for c in cases]
    msgs = session.scalars(select(RelayedMessage).where(
        RelayedMessage.case_id.in_(case_ids)).order_by(RelayedMessage.id)).all() if case_ids else []
    appts = session.scalars(select(Appointment).where(
        or_(Appointment.newcomer_id == user_id, Appointment.guide_id == user_id))).all()
    guide = session.get(Guide, user_id)
    notes = session.scalars(select(CaseNote).where(CaseNote.author_id == user_id)).all()
    return {
        "user": {"telegram_id": user.id, "language": user.lang, "role": user.role,
                 "first_name": user.first_name, "consent_version": user.consent_version,
                 "consent_at": _iso(user.consent_at), "created_at": _iso(user.created_at),
                 "last_seen": _iso(user.last_seen), "reminder_leads": user.reminder_leads},
        "questions": [{"asked_at": _iso(q.created_at), "text": q.text, "language": q.lang,
                       "answered": q.answered, "helpful": q.helpful} for q in qs],
        "guide_requests": [{"created_at": _iso(r.created_at), "topics": r.topics,
                            "languages": r.languages, "district": r.district,
                            "note": r.note, "status": r.status} for r in reqs],
        "guide_profile": None if guide is None else {
            "status": guide.status, "languages": guide.languages, "districts": guide.districts,
            "topics": guide.topics, "availability": guide.availability,
            "max_cases": guide.max_cases,
            "paused_until": guide.paused_until.isoformat() if guide.paused_until else None},
        "cases": [{"id": c.id, "status": c.status, "topics": c.topics, "outcome": c.outcome,
                   "created_at": _iso(c.created_at)} for c in cases],
        "messages": [{"case": m.case_id, "from_me": m.sender_id == user_id, "text": m.text,
                      "at": _iso(m.created_at)} for m in msgs],
        "my_notes": [{"case": n.case_id, "text": n.text, "at": _iso(n.created_at)}
                     for n in notes],
        "coordinator_actions": [
            {"at": _iso(a.created_at), "action": a.action, "target": a.target}
            for a in session.scalars(select(AuditEntry).where(AuditEntry.actor_id == user_id)
                                     .order_by(AuditEntry.id))],
        "appointments": [{"id": a.id, "starts_at": _iso(a.starts_at), "place": a.place,
                          "bring": a.bring, "note": a.note, "status": a.status}
                         for a in appts],
    }


def erase_user(session: Session, user_id: int) -> list[tuple[int, int]]:
    """Erase a person (GDPR art. 17). Their questions stay only as anonymous counts (no id, no
    text). Returns (guide id, case id) of open cases that ended, so their guides can be told."""
    ended: list[tuple[int, int]] = []
    now = utcnow()
    session.execute(update(Question).where(Question.user_id == user_id)
                    .values(user_id=None, text=None))
    cases = session.scalars(select(Case).where(
        or_(Case.newcomer_id == user_id, Case.guide_id == user_id))).all()
    for case in cases:
        if case.status != "closed" and case.newcomer_id == user_id and case.guide_id:
            ended.append((case.guide_id, case.id))
        if case.status != "closed":
            case.status, case.closed_at = "closed", now
            case.outcome = case.outcome or "no-longer-needed"
        # everything said in the case, and notes about the newcomer, go with them
        session.execute(delete(RelayedMessage).where(RelayedMessage.case_id == case.id))
        if case.newcomer_id == user_id:
            session.execute(delete(CaseNote).where(CaseNote.case_id == case.id))
            case.newcomer_id = None
        if case.guide_id == user_id:
            session.execute(delete(CaseNote).where(CaseNote.case_id == case.id,
                                                   CaseNote.author_id == user_id))
            case.guide_id = None
    appts = session.scalars(select(Appointment).where(
        or_(Appointment.newcomer_id == user_id, Appointment.guide_id == user_id))).all()
    for a in appts:
        session.delete(a)  # reminders cascade
    session.execute(delete(Reminder).where(Reminder.user_id == user_id))
    session.execute(delete(GuideRequest).where(GuideRequest.user_id == user_id))
    session.execute(update(Invite).where(Invite.used_by == user_id).values(used_by=None))
    session.execute(update(Invite).where(Invite.created_by == user_id).values(created_by=None))
    # a coordinator's actions stay in the audit log, without the person
    session.execute(update(AuditEntry).where(AuditEntry.actor_id == user_id)
                    .values(actor_id=None))
    session.execute(delete(KbUpload).where(KbUpload.coordinator_id == user_id))
    session.flush()
    guide = session.get(Guide, user_id)
    if guide is not None:
        session.execute(delete(Proposal).where(Proposal.guide_id == user_id))
        session.delete(guide)
    user = session.get(User, user_id)
    if user is not None:
        session.delete(user)
    session.flush()
    return ended


def purge_old_question_texts(session: Session, days: int, now: dt.datetime | None = None) -> int:
    """Texts are kept only as long as coordinators need them: unanswered questions and
    answers marked "not helpful" for the retention period, the text of an answer nobody
    objected to only for the FEEDBACK_DAYS in which feedback usually comes."""
    now = now or utcnow()
    res = session.execute(update(Question).where(
        Question.created_at < now - dt.timedelta(days=days),
        Question.text.is_not(None)).values(text=None))
    fine = session.execute(update(Question).where(
        Question.created_at < now - dt.timedelta(days=FEEDBACK_DAYS), Question.answered.is_(True),
        or_(Question.helpful.is_(None), Question.helpful.is_(True)),
        Question.text.is_not(None)).values(text=None))
    return (res.rowcount or 0) + (fine.rowcount or 0)
