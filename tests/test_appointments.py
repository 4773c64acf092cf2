"""Appointments and reminders in the core, with controlled time (time-machine)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from sqlalchemy import select

from bot import appointments as A
from bot.guides import NotAllowed
from bot.models import Case, Guide, Reminder, User
from bot.topics import ALL_LANGUAGES

TZ = ZoneInfo("Europe/Berlin")


def setup_case(session, *, newcomer_leads=None):
    guide = User(id=1, lang="de", role="guide", active=True, consent_refused=False)
    newcomer = User(id=2, lang="ar", role="newcomer", active=True, consent_refused=False,
                    reminder_leads=newcomer_leads)
    other = User(id=3, lang="de", role="guide", active=True, consent_refused=False)
    session.add_all([guide, newcomer, other])
    session.flush()
    session.add_all([Guide(user_id=1, status="active", languages={"ar": 3}, districts=[],
                           topics=[], availability=[], max_cases=2),
                     Guide(user_id=3, status="active", languages={"ar": 3}, districts=[],
                           topics=[], availability=[], max_cases=2)])
    session.flush()
    case = Case(guide_id=1, newcomer_id=2, status="active", topics=[])
    session.add(case)
    session.flush()
    return guide, newcomer, other, case


def local(y, m, d, hh, mm):
    return A.local_time(dt.date(y, m, d), dt.time(hh, mm), TZ)


def pending(session):
    return session.scalars(select(Reminder).where(Reminder.status == "pending")
                           .order_by(Reminder.due_at, Reminder.user_id)).all()


def test_default_lead_times_for_both_sides(db):
    with db.session() as s, time_machine.travel(dt.datetime(2026, 11, 20, 9, 0, tzinfo=TZ)):
        guide, _newcomer, _o, case = setup_case(s)
        appt = A.create(s, case.id, guide, local(2026, 11, 25, 14, 30), "Ausländerbehörde")
        rems = pending(s)
        leads = sorted((r.user_id, r.kind, r.lead_minutes) for r in rems)
        assert leads == [(1, "lead", 120), (1, "lead", 1440), (1, "unconfirmed", 1440),
                         (2, "lead", 120), (2, "lead", 1440)]
        for r in rems:
            assert appt.starts_at - r.due_at == dt.timedelta(minutes=r.lead_minutes)


def test_personal_lead_times_and_no_past_reminders(db):
    with db.session() as s, time_machine.travel(dt.datetime(2026, 11, 20, 9, 0, tzinfo=TZ)):
        guide, _newcomer, _o, case = setup_case(s, newcomer_leads=[60])
        # in 3 hours: the 24-hour reminders would lie in the past and are not created
        A.create(s, case.id, guide, local(2026, 11, 20, 12, 0), "Jobcenter")
        got = sorted((r.user_id, r.lead_minutes) for r in pending(s))
        assert got == [(1, 120), (2, 60)]


@pytest.mark.parametrize(("day", "expect_local"), [
    (dt.date(2026, 3, 29), "03:30"),  # 02:30 does not exist: clocks jump from 02:00 to 03:00
    (dt.date(2026, 10, 25), "02:30"),  # 02:30 exists twice: the first (summer time) is taken
])
def test_daylight_saving_switches(db, day, expect_local):
    with db.session() as s, time_machine.travel(dt.datetime(2026, 3, 1, 9, 0, tzinfo=TZ)):
        guide, _n, _o, case = setup_case(s)
        start = A.local_time(day, dt.time(2, 30), TZ)
        assert start.strftime("%H:%M") == expect_local
        appt = A.create(s, case.id, guide, start, "Arzt")
        day_before = [r for r in pending(s) if r.lead_minutes == 1440 and r.kind == "lead"]
        for r in day_before:
            # exactly 24 real hours before, whatever the wall clock says
            assert appt.starts_at - r.due_at == dt.timedelta(hours=24)
        due_local = day_before[0].due_at.astimezone(TZ)
        assert due_local.date() == day - dt.timedelta(days=1)


def test_parse_typed_dates():
    now = dt.datetime(2026, 12, 30, 15, 0, tzinfo=TZ)
    assert A.parse_when("morgen 10:00", now) == local(2026, 12, 31, 10, 0)
    assert A.parse_when("tomorrow 9am", now) == local(2026, 12, 31, 9, 0)
    assert A.parse_when("2.1. 8:15", now) == local(2027, 1, 2, 8, 15)  # next such date
    assert A.parse_when("31.12.2026 14.30", now) == local(2026, 12, 31, 14, 30)
    for bad in ("gestern 10:00", "30.02. 10:00", "heute 14:00", "soon", "25:00", ""):
        with pytest.raises(A.BadTime):
            A.parse_when(bad, now)


@pytest.mark.parametrize(("text", "day", "hour", "minute"), [
    ("завтра о 10:00", 31, 10, 0), ("завтра в 9:30", 31, 9, 30), ("післязавтра 8:00", 1, 8, 0),
    ("غدا الساعة 11:15", 31, 11, 15), ("بكرة ١٠:٣٠", 31, 10, 30), ("بعد بكرة 9:00", 1, 9, 0),
    ("فردا ساعت ۱۰:۰۰", 31, 10, 0), ("پس‌فردا 14:00", 1, 14, 0), ("سبا 9:00", 31, 9, 0),
    ("yarın saat 10:00", 31, 10, 0), ("mâine la 10:00", 31, 10, 0), ("jutro o 12:00", 31, 12, 0),
    ("ngày mai lúc 9:00", 31, 9, 0), ("sibê 10:00", 31, 10, 0), ("heute 17:30", 30, 17, 30),
    ("ጽባሕ ሰዓት 10:00", 31, 10, 0), ("ድሕሪ ጽባሕ 9:00", 1, 9, 0), ("berri saacadda 10:00", 31, 10, 0),
    ("demain à 10h", 31, 10, 0), ("apres demain 9h30", 1, 9, 30), ("aujourd'hui 17:30", 30, 17, 30),
    ("утре 10:00", 31, 10, 0), ("утре в 9:30", 31, 9, 30), ("вдругиден 8:00", 1, 8, 0),
])
def test_parse_today_and_tomorrow_in_every_language_and_eastern_digits(text, day, hour, minute):
    now = dt.datetime(2026, 12, 30, 15, 0, tzinfo=TZ)
    month, year = (12, 2026) if day >= 30 else (1, 2027)
    assert A.parse_when(text, now) == local(year, month, day, hour, minute)


def test_reschedule_moves_and_cancel_removes_pending_reminders(db):
    with db.session() as s, time_machine.travel(dt.datetime(2026, 11, 20, 9, 0, tzinfo=TZ)):
        guide, newcomer, _o, case = setup_case(s)
        appt = A.create(s, case.id, guide, local(2026, 11, 25, 14, 30), "Ort")
        A.reschedule(s, appt.id, newcomer, local(2026, 11, 27, 10, 0))
        for r in pending(s):
            assert r.due_at == appt.starts_at - dt.timedelta(minutes=r.lead_minutes)
        assert appt.starts_at == local(2026, 11, 27, 10, 0)
        A.cancel(s, appt.id, newcomer)
        assert pending(s) == []


def test_reminder_due_during_downtime_sent_if_ahead_dropped_if_over(db):
    with db.session() as s, time_machine.travel(dt.datetime(2026, 11, 20, 9, 0, tzinfo=TZ)):
        guide, _n, _o, case = setup_case(s)
        A.create(s, case.id, guide, local(2026, 11, 25, 14, 30), "Ort")
    with db.session() as s:
        # the bot was down from before the 24-hour reminders until 1 hour before the meeting
        now = local(2026, 11, 25, 13, 30).astimezone(dt.UTC)
        actions = []
        while (due := A.claim_next(s, now)) is not None:
            actions.append((due.reminder.lead_minutes, due.reminder.kind, due.action))
            A.done(s, due, "test", now)
        # still ahead: the missed reminders are sent now (the "unconfirmed" nudge too)
        assert sorted(actions) == sorted([(1440, "lead", "send"), (1440, "lead", "send"),
                                          (120, "lead", "send"), (120, "lead", "send"),
                                          (1440, "unconfirmed", "send")])
    with db.session() as s, time_machine.travel(dt.datetime(2026, 11, 20, 9, 0, tzinfo=TZ)):
        guide = s.get(User, 1)
        case = s.scalars(select(Case)).first()
        A.create(s, case.id, guide, local(2026, 11, 26, 14, 30), "Ort 2")
    with db.session() as s:
        later = local(2026, 11, 26, 16, 0).astimezone(dt.UTC)  # the meeting is over
        acts = []
        while (due := A.claim_next(s, later)) is not None:
            acts.append(due.action)
            A.done(s, due, "test", later)
        assert acts and set(acts) == {"drop"}


def test_confirmed_appointment_drops_the_guides_nudge(db):
    with db.session() as s, time_machine.travel(dt.datetime(2026, 11, 20, 9, 0, tzinfo=TZ)):
        guide, newcomer, _o, case = setup_case(s)
        appt = A.create(s, case.id, guide, local(2026, 11, 25, 14, 30), "Ort")
        A.answer(s, appt.id, newcomer, True)
        assert "unconfirmed" not in {r.kind for r in pending(s)}


def test_only_parties_touch_an_appointment(db):
    with db.session() as s, time_machine.travel(dt.datetime(2026, 11, 20, 9, 0, tzinfo=TZ)):
        guide, newcomer, other, case = setup_case(s)
        appt = A.create(s, case.id, guide, local(2026, 11, 25, 14, 30), "Ort")
        for fn in (lambda: A.cancel(s, appt.id, other),
                   lambda: A.reschedule(s, appt.id, other, local(2026, 11, 28, 9, 0)),
                   lambda: A.answer(s, appt.id, other, True),
                   lambda: A.answer(s, appt.id, guide, True),
                   lambda: A.create(s, case.id, other, local(2026, 11, 25, 9, 0), "x"),
                   lambda: A.create(s, case.id, newcomer, local(2026, 11, 25, 9, 0), "x")):
            with pytest.raises(NotAllowed):
                fn()


def test_ics_file(db):
    with db.session() as s, time_machine.travel(dt.datetime(2026, 11, 20, 9, 0, tzinfo=TZ)):
        guide, _n, _o, case = setup_case(s)
        appt = A.create(s, case.id, guide, local(2026, 11, 25, 14, 30), "Jobcenter",
                        bring=["Pass", "Brief"])
        data = A.ics([appt], TZ, "Termin").decode()
        assert "BEGIN:VEVENT" in data and "LOCATION:Jobcenter" in data
        assert "DTSTART;TZID=Europe/Berlin:20261125T143000" in data


def test_morning_digest_claimed_once_per_day(db):
    with db.session() as s, time_machine.travel(dt.datetime(2026, 11, 20, 7, 0, tzinfo=TZ)):
        guide, _n, _o, case = setup_case(s)
        guide.digest = True
        A.create(s, case.id, guide, local(2026, 11, 20, 14, 30), "Jobcenter")
        A.create(s, case.id, guide, local(2026, 11, 21, 9, 0), "Arzt")
        today = dt.date(2026, 11, 20)
        assert A.digest_targets(s) == [1]
        assert A.claim_digest(s, 1, today) is True
        assert A.claim_digest(s, 1, today) is False  # a second process gets nothing
        assert [a.place for a in A.day_appointments(s, 1, today, TZ)] == ["Jobcenter"]
        assert A.claim_digest(s, 1, today + dt.timedelta(days=1)) is True


def test_inactive_case_nudged_once_until_new_activity(db):
    with db.session() as s:
        _g, _n, _o, case = setup_case(s)
        case.last_activity = dt.datetime(2026, 11, 1, 9, 0, tzinfo=dt.UTC)
        now = dt.datetime(2026, 11, 16, 9, 0, tzinfo=dt.UTC)
        assert [c.id for c in A.claim_inactive_cases(s, now)] == [case.id]
        assert A.claim_inactive_cases(s, now + dt.timedelta(hours=1)) == []
        s.refresh(case)
        case.last_activity = now + dt.timedelta(hours=2)  # someone wrote, then silence again
        later = now + dt.timedelta(days=15)
        assert [c.id for c in A.claim_inactive_cases(s, later)] == [case.id]


@pytest.mark.parametrize("lang", ALL_LANGUAGES)
def test_the_example_date_in_each_language_is_one_the_bot_understands(lang):
    from bot import messages_appointments as MA
    from bot.i18n import translations

    now = dt.datetime(2026, 12, 30, 15, 0, tzinfo=TZ)
    for text in (MA.ask_when(translations(lang)), MA.bad_time(translations(lang))):
        before = text.split("10:00")[0].split()
        examples = [" ".join(before[-2:]) + " 10:00", before[-1] + " 10:00"]
        assert any(_reads(e, now) for e in examples), (lang, text)


def _reads(text: str, now: dt.datetime) -> bool:
    try:
        return A.parse_when(text, now) == local(2026, 12, 31, 10, 0)
    except A.BadTime:
        return False
