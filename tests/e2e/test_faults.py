"""Telegram misbehaves for a while (429 with retry_after, 500, dropped connections): afterwards
every reply and every reminder has arrived exactly once."""

from __future__ import annotations

import asyncio
import datetime as dt

from sqlalchemy import select

from bot.app import ALLOWED_UPDATES, build_application, open_services
from bot.config import load_settings
from bot.emulator import BotApiEmulator
from bot.models import Appointment, Case, Guide, Reminder, User
from tests.e2e.conftest import ROOT, _db_url


async def test_faults_lose_nothing_and_double_nothing(tmp_path):
    emu = BotApiEmulator().start()
    settings = load_settings(database_url=_db_url(tmp_path), telegram_base_url=emu.base_url,
                             telegram_base_file_url=emu.base_file_url,
                             knowledge_dir=ROOT / "knowledge", reminder_interval=0.2)
    services = open_services(settings)
    now = dt.datetime.now(dt.UTC)
    with services.db.session() as s:
        s.add_all([User(id=1, lang="de", role="guide", active=True, consent_refused=False),
                   User(id=2, lang="uk", role="newcomer", active=True, consent_refused=False)])
        s.flush()
        s.add(Guide(user_id=1, status="active", languages={"uk": 3}, districts=[], topics=[],
                    availability=[], max_cases=2))
        s.flush()
        case = Case(guide_id=1, newcomer_id=2, status="active", topics=[])
        s.add(case)
        s.flush()
        appt = Appointment(case_id=case.id, guide_id=1, newcomer_id=2, bring=[],
                           starts_at=now + dt.timedelta(hours=3), place="Jobcenter",
                           status="confirmed")
        s.add(appt)
        s.flush()
        for i in range(3):
            s.add(Reminder(appointment_id=appt.id, user_id=2 if i % 2 else 1, kind="lead",
                           lead_minutes=120 + i, due_at=now + dt.timedelta(seconds=1 + i)))
    # rate limiting on, as in production: it waits out the 429s
    app = build_application(settings, services, token=emu.token, rate_limit=True)
    # the next sends fail: 429s, 500s and dropped connections, in that order
    emu.inject("429", count=3, retry_after=1, methods={"sendMessage"})
    emu.inject("500", count=3, methods={"sendMessage"})
    emu.inject("drop", count=3, methods={"sendMessage"})
    async with app:
        await app.start()
        await app.updater.start_polling(poll_interval=0.0, timeout=1,
                                        allowed_updates=ALLOWED_UPDATES)
        users = list(range(3001, 3009))
        for uid in users:
            emu.send_text(uid, "deutschkurs", lang="de")
        for _ in range(600):
            done = all(len(emu.to(u)) >= 1 for u in users) and \
                len([m for m in emu.sent if "⏰" in m.text]) >= 3
            if done:
                break
            await asyncio.sleep(0.1)
        await asyncio.sleep(1.5)  # anything doubled would show up now
        await app.updater.stop()
        await app.stop()
    assert not emu.faults, "all injected faults were served"
    for uid in users:
        assert len(emu.to(uid)) == 1, (uid, [m.text[:40] for m in emu.to(uid)])
    reminders = [m for m in emu.sent if "⏰" in m.text]
    assert sorted(m.chat_id for m in reminders) == [1, 1, 2]
    with services.db.session() as s:
        assert {r.status for r in s.scalars(select(Reminder))} == {"sent"}
    services.db.dispose()
    emu.stop()
