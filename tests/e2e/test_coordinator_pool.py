"""The guide pool end to end: a waiting newcomer handed to a guide by hand, a broadcast with a
delivery report that counts a guide who blocked the bot, roles changed in the chat, figures and
the yearly report as files, the monthly reminder of unverified entries (once per month), an
Excel import, and the export buttons."""

from __future__ import annotations

import csv
import html
import io
import types

from sqlalchemy import select

from bot import kb_io
from bot.handlers import kb_admin
from bot.models import AuditEntry, GuideRequest, KbEntry, Proposal, User
from tests.e2e.conftest import ROOT
from tests.e2e.test_coordinators import COORD, ENTRY, kb_data, uploaded
from tests.e2e.test_guides import newcomer_asks, register_guide


async def test_waiting_newcomer_assigned_by_hand(harness):
    h = harness
    await h.say(COORD, "/start", lang="de")
    # a Persian-speaking newcomer and nobody who speaks Persian: the waiting list
    await newcomer_asks(h, 701, "fa", district_idx=35, topic_idx=2)
    with h.services.db.session() as s:
        req = s.scalars(select(GuideRequest).where(GuideRequest.user_id == 701)).one()
        assert req.status == "waiting"
    out = await h.say(COORD, "/waiting", lang="de")
    assert f"wp:{req.id}" in [d for _, d in out[-1].buttons]
    out = await h.press(COORD, f"wp:{req.id}")
    assert "Dari" not in out[-1].text  # no eligible guide yet: said plainly
    assert "/invite" in out[-1].text
    await register_guide(h, 702, langs={"fa": 2, "de": 3}, district_idx=10, topics=[5],
                         name="Sami")
    with h.services.db.session() as s:
        assert s.get(GuideRequest, req.id).status == "waiting"  # guides joining match nobody
    out = await h.press(COORD, f"wp:{req.id}")
    assign = out[-1].button(f"wa:{req.id}:702")
    await h.press(COORD, assign)
    offer = await h.wait_button(702, "pa:")
    # why: chosen by a coordinator, and the matching reasons, in the guide's language
    assert "Koordin" in offer.text and "Persisch" in offer.text
    with h.services.db.session() as s:
        prop = s.scalars(select(Proposal).where(Proposal.request_id == req.id)).one()
        assert prop.guide_id == 702 and prop.status == "pending"
        actions = s.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
        assert actions == ["invite", "assign"]  # the guide came through an invite link


async def test_broadcast_reports_sent_blocked_and_failed(harness):
    h = harness
    await h.say(COORD, "/start", lang="de")
    await register_guide(h, 711, langs={"ar": 3}, district_idx=0, topics=[0], name="A")
    await register_guide(h, 712, langs={"ar": 2, "uk": 3}, district_idx=1, topics=[0], name="B")
    await register_guide(h, 713, langs={"uk": 3}, district_idx=2, topics=[0], name="C")
    h.emu.blocked.add(712)
    await h.say(COORD, "/broadcast", lang="de")
    out = await h.press(COORD, "ba:lang")
    assert "ba:l-ar" in [d for _, d in out[-1].buttons]
    out = await h.press(COORD, "ba:l-ar")
    assert "2" in out[-1].text  # two guides speak Arabic
    out = await h.say(COORD, "Treffen am Freitag <18 Uhr> im Rathaus")
    assert "bs:1" in [d for _, d in out[-1].buttons]
    before = {uid: len(h.emu.to(uid)) for uid in (711, 712, 713)}
    out = await h.press(COORD, "bs:1")
    report = out[-1].text
    assert "1" in report and "blockiert" in report, report
    got = h.emu.to(711)[before[711]:]
    # sent as HTML: the coordinator's "<" is escaped, so Telegram shows it as typed
    assert len(got) == 1 and "Treffen am Freitag &lt;18 Uhr&gt; im Rathaus" in got[0].text
    assert len(h.emu.to(713)) == before[713]  # speaks no Arabic: not addressed
    with h.services.db.session() as s:
        row = s.scalars(select(AuditEntry).where(AuditEntry.action == "broadcast")).one()
        assert row.detail == {"sent": 1, "blocked": 1, "failed": 0}
        assert s.get(User, 712).active is False


