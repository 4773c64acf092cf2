"""Coordinators end to end through the Bot API emulator: an Arabic answer edited in the chat is
the next Arabic answer; a sheet with a broken row changes nothing and names row and column, the
fixed sheet is applied and one button restores the previous version; an unanswered question
attached to an entry is answered afterwards; guides and newcomers are refused everything."""

from __future__ import annotations

import csv
import io
import threading

from sqlalchemy import func, select

from bot import kb_io
from bot.callbacks import COORDINATOR_ACTIONS, parse
from bot.models import AuditEntry, Guide, KbEntry, Question, User

COORD = 900  # COORDINATOR_IDS in the harness
ENTRY = "jobcenter-arbeitsvermittlung"
AR_QUESTION = "الجوب سنتر مساعدة في البحث عن عمل"


def kb_data(h, entry_id: str) -> dict:
    with h.services.db.session() as s:
        return s.get(KbEntry, entry_id).data


def upload(h, uid: int, name: str, raw: bytes) -> int:
    fid = f"upload-{len(h.emu.files)}"
    h.emu.files[fid] = raw
    return h.emu.message(uid, lang="de", document={
        "file_id": fid, "file_unique_id": fid, "file_name": name, "file_size": len(raw),
        "mime_type": "text/csv"})


async def uploaded(h, uid: int, name: str, raw: bytes) -> list:
    before = len(h.emu.to(uid))
    upload(h, uid, name, raw)
    return (await h.emu.wait_for(uid, before + 2, timeout=30))[before:]


async def test_coordinator_edits_arabic_answer_and_next_answer_uses_it(harness):
    h = harness
    out = await h.say(COORD, "/kb Jobcenter", lang="de")
    assert f"ke:{ENTRY}" in [d for _, d in out[-1].buttons]
    out = await h.press(COORD, f"ke:{ENTRY}")
    assert ENTRY in out[-1].text
    out = await h.press(COORD, f"kf:{ENTRY}:menu")
    out = await h.press(COORD, f"kf:{ENTRY}:answer")
    assert f"kl:{ENTRY}:answer:ar" in [d for _, d in out[-1].buttons]
    out = await h.press(COORD, f"kl:{ENTRY}:answer:ar")
    assert "Bürgergeld" in out[-1].text  # the current Arabic text is shown before replacing it
    new_text = "نص جديد: الجوب سنتر في ماغدبورغ يساعدك في إيجاد عمل. احجز موعدًا عبر الهاتف."
    before = len(h.emu.to(COORD))
    h.emu.send_text(COORD, new_text, lang="de")
    preview = (await h.emu.wait_for(COORD, before + 2))[before:]  # the card, then "Save?"
    assert any("نص جديد" in m.text for m in preview)
    assert "ks" in [d for _, d in preview[-1].buttons]
    # nothing is stored before "save"
    assert "نص جديد" not in kb_data(h, ENTRY)["i18n"]["ar"]["answer"]
    kb = h.services.kb
    built_in: list[str] = []
    original = kb.reload

    def reload(session):
        built_in.append(threading.current_thread().name)
        original(session)

    kb.reload = reload
    out = await h.press(COORD, "ks")
    assert kb_data(h, ENTRY)["i18n"]["ar"]["answer"] == new_text
    # the index was rebuilt off the event loop: everyone else is answered meanwhile
    assert built_in and threading.main_thread().name not in built_in

    await h.onboard(501, "ar")
    out = await h.say(501, AR_QUESTION, lang="ar")
    assert any("نص جديد" in m.text for m in out), [m.text[:80] for m in out]
    with h.services.db.session() as s:
        row = s.scalars(select(AuditEntry).where(AuditEntry.action == "kb-edit")).one()
        assert (row.actor_id, row.target, row.detail) == (COORD, ENTRY,
                                                          {"f": "answer", "l": "ar"})


def _sheet(h, change: dict[str, dict[str, str]]) -> bytes:
    with h.services.db.session() as s:
        entries = list(kb_io.current(s).values())
    rows = list(csv.DictReader(io.StringIO(kb_io.write_csv(entries).decode("utf-8-sig"))))
    for row in rows:
        row.update(change.get(row["id"], {}))
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(rows[0]))
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue().encode("utf-8")


