"""Ranking volunteer guides for a newcomer's request. Plain Python, no database, no Telegram.

Hard rules first (a shared language, or German/English when the newcomer accepts that; free
capacity; not paused; not already asked for this request), then a score from district nearness,
topic overlap, language level, availability and current load, so that work spreads fairly and
the reason can be shown to coordinators.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from bot.districts import NEIGHBOURS

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
    reason: str  # in English, the record kept with the proposal
    parts: list[list[Any]] = field(default_factory=list)  # the same, as data for rendering


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


def explain_parts(g: GuideProfile, r: RequestProfile, lang: str) -> list[list[Any]]:
    """Why this guide, as data: rendered in each reader's language (messages_guides.reason)."""
    parts: list[list[Any]] = [["speaks", lang, g.languages.get(lang, 0)]]
    if r.district and r.district in g.districts:
        parts.append(["same-district", r.district])
    elif r.district and not g.districts.isdisjoint(NEIGHBOURS.get(r.district, ())):
        parts.append(["near-district", r.district])
    if r.topics:
        parts.append(["topics", len(g.topics & r.topics), len(r.topics)])
    parts.append(["load", g.active_cases, g.max_cases])
    parts.append(["days", len(g.availability)])
    return parts


def explain(g: GuideProfile, r: RequestProfile, lang: str) -> str:
    """Why this guide, in English: the record kept with every proposal."""
    from gettext import NullTranslations

    from bot.messages_guides import reason

    return reason(NullTranslations(), explain_parts(g, r, lang))


def _candidate(g: GuideProfile, points: float, lang: str, r: RequestProfile) -> Candidate:
    from gettext import NullTranslations

    from bot.messages_guides import reason

    parts = explain_parts(g, r, lang)
    return Candidate(g, points, lang, reason(NullTranslations(), parts), parts)


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
    return [_candidate(g, p, lang, r) for _k, p, lang, g in best]


class GuidePool:
    """Guides as columns of numbers, so one request is ranked against thousands of guides with
    a few vectorised operations; only the best get a Candidate and a reason. Gives exactly the
    order of `rank` (same arithmetic, same tie-breaks)."""

    def __init__(self, guides: Iterable[GuideProfile]) -> None:
        self.guides = list(guides)
        n = len(self.guides)
        langs = sorted({code for g in self.guides for code in g.languages} | set(BRIDGE_LANGUAGES))
        self.lang_idx = {code: i for i, code in enumerate(langs)}
        self.langs = langs
        self.district_idx = {d: i for i, d in enumerate(sorted(NEIGHBOURS))}
        topics = sorted({t for g in self.guides for t in g.topics})
        self.topic_idx = {t: i for i, t in enumerate(topics)}
        self.levels = np.zeros((n, len(langs)), dtype=np.int8)
        self.districts = np.zeros((n, len(self.district_idx) + 1), dtype=bool)
        self.topics = np.zeros((n, len(topics) + 1), dtype=bool)
        self.avail = np.zeros(n, dtype=np.float64)
        self.active_cases = np.zeros(n, dtype=np.int64)
        self.max_cases = np.zeros(n, dtype=np.int64)
        self.paused = np.zeros(n, dtype=np.int64)  # ordinal of the last paused day, 0 = none
        self.active = np.zeros(n, dtype=bool)
        self.ids = np.zeros(n, dtype=np.int64)
        self.last = np.zeros(n, dtype=np.float64)  # last proposal as a timestamp, 0 = never
        for i, g in enumerate(self.guides):
            for code, lv in g.languages.items():
                self.levels[i, self.lang_idx[code]] = lv
            for d in g.districts:
                if d in self.district_idx:
                    self.districts[i, self.district_idx[d]] = True
            for t in g.topics:
                self.topics[i, self.topic_idx[t]] = True
            self.avail[i] = len(g.availability)
            self.active_cases[i] = g.active_cases
            self.max_cases[i] = g.max_cases
            self.paused[i] = g.paused_until.toordinal() if g.paused_until else 0
            self.active[i] = g.active
            self.ids[i] = g.user_id
            self.last[i] = g.last_proposed_at.timestamp() if g.last_proposed_at else -1e18

    def _best_language(self, codes: Iterable[str]) -> tuple[np.ndarray, np.ndarray]:
        cols = [self.lang_idx[c] for c in dict.fromkeys(codes) if c in self.lang_idx]
        n = len(self.guides)
        if not cols:
            return np.zeros(n, dtype=np.int8), np.full(n, -1)
        sub = self.levels[:, cols]
        # first column with the highest level, as `eligible` picks the first best language
        pos = sub.argmax(axis=1)
        return sub[np.arange(n), pos], np.asarray(cols)[pos]

    def rank(self, r: RequestProfile, today: dt.date, limit: int | None = None
             ) -> list[Candidate]:
        if not self.guides:
            return []
        level, lang_col = self._best_language(r.languages)
        if r.accepts_de_en:
            b_level, b_col = self._best_language(BRIDGE_LANGUAGES)
            use_bridge = level == 0
            level = np.where(use_bridge, b_level, level)
            lang_col = np.where(use_bridge, b_col, lang_col)
        ok = (self.active & (level > 0) & (self.active_cases < self.max_cases)
              & ~((self.paused != 0) & (self.paused >= today.toordinal()))
              & (self.ids != r.newcomer_id))
        if r.excluded:
            ok &= ~np.isin(self.ids, np.fromiter(r.excluded, dtype=np.int64))
        idx = np.nonzero(ok)[0]
        if idx.size == 0:
            return []
        if r.district and r.district in self.district_idx:
            same = self.districts[idx, self.district_idx[r.district]]
            ncols = [self.district_idx[d] for d in NEIGHBOURS.get(r.district, ())
                     if d in self.district_idx]
            near = self.districts[idx][:, ncols].any(axis=1) if ncols else np.zeros(
                idx.size, dtype=bool)
            d = np.where(same, 1.0, np.where(near, 0.6, 0.2))
        else:
            d = np.full(idx.size, 0.2 if r.district else 0.5)
        if r.topics:
            tcols = [self.topic_idx[t] for t in r.topics if t in self.topic_idx]
            hits = self.topics[idx][:, tcols].sum(axis=1) if tcols else np.zeros(idx.size)
            t = hits / len(r.topics)
        else:
            t = np.full(idx.size, 0.5)
        lv = level[idx] / 3
        avail = self.avail[idx] / 7
        if r.urgency == 0:
            avail = np.minimum(1.0, avail * 2)
        load = 1.0 - self.active_cases[idx] / self.max_cases[idx]
        total = (WEIGHTS["district"] * d + WEIGHTS["topics"] * t + WEIGHTS["level"] * lv
                 + WEIGHTS["availability"] * avail + WEIGHTS["load"] * load)
        order = np.lexsort((self.ids[idx], self.last[idx], self.active_cases[idx],
                            -np.round(total, 6)))
        if limit is not None:
            order = order[:limit]
        out = []
        for k in order:
            g = self.guides[int(idx[k])]
            lang = self.langs[int(lang_col[idx[k]])]
            out.append(_candidate(g, float(total[k]), lang, r))
        return out
