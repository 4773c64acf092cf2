"""Ranking volunteer guides for a newcomer's request. Plain Python, no database, no Telegram.

Hard rules first (a shared language, or German/English when the newcomer accepts that; free
capacity; not paused; not already asked for this request), then a score from district nearness,
topic overlap, language level, availability and current load, so that work spreads fairly and
the reason can be shown to coordinators.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from bot.districts import NEIGHBOURS

LEVEL_NAMES = {1: "basic", 2: "good", 3: "native/fluent"}
BRIDGE_LANGUAGES = ("de", "en")
WEIGHTS = {"district": 30.0, "topics": 30.0, "level": 15.0, "availability": 10.0, "load": 15.0}


@dataclass(frozen=True)
class GuideProfile:
    user_id: int
    languages: dict[str, int]  # code -> level 1..3
    districts: frozenset[str]
    topics: frozenset[str]
    availability: frozenset[int]  # weekdays
    max_cases: int
    active_cases: int = 0
    paused_until: dt.date | None = None
    active: bool = True
    last_proposed_at: dt.datetime | None = None


@dataclass(frozen=True)
class RequestProfile:
    newcomer_id: int
    languages: tuple[str, ...]
    district: str | None
    topics: frozenset[str]
    accepts_de_en: bool = False
    urgency: int = 1
    excluded: frozenset[int] = field(default_factory=frozenset)  # asked already / declined


@dataclass(frozen=True)
class Candidate:
    guide: GuideProfile
    score: float
    language: str
    reason: str


def eligible(g: GuideProfile, r: RequestProfile, today: dt.date) -> str | None:
    """The shared language this guide can use, or None when a hard rule excludes the guide."""
    if not g.active or g.user_id == r.newcomer_id or g.user_id in r.excluded:
        return None
    if g.paused_until is not None and g.paused_until >= today:
        return None
    if g.active_cases >= g.max_cases:
        return None
    best, level = None, 0
    for lang in r.languages:
        lv = g.languages.get(lang, 0)
        if lv > level:
            best, level = lang, lv
    if best is None and r.accepts_de_en:
        for lang in BRIDGE_LANGUAGES:
            lv = g.languages.get(lang, 0)
            if lv > level:
                best, level = lang, lv
    return best


def _points(g: GuideProfile, r: RequestProfile, lang: str) -> float:
    """The score alone: called for every eligible guide, so it builds no strings."""
    if r.district and r.district in g.districts:
        d = 1.0
    elif r.district and not g.districts.isdisjoint(NEIGHBOURS.get(r.district, ())):
        d = 0.6
    else:
        d = 0.2 if r.district else 0.5
    t = len(g.topics & r.topics) / len(r.topics) if r.topics else 0.5
    lv = g.languages.get(lang, 0) / 3
    avail = len(g.availability) / 7
    if r.urgency == 0:  # this week: availability matters twice as much
        avail = min(1.0, avail * 2)
    load = 1.0 - g.active_cases / g.max_cases if g.max_cases else 0.0
    return (WEIGHTS["district"] * d + WEIGHTS["topics"] * t + WEIGHTS["level"] * lv
            + WEIGHTS["availability"] * avail + WEIGHTS["load"] * load)


def explain(g: GuideProfile, r: RequestProfile, lang: str) -> str:
    """Why this guide: shown to coordinators beside every proposal."""
    parts = [f"speaks {lang} ({LEVEL_NAMES.get(g.languages.get(lang, 0), '?')})"]
    if r.district and r.district in g.districts:
        parts.append(f"same district {r.district}")
    elif r.district and not g.districts.isdisjoint(NEIGHBOURS.get(r.district, ())):
        parts.append(f"neighbouring district of {r.district}")
    if r.topics:
        parts.append(f"topics {len(g.topics & r.topics)}/{len(r.topics)}")
    parts.append(f"load {g.active_cases}/{g.max_cases}")
    parts.append(f"available {len(g.availability)} days a week")
    return "; ".join(parts)


def score(g: GuideProfile, r: RequestProfile, lang: str) -> tuple[float, str]:
    return _points(g, r, lang), explain(g, r, lang)


_NEVER = dt.datetime.min.replace(tzinfo=dt.UTC)


def _key(points: float, g: GuideProfile) -> tuple:
    # ties: the less loaded guide, then the one asked longest ago, then a stable id
    return (-round(points, 6), g.active_cases, g.last_proposed_at or _NEVER, g.user_id)


def _sort_key(c: Candidate) -> tuple:
    return _key(c.score, c.guide)


def rank(guides: Iterable[GuideProfile], r: RequestProfile, today: dt.date,
         limit: int | None = None) -> list[Candidate]:
    """Eligible guides, best first (naive full scan; see GuidePool for the indexed one).

    Only the `limit` best get a reason string; the rest are compared by number alone."""
    scored = []
    for g in guides:
        lang = eligible(g, r, today)
        if lang is None:
            continue
        p = _points(g, r, lang)
        scored.append((_key(p, g), p, lang, g))
    if limit is not None:
        best = heapq.nsmallest(limit, scored, key=lambda x: x[0])
    else:
        best = sorted(scored, key=lambda x: x[0])
    return [Candidate(g, p, lang, explain(g, r, lang)) for _k, p, lang, g in best]


class GuidePool:
    """Guides indexed by language, so a request only scores guides it could talk to."""

    def __init__(self, guides: Iterable[GuideProfile]) -> None:
        self.guides = list(guides)
        self.by_lang: dict[str, list[GuideProfile]] = defaultdict(list)
        for g in self.guides:
            for lang in g.languages:
                self.by_lang[lang].append(g)

    def rank(self, r: RequestProfile, today: dt.date, limit: int | None = None
             ) -> list[Candidate]:
        langs = list(r.languages) + (list(BRIDGE_LANGUAGES) if r.accepts_de_en else [])
        seen: set[int] = set()
        cands: list[GuideProfile] = []
        for lang in langs:
            for g in self.by_lang.get(lang, ()):
                if g.user_id not in seen:
                    seen.add(g.user_id)
                    cands.append(g)
        return rank(cands, r, today, limit)