async def test_roles_in_the_chat(harness):
    h = harness
    await h.say(COORD, "/start", lang="de")
    await h.onboard(720, "uk")
    before = len(h.emu.to(720))
    out = await h.say(COORD, "/promote 720")
    await h.emu.wait_for(720, before + 1)
    assert "Koordinat" in out[-1].text  # "… ist jetzt Koordinatorin/Koordinator."
    with h.services.db.session() as s:
        assert s.get(User, 720).role == "coordinator"
    told = h.emu.to(720)[-1].text
    assert "/help" in told
    before = len(h.emu.to(720))
    h.emu.send_text(720, "/help", lang="uk")
    got = (await h.emu.wait_for(720, before + 2))[before:]
    assert "/kb" in got[-1].text and "/broadcast" in got[-1].text  # their commands, listed
    out = await h.say(720, "/kb Jobcenter", lang="uk")  # the new coordinator can work
    assert f"ke:{ENTRY}" in [d for _, d in out[-1].buttons]
    out = await h.say(720, f"/demote {COORD}", lang="uk")  # COORDINATOR_IDS: refused
    assert "COORDINATOR_IDS" in out[-1].text
    out = await h.say(COORD, "/demote 720")
    with h.services.db.session() as s:
        assert s.get(User, 720).role == "newcomer"
    out = await h.say(720, "/kb Jobcenter", lang="uk")
    assert not out[-1].buttons
    out = await h.say(COORD, "/promote abc")
    assert "/promote 123456789" in out[-1].text


async def test_stats_and_yearly_report_are_files_without_small_numbers(harness):
    h = harness
    await h.say(COORD, "/start", lang="de")
    for uid in range(730, 737):
        await h.onboard(uid, "ar")
        await h.say(uid, "أين أتعلم اللغة الألمانية", lang="ar")
    await h.onboard(740, "uk")
    out = await h.say(COORD, "/stats", lang="de")
    assert "st:month" in [d for _, d in out[-1].buttons]
    before = len(h.emu.to(COORD))
    h.emu.press(COORD, "st:month")
    got = (await h.emu.wait_for(COORD, before + 2, timeout=20))[before:]
    assert got[-1].method == "sendPhoto"
    text = html.unescape(got[0].text)  # sent as HTML
    assert "7" in text and "< 5" in text  # 7 Arabic questions; one Ukrainian newcomer hidden
    before = len(h.emu.to(COORD))
    h.emu.send_text(COORD, "/report 2026", lang="de")
    got = (await h.emu.wait_for(COORD, before + 2, timeout=20))[before:]
    doc = next(m for m in got if m.method == "sendDocument")
    assert any(m.method == "sendPhoto" for m in got)
    rows = list(csv.reader(io.StringIO(doc.params["_document_bytes"].decode("utf-8-sig"))))
    assert rows[0] == ["section", "key", "value"]
    values = [r[2] for r in rows[1:]]
    assert not [v for v in values if v.strip() in {"1", "2", "3", "4"}]
    assert ["questions_by_lang", "ar", "7"] in rows
    assert ["newcomers_by_lang", "uk", "< 5"] in rows


async def test_monthly_reminder_once_per_month(harness):
    h = harness
    await h.say(COORD, "/start", lang="de")
    context = types.SimpleNamespace(application=h.app, bot=h.app.bot)
    before = len(h.emu.to(COORD))
    await kb_admin.stale_reminder(context)
    await kb_admin.stale_reminder(context)  # the same month again (or another process)
    got = h.emu.to(COORD)[before:]
    assert len(got) == 1 and "kst:0" in [d for _, d in got[0].buttons]
    out = await h.press(COORD, "kst:0")
    assert out[-1].buttons and out[-1].buttons[0][1].startswith("ke:")


async def test_excel_import_and_exports(harness):
    h = harness
    await h.say(COORD, "/start", lang="de")
    out = await h.say(COORD, "/kb")
    total = len(list((ROOT / "knowledge").rglob("*.yaml")))
    assert f"{total} " in out[-1].text and {"kx:csv", "kx:xlsx", "kx:zip", "kn:-", "kst:0"} <= {
        d for _, d in out[-1].buttons}
    for fmt in ("csv", "xlsx", "zip"):
        before = len(h.emu.to(COORD))
        h.emu.press(COORD, f"kx:{fmt}")
        got = (await h.emu.wait_for(COORD, before + 1, timeout=20))[before:]
        assert got[-1].method == "sendDocument"
        raw = got[-1].params["_document_bytes"]
        parsed = kb_io.parse_upload(f"export.{fmt}", raw)
        with h.services.db.session() as s:
            plan, problems = kb_io.plan(s, parsed)
            assert not problems and not plan.changed and not plan.new
    with h.services.db.session() as s:
        entries = list(kb_io.current(s).values())
    for e in entries:
        if e["id"] == ENTRY:
            e["i18n"]["uk"]["answer"] = "Новий текст з таблиці Excel."
    out = await uploaded(h, COORD, "angebote.xlsx", kb_io.write_xlsx(entries))
    await h.press(COORD, out[-1].button("ki:"))
    assert kb_data(h, ENTRY)["i18n"]["uk"]["answer"] == "Новий текст з таблиці Excel."
    out = await uploaded(h, COORD, "notes.txt", b"hello")
    assert "txt" in out[-1].text or ".csv" in out[-1].text
    with h.services.db.session() as s:
        assert s.get(KbEntry, ENTRY) is not None
