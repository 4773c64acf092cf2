"""A newcomer's way through the bot, played against the Bot API emulator over real HTTP."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.models import Question, User

AR_ASK = "وين اتعلم اللغه الالمانيه"  # "where do I learn German", colloquial, no hamza
UK_ASK = "де можна вивчити нимецьку мову"  # typo: нимецьку for німецьку


async def test_onboarding_in_arabic_with_consent(harness):
    h, uid = harness, 1001
    first = await h.say(uid, "/start", lang="ar")
    picker = first[0]
    assert "✓ العربية" in [label for label, _ in picker.buttons]  # preselected from Telegram
    assert len(picker.buttons) == 16  # the 12 required languages and ti, so, fr, bg
    out = await h.press(uid, "l:ar", expect=2)
    assert "العربية" in out[0].text  # "language set" in Arabic
    notice = out[1]
    assert notice.text.startswith("\u200f") or "/mydata" in notice.text
    assert [d for _, d in notice.buttons] == ["c:1", "c:0"]
    out = await h.press(uid, "c:1", expect=2)
    assert len(out[1].buttons) == 6  # main menu
    with h.services.db.session() as s:
        user = s.get(User, uid)
        assert user.lang == "ar" and user.consent_version == 1 and user.consent_at is not None


async def test_onboarding_in_ukrainian_consent_refused_stores_no_text(harness):
    h, uid = harness, 1002
    await h.onboard(uid, "uk", consent=False)
    with h.services.db.session() as s:
        user = s.get(User, uid)
        assert user.lang == "uk" and user.consent_version is None and user.first_name is None
    out = await h.say(uid, "розкажи мені анекдот про погоду")
    assert out[0].buttons  # topics / guide offered
    with h.services.db.session() as s:
        q = s.scalars(select(Question).where(Question.user_id == uid)).one()
        assert q.answered is False and q.text is None  # recorded, but no text without consent


async def test_question_with_typo_answered_in_chosen_language(harness):
    h, uid = harness, 1003
    await h.onboard(uid, "uk")
    out = await h.say(uid, UK_ASK)
    card = out[0]
    assert "Integrationskurs" in card.text or "курс" in card.text.lower()
    assert any(0x0400 <= ord(ch) <= 0x04FF for ch in card.text)  # Ukrainian (Cyrillic) text
    labels = [label for label, _ in card.buttons]
    assert any(d.startswith("f:") for _, d in card.buttons) and len(labels) >= 4


async def test_tigrinya_speaker_is_answered_in_tigrinya(harness):
    """Tigrinya is written in Ge'ez; the picker offers it, the menu and the answer are in it."""
    h, uid = harness, 1010
    first = await h.say(uid, "/start", lang="ti")
    assert "✓ ትግርኛ" in [label for label, _ in first[0].buttons]  # preselected from Telegram
    await h.press(uid, "l:ti", expect=2)
    await h.press(uid, "c:1", expect=2)
    card = (await h.say(uid, "ኮርስ ጀርመን ኣበይ ይርከብ"))[0]  # where is there a German course
    assert "Integrationskurs" in card.text or "ቋንቋ" in card.text
    assert sum(0x1200 <= ord(ch) <= 0x137F for ch in card.text) > 50  # written in Ge'ez
    with h.services.db.session() as s:
        assert s.get(User, uid).lang == "ti"


async def test_other_answers_and_feedback(harness):
    h, uid = harness, 1004
    await h.onboard(uid, "ar")
    card = (await h.say(uid, AR_ASK))[0]
    other = card.button("o:")  # "other answers"
    out = await h.press(uid, other)
    assert out[0].buttons and all(d.startswith("e:") for _, d in out[0].buttons)
    entry_data = out[0].buttons[0][1]
    card2 = (await h.press(uid, entry_data))[0]
    assert "<b>" in card2.text
    helpful = next(d for _, d in card.buttons if d.startswith("f:") and d.endswith(":1"))
    await h.press(uid, helpful, expect=0)
    assert h.emu.callback_answers[-1].get("text")  # a thank-you toast
    qid = int(helpful.split(":")[1])
    with h.services.db.session() as s:
        assert s.get(Question, qid).helpful is True


