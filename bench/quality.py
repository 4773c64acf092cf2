"""Answer quality and latency of Lotsenbot's search beside two baselines, on the same questions.

Run: .venv/bin/python -m bench.quality  (prints a markdown table; `--json` for machines)

Baselines, as the issue defines them:
- rapidfuzz `process.extractOne` with `WRatio` over all titles (every language); answered when
  the score reaches 70 (rapidfuzz's usual "good match" region);
- BM25 (bm25s) over all entry text (every language, lower-cased word tokens); answered when the
  best score is above 0 (BM25 has no calibrated scale; any overlap counts).

"Right answer or suggestion" is what a newcomer sees: answered with the right topic, or not
answered and the right topic among the "did you mean" buttons (Lotsenbot offers at most three
hits above SUGGEST_MIN_SCORE, less for a story: `SearchResult.suggestions`; the baselines, which
have no such step, are credited with their top three). Lotsenbot's "answered" is its answer
decision (`bot.search.ANSWER_MODEL`, fitted by bench/calibrate.py).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process

from bot.knowledge import Entry, Localized, load_dir
from bot.search import SearchIndex

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT / "tests" / "eval" / "questions.jsonl"
#: written after the search was tuned, never tuned on (tests/eval/README.md)
HOLDOUT = ROOT / "tests" / "eval" / "holdout.jsonl"
#: written blind a day later, first measured once to decide on the term-count ranking
HOLDOUT2 = ROOT / "tests" / "eval" / "holdout2.jsonl"
#: Tigrinya, Somali, French and Bulgarian, written blind before the entries had those languages
MORE_LANGUAGES = ROOT / "tests" / "eval" / "more_languages.jsonl"
#: the held-out sets the benchmark reports beside the evaluation set: (result key, file, what)
HELD_OUT = (
    ("holdout", HOLDOUT, "Held-out set, written after the search was tuned and never tuned on"),
    ("holdout2", HOLDOUT2, "Second held-out set, written blind on 2026-11-23"),
    ("more_languages", MORE_LANGUAGES,
     "Tigrinya, Somali, French and Bulgarian, written blind before the entries spoke them"),
)
#: chatter and stories that ask for nothing, for fitting the answer decision (bench/calibrate.py)
CALIBRATION = ROOT / "tests" / "eval" / "offtopic_calibration.jsonl"


@dataclass
class Outcome:
    topics: list[str]  # ranked topics of the hits
    answered: bool
    #: topics offered as "did you mean" when not answered; None: the system offers its top 3
    offered: list[str] | None = None


def load_eval(path: Path = EVAL, split: str = "all") -> list[dict]:
    """The eval questions; `split` even/odd keeps the lines with even/odd index (0-based, over
    non-empty lines): tune on the even half, report the odd half as held-out."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]
    if split == "even":
        return rows[0::2]
    if split == "odd":
        return rows[1::2]
    return rows


def lotsenbot_system(entries: list[Entry]) -> Callable[[str, str], Outcome]:
    index = SearchIndex(entries)

    def run(text: str, lang: str) -> Outcome:
        res = index.search(text, lang)
        return Outcome([h.entry.topic for h in res.hits], res.answered,
                       [h.entry.topic for h in res.suggestions])

    return run


def wratio_system(entries: list[Entry]) -> Callable[[str, str], Outcome]:
    titles, topics = [], []
    for e in entries:
        for loc in e.i18n.values():
            titles.append(loc.title)
            topics.append(e.topic)

    def run(text: str, lang: str) -> Outcome:
        best = process.extractOne(text, titles, scorer=fuzz.WRatio)
        if best is None:
            return Outcome([], False)
        return Outcome([topics[best[2]]], best[1] >= 70)

    return run


def _bm25_tokens(text: str) -> list[str]:
    import re

    return re.findall(r"\w+", text.lower())


