"""Guides, requests, proposals and cases against a real database (bot.guides, bot.cases).

A fresh SQLite file per test; with LOTSENBOT_TEST_DATABASE_URL set (tests/run_postgres.py) the
same tests run on PostgreSQL, on a schema dropped and migrated again for each test."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterator

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from bot import cases, guides
from bot.cases import Step
from bot.db import Database, make_engine
from bot.guides import NotAllowed
from bot.models import Base, Case, CaseNote, Guide, GuideRequest, Proposal, User, utcnow
from bot.users import get_or_create

HOURS = 24.0
COORD = 1
G_BEST, G_SECOND, G_THIRD = 11, 12, 13
NEWCOMER, OTHER_NEWCOMER = 101, 102


@pytest.fixture
def db(tmp_path) -> Iterator[Database]:
    url = os.environ.get("LOTSENBOT_TEST_DATABASE_URL")
    if url:
        engine = make_engine(url)
        with engine.begin() as conn:
            Base.metadata.drop_all(conn)
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
        engine.dispose()
    else:
        url = f"sqlite:///{tmp_path}/t.db"
    database = Database(url)
    yield database
    database.dispose()


@pytest.fixture
def s(db: Database) -> Iterator[Session]:
    """One session for the test, committed at the end (tests that need several use db)."""
    with db.session() as session:
        yield session


def coordinator(s: Session) -> User:
    return get_or_create(s, COORD, is_coordinator=True)


def user(s: Session, uid: int, lang: str = "ar") -> User:
    u = get_or_create(s, uid)
    u.lang = lang
    s.flush()
    return u


def add_guide(s: Session, uid: int, district: str, *, languages: dict[str, int] | None = None,
              topics: tuple[str, ...] = ("housing",), max_cases: int = 3) -> User:
    u = user(s, uid, "de")
    u.role = "guide"
    s.add(Guide(user_id=uid, status="active", languages=languages or {"ar": 3},
                districts=[district], topics=list(topics), availability=[0, 1, 2, 3, 4],
                max_cases=max_cases))
    s.flush()
    return u


def three_guides(s: Session) -> None:
    """Best: same district; second: the district next door; third: far away."""
    add_guide(s, G_BEST, "Altstadt")
    add_guide(s, G_SECOND, "Werder")
    add_guide(s, G_THIRD, "Pechau")


def new_request(s: Session, uid: int = NEWCOMER, *, consent: bool = True,
                district: str = "Altstadt", topics: tuple[str, ...] = ("housing",),
                languages: tuple[str, ...] = ("ar",)) -> GuideRequest:
    req = cases.draft_request(s, user(s, uid))
    req.languages, req.district, req.topics = list(languages), district, list(topics)
    req.share_consent = consent
    s.flush()
    return req


def submit(s: Session, uid: int = NEWCOMER, **kw) -> tuple[GuideRequest, Step]:
    req = new_request(s, uid, **kw)
    return req, cases.submit_request(s, req, HOURS)


def asked(s: Session, req: GuideRequest) -> list[tuple[int, str]]:
    return [(p.guide_id, p.status) for p in s.scalars(
        select(Proposal).where(Proposal.request_id == req.id).order_by(Proposal.id))]


def open_case(s: Session, guide_id: int = G_BEST, uid: int = NEWCOMER) -> Case:
    """A newcomer's request accepted by the best guide (who must be the best one)."""
    _, step = submit(s, uid)
    assert step.proposal is not None and step.proposal.guide_id == guide_id
    return cases.accept(s, step.proposal.id, guide_id)


def later(hours: float = HOURS + 1) -> dt.datetime:
    return utcnow() + dt.timedelta(hours=hours)


# -- invitations and applications -----------------------------------------------------------------
def test_only_a_coordinator_creates_invites(s):
    inv = guides.create_invite(s, coordinator(s))
    assert inv.token and inv.expires_at > utcnow()
    with pytest.raises(NotAllowed):
        guides.create_invite(s, user(s, NEWCOMER))
    with pytest.raises(NotAllowed):
        guides.create_invite(s, add_guide(s, G_BEST, "Altstadt"))


