"""Multilingual fuzzy search over the knowledge base.

Why not one rapidfuzz call over all strings: `WRatio` over tens of thousands of strings costs far
more than the 5 ms budget, and it rates any subset 100 (confident nonsense for "hi"). Instead the
index keeps normalised tokens with inverted postings; a query token finds its spelling variants
through character trigrams and rapidfuzz's ratio, and through a cross-script skeleton key
(Latin-typed Arabic or Russian). Each indexed string (an example question, a keyword, a title, an
answer) is scored by how much of the query it explains and how much of it the query covers, both
weighted by rarity (idf); fields are weighted example questions > keywords > title > answer.
A second ranking, BM25 over each entry's words in all languages, is mixed in (BM25_SHARE): it
favours the entry that holds most of a long or unusually worded question anywhere in its text,
where the string scores favour the one string a short question resembles.

Why numpy arrays and not dicts of lists: a base of ten thousand entries holds millions of
(string, word) pairs, and a Python loop over them costs seconds to build and tens of milliseconds
per question. The postings are one CSR-like array pair, the strings are columns (entry, language,
field), and a question is scored with a handful of array operations over the strings its words
reach; only the query's own words (a few dozen matches) are handled in Python.
"""

from __future__ import annotations

import math
import re
import threading
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache, partial
from itertools import chain, islice

import numpy as np
from rapidfuzz import fuzz, process

from bot.gcpause import paused_gc
from bot.knowledge import Entry
from bot.normalize import detect_script_language, normalized_words, skeleton_tokens
from bot.stopwords import (
    ALL_STOPWORDS,
    ASCII_STOPWORDS,
    CITY_PREFIXES,
    OWN_CONTENT_WORDS,
    VI_ACCENTED_STOPWORDS,
    VI_LETTERS,
)

FIELD_WEIGHTS = {"questions": 1.0, "keywords": 0.95, "title": 0.9, "answer": 0.7}
#: Whether the best hit answers the user, or the bot says it has no good answer and offers
#: "did you mean": a logistic model of the best score, its lead over the best entry of another
#: topic, and the message's number of content words. Why not one score threshold: a question of
#: six words explains less of itself with any one entry than one of two words, and scores lower
#: with the right entry, while a short off-topic message ("what time is it") can score 80 with a
#: random one; what tells them apart is how far the best entry stands out. Words count up to
#: LONG_QUERY: beyond that a message is a story, and a chatty story about one's day reaches the
#: same scores and leads as a story with a need in it (tests/eval/offtopic_calibration.jsonl).
#: Whether the term-count ranking (BM25_SHARE) puts an entry of the same topic first is the
#: fifth feature: two rankers that err differently agreeing is evidence neither has alone.
#: Weights: (bias, best score / 100, lead / 100, log(1 + min(content words, LONG_QUERY)),
#: rankers agree); fitted by bench/calibrate.py on the tuning half of tests/eval and the
#: off-topic calibration set, a wrong answer counted twice a missed one.
ANSWER_MODEL = (-8.5, 6.91, 3.49, 2.06, 1.3)
#: Without an answer, hits at or above this (less for a story: `SearchResult.suggestions`) are
#: offered as "did you mean" (at most three).
SUGGEST_MIN_SCORE = 25
SKELETON_WEIGHT = 0.7
#: How much an unknown query word counts against a match, relative to the rarest known word.
UNKNOWN_WEIGHT = 0.5
#: Share of a string's own coverage in its score (the rest is fixed): a keyword that a query
#: merely contains must not outrank a question the query actually resembles.
DOC_COVER_SHARE = 0.4
#: Share of the entry-wide coverage of the query (all its strings together) in the score.
ENTRY_SHARE = 0.4
OTHER_LANGUAGE_FACTOR = 0.97
#: Weight of strings in other languages than the user's in the entry-wide coverage.
OTHER_LANGUAGE_COVER = 0.7
MAX_QUERY_TOKENS = 60
#: A message with more content words than this is a story rather than a question.
LONG_QUERY = 8
#: In a story, answer texts count this much (times their field weight).
LONG_ANSWER_WEIGHT = 0.7
#: Postings longer than this are only used to add evidence to strings already found.
POSTING_CAP = 3000
POSTING_CAP_LONG = 300
#: Evidence a question needs for a full score: the rarity-weighted similarity of its matched
#: words, as a share of the rarest word's weight. One rare word ("kindergeld") is enough; one
#: common word or a near spelling of one ("wetter" ~ "weiter") is not, and scales the score down.
EVIDENCE = 0.8
#: How much an entry that holds a word only in its answer counts towards the word's document
#: frequency, relative to an entry whose questions, keywords or title hold it. Answers mention
#: much in passing ("job" in the Bürgergeld text, "children" in the Elterngeld one); counted in
#: full they make the very words people ask with look common.
ANSWER_DF_SHARE = 0.75
#: Similarity of a misspelt word is raised to this power (1.0 for exact matches either way).
FUZZY_POWER = 1.0
#: Share of a term-count ranking (BM25 over each entry's text in all languages) in an entry's
#: score. Why a second ranking: the string scores above reward a query that resembles one
#: example question; BM25 rewards an entry that holds many of the query's words anywhere, which
#: is what a long story or a question worded unlike any example has. Each catches what the
#: other misses: at 0.1 top-1 rose 1 to 3 points on every set. 0.05 to 0.1 did best on the
#: tuning half; on the reported sets 0.1 to 0.3 were within two questions of each other.
BM25_SHARE = 0.1
BM25_K1 = 1.5
BM25_B = 0.75