async def test_csv_import_broken_then_fixed_then_restored(harness):
    h = harness
    old = kb_data(h, ENTRY)["i18n"]["de"]["answer"]
    new_answer = "Neuer Text aus der Tabelle: Das Jobcenter hilft bei der Arbeitssuche."
    broken = _sheet(h, {ENTRY: {"answer.de": new_answer},
                        "praktikum": {"contact.phone": "call us"}})
    out = await uploaded(h, COORD, "angebote.csv", broken)
    report = out[-1].text
    ids = [r["id"] for r in csv.DictReader(io.StringIO(broken.decode()))]
    row_no = ids.index("praktikum") + 2  # header is row 1
    line = next(x for x in report.splitlines() if "contact.phone" in x)
    assert str(row_no) in line and "call us" in line  # row, column and the bad value
    assert "fehlerhafte Telefonnummer" in line  # said in the coordinator's language
    assert kb_data(h, ENTRY)["i18n"]["de"]["answer"] == old  # nothing changed

    fixed = _sheet(h, {ENTRY: {"answer.de": new_answer}})
    out = await uploaded(h, COORD, "angebote.csv", fixed)
    assert "1 geändert" in out[-1].text and f"~ {ENTRY}" in out[-1].text
    apply = out[-1].button("ki:")
    assert apply.endswith(":1")
    assert kb_data(h, ENTRY)["i18n"]["de"]["answer"] == old  # not before confirmation
    out = await h.press(COORD, apply)
    assert kb_data(h, ENTRY)["i18n"]["de"]["answer"] == new_answer
    restore = out[-1].button("kr:")
    out = await h.say(502, "Jobcenter Arbeitsvermittlung Hilfe bei der Arbeitssuche",
                      lang="de")
    await h.onboard(502, "de")
    out = await h.say(502, "Jobcenter Arbeitsvermittlung Hilfe bei der Arbeitssuche")
    assert any("Neuer Text aus der Tabelle" in m.text for m in out)

    await h.press(COORD, restore)
    assert kb_data(h, ENTRY)["i18n"]["de"]["answer"] == old
    out = await h.say(502, "Jobcenter Arbeitsvermittlung Hilfe bei der Arbeitssuche")
    assert not any("Neuer Text aus der Tabelle" in m.text for m in out)
    with h.services.db.session() as s:
        actions = list(s.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
    assert actions == ["kb-import", "kb-restore"]
    out = await h.say(COORD, "/audit")  # in the coordinator's language, not as codes
    assert "Import übernommen angebote.csv" in out[-1].text and "kb-import" not in out[-1].text


async def test_unanswered_question_attached_is_then_answered(harness):
    h = harness
    question = "Wo kann ich Kegeln spielen?"  # sports, but not asked in the base yet
    await h.onboard(503, "de")
    out = await h.say(503, question)
    with h.services.db.session() as s:
        q = s.scalars(select(Question).where(Question.text == question)).one()
        assert not q.answered
        qid = q.id
    out = await h.say(COORD, "/inbox", lang="de")
    assert f"iq:{qid}" in [d for _, d in out[-1].buttons]
    assert "Kegeln" in out[-1].buttons[0][0]
    out = await h.press(COORD, f"iq:{qid}")
    attach = out[-1].button(f"ia:{qid}:sport-verein")
    out = await h.press(COORD, attach)
    assert "Sport" in out[-1].text
    out = await h.say(503, question)
    assert any("Sport" in m.text for m in out)
    with h.services.db.session() as s:
        asked = list(s.scalars(select(Question).where(Question.user_id == 503)
                               .order_by(Question.id)))
        assert [q.answered for q in asked] == [False, True]
        assert asked[1].hit_ids[0] == "sport-verein"
        assert s.get(Question, qid).inbox == "example"
    out = await h.say(COORD, "/inbox", lang="de")
    assert f"iq:{qid}" not in [d for _, d in out[-1].buttons]


def _sample(action: str) -> str:
    samples = {
        "kb_show": f"ke:{ENTRY}", "kb_field": f"kf:{ENTRY}:answer",
        "kb_lang": f"kl:{ENTRY}:answer:ar", "kb_save": "ks", "kb_cancel": "kc",
        "kb_verify": f"kv:{ENTRY}", "kb_archive": f"ka:{ENTRY}:1", "kb_new": "kn:3",
        "kb_stale": "kst:0", "kb_import": "ki:1:1", "kb_restore": "kr:1", "kb_export": "kx:csv",
        "in_show": "iq:1", "in_attach": f"ia:1:{ENTRY}", "in_new": "iw:1", "in_dismiss": "ix:1",
        "pool_list": "pl:active:0", "pool_show": "ps:601", "pool_remove": "pr:601:1",
        "pool_promote": "pu:602", "pool_demote": "pw:900", "w_pick": "wp:1",
        "w_assign": "wa:1:601", "b_audience": "ba:all", "b_send": "bs:1",
        "stats": "st:month", "a_approve": "aa:602", "a_reject": "ar:602",
    }
    data = samples[action]
    assert parse(data) is not None and parse(data).action == action
    return data


async def test_guides_and_newcomers_are_refused_every_coordinator_command_and_button(harness):
    from tests.e2e.test_guides import register_guide

    h = harness
    await register_guide(h, 601, langs={"ar": 3}, district_idx=0, topics=[0], name="Guide")
    await h.onboard(602, "de")
    with h.services.db.session() as s:
        kb_before = {r.id: r.data for r in s.scalars(select(KbEntry))}
        audit_before = s.scalar(select(func.count()).select_from(AuditEntry))
    commands = ["/kb", "/kb Jobcenter", "/stale", "/inbox", "/guides", "/promote 602",
                "/demote 900", "/coordinators", "/broadcast", "/audit", "/stats", "/report 2026",
                "/waiting", "/invite", "/applications"]
    for uid in (601, 602):
        for cmd in commands:
            out = await h.say(uid, cmd, lang="de")
            assert "koordin" in out[-1].text.lower() or "coordinat" in out[-1].text.lower(), \
                (uid, cmd, out[-1].text)
        for action in sorted(COORDINATOR_ACTIONS):
            before = len(h.emu.callback_answers)
            await h.press(uid, _sample(action), expect=0)
            answer = h.emu.callback_answers[before]
            assert "oordin" in answer.get("text", ""), (uid, action, answer)
        # a sheet from them is refused without being downloaded
        before = len(h.emu.to(uid))
        upload(h, uid, "angebote.csv", _sheet(h, {ENTRY: {"answer.de": "Fremder Text"}}))
        out = (await h.emu.wait_for(uid, before + 1))[before:]
        assert "Dateien" in out[-1].text or "files" in out[-1].text.lower(), out[-1].text
    assert not [m for m, _ in h.emu.calls if m == "getFile"]
    with h.services.db.session() as s:
        assert {r.id: r.data for r in s.scalars(select(KbEntry))} == kb_before
        assert s.scalar(select(func.count()).select_from(AuditEntry)) == audit_before
        assert s.get(User, 602).role == "newcomer"
        assert s.get(Guide, 601).status == "active"
        assert s.get(User, 900).role == "coordinator"


async def test_answer_marked_not_helpful_reaches_the_inbox(harness):
    h = harness
    await h.onboard(504, "uk")
    out = await h.say(504, "де знайти роботу джобцентр", lang="uk")
    feedback = next(d for m in out for _, d in m.buttons if d and d.startswith("f:")
                    and d.endswith(":0"))
    await h.press(504, feedback, expect=0, lang="uk")
    out = await h.say(COORD, "/inbox", lang="de")
    labels = [label for label, _ in out[-1].buttons]
    assert any("джобцентр" in label and "uk" in label and "👎1" in label for label in labels)


async def test_new_entry_from_an_unanswered_question(harness):
    h = harness
    question = "Wo ist der Schachtreff für Geflüchtete?"
    await h.onboard(505, "de")
    await h.say(505, question)
    with h.services.db.session() as s:
        qid = s.scalars(select(Question.id).where(Question.text == question)).one()
    await h.say(COORD, "/inbox", lang="de")
    await h.press(COORD, f"iq:{qid}")
    out = await h.press(COORD, f"iw:{qid}")
    topic = out[-1].button("kn:")
    assert topic == "kn:0"
    await h.press(COORD, "kn:14")  # community-leisure
    await h.say(COORD, "Schachtreff für Geflüchtete")
    await h.say(COORD, "Jeden Dienstag treffen sich Schachfreunde im Stadtteiltreff.")
    before = len(h.emu.to(COORD))
    h.emu.send_text(COORD, "Stadtteiltreff", lang="de")
    preview = (await h.emu.wait_for(COORD, before + 2))[before:]
    assert "Jeden Dienstag" in preview[0].text
    with h.services.db.session() as s:
        assert s.get(KbEntry, "schachtreff-fur-gefluchtete") is None  # not before saving
    await h.press(COORD, "ks", expect=2)
    with h.services.db.session() as s:
        row = s.get(KbEntry, "schachtreff-fur-gefluchtete")
        assert row.topic == "community-leisure" and question in row.data["i18n"]["de"]["questions"]
        assert s.get(Question, qid).inbox == "entry"
    out = await h.say(505, question)
    assert any("Jeden Dienstag" in m.text for m in out)
    # a reader of another language gets the German text, with a note that it is German
    await h.onboard(506, "ar")
    out = await h.say(506, question, lang="ar")
    assert any("Jeden Dienstag" in m.text for m in out)


async def test_upload_confirmed_after_a_restart(harness):
    from bot.handlers import kb_admin

    h = harness
    new_answer = "Nach dem Neustart übernommen: Das Jobcenter hilft bei der Arbeitssuche."
    out = await uploaded(h, COORD, "angebote.csv", _sheet(h, {ENTRY: {"answer.de": new_answer}}))
    apply = out[-1].button("ki:")
    await h.restart()
    kb_admin._PENDING.clear()  # a new process knows only the database
    out = await h.press(COORD, apply)
    assert kb_data(h, ENTRY)["i18n"]["de"]["answer"] == new_answer
    out = await h.press(COORD, apply)  # pressed twice: nothing happens twice
    assert "kr:" not in str(out[-1].buttons)
