"""The matcher's core (bot.matching): hard rules, scoring, tie-breaking, the indexed pool beside
the naive scan, fairness over many requests, and a property test that no candidate ever breaks
a hard rule. Pure Python: no database, no Telegram."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.districts import _NEIGHBOURS, DISTRICTS, NEIGHBOURS
from bot.guides import is_paused
from bot.matching import (
    BRIDGE_LANGUAGES,
    GuidePool,
    GuideProfile,
    RequestProfile,
    eligible,
    rank,
    score,
)
from bot.models import Guide
from bot.topics import REQUIRED_LANGUAGES, TOPICS

TODAY = dt.date(2026, 3, 10)
NEWCOMER = 1000


def guide(uid: int, **kw) -> GuideProfile:
    """A guide who fits the default request() perfectly unless told otherwise."""
    data = {
        "user_id": uid,
        "languages": {"ar": 3},
        "districts": frozenset({"Altstadt"}),
        "topics": frozenset({"housing"}),
        "availability": frozenset(range(5)),
        "max_cases": 3,
    }
    data.update(kw)
    return GuideProfile(**data)


def request(**kw) -> RequestProfile:
    data = {
        "newcomer_id": NEWCOMER,
        "languages": ("ar",),
        "district": "Altstadt",
        "topics": frozenset({"housing"}),
    }
    data.update(kw)
    return RequestProfile(**data)


def ids(cands) -> list[int]:
    return [c.guide.user_id for c in cands]


# -- hard rules -----------------------------------------------------------------------------------
# Each case: (guide overrides that must exclude, the same guide fixed so it is included,
#             request overrides). The control shows it is the one attribute that excludes.
# The German/English bridge, which depends on the request, has its own test below.
HARD_RULES = {
    "no shared language": ({"languages": {"tr": 3, "ru": 2}}, {"languages": {"tr": 3, "ar": 1}},
                           {}),
    "only a bridge language, not accepted": ({"languages": {"de": 3, "en": 3}},
                                             {"languages": {"de": 3, "ar": 2}}, {}),
    "capacity full": ({"active_cases": 3, "max_cases": 3},
                      {"active_cases": 2, "max_cases": 3}, {}),
    "over capacity": ({"active_cases": 5, "max_cases": 3}, {"active_cases": 0}, {}),
    "no capacity at all": ({"max_cases": 0}, {"max_cases": 1}, {}),
    "paused until tomorrow": ({"paused_until": TODAY + dt.timedelta(days=1)},
                              {"paused_until": TODAY - dt.timedelta(days=1)}, {}),
    "paused for months": ({"paused_until": TODAY + dt.timedelta(days=90)},
                          {"paused_until": None}, {}),
    "inactive": ({"active": False}, {"active": True}, {}),
}


@pytest.mark.parametrize("name", list(HARD_RULES))
def test_each_hard_rule_excludes_the_guide(name):
    bad, good, req_kw = HARD_RULES[name]
    r = request(**req_kw)
    g_bad, g_good = guide(1, **bad), guide(2, **good)
    assert eligible(g_bad, r, TODAY) is None
    assert eligible(g_good, r, TODAY) is not None
    assert ids(rank([g_bad, g_good], r, TODAY)) == [2]
    assert ids(GuidePool([g_bad, g_good]).rank(r, TODAY)) == [2]


def test_bridge_language_only_when_newcomer_accepts_de_en():
    de, en, fr = guide(1, languages={"de": 3}), guide(2, languages={"en": 1}), \
        guide(3, languages={"fr": 3})
    without = request(accepts_de_en=False)
    assert rank([de, en, fr], without, TODAY) == []
    with_bridge = request(accepts_de_en=True)
    got = {c.guide.user_id: c.language for c in rank([de, en, fr], with_bridge, TODAY)}
    assert got == {1: "de", 2: "en"}  # French is no bridge
    assert {c.guide.user_id for c in GuidePool([de, en, fr]).rank(with_bridge, TODAY)} == {1, 2}


def test_shared_language_preferred_over_the_bridge():
    # speaks the newcomer's own language (even basic) and German natively: talk in Arabic
    g = guide(1, languages={"ar": 1, "de": 3})
    assert eligible(g, request(accepts_de_en=True), TODAY) == "ar"
    # of several shared languages the guide's strongest is used
    g2 = guide(2, languages={"ar": 1, "fa": 3})
    assert eligible(g2, request(languages=("ar", "fa")), TODAY) == "fa"


def test_pause_that_ended_yesterday_does_not_exclude():
    yesterday = TODAY - dt.timedelta(days=1)
    assert eligible(guide(1, paused_until=yesterday), request(), TODAY) == "ar"
    assert eligible(guide(1, paused_until=TODAY + dt.timedelta(days=1)), request(), TODAY) is None


@pytest.mark.parametrize("days", [-30, -1, 0, 1, 30])
def test_pause_rule_agrees_with_guides_is_paused(days):
    until = TODAY + dt.timedelta(days=days)
    row = Guide(user_id=1, paused_until=until)
    excluded = eligible(guide(1, paused_until=until), request(), TODAY) is None
    assert excluded == is_paused(row, TODAY)


def test_previously_asked_or_declined_guides_are_excluded():
    gs = [guide(i) for i in (1, 2, 3)]
    r = request(excluded=frozenset({1, 3}))
    assert ids(rank(gs, r, TODAY)) == [2]
    assert ids(GuidePool(gs).rank(r, TODAY)) == [2]
    assert rank(gs, request(excluded=frozenset({1, 2, 3})), TODAY) == []


def test_the_newcomer_is_never_their_own_guide():
    me = guide(NEWCOMER)
    other = guide(7, districts=frozenset({"Pechau"}), topics=frozenset())
    assert eligible(me, request(), TODAY) is None
    assert ids(rank([me, other], request(), TODAY)) == [7]
    assert ids(GuidePool([me, other]).rank(request(), TODAY)) == [7]


def test_no_language_at_all_matches_nobody():
    assert rank([guide(1)], request(languages=()), TODAY) == []
    assert ids(rank([guide(1, languages={"de": 2})], request(languages=(), accepts_de_en=True),
                    TODAY)) == [1]


# -- score -----------------------------------------------------------------------------------------
def _one_way_neighbours() -> tuple[str, str]:
    """A pair where only one side lists the other in the source table."""
    for a, ns in _NEIGHBOURS.items():
        for b in ns:
            if a not in _NEIGHBOURS.get(b, ()):
                return a, b
    pytest.skip("the neighbour table is symmetric already")


def test_district_same_beats_neighbouring_beats_other():
    assert "Werder" in NEIGHBOURS["Altstadt"] and "Pechau" not in NEIGHBOURS["Altstadt"]
    same = guide(1, districts=frozenset({"Altstadt"}))
    near = guide(2, districts=frozenset({"Werder"}))
    far = guide(3, districts=frozenset({"Pechau"}))
    r = request()
    s = {g.user_id: score(g, r, "ar") for g in (same, near, far)}
    assert s[1][0] > s[2][0] > s[3][0]
    assert "same district Altstadt" in s[1][1]
    assert "neighbouring district of Altstadt" in s[2][1]
    assert "district" not in s[3][1]
    assert ids(rank([far, near, same], r, TODAY)) == [1, 2, 3]


def test_neighbourhood_is_symmetric():
    a, b = _one_way_neighbours()
    assert b in NEIGHBOURS[a] and a in NEIGHBOURS[b]
    r = request(district=b)
    near = guide(1, districts=frozenset({a}))
    other = next(d for d in DISTRICTS if d != b and d not in NEIGHBOURS[b])
    far = guide(2, districts=frozenset({other}))
    assert score(near, r, "ar")[0] > score(far, r, "ar")[0]
    for d, ns in NEIGHBOURS.items():
        assert d not in ns
        for n in ns:
            assert d in NEIGHBOURS[n]


def test_no_district_given_scores_everyone_alike_on_district():
    r = request(district=None)
    a = guide(1, districts=frozenset({"Altstadt"}))
    b = guide(2, districts=frozenset({"Pechau"}))
    assert score(a, r, "ar")[0] == score(b, r, "ar")[0]


def test_topic_overlap_counts():
    r = request(topics=frozenset({"housing", "health"}))
    both = guide(1, topics=frozenset({"housing", "health", "recognition"}))
    one = guide(2, topics=frozenset({"health"}))
    none = guide(3, topics=frozenset({"recognition"}))
    s = {g.user_id: score(g, r, "ar") for g in (both, one, none)}
    assert s[1][0] > s[2][0] > s[3][0]
    assert "topics 2/2" in s[1][1] and "topics 1/2" in s[2][1] and "topics 0/2" in s[3][1]
    assert ids(rank([none, one, both], r, TODAY)) == [1, 2, 3]


def test_other_score_parts_point_the_right_way():
    r = request()
    # a better language level, more availability and less load each raise the score
    assert score(guide(1, languages={"ar": 3}), r, "ar")[0] > \
        score(guide(1, languages={"ar": 1}), r, "ar")[0]
    assert score(guide(1, availability=frozenset(range(7))), r, "ar")[0] > \
        score(guide(1, availability=frozenset({0})), r, "ar")[0]
    assert score(guide(1, active_cases=0), r, "ar")[0] > \
        score(guide(1, active_cases=2), r, "ar")[0]


def test_reason_says_why():
    (c,) = rank([guide(5, active_cases=1)], request(), TODAY)
    assert c.reason.startswith("speaks ar (native/fluent)")
    for part in ("same district Altstadt", "topics 1/1", "load 1/3", "available 5 days a week"):
        assert part in c.reason


# -- tie-breaking ----------------------------------------------------------------------------------
def test_tie_less_loaded_first():
    # 1/2 and 2/4 give the same load share, so the same score; fewer open cases goes first
    a = guide(1, active_cases=2, max_cases=4)
    b = guide(2, active_cases=1, max_cases=2)
    r = request()
    assert score(a, r, "ar")[0] == score(b, r, "ar")[0]
    assert ids(rank([a, b], r, TODAY)) == [2, 1]
    assert ids(GuidePool([a, b]).rank(r, TODAY)) == [2, 1]


def test_tie_asked_longest_ago_first_and_never_asked_before_all():
    t0 = dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC)
    recent = guide(1, last_proposed_at=t0 + dt.timedelta(days=5))
    older = guide(2, last_proposed_at=t0)
    never = guide(3, last_proposed_at=None)
    for order in ([recent, older, never], [never, recent, older], [older, never, recent]):
        assert ids(rank(order, request(), TODAY)) == [3, 2, 1]
        assert ids(GuidePool(order).rank(request(), TODAY)) == [3, 2, 1]


def test_tie_lower_id_last():
    gs = [guide(i) for i in (9, 4, 7, 5)]
    assert ids(rank(gs, request(), TODAY)) == [4, 5, 7, 9]
    assert ids(rank(gs, request(), TODAY, limit=2)) == [4, 5]


def test_score_beats_tie_breakers():
    loaded_but_better = guide(1, active_cases=1, districts=frozenset({"Altstadt"}))
    idle_but_far = guide(2, active_cases=0, districts=frozenset({"Pechau"}))
    assert ids(rank([idle_but_far, loaded_but_better], request(), TODAY)) == [1, 2]


# -- the indexed pool -----------------------------------------------------------------------------
def random_guide(rng: random.Random, uid: int) -> GuideProfile:
    langs = rng.sample(REQUIRED_LANGUAGES, rng.randint(1, 3))
    cap = rng.randint(1, 4)
    paused = None
    if rng.random() < 0.15:
        paused = TODAY + dt.timedelta(days=rng.randint(-5, 5))
    return GuideProfile(
        user_id=uid,
        languages={lang: rng.randint(1, 3) for lang in langs},
        districts=frozenset(rng.sample(DISTRICTS, rng.randint(1, 4))),
        topics=frozenset(rng.sample(TOPICS, rng.randint(1, 5))),
        availability=frozenset(rng.sample(range(7), rng.randint(0, 7))),
        max_cases=cap,
        active_cases=rng.randint(0, cap),
        paused_until=paused,
        active=rng.random() > 0.05,
        last_proposed_at=(None if rng.random() < 0.3 else
                          dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
                          + dt.timedelta(minutes=rng.randint(0, 5))),
    )


def random_request(rng: random.Random, n_guides: int) -> RequestProfile:
    return RequestProfile(
        newcomer_id=rng.randint(1, n_guides + 50),
        languages=tuple(rng.sample(REQUIRED_LANGUAGES, rng.randint(1, 2))),
        district=rng.choice((*DISTRICTS, None)),
        topics=frozenset(rng.sample(TOPICS, rng.randint(0, 3))),
        accepts_de_en=rng.random() < 0.5,
        urgency=rng.randint(0, 2),
        excluded=frozenset(rng.sample(range(1, n_guides + 1), rng.randint(0, 5))),
    )


def _as_tuples(cands) -> list[tuple]:
    return [(c.guide.user_id, c.score, c.language, c.reason) for c in cands]


def test_pool_ranks_exactly_like_the_naive_scan():
    rng = random.Random(20260310)
    gs = [random_guide(rng, i) for i in range(1, 401)]
    pool = GuidePool(gs)
    for _ in range(200):
        r = random_request(rng, len(gs))
        naive = rank(gs, r, TODAY)
        assert _as_tuples(pool.rank(r, TODAY)) == _as_tuples(naive)
        assert _as_tuples(pool.rank(r, TODAY, limit=1)) == _as_tuples(naive[:1])
        assert _as_tuples(pool.rank(r, TODAY, limit=5)) == _as_tuples(naive[:5])


# -- fairness ---------------------------------------------------------------------------------------
def test_fairness_identical_guides_share_the_work_evenly():
    """20 comparable guides, capacity 3, 300 requests; every accepted request opens a case."""
    gs = {i: guide(i, max_cases=3) for i in range(1, 21)}
    clock = dt.datetime(2026, 3, 10, 8, tzinfo=dt.UTC)
    accepted = 0
    for n in range(300):
        r = request(newcomer_id=10_000 + n)
        best = GuidePool(gs.values()).rank(r, TODAY, limit=1)
        loads = [g.active_cases for g in gs.values()]
        if not best:
            assert all(g.active_cases == g.max_cases for g in gs.values())
            continue
        assert max(loads) - min(loads) <= 1  # while capacity lasts, nobody runs ahead
        g = best[0].guide
        assert g.active_cases == min(loads)
        clock += dt.timedelta(minutes=1)
        gs[g.user_id] = dataclasses.replace(g, active_cases=g.active_cases + 1,
                                            last_proposed_at=clock)
        accepted += 1
        assert all(x.active_cases <= x.max_cases for x in gs.values())
    assert accepted == 60
    assert {g.active_cases for g in gs.values()} == {3}


def test_fairness_mixed_guides_with_cases_closing():
    """300 varied requests against 20 varied guides (capacity 3); cases close now and then.
    Nobody ever goes above capacity and the work reaches many guides, not a favourite few."""
    rng = random.Random(42)
    langs = ("ar", "uk", "fa")
    gs: dict[int, GuideProfile] = {}
    for i in range(1, 21):
        gs[i] = guide(i, languages={langs[i % 3]: rng.randint(2, 3), "de": 2},
                      districts=frozenset(rng.sample(DISTRICTS, 2)),
                      topics=frozenset(rng.sample(TOPICS, 4)), max_cases=3)
    open_cases: list[int] = []
    total = dict.fromkeys(gs, 0)
    clock = dt.datetime(2026, 3, 10, 8, tzinfo=dt.UTC)
    for n in range(300):
        if open_cases and rng.random() < 0.45:  # a case ends, its guide has room again
            gid = open_cases.pop(rng.randrange(len(open_cases)))
            gs[gid] = dataclasses.replace(gs[gid], active_cases=gs[gid].active_cases - 1)
        r = RequestProfile(newcomer_id=10_000 + n, languages=(rng.choice(langs),),
                           district=rng.choice(DISTRICTS),
                           topics=frozenset(rng.sample(TOPICS, 2)),
                           accepts_de_en=rng.random() < 0.3)
        best = GuidePool(gs.values()).rank(r, TODAY, limit=1)
        if not best:
            continue
        g = best[0].guide
        clock += dt.timedelta(minutes=1)
        gs[g.user_id] = dataclasses.replace(g, active_cases=g.active_cases + 1,
                                            last_proposed_at=clock)
        open_cases.append(g.user_id)
        total[g.user_id] += 1
        assert all(x.active_cases <= x.max_cases for x in gs.values())
    assert sum(total.values()) > 150
    assert min(total.values()) >= 1  # everybody got work
    assert max(total.values()) <= 3 * sum(total.values()) / len(total)


# -- property: no candidate ever breaks a hard rule ---------------------------------------------
LANGS = st.sampled_from(("de", "en", "ar", "uk", "fa", "tr"))


@st.composite
def guides_and_request(draw):
    n = draw(st.integers(0, 12))
    gs = []
    for uid in range(1, n + 1):
        cap = draw(st.integers(0, 4))
        gs.append(GuideProfile(
            user_id=uid,
            languages=draw(st.dictionaries(LANGS, st.integers(1, 3), min_size=1, max_size=3)),
            districts=frozenset(draw(st.sets(st.sampled_from(DISTRICTS[:8]), max_size=3))),
            topics=frozenset(draw(st.sets(st.sampled_from(TOPICS[:5]), max_size=3))),
            availability=frozenset(draw(st.sets(st.integers(0, 6), max_size=7))),
            max_cases=cap,
            active_cases=draw(st.integers(0, cap + 1) | st.just(0)),
            paused_until=draw(st.none() | st.none() | st.dates(TODAY - dt.timedelta(days=3),
                                                               TODAY + dt.timedelta(days=3))),
            active=draw(st.sampled_from((True, True, True, False))),
            last_proposed_at=draw(st.none() | st.datetimes(
                dt.datetime(2026, 1, 1), dt.datetime(2026, 3, 1), timezones=st.just(dt.UTC))),
        ))
    r = RequestProfile(
        newcomer_id=draw(st.integers(1, n + 1)),
        languages=tuple(draw(st.lists(LANGS, min_size=1, max_size=3, unique=True))),
        district=draw(st.none() | st.sampled_from(DISTRICTS[:8])),
        topics=frozenset(draw(st.sets(st.sampled_from(TOPICS[:5]), max_size=3))),
        accepts_de_en=draw(st.booleans()),
        urgency=draw(st.integers(0, 2)),
        excluded=frozenset(draw(st.sets(st.integers(1, max(n, 1)), max_size=4))),
    )
    return gs, r


def breaks_hard_rule(g: GuideProfile, r: RequestProfile, lang: str) -> str | None:
    """An independent statement of the hard rules."""
    if not g.active:
        return "inactive"
    if g.user_id == r.newcomer_id:
        return "the newcomer themself"
    if g.user_id in r.excluded:
        return "asked or declined before"
    if g.paused_until is not None and g.paused_until >= TODAY:
        return "paused"
    if g.active_cases >= g.max_cases:
        return "no free capacity"
    if g.languages.get(lang, 0) < 1:
        return "does not speak the language used"
    shared = [x for x in r.languages if g.languages.get(x, 0) >= 1]
    if shared:
        if lang not in shared:
            return "bridges although a shared language exists"
    elif not (r.accepts_de_en and lang in BRIDGE_LANGUAGES):
        return "no shared language and no accepted bridge"
    return None


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(guides_and_request())
def test_property_no_candidate_breaks_a_hard_rule(data):
    gs, r = data
    naive = rank(gs, r, TODAY)
    for c in naive:
        assert breaks_hard_rule(c.guide, r, c.language) is None, c
    # complete: every guide who passes the rules in some language is a candidate
    ok = {g.user_id for g in gs
          if any(breaks_hard_rule(g, r, lang) is None for lang in g.languages)}
    assert set(ids(naive)) == ok
    # the indexed pool agrees, and the best one is the same proposal
    assert _as_tuples(GuidePool(gs).rank(r, TODAY)) == _as_tuples(naive)
    assert _as_tuples(GuidePool(gs).rank(r, TODAY, limit=1)) == _as_tuples(naive[:1])
