"""Appointments in a case and their reminders. Plain Python over SQLAlchemy, no Telegram.

Reminders are rows. The sender claims one due row at a time inside a transaction (`FOR UPDATE
SKIP LOCKED` on PostgreSQL, so two bot processes never take the same row), sends it, marks it
sent and commits. A crash before the commit leaves the row pending, so it is sent after the
restart: the only window for a second copy is between Telegram accepting the message and our
commit (milliseconds), which no client of the Bot API can close.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event
from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from bot.cases import case_for
from bot.guides import NotAllowed
from bot.models import Appointment, Case, Reminder, User, utcnow

DEFAULT_LEADS = (24 * 60, 2 * 60)  # minutes before the appointment
MAX_PLACE = 300
MAX_BRING = 10


class BadTime(ValueError):
    """The typed date or time could not be read, or lies in the past."""


#: today / tomorrow / the day after, as guides and newcomers type them in the 16 languages
_REL = {
    "heute": 0, "today": 0, "morgen": 1, "tomorrow": 1, "übermorgen": 2, "uebermorgen": 2,
    "overmorrow": 2,
    "اليوم": 0, "غدا": 1, "غدًا": 1, "غداً": 1, "بكرة": 1, "بكرا": 1, "بكره": 1,
    "بعد بكرة": 2, "بعد بكرا": 2, "بعد غد": 2,
    "сьогодні": 0, "завтра": 1, "післязавтра": 2,
    "сегодня": 0, "послезавтра": 2,
    "امروز": 0, "فردا": 1, "پس‌فردا": 2, "پسفردا": 2, "پس فردا": 2,
    "نن": 0, "سبا": 1, "بله سبا": 2,
    "bugün": 0, "bugun": 0, "yarın": 1, "yarin": 1, "öbür gün": 2, "obur gun": 2,
    "azi": 0, "astăzi": 0, "astazi": 0, "mâine": 1, "maine": 1, "poimâine": 2, "poimaine": 2,
    "dziś": 0, "dzis": 0, "dzisiaj": 0, "jutro": 1, "pojutrze": 2,
    "hôm nay": 0, "hom nay": 0, "ngày mai": 1, "ngay mai": 1, "mai": 1, "ngày kia": 2,
    "ngay kia": 2, "mốt": 2,
    "îro": 0, "iro": 0, "sibê": 1, "sibe": 1, "dusibê": 2, "dusibe": 2,
    "ሎሚ": 0, "ጽባሕ": 1, "ድሕሪ ጽባሕ": 2,
    "maanta": 0, "berri": 1, "saadambe": 2, "saa dambe": 2,
    "aujourd'hui": 0, "aujourdhui": 0, "demain": 1, "après-demain": 2, "apres-demain": 2,
    "après demain": 2, "apres demain": 2,
    "днес": 0, "утре": 1, "вдругиден": 2,
}
#: "at" between day and time ("morgen um 10", "завтра о 10", "yarın saat 10", "فردا ساعت ۱۰")
_AT = {"um", "at", "в", "о", "об", "saat", "la", "o", "lúc", "luc", "ساعت", "الساعة", "الساعه",
       "په", "saet", "seet", "di", "ሰዓት", "saacadda", "saacada", "à", "a", "от"}
#: Arabic-Indic and Persian digits, which phones in those languages type by default
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.?(\d{2,4})?$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_TIME = re.compile(r"^(\d{1,2})(?:[:.h](\d{2}))?\s*(uhr|h|am|pm)?$")


def parse_when(text: str, now: dt.datetime) -> dt.datetime:
    """'24.12. 14:30', '24.12.2026 9:00', '2026-12-24 14:30', 'morgen 10:00', 'tomorrow 10am',
    'завтра о 10:00', 'فردا ساعت ۱۰:۳۰' in `now`'s time zone; a date without year is the next
    such date."""
    text = text.translate(_DIGITS).replace("٫", ":").replace("،", " ")
    words = text.strip().lower().replace(",", " ").split()
    if not words:
        raise BadTime("empty")
    tz = now.tzinfo
    day: dt.date | None = None
    rest = words
    two = " ".join(words[:2])
    if two in _REL:
        day = now.date() + dt.timedelta(days=_REL[two])
        rest = words[2:]
    elif words[0] in _REL:
        day = now.date() + dt.timedelta(days=_REL[words[0]])
        rest = words[1:]
    else:
        m = _DATE.match(words[0]) or None
        iso = _ISO.match(words[0])
        if m:
            d, mo, y = int(m.group(1)), int(m.group(2)), m.group(3)
            year = (int(y) + (2000 if len(y) == 2 else 0)) if y else now.year
            try:
                day = dt.date(year, mo, d)
            except ValueError as exc:
                raise BadTime("no such date") from exc
            if not y and day < now.date():
                day = day.replace(year=year + 1)
        elif iso:
            try:
                day = dt.date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
            except ValueError as exc:
                raise BadTime("no such date") from exc
        else:
            raise BadTime("no date")
        rest = words[1:]
    if rest and rest[0] in _AT:
        rest = rest[1:]
    t = _TIME.match(" ".join(rest)) if rest else None
    if not t:
        raise BadTime("no time")
    hour, minute = int(t.group(1)), int(t.group(2) or 0)
    if t.group(3) == "pm" and hour < 12:
        hour += 12
    if t.group(3) == "am" and hour == 12:
        hour = 0
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise BadTime("no such time")
    when = local_time(day, dt.time(hour, minute), tz)
    if when <= now:
        raise BadTime("in the past")
    return when


def local_time(day: dt.date, time: dt.time, tz) -> dt.datetime:
    """Wall-clock time in tz. A time that does not exist (02:30 on the last Sunday of March)
    moves forward by the gap; an ambiguous one (October) is the first occurrence."""
    naive = dt.datetime.combine(day, time)
    aware = naive.replace(tzinfo=tz, fold=0)
    roundtrip = aware.astimezone(dt.UTC).astimezone(tz)
    if roundtrip.replace(tzinfo=None) != naive:  # in the spring gap: 02:30 becomes 03:30
        return roundtrip
    return aware


def leads_of(user: User | None) -> tuple[int, ...]:
    if user is None or not user.reminder_leads:
        return DEFAULT_LEADS
    return tuple(int(x) for x in user.reminder_leads if 0 < int(x) <= 14 * 24 * 60)


def _schedule(session: Session, appt: Appointment, now: dt.datetime) -> None:
    session.execute(delete(Reminder).where(Reminder.appointment_id == appt.id,
                                           Reminder.status == "pending"))
    for uid in (appt.guide_id, appt.newcomer_id):
        if uid is None:
            continue
        for lead in leads_of(session.get(User, uid)):
            due = appt.starts_at - dt.timedelta(minutes=lead)
            if due > now:  # a 24-hour reminder for a meeting in 3 hours makes no sense
                session.add(Reminder(appointment_id=appt.id, user_id=uid, kind="lead",
                                     lead_minutes=lead, due_at=due, status="pending"))
    nudge = appt.starts_at - dt.timedelta(hours=24)
    if appt.guide_id is not None and appt.status == "proposed" and nudge > now:
        session.add(Reminder(appointment_id=appt.id, user_id=appt.guide_id, kind="unconfirmed",
                             lead_minutes=24 * 60, due_at=nudge, status="pending"))
    session.flush()


def create(session: Session, case_id: int, guide: User, starts_at: dt.datetime, place: str,
           *, entry_id: str | None = None, bring: list[str] | None = None,
           note: str | None = None, now: dt.datetime | None = None) -> Appointment:
    now = now or utcnow()
    case = case_for(session, case_id, guide)
    if case.guide_id != guide.id or case.status == "closed":
        raise NotAllowed("only the guide of an open case makes appointments")
    if starts_at <= now:
        raise BadTime("in the past")
    appt = Appointment(case_id=case.id, guide_id=case.guide_id, newcomer_id=case.newcomer_id,
                       starts_at=starts_at.astimezone(dt.UTC), place=place[:MAX_PLACE],
                       entry_id=entry_id, bring=[b[:100] for b in (bring or [])][:MAX_BRING],
                       note=(note or None), status="proposed", created_at=now)
    session.add(appt)
    case.last_activity = now
    session.flush()
    _schedule(session, appt, now)
    return appt


def owned(session: Session, appt_id: int, user: User) -> Appointment:
    appt = session.get(Appointment, appt_id)
    if appt is None:
        raise NotAllowed("no such appointment")
    case_for(session, appt.case_id, user)  # raises for anyone not party of the case
    if user.id not in (appt.guide_id, appt.newcomer_id):
        raise NotAllowed("not your appointment")
    return appt


def answer(session: Session, appt_id: int, newcomer: User, confirmed: bool,
           now: dt.datetime | None = None) -> Appointment:
    appt = owned(session, appt_id, newcomer)
    if appt.newcomer_id != newcomer.id or appt.status == "cancelled":
        raise NotAllowed("only the newcomer answers")
    appt.status = "confirmed" if confirmed else "other-time"
    # the guide's "not confirmed yet" nudge is no longer needed
    session.execute(delete(Reminder).where(Reminder.appointment_id == appt.id,
                                           Reminder.kind == "unconfirmed",
                                           Reminder.status == "pending"))
    session.flush()
    return appt


def reschedule(session: Session, appt_id: int, user: User, starts_at: dt.datetime,
               now: dt.datetime | None = None) -> Appointment:
    now = now or utcnow()
    appt = owned(session, appt_id, user)
    if appt.status == "cancelled":
        raise NotAllowed("cancelled")
    if starts_at <= now:
        raise BadTime("in the past")
    appt.starts_at = starts_at.astimezone(dt.UTC)
    appt.status = "proposed"
    _schedule(session, appt, now)
    return appt


def cancel(session: Session, appt_id: int, user: User) -> Appointment:
    appt = owned(session, appt_id, user)
    appt.status = "cancelled"
    session.execute(delete(Reminder).where(Reminder.appointment_id == appt.id,
                                           Reminder.status == "pending"))
    session.flush()
    return appt


def agenda(session: Session, guide: User, now: dt.datetime, days: int = 7
           ) -> list[Appointment]:
    until = now + dt.timedelta(days=days)
    return list(session.scalars(select(Appointment).where(
        Appointment.guide_id == guide.id, Appointment.status != "cancelled",
        Appointment.starts_at >= now, Appointment.starts_at <= until)
        .order_by(Appointment.starts_at)))


# -- sending --------------------------------------------------------------------------------
@dataclass
class Due:
    reminder: Reminder
    appointment: Appointment
    action: str  # send or drop


def claim_next(session: Session, now: dt.datetime) -> Due | None:
    """Lock one due reminder (skipping rows another process holds). The caller sends and then
    calls `done` in the same transaction."""
    stmt = (select(Reminder).where(Reminder.status == "pending", Reminder.due_at <= now)
            .order_by(Reminder.due_at, Reminder.id).limit(1)
            .with_for_update(skip_locked=True))
    rem = session.scalars(stmt).first()
    if rem is None:
        return None
    appt = session.get(Appointment, rem.appointment_id)
    over = appt is None or appt.status == "cancelled" or appt.starts_at <= now
    stale_nudge = rem.kind == "unconfirmed" and appt is not None and appt.status != "proposed"
    return Due(rem, appt, "drop" if over or stale_nudge else "send")


def done(session: Session, due: Due, instance: str, now: dt.datetime | None = None) -> None:
    due.reminder.status = "sent" if due.action == "send" else "dropped"
    due.reminder.sent_at = now or utcnow()
    due.reminder.sent_by = instance[:64]
    session.flush()


# -- calendar files -------------------------------------------------------------------------
def ics(appointments: list[Appointment], tz: ZoneInfo, summary: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Lotsenbot Magdeburg//DE")
    cal.add("version", "2.0")
    for a in appointments:
        ev = Event()
        ev.add("uid", f"lotsenbot-appointment-{a.id}@magdeburg")
        ev.add("summary", summary)
        ev.add("dtstart", a.starts_at.astimezone(tz))
        ev.add("dtend", a.starts_at.astimezone(tz) + dt.timedelta(hours=1))
        ev.add("dtstamp", utcnow())
        if a.place:
            ev.add("location", a.place)
        desc = "\n".join(x for x in ([a.note or ""] + [f"- {b}" for b in a.bring or []]) if x)
        if desc:
            ev.add("description", desc)
        cal.add_component(ev)
    return cal.to_ical()


# -- daily messages for guides ----------------------------------------------------------------
def claim_digest(session: Session, user_id: int, today: dt.date) -> bool:
    """True for exactly one process per guide and day (a conditional update is the claim)."""
    res = session.execute(update(User).where(
        User.id == user_id, User.digest.is_(True),
        or_(User.digest_sent_on.is_(None), User.digest_sent_on < today))
        .values(digest_sent_on=today))
    return bool(res.rowcount)


def digest_targets(session: Session) -> list[int]:
    return list(session.scalars(select(User.id).where(User.digest.is_(True),
                                                      User.role.in_(("guide", "coordinator")))))


def day_appointments(session: Session, guide_id: int, day: dt.date, tz) -> list[Appointment]:
    start = local_time(day, dt.time(0, 0), tz)
    end = start + dt.timedelta(days=1)
    return list(session.scalars(select(Appointment).where(
        Appointment.guide_id == guide_id, Appointment.status != "cancelled",
        Appointment.starts_at >= start, Appointment.starts_at < end)
        .order_by(Appointment.starts_at)))


INACTIVE_DAYS = 14


def claim_inactive_cases(session: Session, now: dt.datetime) -> list[Case]:
    """Open cases quiet for 14 days whose guide was not yet nudged since the last activity;
    each is claimed by one conditional update, so two processes never nudge twice."""
    cutoff = now - dt.timedelta(days=INACTIVE_DAYS)
    out = []
    candidates = session.scalars(select(Case).where(Case.status == "active",
                                                    Case.last_activity < cutoff)).all()
    for case in candidates:
        res = session.execute(update(Case).where(
            Case.id == case.id,
            or_(Case.nudged_at.is_(None), Case.nudged_at < Case.last_activity))
            .values(nudged_at=now))
        if res.rowcount:
            out.append(case)
    return out
