"""Multilingual fuzzy search over the knowledge base.

Why not one rapidfuzz call over all strings: `WRatio` over tens of thousands of strings costs far
more than the 5 ms budget, and it rates any subset 100 (confident nonsense for "hi"). Instead the
index keeps normalised tokens with inverted postings; a query token finds its spelling variants
through character trigrams and rapidfuzz's ratio, and through a cross-script skeleton key
(Latin-typed Arabic or Russian). Each indexed string (an example question, a keyword, a title, an
answer) is scored by how much of the query it explains and how much of it the query covers, both
weighted by rarity (idf); fields are weighted example questions > keywords > title > answer.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz

from bot.knowledge import Entry
from bot.normalize import detect_script_language, normalize, skeleton_tokens
from bot.stopwords import ALL_STOPWORDS, CITY_PREFIXES

FIELD_WEIGHTS = {"questions": 1.0, "keywords": 0.95, "title": 0.9, "answer": 0.7}
#: Scores at or above this answer the user; below it the bot says it has no good answer.
#: Calibrated on tests/eval (see bench/quality.py): the lowest value that keeps off-topic out.
ANSWER_THRESHOLD = 58
SKELETON_WEIGHT = 0.7
#: How much an unknown query word counts against a match, relative to the rarest known word.
UNKNOWN_WEIGHT = 0.2
#: Share of a string's own coverage in its score (the rest is fixed): a keyword that a query
#: merely contains must not outrank a question the query actually resembles.
DOC_COVER_SHARE = 0.4
#: Share of the entry-wide coverage of the query (all its strings together) in the score.
ENTRY_SHARE = 0.4
OTHER_LANGUAGE_FACTOR = 0.97
MAX_QUERY_TOKENS = 60
#: Postings longer than this are only used to add evidence to strings already found.
POSTING_CAP = 3000
POSTING_CAP_LONG = 300
#: Similarity of a misspelt word is raised to this power (1.0 for exact matches either way).
FUZZY_POWER = 1.0


@dataclass(frozen=True)
class Hit:
    entry: Entry
    score: int  # 0..100


@dataclass(frozen=True)
class SearchResult:
    hits: list[Hit]
    answered: bool
    lang: str

    @property
    def best(self) -> Hit | None:
        return self.hits[0] if self.hits else None


def _trigrams(token: str) -> set[str]:
    padded = f" {token} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def _common_prefix(a: str, b: str) -> int:
    n = min(len(a), len(b))
    i = 0
    while i < n and a[i] == b[i]:
        i += 1
    return i


class _Vocab:
    """Token strings with ids, document frequency and a trigram index for fuzzy lookup."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.words: list[str] = []
        self.df: list[int] = []  # number of entries holding the word
        self._last: list[int] = []  # last entry counted, entries are added in order
        self.tri: dict[str, list[int]] = defaultdict(list)
        self.ntri: list[int] = []
        self.idf: list[float] = []
        self._cache: dict[tuple[str, float], list[tuple[int, float]]] = {}

    def add(self, word: str, entry_idx: int) -> int:
        wid = self.ids.get(word)
        if wid is None:
            wid = len(self.words)
            self.ids[word] = wid
            self.words.append(word)
            self.df.append(0)
            self._last.append(-1)
            grams = _trigrams(word)
            self.ntri.append(len(grams))
            if len(word) >= 4:
                for g in grams:
                    self.tri[g].append(wid)
        if self._last[wid] != entry_idx:
            self._last[wid] = entry_idx
            self.df[wid] += 1
        return wid

    def finish(self, n_entries: int) -> None:
        n = max(n_entries, 1)
        self.idf = [math.log(1.0 + n / df) for df in self.df]
        self.max_idf = max(self.idf, default=1.0)
        self._last = []

    def expand(self, token: str, min_ratio: float) -> list[tuple[int, float]]:
        """Vocabulary ids similar to token with their similarity in 0..1 (cached: people use
        the same words again and again, and the vocabulary only changes with a new index)."""
        key = (token, min_ratio)
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        res = self._expand(token, min_ratio)
        if len(self._cache) >= 50_000:
            self._cache.clear()
        self._cache[key] = res
        return res

    def _expand(self, token: str, min_ratio: float) -> list[tuple[int, float]]:
        out: dict[int, float] = {}
        wid = self.ids.get(token)
        if wid is not None:
            out[wid] = 1.0
        if len(token) >= 4:
            grams = _trigrams(token)
            counts: dict[int, int] = defaultdict(int)
            for g in grams:
                for cand in self.tri.get(g, ()):
                    counts[cand] += 1
            nq = len(grams)
            for cand, shared in counts.items():
                if cand == wid:
                    continue
                if shared * 2 < min(nq, self.ntri[cand]):
                    continue
                word = self.words[cand]
                sim = fuzz.ratio(token, word) / 100.0
                short, long_ = (token, word) if len(token) <= len(word) else (word, token)
                if len(short) >= 5 and long_.startswith(short):
                    # inflection and compounds: "sprachkurse", "deutschkurs" vs "deutsch"
                    sim = max(sim, 0.7 + 0.3 * len(short) / len(long_))
                else:
                    # inflected endings: "роботу"/"робота", "pracy"/"praca", "evler"/"evi"
                    lcp = _common_prefix(token, word)
                    if lcp >= 5 and lcp >= len(short) - 1:
                        sim = max(sim, 0.72 + 0.25 * lcp / len(long_))
                if sim >= min_ratio:
                    out[cand] = sim
        return list(out.items())