@dataclass(frozen=True)
class Hit:
    entry: Entry
    score: int  # 0..100


def answer_features(best: int, runner_up: int, words: int,
                    agree: bool = False) -> tuple[float, ...]:
    """What the answer decision weighs, in ANSWER_MODEL's order (bench/calibrate.py fits on
    exactly these). `best` and `runner_up` are hit scores (0..100), `runner_up` the best of
    another topic than the best hit's (0 if none); `agree`: the term-count ranking's first
    entry has the topic of the string scores' first."""
    return (1.0, best / 100, (best - runner_up) / 100, math.log1p(min(words, LONG_QUERY)),
            float(agree))


def answer_logit(best: int, runner_up: int, words: int, agree: bool = False,
                 model: tuple[float, ...] | None = None) -> float:
    """Above 0: answer (with ANSWER_MODEL, or the weights given)."""
    return sum(w * x for w, x in zip(model or ANSWER_MODEL,
                                     answer_features(best, runner_up, words, agree),
                                     strict=True))


def answers(best: int, runner_up: int, words: int, agree: bool = False,
            model: tuple[float, ...] | None = None) -> bool:
    """The answer decision: a hit at all, and the model says answer."""
    return best > 0 and answer_logit(best, runner_up, words, agree, model) >= 0


@dataclass(frozen=True)
class SearchResult:
    hits: list[Hit]
    answered: bool
    lang: str
    #: the score of the best entry of another topic than the first hit's (0 if none), and the
    #: number of content words: what the answer decision rested on (bench/calibrate.py)
    runner_up: int = 0
    words: int = 0
    #: the term-count ranking put an entry of the first hit's topic first
    agree: bool = False

    @property
    def best(self) -> Hit | None:
        return self.hits[0] if self.hits else None

    @property
    def suggestions(self) -> list[Hit]:
        """What to offer when there is no answer: near enough to be worth a tap. A story of
        twice LONG_QUERY words is explained half as much by any one entry, so its floor is
        half as high: the entry a forty-word story is about scores 15 or 20."""
        if self.answered:
            return []
        floor = SUGGEST_MIN_SCORE * min(1.0, LONG_QUERY / max(self.words, 1))
        return [h for h in self.hits if h.score >= floor][:3]



#: Field order and its weight / whether a string's own coverage counts (an answer is too long
#: for "how much of it the query covers" to mean anything).
_FIELDS = ("questions", "keywords", "title", "answer")
_FIELD_WEIGHT = np.array([FIELD_WEIGHTS[f] for f in _FIELDS])
_FIELD_DCOV = np.array([f != "answer" for f in _FIELDS])
_Q, _K, _T, _A = range(4)
#: Fuzzy expansions kept per vocabulary; people ask with the same words again and again.
_EXPAND_CACHE = 50_000
#: Words one query word may stand for, nearest first. On the real base no word of the
#: evaluation and held-out sets has more than 42; a base with thousands of compounds of one word
#: ("verein" in "Verein1" ... "Verein9999", the generated 10,000-entry base) had each scored,
#: 150-230 ms for one question.
_MAX_EXPANSIONS = 64


def _trigrams(token: str) -> set[str]:
    padded = f" {token} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