def test_invite_is_redeemed_once(s):
    inv = guides.create_invite(s, coordinator(s))
    first = user(s, 50)
    g = guides.redeem_invite(s, inv.token, first)
    assert g.status == "active" and first.role == "guide"
    assert guides.active_guide(s, 50) is not None
    with pytest.raises(NotAllowed):
        guides.redeem_invite(s, inv.token, user(s, 51))
    with pytest.raises(NotAllowed):
        guides.redeem_invite(s, inv.token, first)
    assert guides.active_guide(s, 51) is None and s.get(User, 51).role == "newcomer"
    with pytest.raises(NotAllowed):
        guides.redeem_invite(s, "no-such-token", user(s, 52))


def test_expired_invite_is_refused(s):
    inv = guides.create_invite(s, coordinator(s), days=7)
    with pytest.raises(NotAllowed):
        guides.redeem_invite(s, inv.token, user(s, 50), now=inv.expires_at)
    with pytest.raises(NotAllowed):
        guides.redeem_invite(s, inv.token, user(s, 50), now=utcnow() + dt.timedelta(days=8))
    assert s.get(Guide, 50) is None
    # just before the end it still works
    guides.redeem_invite(s, inv.token, user(s, 50),
                         now=inv.expires_at - dt.timedelta(seconds=1))


def test_application_approve_and_reject(s):
    coord = coordinator(s)
    a, b = user(s, 60), user(s, 61)
    guides.apply(s, a)
    guides.apply(s, b)
    assert {g.user_id for g in guides.pending_applications(s, coord)} == {60, 61}
    with pytest.raises(NotAllowed):
        guides.pending_applications(s, a)
    with pytest.raises(NotAllowed):
        guides.decide_application(s, b, 60, approve=True)  # not a coordinator
    assert guides.active_guide(s, 60) is None  # pending is not active
    guides.decide_application(s, coord, 60, approve=True)
    guides.decide_application(s, coord, 61, approve=False)
    assert guides.active_guide(s, 60) is not None and a.role == "guide"
    assert s.get(Guide, 61).status == "removed" and b.role == "newcomer"
    assert guides.pending_applications(s, coord) == []
    with pytest.raises(NotAllowed):
        guides.decide_application(s, coord, 61, approve=True)  # already decided


# -- requests and proposals -----------------------------------------------------------------------
def test_submit_needs_share_consent(s):
    three_guides(s)
    req = new_request(s, consent=False)
    with pytest.raises(NotAllowed):
        cases.submit_request(s, req, HOURS)
    assert req.status == "draft" and asked(s, req) == []
    req.share_consent = True
    step = cases.submit_request(s, req, HOURS)
    assert step.proposal is not None
    with pytest.raises(NotAllowed):
        cases.submit_request(s, req, HOURS)  # only once


def test_proposal_goes_to_the_best_of_three_and_says_why(s):
    three_guides(s)
    req, step = submit(s)
    p = step.proposal
    assert p is not None and p.guide_id == G_BEST and p.status == "pending"
    assert req.status == "proposed"
    assert "same district Altstadt" in p.reason and "speaks ar" in p.reason
    assert p.score > 0
    assert p.deadline - p.created_at == dt.timedelta(hours=HOURS)
    assert s.get(Guide, G_BEST).last_proposed_at == p.created_at
    assert asked(s, req) == [(G_BEST, "pending")]


def test_decline_hands_over_to_the_second(s):
    three_guides(s)
    req, step = submit(s)
    with pytest.raises(NotAllowed):  # only the asked guide answers
        cases.decline(s, step.proposal.id, G_SECOND, HOURS)
    _, nxt = cases.decline(s, step.proposal.id, G_BEST, HOURS)
    assert nxt.proposal is not None and nxt.proposal.guide_id == G_SECOND
    assert "neighbouring district of Altstadt" in nxt.proposal.reason
    assert asked(s, req) == [(G_BEST, "declined"), (G_SECOND, "pending")]
    with pytest.raises(NotAllowed):  # answered already
        cases.accept(s, step.proposal.id, G_BEST)


def test_deadline_expiry_hands_over(s):
    three_guides(s)
    req, step = submit(s)
    assert cases.expire_due(s, HOURS, now=utcnow() + dt.timedelta(hours=1)) == []
    now = later()
    done = cases.expire_due(s, HOURS, now=now)
    assert [(p.guide_id, p.status) for p, _, _ in done] == [(G_BEST, "expired")]
    (_, r, nxt), = done
    assert r.id == req.id and nxt.proposal.guide_id == G_SECOND
    assert nxt.proposal.deadline == now + dt.timedelta(hours=HOURS)
    # the silent guide can no longer accept
    with pytest.raises(NotAllowed):
        cases.accept(s, step.proposal.id, G_BEST, now=now)


