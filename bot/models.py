"""Database tables. Everything that must survive a restart lives here, not in process memory."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite stores naive values)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(dt.UTC)

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    pass


class User(Base):
    """A person who wrote to the bot. Only the language is stored before consent."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    lang: Mapped[str | None] = mapped_column(String(8))
    role: Mapped[str] = mapped_column(String(16), default="newcomer")
    first_name: Mapped[str | None] = mapped_column(String(64))
    consent_version: Mapped[int | None] = mapped_column(Integer)
    consent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    consent_refused: Mapped[bool] = mapped_column(Boolean, default=False)
    state: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    reminder_leads: Mapped[list[int] | None] = mapped_column(JSON)  # minutes before; None=default
    digest: Mapped[bool] = mapped_column(Boolean, default=False)  # guides: 08:00 overview
    digest_sent_on: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_seen: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Question(Base):
    """One question asked; text only with consent, so the statistics stay anonymous."""

    __tablename__ = "questions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    lang: Mapped[str] = mapped_column(String(8))
    text: Mapped[str | None] = mapped_column(Text)
    answered: Mapped[bool] = mapped_column(Boolean)
    topic: Mapped[str | None] = mapped_column(String(40))
    hit_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    top_score: Mapped[int] = mapped_column(Integer, default=0)
    helpful: Mapped[bool | None] = mapped_column(Boolean)
    # coordinators' inbox: None while open; "example" (added to an entry), "entry" (a new
    # entry was started from it), "dismissed"
    inbox: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)

    __table_args__ = (Index("ix_questions_answered_created", "answered", "created_at"),)


class KbEntry(Base):
    """The living copy of a knowledge entry; the YAML tree seeds it at first start."""

    __tablename__ = "kb_entries"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    topic: Mapped[str] = mapped_column(String(40), index=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class KbSnapshot(Base):
    """The whole knowledge base before a bulk change, so one button can restore it."""

    __tablename__ = "kb_snapshots"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    note: Mapped[str] = mapped_column(String(200), default="")
    data: Mapped[list[dict[str, Any]]] = mapped_column(JSON)


class GuideRequest(Base):
    """A newcomer's wish for a volunteer guide; coordinators see the open ones oldest first.

    status: draft (form being filled), waiting (nobody left or not yet matched), proposed,
    matched, cancelled.
    """

    __tablename__ = "guide_requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"),
                                         index=True)
    lang: Mapped[str] = mapped_column(String(8))
    topic: Mapped[str | None] = mapped_column(String(40))
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    district: Mapped[str | None] = mapped_column(String(40))
    topics: Mapped[list[str]] = mapped_column(JSON, default=list)
    urgency: Mapped[int] = mapped_column(Integer, default=1)  # 0 this week, 1 month, 2 no rush
    accepts_de_en: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str | None] = mapped_column(Text)
    share_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(16), default="waiting", index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Guide(Base):
    """A volunteer integration guide's profile; the person is a row in users."""

    __tablename__ = "guides"

    user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True, autoincrement=False)
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending active removed
    languages: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)  # code -> level 1..3
    districts: Mapped[list[str]] = mapped_column(JSON, default=list)
    topics: Mapped[list[str]] = mapped_column(JSON, default=list)
    availability: Mapped[list[int]] = mapped_column(JSON, default=list)  # weekdays 0..6
    max_cases: Mapped[int] = mapped_column(Integer, default=2)
    paused_until: Mapped[dt.date | None] = mapped_column(Date)
    last_proposed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Invite(Base):
    """A one-time deep link for becoming a guide."""

    __tablename__ = "invites"

    token: Mapped[str] = mapped_column(String(40), primary_key=True)
    created_by: Mapped[int | None] = mapped_column(BigInteger)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    used_by: Mapped[int | None] = mapped_column(BigInteger)
    used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())


