"""Guides end to end: invite, registration, a Persian-speaking newcomer's request, decline and
hand-over, relayed messages both ways, ownership of cases, closing with an outcome."""

from __future__ import annotations

from sqlalchemy import select

from bot.models import Case, Guide, Proposal, RelayedMessage

COORD = 900  # COORDINATOR_IDS in the harness


async def register_guide(h, uid: int, *, langs: dict[str, int], district_idx: int,
                         topics: list[int], max_cases: int = 2, name: str = "Guide") -> None:
    out = await h.say(COORD, "/invite", lang="de")
    link = out[-1].text.split("start=")[1].split()[0]
    await h.say(uid, f"/start {link}", lang="de", first_name=name)
    wizard = await h.wait_button(uid, "gl:")  # the redeemed link opens the profile wizard
    assert "gl:fa" in [d for _, d in wizard.buttons]
    for code, level in langs.items():
        for _ in range(level):
            await h.press(uid, f"gl:{code}", first_name=name)
    await h.press(uid, "gs:districts", first_name=name)
    await h.press(uid, f"gd:{district_idx}", first_name=name)
    await h.press(uid, "gs:topics", first_name=name)
    for t in topics:
        await h.press(uid, f"gt:{t}", first_name=name)
    await h.press(uid, "gs:days", first_name=name)
    await h.press(uid, "ga:1", first_name=name)
    await h.press(uid, "gs:max", first_name=name)
    await h.press(uid, f"gm:{max_cases}", first_name=name)


async def newcomer_asks(h, uid: int, lang: str, district_idx: int, topic_idx: int) -> None:
    await h.onboard(uid, lang)
    await h.press(uid, "m:guide", expect=2, first_name="Zahra")
    await h.press(uid, "rs:district", first_name="Zahra")
    await h.press(uid, f"rd:{district_idx}", first_name="Zahra")
    await h.press(uid, f"rt:{topic_idx}", first_name="Zahra")
    await h.press(uid, "rs:urgency", first_name="Zahra")
    await h.press(uid, "ru:0", first_name="Zahra")
    await h.press(uid, "rb:0", first_name="Zahra")
    await h.press(uid, "rs:consent", first_name="Zahra")
    await h.press(uid, "rc:1", first_name="Zahra")


async def test_invite_register_match_decline_accept_relay_close(harness):
    h = harness
    await h.say(COORD, "/start", lang="de")
    # three guides: Persian in the newcomer's district (best), Persian next door, Arabic only
    await register_guide(h, 501, langs={"fa": 3, "de": 3}, district_idx=35, topics=[2],
                         name="Parisa")  # Stadtfeld Ost
    await register_guide(h, 502, langs={"fa": 2, "de": 3}, district_idx=0, topics=[2],
                         name="Reza")  # Altstadt, neighbour of Stadtfeld Ost
    await register_guide(h, 503, langs={"ar": 3, "de": 3}, district_idx=35, topics=[2],
                         name="Omar")
    with h.services.db.session() as s:
        assert s.get(Guide, 501).status == "active" and s.get(Guide, 501).languages == {
            "fa": 3, "de": 3}
    newcomer = 601
    await newcomer_asks(h, newcomer, "fa", district_idx=35, topic_idx=2)
    proposal = await h.wait_button(501, "pa:")
    assert "Zahra" in proposal.text and "pa:" in proposal.buttons[0][1]
    # why this guide, in the guide's language (German), with the language name spelled out
    assert "gleicher Stadtteil Stadtfeld Ost" in proposal.text and "Persisch" in proposal.text
    assert not [m for m in h.emu.to(503) if "pa:" in str(m.buttons)]  # no shared language
    # Parisa declines: Reza gets it
    await h.press(501, proposal.button("pd:"), first_name="Parisa")
    second = await h.wait_button(502, "pa:")
    await h.press(502, second.button("pa:"), expect=2, first_name="Reza")
    with h.services.db.session() as s:
        case = s.scalars(select(Case).where(Case.newcomer_id == newcomer)).one()
        assert case.guide_id == 502 and case.status == "active"
        reasons = [p.reason for p in s.scalars(select(Proposal).order_by(Proposal.id))]
        assert "same district Stadtfeld Ost" in reasons[0] and "neighbouring" in reasons[1]
    told = await h.wait_button(newcomer, "cw:")  # "Reza is now your guide" with a write button
    assert "Reza" in told.text
    # relay both ways
    await h.press(502, f"cw:{case.id}", first_name="Reza")
    before = len(h.emu.to(newcomer))
    await h.say(502, "Salam Zahra, wann passt es dir?", first_name="Reza")
    got = (await h.emu.wait_for(newcomer, before + 1))[-1]
    assert "wann passt es dir" in got.text and f"#{case.id}" in got.text
    await h.press(newcomer, f"cw:{case.id}", first_name="Zahra")
    before = len(h.emu.to(502))
    await h.say(newcomer, "فردا ساعت ۱۰ خوب است", first_name="Zahra")
    got = (await h.emu.wait_for(502, before + 1))[-1]
    assert "فردا" in got.text
    with h.services.db.session() as s:
        assert s.scalars(select(RelayedMessage)).all().__len__() == 2
    # another guide can neither see nor act on this case, even with crafted callbacks
    for data in (f"cs:{case.id}", f"cw:{case.id}", f"cn:{case.id}", f"co:{case.id}:0",
                 f"cp:{case.id}:1", f"ck:{case.id}", f"cx:{case.id}", f"cr:{case.id}",
                 f"pa:{case.id}", "pa:1", "pa:2"):
        before_msgs = len(h.emu.to(501))
        await h.press(501, data, expect=0, first_name="Parisa")
        assert h.emu.callback_answers[-1].get("text")  # "not possible", as a toast
        assert len(h.emu.to(501)) == before_msgs  # nothing was shown
    with h.services.db.session() as s:
        c = s.get(Case, case.id)
        assert c.status == "active" and c.guide_id == 502
    # the guide closes the case with an outcome; the newcomer is told
    await h.say(502, "/cancel", first_name="Reza")
    await h.press(502, f"cx:{case.id}", first_name="Reza")
    before = len(h.emu.to(newcomer))
    await h.press(502, f"co:{case.id}:0", first_name="Reza")
    await h.emu.wait_for(newcomer, before + 1)
    with h.services.db.session() as s:
        c = s.get(Case, case.id)
        assert c.status == "closed" and c.outcome == "course-found"


async def test_used_and_forged_invites_do_nothing(harness):
    h = harness
    await h.say(COORD, "/start", lang="de")
    out = await h.say(COORD, "/invite", lang="de")
    token = out[-1].text.split("start=")[1].split()[0]
    await h.say(701, f"/start {token}", lang="en")
    await h.emu.wait_for(701, 2)
    out = await h.say(702, f"/start {token}", lang="en")  # replayed
    assert "not valid" in out[0].text
    out = await h.say(703, "/start g_forgedtoken123", lang="en")
    assert "not valid" in out[0].text
    with h.services.db.session() as s:
        assert s.get(Guide, 702) is None and s.get(Guide, 703) is None
    # newcomers and guides cannot create invites
    for uid in (701, 704):
        out = await h.say(uid, "/invite", lang="en")
        assert "coordinators" in out[0].text
