"""Updates a real chat produces that are not plain questions must never break the bot."""

from __future__ import annotations

STICKER = {"file_id": "s1", "file_unique_id": "s1", "type": "regular", "width": 512,
           "height": 512, "is_animated": False, "is_video": False}
VOICE = {"file_id": "v1", "file_unique_id": "v1", "duration": 3}
PHOTO = [{"file_id": "p1", "file_unique_id": "p1", "width": 90, "height": 90}]


async def test_media_get_a_short_answer_in_the_users_language(harness):
    h, uid = harness, 2001
    await h.onboard(uid, "uk")
    for content in ({"sticker": STICKER}, {"voice": VOICE}, {"photo": PHOTO}):
        before = len(h.emu.to(uid))
        h.emu.message(uid, **content)
        out = (await h.emu.wait_for(uid, before + 1))[before:]
        assert any(0x0400 <= ord(ch) <= 0x04FF for ch in out[0].text)


async def test_edited_message_is_answered(harness):
    h, uid = harness, 2002
    await h.onboard(uid, "de")
    before = len(h.emu.to(uid))
    h.emu.send_text(uid, "deutschkurs", edited=True)
    out = (await h.emu.wait_for(uid, before + 1))[before:]
    assert "<b>" in out[0].text


async def test_group_chat_only_help_pointing_to_private_chat(harness):
    h, uid = harness, 2003
    group = -5000
    h.emu.send_text(uid, "wo lerne ich deutsch", chat_type="group", chat_id=group)
    h.emu.send_text(uid, "/help", chat_type="group", chat_id=group, lang="de")
    out = await h.emu.wait_for(group, 1)
    assert len(out) == 1 and "t.me/" in out[0].text


async def test_very_long_text_is_cut_with_notice_and_answered(harness):
    h, uid = harness, 2004
    await h.onboard(uid, "en")
    before = len(h.emu.to(uid))
    h.emu.send_text(uid, "german course " * 600)
    out = (await h.emu.wait_for(uid, before + 2))[before:]
    assert "1000" in out[0].text or "1,000" in out[0].text
    assert all(len(s.text) <= 4096 for s in out)


async def test_outdated_or_forged_buttons(harness):
    h, uid = harness, 2005
    await h.onboard(uid, "en")
    for data in ("e:does-not-exist", "o:999999", "f:1:1", "zz", "t:99:0", "l:xx", "x" * 64,
                 "v:universitaetsklinikum-x", "n:77", "g:99"):
        before = len(h.emu.callback_answers)
        h.emu.press(uid, data)
        await h.emu.wait_answers(before + 1)
        assert h.emu.callback_answers[-1].get("text")  # "this button is no longer valid"
    # the bot still answers normally afterwards (menus sent for outdated buttons come first)
    import asyncio

    await asyncio.sleep(0.5)
    out = await h.say(uid, "german course")
    assert "<b>" in out[-1].text


async def test_someone_elses_question_id_is_refused(harness):
    h, a, b = harness, 2006, 2007
    await h.onboard(a, "de")
    await h.onboard(b, "de")
    card = (await h.say(a, "deutschkurs"))[0]
    helpful = card.button("f:")
    before = len(h.emu.callback_answers)
    h.emu.press(b, helpful)
    await h.emu.wait_answers(before + 1)
    from bot.models import Question

    qid = int(helpful.split(":")[1])
    with h.services.db.session() as s:
        assert s.get(Question, qid).helpful is None  # b's press changed nothing


async def test_files_are_refused_in_the_users_language(harness):
    h, uid = harness, 2008
    await h.onboard(uid, "uk")
    before = len(h.emu.to(uid))
    h.emu.message(uid, document={"file_id": "d1", "file_unique_id": "d1",
                                 "file_name": "kb.zip", "file_size": 1234})
    out = (await h.emu.wait_for(uid, before + 1))[before:]
    assert any(0x0400 <= ord(ch) <= 0x04FF for ch in out[0].text)
    assert not [c for c in h.emu.calls if c[0] == "getFile"]  # never downloaded