@dataclass(slots=True)
class _Doc:
    entry_idx: int
    lang: str
    weight: float
    native: tuple[int, ...]
    skel: tuple[int, ...]
    native_idf: float
    skel_idf: float
    use_dcov: bool


def content_tokens(text: str) -> list[str]:
    toks = [t for t in normalize(text).split()
            if len(t) > 1 and t not in ALL_STOPWORDS and not t.startswith(CITY_PREFIXES)]
    seen: set[str] = set()
    out = []
    for t in toks:
        if t not in seen and not t.isdigit():
            seen.add(t)
            out.append(t)
    return out[:MAX_QUERY_TOKENS]


def _min_ratio(token: str) -> float:
    n = len(token)
    if n <= 4:
        return 0.86
    if n <= 6:
        return 0.8
    return 0.76


class SearchIndex:
    """Built once from the entries; rebuilt (cheaply) when coordinators change the knowledge."""

    def __init__(self, entries: Iterable[Entry], default_language: str = "de") -> None:
        self.entries: list[Entry] = [e for e in entries if not e.archived]
        self.by_id = {e.id: e for e in self.entries}
        self.default_language = default_language
        self.native = _Vocab()
        self.skel = _Vocab()
        self.docs: list[_Doc] = []
        self.post_native: dict[int, list[int]] = defaultdict(list)
        self.post_skel: dict[int, list[int]] = defaultdict(list)
        self._sets: dict[tuple[bool, int], frozenset[int]] = {}
        for idx, entry in enumerate(self.entries):
            for lang, loc in entry.i18n.items():
                fields: list[tuple[str, str]] = [("title", loc.title), ("answer", loc.answer)]
                fields += [("questions", q) for q in loc.questions]
                fields += [("keywords", k) for k in loc.keywords]
                if lang == "de":
                    fields += [("keywords", t) for t in entry.german_terms]
                for fname, text in fields:
                    self._add_doc(idx, lang, fname, text)
        self.native.finish(len(self.entries))
        self.skel.finish(len(self.entries))
        for doc in self.docs:
            doc.native_idf = sum(self.native.idf[w] for w in doc.native)
            doc.skel_idf = sum(self.skel.idf[w] for w in doc.skel)

    def _add_doc(self, idx: int, lang: str, fname: str, text: str) -> None:
        toks = content_tokens(text) if fname != "answer" else content_tokens(text)[:200]
        if not toks:
            return
        native = tuple(dict.fromkeys(self.native.add(t, idx) for t in toks))
        skel = tuple(dict.fromkeys(self.skel.add(s, idx) for s in skeleton_tokens(toks)))
        doc_id = len(self.docs)
        self.docs.append(_Doc(idx, lang, FIELD_WEIGHTS[fname], native, skel, 0.0, 0.0,
                              fname != "answer"))
        for w in native:
            self.post_native[w].append(doc_id)
        for w in skel:
            self.post_skel[w].append(doc_id)

    # -- querying ------------------------------------------------------------------------------
    def search(self, text: str, lang: str | None = None, limit: int = 5) -> SearchResult:
        user_lang = lang or detect_script_language(text)
        toks = content_tokens(text)
        if not toks:
            return SearchResult([], False, user_lang or self.default_language)
        n_q = len(toks)
        # query-token weights: rarity of the best vocabulary match; an unknown word counts as a
        # rare word (it says the question is about something the base does not hold), but less
        # so in long messages, where most words are story rather than request.
        unknown_w = UNKNOWN_WEIGHT * self.native.max_idf * min(1.0, 6.0 / n_q)
        q_weights: list[float] = []
        # per doc: best similarity per query token, and per doc token
        doc_q: dict[int, dict[int, float]] = defaultdict(dict)
        doc_dn: dict[int, dict[int, float]] = defaultdict(dict)
        doc_ds: dict[int, dict[int, float]] = defaultdict(dict)
        skel_keys = [skeleton_tokens([t]) for t in toks]
        # 1. every vocabulary word each query word may mean, with its similarity
        matches: list[tuple[int, bool, int, float]] = []  # (query word, skeleton?, word, sim)
        for qi, tok in enumerate(toks):
            best_w = 0.0
            for wid, sim in self.native.expand(tok, _min_ratio(tok)):
                sim = sim ** FUZZY_POWER  # a near spelling counts, but clearly less
                best_w = max(best_w, self.native.idf[wid] * sim)
                matches.append((qi, False, wid, sim))
            for key in skel_keys[qi]:
                if len(key) < 3:
                    continue  # two consonants match half the dictionary
                min_r = 1.0 if len(key) <= 5 else 0.9
                for wid, ssim in self.skel.expand(key, min_r):
                    sim = ssim * SKELETON_WEIGHT
                    best_w = max(best_w, self.skel.idf[wid] * sim)
                    matches.append((qi, True, wid, sim))
            q_weights.append(best_w if best_w > 0 else unknown_w)
        # 2. walk the postings, rare words first; a very common word only adds to strings a
        # rarer word already found (it cannot make a string relevant on its own), which keeps a
        # query fast on a base of ten thousand entries
        def posting(m: tuple[int, bool, int, float]) -> list[int]:
            return (self.post_skel if m[1] else self.post_native).get(m[2], [])

        matches.sort(key=lambda m: len(posting(m)))
        # a long message has rare words enough to find its strings; its common words only add
        cap = POSTING_CAP if n_q <= 8 else POSTING_CAP_LONG
        for n, m in enumerate(matches):
            qi, is_skel, wid, sim = m
            plist = posting(m)
            dd_all = doc_ds if is_skel else doc_dn
            if len(plist) > cap and (doc_q or n > 0):
                members = self._posting_set(is_skel, wid)
                targets = [d for d in doc_q if d in members]  # only strings already found
            else:
                targets = plist
            for d in targets:
                dq = doc_q[d]
                if dq.get(qi, 0.0) < sim:
                    dq[qi] = sim
                dd = dd_all[d]
                if dd.get(wid, 0.0) < sim:
                    dd[wid] = sim
        q_total = sum(q_weights) or 1.0
        best: dict[int, float] = {}
        best_lang: dict[int, str] = {}
        # per entry: the best similarity of each query word anywhere in the entry, so that a
        # long question whose words are spread over several strings still counts as covered
        entry_q: dict[int, dict[int, float]] = defaultdict(dict)
        docs = self.docs
        bounds: list[tuple[float, int, float]] = []  # (upper bound, doc, qcov)
        keep = 1.0 - DOC_COVER_SHARE
        for d, dq in doc_q.items():
            doc = docs[d]
            eq = entry_q[doc.entry_idx]
            fw = doc.weight
            qcov = 0.0
            for qi, s in dq.items():
                qcov += q_weights[qi] * s
                if eq.get(qi, 0.0) < s * fw:
                    eq[qi] = s * fw
            qcov /= q_total
            bounds.append(((qcov if doc.use_dcov else qcov * keep) * fw, d, qcov))
        # best strings first: a string that cannot beat its entry's best so far is skipped,
        # which spares most of the coverage sums
        bounds.sort(reverse=True)
        native_idf, skel_idf = self.native.idf, self.skel.idf
        for bound, d, qcov in bounds:
            doc = docs[d]
            e = doc.entry_idx
            if bound <= best.get(e, 0.0):
                continue
            if doc.use_dcov:
                dn = doc_dn.get(d)
                ds = doc_ds.get(d)
                cov_n = (sum(native_idf[w] * s for w, s in dn.items()) / doc.native_idf
                         if dn and doc.native_idf else 0.0)
                cov_s = (sum(skel_idf[w] * s for w, s in ds.items()) / doc.skel_idf
                         if ds and doc.skel_idf else 0.0)
                score = qcov * (keep + DOC_COVER_SHARE * max(cov_n, cov_s))
            else:
                score = qcov * keep
            score *= doc.weight
            if user_lang and doc.lang != user_lang:
                score *= OTHER_LANGUAGE_FACTOR
            if score > best.get(e, 0.0):
                best[e] = score
                best_lang[e] = doc.lang
        if ENTRY_SHARE:
            for e, eq in entry_q.items():
                cover = sum(q_weights[qi] * s for qi, s in eq.items()) / q_total
                best[e] = (1.0 - ENTRY_SHARE) * best.get(e, 0.0) + ENTRY_SHARE * cover
        ranked = sorted(best.items(), key=lambda kv: (-kv[1], self.entries[kv[0]].id))[:limit]
        hits = [Hit(self.entries[e], min(100, round(s * 100))) for e, s in ranked]
        answered = bool(hits) and hits[0].score >= ANSWER_THRESHOLD
        if user_lang is None:
            # the language of the text that matched is a fair guess, but only for a real match
            user_lang = best_lang[ranked[0][0]] if answered else self.default_language
        return SearchResult(hits, answered, user_lang)

    def _posting_set(self, is_skel: bool, wid: int) -> frozenset[int]:
        key = (is_skel, wid)
        got = self._sets.get(key)
        if got is None:
            got = frozenset((self.post_skel if is_skel else self.post_native)[wid])
            self._sets[key] = got
        return got

    def entries_of_topic(self, topic: str) -> list[Entry]:
        return [e for e in self.entries if e.topic == topic]