class Proposal(Base):
    """One offer of a request to one guide, with why this guide was chosen.

    status: pending, accepted, declined, expired.
    """

    __tablename__ = "proposals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("guide_requests.id", ondelete="CASCADE"), index=True)
    guide_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("guides.user_id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    score: Mapped[int] = mapped_column(Integer, default=0)
    reason: Mapped[str] = mapped_column(Text, default="")  # English, the record
    reason_parts: Mapped[list[Any] | None] = mapped_column(JSON)  # for each reader's language
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    deadline: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    answered_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())


class Case(Base):
    """A newcomer accompanied by a guide. status: active, paused, closed."""

    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("guide_requests.id", ondelete="SET NULL"))
    guide_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("guides.user_id", ondelete="SET NULL"), index=True)
    newcomer_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="SET NULL"), index=True)
    status: Mapped[str] = mapped_column(String(16), default="active", index=True)
    topics: Mapped[list[str]] = mapped_column(JSON, default=list)
    outcome: Mapped[str | None] = mapped_column(String(40))
    guide_shares_contact: Mapped[bool] = mapped_column(Boolean, default=False)
    newcomer_shares_contact: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_activity: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    nudged_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())


class CaseNote(Base):
    """A guide's private note on a case (visible to that guide and coordinators)."""

    __tablename__ = "case_notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(Integer, ForeignKey("cases.id", ondelete="CASCADE"),
                                         index=True)
    author_id: Mapped[int | None] = mapped_column(BigInteger)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class RelayedMessage(Base):
    """A message passed between guide and newcomer, kept so either can export or erase it."""

    __tablename__ = "relayed_messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(Integer, ForeignKey("cases.id", ondelete="CASCADE"),
                                         index=True)
    sender_id: Mapped[int | None] = mapped_column(BigInteger)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Appointment(Base):
    """A meeting in a case. status: proposed, confirmed, other-time, cancelled."""

    __tablename__ = "appointments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(Integer, ForeignKey("cases.id", ondelete="CASCADE"),
                                         index=True)
    guide_id: Mapped[int | None] = mapped_column(BigInteger)
    newcomer_id: Mapped[int | None] = mapped_column(BigInteger)
    starts_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), index=True)
    place: Mapped[str] = mapped_column(Text, default="")
    entry_id: Mapped[str | None] = mapped_column(String(40))
    bring: Mapped[list[str]] = mapped_column(JSON, default=list)
    note: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="proposed")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Reminder(Base):
    """One message due at one time: the database, not the scheduler, knows what is due.

    status: pending, sent, dropped (the appointment was over or cancelled when it fell due).
    """

    __tablename__ = "reminders"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    appointment_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("appointments.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(16), default="lead")  # lead, unconfirmed
    lead_minutes: Mapped[int] = mapped_column(Integer, default=0)
    due_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(String(16), default="pending")
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    sent_by: Mapped[str | None] = mapped_column(String(64))

    __table_args__ = (Index("ix_reminders_status_due", "status", "due_at"),)


class AuditEntry(Base):
    """One coordinator action (who, what, when): the city must be able to say who changed an
    offer or a role. The actor's id is blanked when that person is erased."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    action: Mapped[str] = mapped_column(String(40))
    target: Mapped[str] = mapped_column(String(80), default="")
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)


class KbUpload(Base):
    """A validated import waiting for the coordinator's confirmation; kept in the database so a
    restart between the report and the button loses nothing. status: pending, applied,
    discarded."""

    __tablename__ = "kb_uploads"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    coordinator_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    filename: Mapped[str] = mapped_column(String(200), default="")
    # deferred: tens of MB for a big sheet, read only when the process that made the report
    # is not the one that gets the confirmation
    entries: Mapped[list[dict[str, Any]]] = mapped_column(JSON, deferred=True)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class JobRun(Base):
    """A periodic job that must run once per period across all processes: the first process
    to insert the key does it."""

    __tablename__ = "job_runs"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    done_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