class _Grams:
    """Process-wide trigram ids (see `_Words`: the trigrams of a word are computed once)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.ids: dict[str, int] = {}

    def of(self, word: str) -> tuple[int, ...]:
        with self.lock:
            return tuple(self.ids.setdefault(g, len(self.ids)) for g in _trigrams(word))


_GRAMS = _Grams()


@lru_cache(maxsize=524_288)
def _word_grams(word: str) -> tuple[int, ...]:
    return _GRAMS.of(word)


def _common_prefix(a: str, b: str) -> int:
    n = min(len(a), len(b))
    i = 0
    while i < n and a[i] == b[i]:
        i += 1
    return i


def _boosted(token: str, word: str, sim: float) -> float:
    """Raise the similarity of inflections and compounds, which `ratio` underrates."""
    short, long_ = (token, word) if len(token) <= len(word) else (word, token)
    if len(short) >= 5 and long_.startswith(short):
        # inflection and compounds: "sprachkurse", "deutschkurs" vs "deutsch"
        return max(sim, 0.7 + 0.3 * len(short) / len(long_))
    # inflected endings: "роботу"/"робота", "pracy"/"praca", "evler"/"evi"
    lcp = _common_prefix(token, word)
    if lcp >= 5 and lcp >= len(short) - 1:
        return max(sim, 0.72 + 0.25 * lcp / len(long_))
    return sim


class _Vocab:
    """Token strings with ids and idf, and a trigram index (arrays) for fuzzy lookup."""

    def __init__(self, words: list[str], ids: dict[str, int], idf: np.ndarray) -> None:
        self.words = words
        self.ids = ids
        self.idf = idf
        self.idf_list: list[float] = idf.tolist()  # Python floats: scalar reads in the loop
        self._cache: dict[tuple[str, float], list[tuple[int, float]]] = {}
        grams = [_word_grams(w) for w in words]
        self.ntri = np.array([len(g) for g in grams], dtype=np.int32)
        # shorter words are only matched exactly
        indexed = [wid for wid, w in enumerate(words) if len(w) >= 4]
        g_col = list(chain.from_iterable(grams[wid] for wid in indexed))
        w_col = np.repeat(np.array(indexed, dtype=np.int32), self.ntri[indexed])
        self.gram_ids = _GRAMS.ids
        self.tri_ptr, self.tri_words = _csr(np.array(g_col, dtype=np.int32), w_col,
                                            len(self.gram_ids))

    def expand(self, token: str, min_ratio: float) -> list[tuple[int, float]]:
        """Vocabulary ids similar to token with their similarity in 0..1 (cached: the vocabulary
        only changes with a new index)."""
        key = (token, min_ratio)
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        res = self._expand(token, min_ratio)
        if len(self._cache) >= _EXPAND_CACHE:
            self._cache.clear()
        self._cache[key] = res
        return res

    def _expand(self, token: str, min_ratio: float) -> list[tuple[int, float]]:
        out: dict[int, float] = {}
        wid = self.ids.get(token)
        if wid is not None:
            out[wid] = 1.0
        # `ratio` is 1.0 only for the word itself and the boosts stay below 1.0, so a required
        # 1.0 is an exact lookup
        if len(token) < 4 or min_ratio >= 1.0:
            return list(out.items())
        grams = _trigrams(token)
        ptr = self.tri_ptr
        n_grams = len(ptr) - 1  # trigrams numbered later (other words) are not in this index
        slices = [self.tri_words[ptr[g] : ptr[g + 1]]
                  for g in (self.gram_ids.get(t, n_grams) for t in grams) if g < n_grams]
        slices = [sl for sl in slices if len(sl)]
        if not slices:
            return list(out.items())
        # distinct candidates and how many trigrams each shares (np.unique is slower on this
        # many tiny arrays)
        hits = np.sort(np.concatenate(slices))
        first = np.empty(len(hits), dtype=bool)
        first[0] = True
        np.not_equal(hits[1:], hits[:-1], out=first[1:])
        at = np.flatnonzero(first)
        cands = hits[at]
        shared = np.empty(len(at), dtype=np.int64)
        shared[:-1] = at[1:] - at[:-1]
        shared[-1] = len(hits) - at[-1]
        # at least half of the trigrams of the shorter word in common
        keep = shared * 2 >= np.minimum(len(grams), self.ntri[cands])
        if wid is not None:
            keep &= cands != wid
        cand_ids = cands[keep].tolist()
        if not cand_ids:
            return list(out.items())
        words = [self.words[c] for c in cand_ids]
        if len(words) < 32:  # below this the call into cdist costs more than it saves
            sims = [fuzz.ratio(token, word) / 100.0 for word in words]
        else:
            sims = (process.cdist([token], words, scorer=fuzz.ratio, dtype=np.float64,
                                  workers=1)[0] / 100.0).tolist()
        # the boosts need five equal leading letters; everything else keeps its ratio
        head = token[:5] if len(token) >= 5 else None
        for cand, word, sim in zip(cand_ids, words, sims, strict=True):
            if head is not None and word.startswith(head):
                sim = _boosted(token, word, sim)
            if sim >= min_ratio:
                out[cand] = sim
        if len(out) > _MAX_EXPANSIONS:
            # the nearest ones; the word itself (1.0) is always among them
            return sorted(out.items(), key=lambda kv: -kv[1])[:_MAX_EXPANSIONS]
        return list(out.items())


class _Words:
    """Process-wide ids of content tokens and skeleton keys.

    Why process-wide: the index is rebuilt from scratch after every change a coordinator makes,
    and almost all of it is unchanged. With ids that outlive an index, what a word, a string or
    a whole entry-language turns into can be cached across builds, so a rebuild is mostly
    gluing cached arrays together. Each index renumbers the ids it uses (`lut`), so unused
    words cost it nothing.
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.native: dict[str, int] = {}
        self.native_words: list[str] = []
        self.skel: dict[str, int] = {}
        self.skel_words: list[str] = []

    def ids(self, token: str, key: str | None) -> tuple[int, int]:
        with self.lock:  # two builds in two threads must not hand out one id twice
            nid = self.native.get(token)
            if nid is None:
                nid = self.native[token] = len(self.native_words)
                self.native_words.append(token)
            if key is None:
                return nid, -1
            sid = self.skel.get(key)
            if sid is None:
                sid = self.skel[key] = len(self.skel_words)
                self.skel_words.append(key)
            return nid, sid