def bm25_system(entries: list[Entry]) -> Callable[[str, str], Outcome]:
    import bm25s

    corpus = []
    for e in entries:
        parts = []
        for loc in e.i18n.values():
            parts += [loc.title, loc.answer, *loc.questions, *loc.keywords]
        corpus.append(_bm25_tokens(" ".join(parts)))
    retriever = bm25s.BM25()
    retriever.index(corpus, show_progress=False)
    topics = [e.topic for e in entries]
    k = min(5, len(entries))

    def run(text: str, lang: str) -> Outcome:
        toks = _bm25_tokens(text)
        if not toks:
            return Outcome([], False)
        docs, scores = retriever.retrieve([toks], k=k, show_progress=False)
        ranked = [topics[int(d)] for d, s in zip(docs[0], scores[0], strict=True) if s > 0]
        return Outcome(ranked, bool(ranked))

    return run


def evaluate(system: Callable[[str, str], Outcome], questions: list[dict]) -> dict:
    top1 = top3 = answered_in = correct_answered = rejected = helped = 0
    n_in = n_off = 0
    times = []
    for q in questions:
        t0 = time.perf_counter()
        out = system(q["text"], q["lang"])
        times.append((time.perf_counter() - t0) * 1000)
        if q["topic"] is None:
            n_off += 1
            rejected += not out.answered
            continue
        n_in += 1
        first = out.topics[:1]
        top1 += first == [q["topic"]]
        top3 += q["topic"] in out.topics[:3]
        answered_in += out.answered
        correct_answered += out.answered and first == [q["topic"]]
        offered = out.topics[:3] if out.offered is None else out.offered
        helped += (first == [q["topic"]]) if out.answered else q["topic"] in offered
    times.sort()
    return {
        "questions": len(questions),
        "top1": top1 / max(n_in, 1),
        "top3": top3 / max(n_in, 1),
        "answered_correct": correct_answered / max(n_in, 1),
        "helped": helped / max(n_in, 1),
        "offtopic_rejected": rejected / max(n_off, 1),
        "answered_rate": answered_in / max(n_in, 1),
        "median_ms": statistics.median(times),
        "p99_ms": times[min(len(times) - 1, int(len(times) * 0.99))],
    }


def synthetic_base(entries: list[Entry], n: int, seed: int = 7) -> list[Entry]:
    """A base of n entries for a much larger city, made from the real ones: each copy has a
    third of its words swapped for other words of the same language (vocabulary grows the way
    real text does, not with random strings) and a provider name of its own."""
    rng = random.Random(seed)
    vocab: dict[str, list[str]] = {}
    for e in entries:
        for lang, loc in e.i18n.items():
            words = vocab.setdefault(lang, [])
            for text in (loc.title, loc.answer, *loc.questions, *loc.keywords):
                words.extend(text.split())
    out: list[Entry] = list(entries)
    i = 0
    while len(out) < n:
        src = entries[i % len(entries)]
        i += 1
        name = f"Verein{i} Haus{i * 7 % 1000}"

        def mutate(text: str, lang: str) -> str:
            words = text.split()
            pool = vocab[lang]
            return " ".join(rng.choice(pool) if rng.random() < 0.33 else w for w in words)

        i18n = {
            lang: Localized(title=f"{mutate(loc.title, lang)} {name}",
                            answer=mutate(loc.answer, lang),
                            questions=[mutate(q, lang) for q in loc.questions],
                            keywords=[mutate(k, lang) for k in loc.keywords])
            for lang, loc in src.i18n.items()
        }
        out.append(Entry(id=f"{src.id[:30]}-{i}", topic=src.topic, provider=name,
                         contact=src.contact, i18n=i18n))
    return out


def latency(index: SearchIndex, questions: list[dict]) -> dict:
    times = []
    for q in questions:
        t0 = time.perf_counter()
        index.search(q["text"], q["lang"])
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return {"median_ms": statistics.median(times),
            "p99_ms": times[min(len(times) - 1, int(len(times) * 0.99))]}