async def test_unanswered_question_recorded_with_text_when_consented(harness):
    h, uid = harness, 1005
    await h.onboard(uid, "de")
    from bot import messages as M
    from bot.i18n import translations

    tr = translations("de")
    # nothing near: "no good answer", and the question goes to the team
    out = await h.say(uid, "erzähl mir einen witz")
    assert M.no_answer(tr) in out[0].text and M.recorded_for_team(tr) in out[0].text
    assert not [d for _, d in out[0].buttons if d.startswith("e:")]
    # something near: "not sure I understood", with the nearest entries one tap away
    out = await h.say(uid, "Wo kann ich Kegeln spielen?")
    assert out[0].text == M.not_sure(tr)
    assert "e:sport-verein" in [d for _, d in out[0].buttons]
    with h.services.db.session() as s:
        asked = s.scalars(select(Question).where(Question.user_id == uid)
                          .order_by(Question.id)).all()
        assert [(q.answered, q.text) for q in asked] == [
            (False, "erzähl mir einen witz"), (False, "Wo kann ich Kegeln spielen?")]


async def test_browse_to_entry_card_and_venue(harness):
    h, uid = harness, 1006
    await h.onboard(uid, "en")
    await h.say(uid, "/menu")
    out = await h.press(uid, "m:topics")
    topic_buttons = [d for _, d in out[0].buttons if d.startswith("t:")]
    assert len(topic_buttons) == 15
    health = "t:6:0"
    page = (await h.press(uid, health))[0]
    assert page.method == "editMessageText"
    entries = [d for _, d in page.buttons if d.startswith("e:")]
    assert entries and "tp:0" in [d for _, d in page.buttons]  # back button
    card = (await h.press(uid, "e:universitaetsklinikum"))[0]
    assert "Leipziger Straße 44" in card.text
    venue = (await h.press(uid, card.button("v:")))[0]
    assert venue.method == "sendVenue"
    assert abs(venue.params["latitude"] - 52.1005) < 0.01


async def test_nearby_offers_from_location(harness):
    h, uid = harness, 1007
    await h.onboard(uid, "en")
    await h.press(uid, "m:topics")
    await h.press(uid, "tp:1")  # nearby: choose topic (edits the message)
    ask = (await h.press(uid, "n:6"))  # health
    assert ask[-1].params["reply_markup"]["keyboard"][0][0]["request_location"] is True
    before = len(h.emu.to(uid))
    h.emu.send_location(uid, 52.13, 11.63)
    out = (await h.emu.wait_for(uid, before + 2))[before:]
    assert "km" in out[0].text
    with h.services.db.session() as s:
        assert s.get(User, uid).state is None  # location not kept


async def test_language_switched_later(harness):
    h, uid = harness, 1008
    await h.onboard(uid, "de")
    await h.say(uid, "/language")
    out = await h.press(uid, "l:ru")
    assert "Русский" in out[0].text or "русск" in out[0].text.lower()
    card = (await h.say(uid, "где учить немецкий"))[0]
    assert any(0x0400 <= ord(ch) <= 0x04FF for ch in card.text)


async def test_restart_in_the_middle_of_browsing_keeps_language_and_consent(harness):
    h, uid = harness, 1009
    await h.onboard(uid, "ar")
    await h.press(uid, "m:topics")
    page = (await h.press(uid, "t:0:0"))[0]
    await h.restart()
    entry = next(d for _, d in page.buttons if d.startswith("e:"))
    card = (await h.press(uid, entry))[0]
    assert any(0x0600 <= ord(ch) <= 0x06FF for ch in card.text)  # still Arabic
    with h.services.db.session() as s:
        assert s.get(User, uid).consent_version == 1


async def test_emergency_in_one_tap_and_for_bare_help(harness):
    h, uid = harness, 1010
    await h.onboard(uid, "fa")
    out = await h.press(uid, "m:emergency")
    assert "112" in out[0].text and "110" in out[0].text
    for word in ("کمک", "112", "help", "допоможіть", "hilfe"):
        out = await h.say(uid, word)
        assert "112" in out[0].text and "110" in out[0].text


async def test_guide_request_needs_consent_then_goes_to_waiting_list(harness):
    from bot.models import GuideRequest

    h, uid = harness, 1011
    await h.onboard(uid, "ps", consent=False)
    out = await h.press(uid, "m:guide")
    assert [d for _, d in out[0].buttons] == ["c:1", "c:0"]
    out = await h.press(uid, "c:1", expect=3)  # thanks, intro, languages
    assert "rl:ps" in [d for _, d in out[-1].buttons]
    await h.press(uid, "rs:district")
    await h.press(uid, "rd:3")  # Neue Neustadt
    await h.press(uid, "rt:0")
    await h.press(uid, "rs:urgency")
    await h.press(uid, "ru:1")
    await h.press(uid, "rb:0")
    out = await h.press(uid, "rs:consent")
    await h.press(uid, "rc:1")  # no guide exists: waiting list, told honestly
    with h.services.db.session() as s:
        req = s.scalars(select(GuideRequest).where(GuideRequest.user_id == uid)).one()
        assert req.topics == ["language-courses"] and req.status == "waiting"
        assert req.district == "Neue Neustadt" and req.languages == ["ps"]


