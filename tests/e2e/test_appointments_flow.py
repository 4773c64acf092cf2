"""A guide makes an appointment in a case by typing "morgen 10:00"; the newcomer gets it in
Arabic with a Babel date, confirms; the guide is told; /agenda sends a calendar file; a
reminder due now arrives exactly once."""

from __future__ import annotations

import asyncio
import datetime as dt

from sqlalchemy import select

from bot.models import Appointment, Case, Reminder
from tests.e2e.test_guides import COORD, newcomer_asks, register_guide


async def test_appointment_made_confirmed_and_reminded(harness):
    h = harness
    await h.say(COORD, "/start", lang="de")
    await register_guide(h, 801, langs={"ar": 3, "de": 3}, district_idx=35, topics=[2],
                         name="Lina")
    await newcomer_asks(h, 802, "ar", district_idx=35, topic_idx=2)
    proposal = await h.wait_button(801, "pa:")
    await h.press(801, proposal.button("pa:"), expect=2, first_name="Lina")
    with h.services.db.session() as s:
        case = s.scalars(select(Case).where(Case.newcomer_id == 802)).one()
    await h.press(801, f"ap:{case.id}", first_name="Lina")
    out = await h.say(801, "morgen 10:00", first_name="Lina")
    assert out  # "where?"
    await h.say(801, "Ausländerbehörde, 2. Stock", first_name="Lina")
    await h.say(801, "Reisepass, Meldebescheinigung", first_name="Lina")
    await h.say(801, "Wir treffen uns am Eingang", first_name="Lina")
    msg = await h.wait_button(802, "ay:")
    assert "Reisepass" in msg.text and "Eingang" in msg.text
    assert any(0x0600 <= ord(ch) <= 0x06FF for ch in msg.text)  # Arabic texts and month name
    before = len(h.emu.to(801))
    await h.press(802, msg.button("ay:"), expect=2)
    told = await h.emu.wait_for(801, before + 1)
    assert any("Zahra" in m.text or "bestätigt" in m.text or "confirmed" in m.text
               for m in told[before:])
    before = len(h.emu.to(801))
    agenda = await h.say(801, "/agenda", first_name="Lina")
    docs = [m for m in (await h.emu.wait_for(801, before + 2))[before:]
            if m.method == "sendDocument"]
    assert agenda and docs and b"BEGIN:VEVENT" in docs[-1].params["_document_bytes"]
    # a reminder that is due now goes out once, in the newcomer's language
    with h.services.db.session() as s:
        appt = s.scalars(select(Appointment)).one()
        s.add(Reminder(appointment_id=appt.id, user_id=802, kind="lead", lead_minutes=60,
                       due_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)))
    for _ in range(100):
        got = [m for m in h.emu.to(802) if "⏰" in m.text]
        if got:
            break
        await asyncio.sleep(0.05)
    await asyncio.sleep(1.5)  # several sweeps later: still exactly one
    got = [m for m in h.emu.to(802) if "⏰" in m.text]
    assert len(got) == 1