def misses(entries: list[Entry], questions: list[dict]) -> list[str]:
    """One line per question Lotsenbot gets wrong: wrong first topic, an in-topic question not
    answered, or an off-topic one answered."""
    index = SearchIndex(entries)
    out = []
    for q in questions:
        res = index.search(q["text"], q["lang"])
        got = [f"{h.entry.topic}:{h.entry.id}:{h.score}" for h in res.hits[:3]]
        first = res.hits[0].entry.topic if res.hits else None
        if q["topic"] is None:
            if not res.answered:
                continue
            why = "ANSWERED-OFFTOPIC"
        elif first != q["topic"]:
            why = "WRONG"
        elif not res.answered:
            why = "UNANSWERED"
        else:
            continue
        out.append(f"{why}\t{q['lang']}\t{q['kind']}\t{q['topic']}\t{q['text']}\t{got}")
    return out


def run_all(large: int = 10_000, split: str = "all") -> dict:
    entries = load_dir(ROOT / "knowledge").entries
    questions = load_eval(split=split)
    # each system's index is built once and asked every set's questions
    systems = {"lotsenbot": lotsenbot_system(entries), "wratio_titles": wratio_system(entries),
               "bm25": bm25_system(entries)}
    results: dict = {"split": split, "entries": len(entries),
                     **{name: evaluate(run, questions) for name, run in systems.items()}}
    for key, path, _ in HELD_OUT if split == "all" else ():
        held = load_eval(path)
        results[key] = {name: evaluate(run, held) for name, run in systems.items()}
    if large:
        t0 = time.perf_counter()
        big = SearchIndex(synthetic_base(entries, large))
        results["large_build_s"] = time.perf_counter() - t0
        results["large_entries"] = len(big.entries)
        results["large"] = latency(big, questions)
    return results


def _rows(r: dict) -> list[str]:
    out = ["| system | top-1 topic | top-3 topic | answered & correct | right answer or "
           "suggestion | off-topic rejected | answered rate | median ms | p99 ms |",
           "|---|---|---|---|---|---|---|---|---|"]
    for name, key in (("Lotsenbot", "lotsenbot"), ("rapidfuzz WRatio over titles",
                                                   "wratio_titles"),
                      ("BM25 (bm25s) over all text", "bm25")):
        m = r[key]
        out.append(f"| {name} | {m['top1']:.1%} | {m['top3']:.1%} | {m['answered_correct']:.1%} "
                   f"| {m['helped']:.1%} | {m['offtopic_rejected']:.1%} | {m['answered_rate']:.1%} "
                   f"| {m['median_ms']:.2f} | {m['p99_ms']:.2f} |")
    return out


def table(r: dict) -> str:
    split = "" if r.get("split", "all") == "all" else f", {r['split']} half"
    out = [f"Knowledge base: {r['entries']} entries; {r['lotsenbot']['questions']} questions "
           f"(tests/eval/questions.jsonl{split})", "", *_rows(r)]
    for key, path, what in HELD_OUT:
        if key in r:
            out += ["", f"{what}: {r[key]['lotsenbot']['questions']} questions "
                    f"({path.relative_to(ROOT)})", "", *_rows(r[key])]
    if "large" in r:
        out += ["", f"Generated base of {r['large_entries']} entries (index built in "
                f"{r['large_build_s']:.1f} s): median {r['large']['median_ms']:.2f} ms, "
                f"p99 {r['large']['p99_ms']:.2f} ms per question"]
    return "\n".join(out)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--large", type=int, default=10_000)
    ap.add_argument("--split", choices=("all", "even", "odd"), default="all",
                    help="questions with even / odd line index (tune on even, hold out odd)")
    ap.add_argument("--misses", action="store_true",
                    help="list the questions Lotsenbot gets wrong instead of the table")
    args = ap.parse_args()
    if args.misses:
        print("\n".join(misses(load_dir(ROOT / "knowledge").entries, load_eval(split=args.split))))
        return 0
    r = run_all(args.large, args.split)
    print(json.dumps(r, indent=2) if args.json else table(r))
    return 0


if __name__ == "__main__":
    sys.exit(main())