async def test_new_privacy_version_asks_again_once(harness):
    h, uid = harness, 1012
    await h.onboard(uid, "en")
    with h.services.db.session() as s:
        s.get(User, uid).consent_version = 0  # agreed to an older privacy text
    start = len(h.emu.to(uid))
    out = await h.say(uid, "german course")
    notice = out[0]
    assert [d for _, d in notice.buttons] == ["c:1", "c:0"]
    # and the question is answered too (the answer may already be there when `say` returns)
    items = await h.emu.wait_for(uid, start + 2)
    assert "Integration course" in items[start + 1].text
    before = len(h.emu.to(uid))
    out = await h.say(uid, "german course")
    assert not any(d == "c:1" for m in out for _, d in m.buttons)  # asked only once
    assert len(h.emu.to(uid)) == before + 1


async def test_user_who_blocked_the_bot_is_marked_inactive(harness):
    h, uid = harness, 1013
    await h.onboard(uid, "en")
    h.emu.blocked.add(uid)
    h.emu.send_text(uid, "german course")
    import asyncio

    for _ in range(100):
        with h.services.db.session() as s:
            if s.get(User, uid).active is False:
                break
        await asyncio.sleep(0.05)
    with h.services.db.session() as s:
        assert s.get(User, uid).active is False


async def test_greeting_thanks_and_who_are_you_are_answered_in_kind_and_not_recorded(harness):
    h, uid = harness, 1020
    await h.onboard(uid, "ar")
    with h.services.db.session() as s:
        before = s.scalar(select(func.count()).select_from(Question))
    out = await h.say(uid, "السلام عليكم")
    assert out[0].text.startswith("مرحبًا") and "اكتب سؤالك" in out[0].text
    assert out[0].buttons  # the main menu, so the next step is one tap away
    out = await h.say(uid, "شكرا")
    assert out[0].text.startswith("على الرحب والسعة")
    out = await h.say(uid, "مين انت؟")  # what the bot is, in the newcomer's language
    assert "Lotsenbot" in out[0].text and "لست إنسانًا" in out[0].text  # "not a person"
    assert out[0].buttons  # the main menu
    out = await h.say(uid, "مرحبا، وين بقدر اتعلم الماني ببلاش")  # a greeting with a question
    assert "الألمانية" in out[0].text
    with h.services.db.session() as s:  # only the real question is counted
        assert s.scalar(select(func.count()).select_from(Question)) == before + 1


async def test_wanting_to_die_gets_the_crisis_line_at_once_and_is_not_stored(harness):
    h, uid = harness, 1021
    await h.onboard(uid, "ru")
    with h.services.db.session() as s:
        before = s.scalar(select(func.count()).select_from(Question))
    sent = len(h.emu.to(uid))
    h.emu.send_text(uid, "хочу покончить с собой")
    out = (await h.emu.wait_for(uid, sent + 2))[sent:]  # a word first, then the crisis lines
    assert out[0].text.startswith("Вы не одни")
    assert "0800 111 0 111" in out[1].text and "112" in out[1].text  # TelefonSeelsorge
    with h.services.db.session() as s:
        assert s.scalar(select(func.count()).select_from(Question)) == before


async def test_the_command_menu_is_registered_in_every_language(harness):
    """Telegram shows each user the command menu of their app language; the bot registers it
    at start (all at once, so a restart does not hold back missed reminders)."""
    import json

    from bot.app import _post_init
    from bot.topics import ALL_LANGUAGES

    before = len(harness.emu.calls)
    await _post_init(harness.app)
    calls = [p for m, p in harness.emu.calls[before:] if m == "setMyCommands"]
    by_lang = {p.get("language_code"): json.loads(p["commands"]) if isinstance(
        p["commands"], str) else p["commands"] for p in calls}
    assert set(by_lang) == {None, *ALL_LANGUAGES}
    start = {lang: next(c["description"] for c in cmds if c["command"] == "start")
             for lang, cmds in by_lang.items()}
    assert start["uk"] != start["en"] and start["ti"] != start["en"]
    assert start[None] == start["en"]  # users whose language is none of the 16