def test_accept_after_the_deadline_is_refused(s):
    three_guides(s)
    _, step = submit(s)
    with pytest.raises(NotAllowed):
        cases.accept(s, step.proposal.id, G_BEST, now=step.proposal.deadline)


def test_nobody_left_means_waiting_list_for_coordinators(s):
    three_guides(s)
    req, step = submit(s)
    _, step = cases.decline(s, step.proposal.id, G_BEST, HOURS)
    _, step = cases.decline(s, step.proposal.id, G_SECOND, HOURS)
    assert step.proposal.guide_id == G_THIRD
    (_, _, last), = cases.expire_due(s, HOURS, now=later())
    assert last.waiting and last.proposal is None
    assert req.status == "waiting"
    assert asked(s, req) == [(G_BEST, "declined"), (G_SECOND, "declined"),
                             (G_THIRD, "expired")]
    assert [r.id for r in cases.waiting_list(s, coordinator(s))] == [req.id]
    for who in (user(s, NEWCOMER), s.get(User, G_BEST)):
        with pytest.raises(NotAllowed):
            cases.waiting_list(s, who)
    assert [p.guide_id for p in cases.proposals_of(s, coordinator(s), req.id)] == \
        [G_BEST, G_SECOND, G_THIRD]
    with pytest.raises(NotAllowed):
        cases.proposals_of(s, user(s, NEWCOMER), req.id)


def test_no_guide_at_all_goes_straight_to_waiting(s):
    add_guide(s, G_BEST, "Altstadt", languages={"tr": 3})  # no shared language
    req, step = submit(s)
    assert step.waiting and step.proposal is None and req.status == "waiting"
    assert [r.id for r in cases.waiting_list(s, coordinator(s))] == [req.id]


def test_accept_opens_a_case(s):
    three_guides(s)
    req, step = submit(s)
    with pytest.raises(NotAllowed):
        cases.accept(s, step.proposal.id, G_SECOND)
    case = cases.accept(s, step.proposal.id, G_BEST)
    assert (case.guide_id, case.newcomer_id, case.status) == (G_BEST, NEWCOMER, "active")
    assert case.request_id == req.id and case.topics == ["housing"]
    assert req.status == "matched" and asked(s, req) == [(G_BEST, "accepted")]
    assert cases.newcomer_case(s, NEWCOMER).id == case.id
    assert [c.id for c in cases.guide_cases(s, G_BEST)] == [case.id]
    assert guides.active_case_counts(s) == {G_BEST: 1}
    assert cases.waiting_list(s, coordinator(s)) == []
    with pytest.raises(NotAllowed):
        cases.accept(s, step.proposal.id, G_BEST)  # not twice


def test_full_guide_is_skipped(s):
    add_guide(s, G_BEST, "Altstadt", max_cases=1)
    add_guide(s, G_SECOND, "Werder")
    open_case(s, G_BEST, NEWCOMER)
    _, step = submit(s, OTHER_NEWCOMER)
    assert step.proposal.guide_id == G_SECOND


def test_a_guide_who_declined_this_newcomer_is_never_asked_again(s):
    add_guide(s, G_BEST, "Altstadt")
    add_guide(s, G_SECOND, "Pechau")
    req1, step = submit(s)
    _, step = cases.decline(s, step.proposal.id, G_BEST, HOURS)
    case = cases.accept(s, step.proposal.id, G_SECOND)
    cases.close(s, case.id, s.get(User, G_SECOND), "no-longer-needed")
    # a new request from the same newcomer: the best guide declined them once, so not asked
    req2, step = submit(s)
    assert req2.id != req1.id
    assert step.proposal.guide_id == G_SECOND
    _, step = cases.decline(s, step.proposal.id, G_SECOND, HOURS)
    assert step.waiting and req2.status == "waiting"
    assert G_BEST not in [g for g, _ in asked(s, req2)]
    # ...while another newcomer still gets the best guide
    _, other = submit(s, OTHER_NEWCOMER)
    assert other.proposal.guide_id == G_BEST