_WORDS = _Words()


def _is_content(tok: str) -> bool:
    return (len(tok) > 1 and tok not in ALL_STOPWORDS and not tok.startswith(CITY_PREFIXES)
            and not tok.isdigit())


_NO_SKELETON = -1
_WORD_PIECES = re.compile(r"\w+", re.UNICODE)


@lru_cache(maxsize=524_288)
def _content_of_word(word: str) -> tuple[str, ...]:
    """The content tokens of one whitespace-separated word, in order (repeats kept).

    A Vietnamese word that still carries its marks is judged on its accented form: normalising
    merges function words with content words ("đâu" where, "đau" pain), so the bare-form stop
    list would drop both or keep both."""
    toks = normalized_words(word)
    if word.isascii():
        return tuple(t for t in toks if _is_content(t) and t not in ASCII_STOPWORDS)
    if not VI_LETTERS.intersection(word.casefold()):
        return tuple(t for t in toks if _is_content(t))
    out = []
    for piece in _WORD_PIECES.findall(unicodedata.normalize("NFC", word.casefold())):
        vi = bool(VI_LETTERS.intersection(piece))
        for tok in normalized_words(piece):
            if vi and piece not in VI_ACCENTED_STOPWORDS:
                if (len(tok) > 1 and not tok.startswith(CITY_PREFIXES)
                        and not tok.isdigit()):
                    out.append(tok)
            elif not vi and _is_content(tok):
                out.append(tok)
            # a listed accented function word is dropped
    return tuple(out)


@lru_cache(maxsize=65_536)
def _content_of_word_in(word: str, lang: str) -> tuple[str, ...]:
    """`_content_of_word` in text of `lang`, which keeps that language's OWN_CONTENT_WORDS."""
    toks = _content_of_word(word)
    own = OWN_CONTENT_WORDS[lang].intersection(normalized_words(word))
    if not own:
        return toks
    return tuple(t for t in normalized_words(word) if t in own or t in toks)


def _word_of(lang: str | None) -> Callable[[str], tuple[str, ...]]:
    """The per-word tokeniser for text of `lang` (None: any language)."""
    if lang in OWN_CONTENT_WORDS:
        return partial(_content_of_word_in, lang=lang)
    return _content_of_word


def _lang_key(lang: str | None) -> str | None:
    """Languages that tokenise alike share cache entries: only those with own words differ."""
    return lang if lang in OWN_CONTENT_WORDS else None


@lru_cache(maxsize=524_288)
def _word_ids(word: str, lang: str | None = None) -> tuple[tuple[int, int], ...]:
    """(token id, skeleton id or -1) of the content tokens of one whitespace-separated word."""
    out = []
    for tok in _word_of(lang)(word):
        keys = skeleton_tokens([tok])
        out.append(_WORDS.ids(tok, keys[0] if keys else None))
    return tuple(out)


_SENTENCE_END = re.compile(r"(?<=[.!?؟।])\s+")


def _word_ids_of(lang: str | None) -> Callable[[str], tuple[tuple[int, int], ...]]:
    return _word_ids if lang is None else partial(_word_ids, lang=lang)


@lru_cache(maxsize=262_144)
def _sentence_ids(sentence: str, lang: str | None = None) -> tuple[tuple[int, int], ...]:
    """A sentence's (token id, skeleton id) pairs in first-seen order. Cached per sentence:
    an edited answer or a re-imported sheet mostly repeats sentences the index has seen, so
    only the new ones cost tokenising (splitting at whitespace keeps every word intact)."""
    return tuple(dict(chain.from_iterable(map(_word_ids_of(lang), sentence.split()))).items())