def test_silence_is_not_a_decline_for_later_requests(s):
    add_guide(s, G_BEST, "Altstadt")
    req1, _ = submit(s)
    (_, _, step), = cases.expire_due(s, HOURS, now=later())
    assert step.waiting
    req1.status = "cancelled"
    s.flush()
    _, step = submit(s)
    assert step.proposal is not None and step.proposal.guide_id == G_BEST


# -- cases: ownership and privacy -----------------------------------------------------------------
def test_another_guide_cannot_touch_someone_elses_case(s):
    three_guides(s)
    case = open_case(s)
    intruder = s.get(User, G_SECOND)
    stranger = user(s, OTHER_NEWCOMER)
    for who in (intruder, stranger):
        with pytest.raises(NotAllowed):
            cases.case_for(s, case.id, who)
        with pytest.raises(NotAllowed):
            cases.add_note(s, case.id, who, "mine now")
        with pytest.raises(NotAllowed):
            cases.notes(s, case.id, who)
        with pytest.raises(NotAllowed):
            cases.relay(s, case.id, who, "hello")
        with pytest.raises(NotAllowed):
            cases.share_contact(s, case.id, who)
        with pytest.raises(NotAllowed):
            cases.close(s, case.id, who, "other")
        with pytest.raises(NotAllowed):
            cases.set_paused(s, case.id, who, True)
    assert case.status == "active" and not case.guide_shares_contact
    assert s.scalars(select(CaseNote)).all() == []
    with pytest.raises(NotAllowed):
        cases.case_for(s, 99_999, s.get(User, G_BEST))


def test_notes_are_private_to_the_guide(s):
    three_guides(s)
    case = open_case(s)
    guide, newcomer = s.get(User, G_BEST), s.get(User, NEWCOMER)
    cases.add_note(s, case.id, guide, "called the Ausländerbehörde")
    with pytest.raises(NotAllowed):
        cases.add_note(s, case.id, newcomer, "I write notes too")
    with pytest.raises(NotAllowed):
        cases.notes(s, case.id, newcomer)
    assert [n.text for n in cases.notes(s, case.id, guide)] == ["called the Ausländerbehörde"]
    assert len(cases.notes(s, case.id, coordinator(s))) == 1
    assert len(cases.add_note(s, case.id, guide, "x" * 5000).text) == cases.MAX_NOTE


def test_relay_returns_the_other_side(s):
    three_guides(s)
    case = open_case(s)
    guide, newcomer = s.get(User, G_BEST), s.get(User, NEWCOMER)
    assert cases.relay(s, case.id, guide, "Hallo")[1] == NEWCOMER
    assert cases.relay(s, case.id, newcomer, "مرحبا")[1] == G_BEST
    with pytest.raises(NotAllowed):  # a coordinator may look, but is no party of the talk
        cases.relay(s, case.id, coordinator(s), "hi")
    cases.close(s, case.id, guide, "flat-found")
    with pytest.raises(NotAllowed):
        cases.relay(s, case.id, newcomer, "still there?")


def test_share_contact_needs_both(s):
    three_guides(s)
    case = open_case(s)
    _, both = cases.share_contact(s, case.id, s.get(User, G_BEST))
    assert not both
    _, both = cases.share_contact(s, case.id, s.get(User, G_BEST))  # asking twice: still one
    assert not both
    with pytest.raises(NotAllowed):
        cases.share_contact(s, case.id, coordinator(s))
    _, both = cases.share_contact(s, case.id, s.get(User, NEWCOMER))
    assert both and case.guide_shares_contact and case.newcomer_shares_contact


def test_close_rules(s):
    three_guides(s)
    case = open_case(s)
    newcomer, guide = s.get(User, NEWCOMER), s.get(User, G_BEST)
    with pytest.raises(NotAllowed):
        cases.close(s, case.id, newcomer, "flat-found")  # only the guide closes
    with pytest.raises(NotAllowed):
        cases.close(s, case.id, guide, "made-up-outcome")
    cases.close(s, case.id, guide, "flat-found")
    assert (case.status, case.outcome) == ("closed", "flat-found") and case.closed_at
    with pytest.raises(NotAllowed):
        cases.close(s, case.id, guide, "other")
    assert guides.active_case_counts(s) == {}


def test_ask_another_guide_closes_and_proposes_the_next(s):
    three_guides(s)
    case = open_case(s)
    with pytest.raises(NotAllowed):  # the guide cannot use the newcomer's button
        cases.ask_another_guide(s, case.id, s.get(User, G_BEST), HOURS)
    closed, step = cases.ask_another_guide(s, case.id, s.get(User, NEWCOMER), HOURS)
    assert (closed.status, closed.outcome) == ("closed", "reassigned")
    assert step.proposal is not None and step.proposal.guide_id == G_SECOND
    req = s.get(GuideRequest, case.request_id)
    assert req.status == "proposed"
    assert asked(s, req) == [(G_BEST, "accepted"), (G_SECOND, "pending")]
    new_case = cases.accept(s, step.proposal.id, G_SECOND)
    assert cases.newcomer_case(s, NEWCOMER).id == new_case.id
    with pytest.raises(NotAllowed):  # the first guide's access to the old case remains, but
        cases.relay(s, case.id, s.get(User, G_BEST), "hello?")  # it is closed


def test_ask_another_guide_uses_the_configured_deadline(s):
    three_guides(s)
    case = open_case(s)
    _, step = cases.ask_another_guide(s, case.id, s.get(User, NEWCOMER), deadline_hours=2.0)
    assert step.proposal.deadline - step.proposal.created_at == dt.timedelta(hours=2)


def test_removed_guide_loses_access_at_once(s):
    three_guides(s)
    case = open_case(s)
    guide = s.get(User, G_BEST)
    cases.add_note(s, case.id, guide, "before")
    _, pending = submit(s, OTHER_NEWCOMER)
    assert pending.proposal.guide_id == G_BEST
    with pytest.raises(NotAllowed):
        guides.remove_guide(s, s.get(User, G_SECOND), G_BEST)  # coordinators only
    guides.remove_guide(s, coordinator(s), G_BEST)
    assert guide.role == "newcomer" and guides.active_guide(s, G_BEST) is None
    with pytest.raises(NotAllowed):
        cases.case_for(s, case.id, guide)
    with pytest.raises(NotAllowed):
        cases.notes(s, case.id, guide)
    with pytest.raises(NotAllowed):
        cases.add_note(s, case.id, guide, "after")
    with pytest.raises(NotAllowed):
        cases.relay(s, case.id, guide, "still me")
    with pytest.raises(NotAllowed):
        cases.close(s, case.id, guide, "other")
    with pytest.raises(NotAllowed):
        cases.guide_cases(s, G_BEST)
    with pytest.raises(NotAllowed):
        cases.accept(s, pending.proposal.id, G_BEST)
    # and is never proposed again
    assert G_BEST not in [p.user_id for p in guides.profiles(s)]
    _, step = submit(s, 103)
    assert step.proposal.guide_id == G_SECOND
    # coordinators still see the case
    assert cases.case_for(s, case.id, coordinator(s)).id == case.id


def test_newcomer_messages_do_not_reach_a_removed_guide(s):
    three_guides(s)
    case = open_case(s)
    guides.remove_guide(s, coordinator(s), G_BEST)
    try:
        _, to = cases.relay(s, case.id, s.get(User, NEWCOMER), "are you there?")
    except NotAllowed:
        return
    assert to != G_BEST


def test_guide_never_above_capacity_with_two_open_proposals(s):
    add_guide(s, G_BEST, "Altstadt", max_cases=1)
    _, a = submit(s, NEWCOMER)
    _, b = submit(s, OTHER_NEWCOMER)
    assert a.proposal.guide_id == G_BEST
    if b.proposal is not None and b.proposal.guide_id == G_BEST:
        cases.accept(s, a.proposal.id, G_BEST)
        with contextlib.suppress(NotAllowed):  # refusing the second one would be fine
            cases.accept(s, b.proposal.id, G_BEST)
    assert guides.active_case_counts(s).get(G_BEST, 0) <= 1


def test_state_survives_a_new_session(db):
    """The deadline is a row: a restart (new session) still finds and passes it on."""
    with db.session() as s:
        three_guides(s)
        req, _ = submit(s)
        req_id = req.id
    with db.session() as s:
        (_, r, step), = cases.expire_due(s, HOURS, now=later())
        assert r.id == req_id and step.proposal.guide_id == G_SECOND
    with db.session() as s:
        assert asked(s, s.get(GuideRequest, req_id)) == [(G_BEST, "expired"),
                                                          (G_SECOND, "pending")]