@lru_cache(maxsize=262_144)
def _text_ids(text: str, lang: str | None = None) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Token ids and distinct skeleton ids of a string of `lang` (see `_lang_key`):
    `content_tokens` in ids. Cached per string: a sheet of 2,000 entries repeats most titles,
    questions and keywords, so only the strings that are really new cost tokenising."""
    # a token's skeleton id is a function of the token, and a dict keeps the position of a
    # key's first insertion, so this is the first-seen order without a Python loop
    sentences = _SENTENCE_END.split(text)
    # a question, keyword or title is one sentence: caching it a second time, as a sentence,
    # only costs (a 10,000-entry base holds millions of strings that are all new)
    pairs = (chain.from_iterable(map(_word_ids_of(lang), text.split())) if len(sentences) == 1
             else chain.from_iterable(_sentence_ids(x, lang) for x in sentences))
    seen: dict[int, int] = dict(pairs)
    nids = tuple(islice(seen, MAX_QUERY_TOKENS))
    sids = tuple(dict.fromkeys(filter(_NO_SKELETON.__ne__,
                                      islice(seen.values(), MAX_QUERY_TOKENS))))
    return nids, sids


@dataclass(frozen=True, slots=True)
class _Block:
    """The strings of one entry in one language, as arrays of process-wide ids."""

    field: np.ndarray  # per string: its field (_Q, _K, _T, _A)
    n_len: np.ndarray  # per string: number of tokens
    s_len: np.ndarray  # per string: number of skeleton keys
    native: np.ndarray  # token ids, string after string
    skel: np.ndarray  # skeleton ids, string after string


@lru_cache(maxsize=65_536)
def _block(title: str, answer: str, questions: tuple[str, ...],
           keywords: tuple[str, ...], lang: str | None = None) -> _Block:
    """Cached per entry-language: an unchanged entry costs a rebuild a dictionary lookup."""
    texts = [(_T, title), (_A, answer), *((_Q, q) for q in questions),
             *((_K, k) for k in keywords)]
    ids = [(fcode, *_text_ids(text, lang)) for fcode, text in texts]
    ids = [x for x in ids if x[1]]
    return _Block(np.array([f for f, _, _ in ids], dtype=np.int8),
                  np.array([len(n) for _, n, _ in ids], dtype=np.int64),
                  np.array([len(k) for _, _, k in ids], dtype=np.int64),
                  np.fromiter(chain.from_iterable(n for _, n, _ in ids), dtype=np.int32),
                  np.fromiter(chain.from_iterable(k for _, _, k in ids), dtype=np.int32))


def content_tokens(text: str, lang: str | None = None) -> list[str]:
    """The words of `text` that can say what it is about, normalised, each once."""
    toks = list(chain.from_iterable(map(_word_of(lang), text.split())))
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


def _csr(keys: np.ndarray, values: np.ndarray, n_keys: int) -> tuple[np.ndarray, np.ndarray]:
    """values grouped by key: `values[ptr[k]:ptr[k + 1]]` belong to key k."""
    ptr = np.zeros(n_keys + 1, dtype=np.int64)
    np.cumsum(np.bincount(keys, minlength=n_keys), out=ptr[1:])
    return ptr, values[np.argsort(keys)]


def _cat(arrays: list[np.ndarray], dtype: type) -> np.ndarray:
    return np.concatenate(arrays) if arrays else np.zeros(0, dtype=dtype)


def _renumber(ids: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """Process-wide ids to 0..n-1 for the ids present: (the used ids, ids renumbered)."""
    used = np.flatnonzero(np.bincount(ids, minlength=size))
    lut = np.zeros(size, dtype=np.int32)
    lut[used] = np.arange(len(used))
    return used, lut[ids]


class SearchIndex:
    """Built once from the entries; rebuilt (cheaply) when coordinators change the knowledge."""

    @paused_gc()
    def __init__(self, entries: Iterable[Entry], default_language: str = "de") -> None:
        self.entries: list[Entry] = [e for e in entries if not e.archived]
        self.by_id = {e.id: e for e in self.entries}
        topics: dict[str, int] = {}
        self._topic_ids = np.array([topics.setdefault(e.topic, len(topics))
                                    for e in self.entries], dtype=np.int32)
        self.default_language = default_language
        self._langs: dict[str, int] = {}
        blocks: list[_Block] = []
        b_entry: list[int] = []
        b_lang: list[int] = []
        for idx, entry in enumerate(self.entries):
            for lang, loc in entry.i18n.items():
                # the German terms are keywords of the German text
                keywords = (*loc.keywords, *entry.german_terms) if lang == "de" else (
                    tuple(loc.keywords))
                block = _block(loc.title, loc.answer, tuple(loc.questions), keywords,
                               _lang_key(lang))
                if len(block.field):
                    blocks.append(block)
                    b_entry.append(idx)
                    b_lang.append(self._langs.setdefault(lang, len(self._langs)))
        with _WORDS.lock:
            all_native, all_skel = list(_WORDS.native_words), list(_WORDS.skel_words)
        per_block = [len(b.field) for b in blocks]
        self.doc_entry = np.repeat(np.array(b_entry, dtype=np.int32), per_block)
        self.doc_lang = np.repeat(np.array(b_lang, dtype=np.int16), per_block)
        field = _cat([b.field for b in blocks], np.int8)
        self.doc_weight = _FIELD_WEIGHT[field]
        self.doc_dcov = _FIELD_DCOV[field]
        n_docs = len(field)
        nat_used, n_wid = _renumber(_cat([b.native for b in blocks], np.int32), len(all_native))
        skel_used, s_wid = _renumber(_cat([b.skel for b in blocks], np.int32), len(all_skel))
        n_nat, n_keys = len(nat_used), len(nat_used) + len(skel_used)
        doc_ids = np.arange(n_docs, dtype=np.int32)
        n_doc = np.repeat(doc_ids, _cat([b.n_len for b in blocks], np.int64))
        s_doc = np.repeat(doc_ids, _cat([b.s_len for b in blocks], np.int64))
        # postings: one sort of (key, string) pairs; one key space for both vocabularies,
        # native word w is key w, skeleton key s is key n_nat + s. In place and in 32 bits
        # where possible: on a large base fresh memory costs more than the arithmetic.
        pairs = np.concatenate([n_wid, s_wid + n_nat], dtype=np.int64)
        self._ptr = np.zeros(n_keys + 1, dtype=np.int64)
        np.cumsum(np.bincount(pairs, minlength=n_keys), out=self._ptr[1:])
        pairs <<= 32
        pairs[: len(n_doc)] |= n_doc
        pairs[len(n_doc) :] |= s_doc
        pairs.sort()
        self._post = pairs.astype(np.uint32).view(np.int32)  # the low half: the string
        del pairs
        # document frequency counts entries, not strings: strings are numbered entry by entry,
        # so within a key the entries of its strings come in order
        ent = self.doc_entry[self._post]
        new = np.empty(len(ent), dtype=bool)
        new[:1] = True
        np.not_equal(ent[1:], ent[:-1], out=new[1:])
        starts = self._ptr[:-1][self._ptr[:-1] < self._ptr[1:]]
        new[starts] = True
        key_of = np.repeat(np.arange(n_keys, dtype=np.int32), np.diff(self._ptr))
        df = np.bincount(key_of[new], minlength=n_keys)
        n_entries = max(len(self.entries), 1)
        # term counts per (word, entry) for BM25: a word's strings of one entry are one run
        first = np.flatnonzero(new)
        self._e_ptr = np.zeros(n_keys + 1, dtype=np.int64)
        np.cumsum(df, out=self._e_ptr[1:])
        self._e_ent = ent[first]
        tf = np.diff(np.r_[first, len(ent)]).astype(np.float64)
        e_len = np.bincount(self.doc_entry[self._post[: self._ptr[n_nat]]],
                            minlength=n_entries).astype(np.float64)
        norm = BM25_K1 * (1.0 - BM25_B + BM25_B * e_len / max(e_len.mean(), 1.0))
        self._e_tf = (tf * (BM25_K1 + 1.0) / (tf + norm[self._e_ent])).astype(np.float32)
        self._bm25_idf = np.log(1.0 + (n_entries - df + 0.5) / (df + 0.5))
        del first, tf, e_len, norm
        # the same without the answers: an entry whose answer merely mentions a word ("job" in
        # the Bürgergeld text) counts ANSWER_DF_SHARE of an entry that is asked about it
        named = field[self._post] != _A
        ent, key_of = ent[named], key_of[named]
        new = np.empty(len(ent), dtype=bool)
        new[:1] = True
        np.not_equal(ent[1:], ent[:-1], out=new[1:])
        new[1:] |= key_of[1:] != key_of[:-1]
        df_named = np.bincount(key_of[new], minlength=n_keys)
        del ent, key_of, new, named
        idf = np.log(1.0 + n_entries / np.maximum(df_named + ANSWER_DF_SHARE * (df - df_named), 1))
        # the evidence a question needs (EVIDENCE) keeps counting answers in full: a near spelling
        # of a word that answers use everywhere ("wetter" ~ "weiter") is no evidence
        evidence_idf = np.log(1.0 + n_entries / np.maximum(df, 1))
        self._idf = idf
        self._n_nat = n_nat
        native_words = [all_native[i] for i in nat_used.tolist()]
        skel_words = [all_skel[i] for i in skel_used.tolist()]
        self.native = _Vocab(native_words, {w: i for i, w in enumerate(native_words)},
                             idf[:n_nat])
        self.skel = _Vocab(skel_words, {w: i for i, w in enumerate(skel_words)}, idf[n_nat:])
        self.max_idf = max(self.native.idf_list, default=1.0)
        self._ev_n: list[float] = evidence_idf[:n_nat].tolist()
        self._ev_s: list[float] = evidence_idf[n_nat:].tolist()
        # the sum of idf of a string's own words, in its word order (as the sum over a list)
        self.doc_nidf = np.bincount(n_doc, weights=idf[n_wid], minlength=n_docs)
        self.doc_sidf = np.bincount(s_doc, weights=idf[n_nat + s_wid], minlength=n_docs)

    # -- querying ------------------------------------------------------------------------------
    def search(self, text: str, lang: str | None = None, limit: int = 5) -> SearchResult:
        user_lang = lang or detect_script_language(text)
        toks = content_tokens(text, user_lang)
        if not toks:
            return SearchResult([], False, user_lang or self.default_language)
        n_q = len(toks)
        # query-token weights: rarity of the best vocabulary match; an unknown word counts as a
        # rare word (it says the question is about something the base does not hold), but less
        # so in long messages, where most words are story rather than request.
        unknown_w = UNKNOWN_WEIGHT * self.max_idf * min(1.0, 6.0 / n_q)
        q_weights: list[float] = []
        evidence = 0.0
        # 1. every vocabulary word each query word may mean, with its similarity
        matches: list[tuple[int, int, float]] = []  # (query word, key, similarity)
        n_idf, s_idf, n_nat = self.native.idf_list, self.skel.idf_list, self._n_nat
        ev_n, ev_s = self._ev_n, self._ev_s
        for qi, tok in enumerate(toks):
            best_w = 0.0
            ev_w = 0.0
            for wid, sim in self.native.expand(tok, _min_ratio(tok)):
                sim = sim ** FUZZY_POWER  # a near spelling counts, but clearly less
                best_w = max(best_w, n_idf[wid] * sim)
                ev_w = max(ev_w, ev_n[wid] * sim)
                matches.append((qi, wid, sim))
            for key in skeleton_tokens([tok]):
                if len(key) < 3:
                    continue  # two consonants match half the dictionary
                min_r = 1.0 if len(key) <= 5 else 0.9
                for wid, ssim in self.skel.expand(key, min_r):
                    sim = ssim * SKELETON_WEIGHT
                    best_w = max(best_w, s_idf[wid] * sim)
                    ev_w = max(ev_w, ev_s[wid] * sim)
                    matches.append((qi, n_nat + wid, sim))
            q_weights.append(best_w if best_w > 0 else unknown_w)
            evidence += ev_w
        if not matches:
            return SearchResult([], False, user_lang or self.default_language)
        strength = min(1.0, evidence / (EVIDENCE * self.max_idf)) if EVIDENCE > 0 else 1.0
        return self._score(matches, np.array(q_weights), user_lang, limit, strength)

    def _score(self, matches: list[tuple[int, int, float]], q_weights: np.ndarray,
               user_lang: str | None, limit: int, strength: float = 1.0) -> SearchResult:
        n_q = len(q_weights)
        ptr, post = self._ptr, self._post
        m_qi = np.array([m[0] for m in matches], dtype=np.int64)
        m_sim = np.array([m[2] for m in matches])
        keys, m_key = np.unique(np.array([m[1] for m in matches], dtype=np.int64),
                                return_inverse=True)
        starts = ptr[keys]
        lengths = ptr[keys + 1] - starts
        # 2. rare words first; a very common word only adds to strings a rarer word already
        # found (it cannot make a string relevant on its own), which keeps a question fast on a
        # base of ten thousand entries. A long message has rare words enough to find its
        # strings; its common words only add.
        cap = POSTING_CAP if n_q <= LONG_QUERY else POSTING_CAP_LONG
        full = lengths <= cap
        m_len = lengths[m_key].tolist()
        full[m_key[min(range(len(matches)), key=m_len.__getitem__)]] = True  # the rarest
        # all strings of all matched keys in one gather: segment i holds the strings of keys[i]
        seg = np.repeat(np.arange(len(keys)), lengths)
        offsets = np.cumsum(lengths) - lengths
        docs = post[np.arange(len(seg)) - offsets[seg] + starts[seg]]
        seg_full = full[seg]
        found = np.unique(docs[seg_full])
        if not full.all():
            member = np.zeros(len(self.doc_entry), dtype=bool)
            member[found] = True
            kept = seg_full | member[docs]
            docs, seg = docs[kept], seg[kept]
            lengths = np.bincount(seg, minlength=len(keys))
            offsets = np.cumsum(lengths) - lengths
        rows = np.searchsorted(found, docs)  # row of each string in `found`
        n_found = len(found)
        # best similarity of each query word per string (a key may serve several query words)
        m_lengths = lengths[m_key]
        m_seg = np.repeat(np.arange(len(matches)), m_lengths)
        m_pos = np.arange(len(m_seg)) - (np.cumsum(m_lengths) - m_lengths)[m_seg]
        cell = rows[m_pos + offsets[m_key][m_seg]] * n_q + m_qi[m_seg]
        dq = np.zeros(n_found * n_q)
        np.maximum.at(dq, cell, m_sim[m_seg])
        dq = dq.reshape(n_found, n_q)
        # how much of each string the query covers, by its own words' rarity
        key_sim = np.zeros(len(keys))
        np.maximum.at(key_sim, m_key, m_sim)
        contrib = (self._idf[keys] * key_sim)[seg]
        is_nat = (keys < self._n_nat)[seg]
        cov_n = np.bincount(rows[is_nat], weights=contrib[is_nat], minlength=n_found)
        cov_s = np.bincount(rows[~is_nat], weights=contrib[~is_nat], minlength=n_found)
        q_total = float(q_weights.sum()) or 1.0
        qcov = dq @ q_weights / q_total
        nidf, sidf = self.doc_nidf[found], self.doc_sidf[found]
        cov_n = np.divide(cov_n, nidf, out=np.zeros(n_found), where=nidf > 0)
        cov_s = np.divide(cov_s, sidf, out=np.zeros(n_found), where=sidf > 0)
        keep = 1.0 - DOC_COVER_SHARE
        weight = self.doc_weight[found]
        if n_q > LONG_QUERY:
            # a story shares words with long answer texts by chance (children, school, tram,
            # home), while its request is what an example question or a keyword holds
            weight = weight * np.where(self.doc_dcov[found], 1.0, LONG_ANSWER_WEIGHT)
        score = qcov * np.where(self.doc_dcov[found],
                                keep + DOC_COVER_SHARE * np.maximum(cov_n, cov_s), keep) * weight
        lang_code = self._langs.get(user_lang, -1) if user_lang else None
        doc_lang = self.doc_lang[found]
        if lang_code is not None:
            score *= np.where(doc_lang == lang_code, 1.0, OTHER_LANGUAGE_FACTOR)
        # per entry: its best string, and the best similarity of each query word anywhere in
        # it, so that a long question whose words are spread over several strings still counts.
        # Strings are numbered entry by entry, so an entry's strings are one run of rows.
        doc_entry = self.doc_entry[found]
        run = np.flatnonzero(np.r_[True, doc_entry[1:] != doc_entry[:-1]])
        ents = doc_entry[run]
        cover_w = weight
        if lang_code is not None and lang_code >= 0:
            # an entry's other languages confirm a word, but a story's words that match a
            # dozen translations by chance must not add up to a topic
            cover_w = weight * np.where(doc_lang == lang_code, 1.0, OTHER_LANGUAGE_COVER)
        cover = np.maximum.reduceat(dq * cover_w[:, None], run, axis=0) @ q_weights / q_total
        entry_strength: float | np.ndarray = strength
        if strength < 1.0:
            # what a coordinator wrote as an example question or keyword, asked as it stands
            # ("job", "i need a job", "کار"), is evidence enough however common its words are
            exact = (qcov >= 0.999) & (cov_n >= 0.999) & self.doc_dcov[found]
            if lang_code is not None and lang_code >= 0:
                exact &= doc_lang == lang_code
            entry_strength = np.where(np.maximum.reduceat(exact, run), 1.0, strength)
        total = ((1.0 - ENTRY_SHARE) * np.maximum.reduceat(score, run)
                 + ENTRY_SHARE * cover) * entry_strength
        n_top = min(limit, len(total))
        if n_top <= 0:
            return SearchResult([], False, user_lang or self.default_language)
        topic_of = self._topic_ids[ents]
        bm25 = self._bm25(keys, key_sim, cap)
        bm25_max = float(bm25.max())
        agree = False
        if bm25_max > 0:
            agree = bool(self._topic_ids[int(np.argmax(bm25))] == topic_of[int(np.argmax(total))])
            total = (1.0 - BM25_SHARE) * total + BM25_SHARE * bm25[ents] / bm25_max
        cut = np.partition(total, len(total) - n_top)[len(total) - n_top]
        top = np.flatnonzero(total >= cut).tolist()
        top.sort(key=lambda i: (-total[i], self.entries[ents[i]].id))
        top = top[:n_top]
        hits = [Hit(self.entries[ents[i]], min(100, round(float(total[i]) * 100))) for i in top]
        other = total[topic_of != topic_of[top[0]]]
        runner_up = min(100, round(float(other.max()) * 100)) if len(other) else 0
        answered = answers(hits[0].score, runner_up, n_q, agree)
        if user_lang is None:
            # the language of the text that matched is a fair guess, but only for a real match
            if answered:
                # its best string; ties go to the later string, as they always have
                lo, hi = run[top[0]], (run[top[0] + 1] if top[0] + 1 < len(run) else n_found)
                part = score[lo:hi]
                code = int(doc_lang[lo + len(part) - 1 - int(np.argmax(part[::-1]))])
                user_lang = next(k for k, v in self._langs.items() if v == code)
            else:
                user_lang = self.default_language
        return SearchResult(hits, answered, user_lang, runner_up, n_q, agree)

    def _bm25(self, keys: np.ndarray, key_sim: np.ndarray, cap: int) -> np.ndarray:
        """BM25 of every entry for the matched keys, each weighted by its best similarity to a
        query word. Words in more than `cap` entries are left out on a large base: their idf is
        small, and their postings would cost more than everything else."""
        starts = self._e_ptr[keys]
        lengths = self._e_ptr[keys + 1] - starts
        use = lengths <= cap
        starts, lengths = starts[use], lengths[use]
        weight = self._bm25_idf[keys[use]] * key_sim[use]
        seg = np.repeat(np.arange(len(starts)), lengths)
        at = np.arange(len(seg)) - (np.cumsum(lengths) - lengths)[seg] + starts[seg]
        return np.bincount(self._e_ent[at], weights=self._e_tf[at] * weight[seg],
                           minlength=len(self.entries))

    def entries_of_topic(self, topic: str) -> list[Entry]:
        return [e for e in self.entries if e.topic == topic]
