"""Fit the answer decision (`bot.search.ANSWER_MODEL`) and show what it does.

Run: .venv/bin/python -m bench.calibrate  (prints the weights to put into bot/search.py, and
answered-and-right / answered-wrong / off-topic-rejected for the current and the fitted weights)

Why a fitted model and not a hand-set threshold: the best score of a message depends on its
length (a story explains little of itself with any one entry), so one threshold either leaves
stories unanswered or lets short chatter through. The model weighs the best score, its lead over
the best entry of another topic, the number of content words, and whether a second, term-count
ranking (BM25) puts the same topic first.

Data, and what is never used for fitting:
- fitted on the even half of tests/eval/questions.jsonl (in-topic and off-topic) and on
  tests/eval/offtopic_calibration.jsonl (short and long messages a help bot gets that are not
  requests for help), the off-topic side weighted to as much as the in-topic side;
- the labels: answering with the right topic is good; answering off-topic, or with the wrong
  topic, is bad, and a wrong answer to a real question counts twice (the newcomer reads a wrong
  offer, where a "did you mean" costs one tap);
- the odd half and the held-out sets (bench.quality.HELD_OUT: holdout.jsonl and holdout2.jsonl,
  written after the search was tuned, and more_languages.jsonl) are only reported, never fitted
  on.
"""

from __future__ import annotations

import argparse
import json

import numpy as np

import bot.search as search
from bench.quality import CALIBRATION, EVAL, HELD_OUT, ROOT, load_eval
from bot.knowledge import load_dir
from bot.search import SearchIndex, answer_features, answers

WRONG_COST = 2.0


def features(index: SearchIndex, questions: list[dict]) -> list[dict]:
    """What the decision sees for each question, and whether answering it would be right."""
    out = []
    for q in questions:
        res = index.search(q["text"], q["lang"])
        best = res.hits[0] if res.hits else None
        out.append({"off": q["topic"] is None,
                    "right": best is not None and best.entry.topic == q["topic"],
                    "best": best.score if best else 0, "runner_up": res.runner_up,
                    "words": res.words, "agree": res.agree})
    return out


def _matrix(rows: list[dict]) -> np.ndarray:
    return np.array([answer_features(r["best"], r["runner_up"], r["words"], r["agree"])
                     for r in rows])


def fit(rows: list[dict], iterations: int = 30_000, rate: float = 1.0,
        l2: float = 1e-3) -> tuple[float, ...]:
    """Weighted logistic regression by plain gradient descent (deterministic; five weights do
    not need a solver library)."""
    x = _matrix(rows)
    y = np.array([0.0 if r["off"] else float(r["right"]) for r in rows])
    n_in = sum(not r["off"] for r in rows)
    n_off = len(rows) - n_in
    w = np.array([n_in / max(n_off, 1) if r["off"] else (1.0 if r["right"] else WRONG_COST)
                  for r in rows])
    b = np.zeros(x.shape[1])
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-(x @ b)))
        b -= rate * (x.T @ ((p - y) * w) / w.sum() + l2 * np.r_[0.0, b[1:]])
    return tuple(round(float(v), 2) for v in b)


def outcome(rows: list[dict], model: tuple[float, ...]) -> dict:
    n_in = sum(not r["off"] for r in rows)
    n_off = len(rows) - n_in
    right = wrong = rejected = 0
    for r in rows:
        answered = answers(r["best"], r["runner_up"], r["words"], r["agree"], model)
        if r["off"]:
            rejected += not answered
        elif answered:
            right += r["right"]
            wrong += not r["right"]
    return {"answered_right": right / max(n_in, 1), "answered_wrong": wrong / max(n_in, 1),
            "offtopic_rejected": rejected / max(n_off, 1), "in_topic": n_in,
            "off_topic": n_off}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    index = SearchIndex(load_dir(ROOT / "knowledge").entries)
    sets = {
        "tuning: eval even half": features(index, load_eval(EVAL, "even")),
        "tuning: off-topic calibration": features(index, load_eval(CALIBRATION)),
        "reported: eval odd half": features(index, load_eval(EVAL, "odd")),
        **{f"reported: {key}": features(index, load_eval(path)) for key, path, _ in HELD_OUT},
    }
    tuning = sets["tuning: eval even half"] + sets["tuning: off-topic calibration"]
    fitted = fit(tuning)
    current = tuple(search.ANSWER_MODEL)
    result = {"current": current, "fitted": fitted,
              "sets": {name: {"current": outcome(rows, current),
                              "fitted": outcome(rows, fitted)} for name, rows in sets.items()}}
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"ANSWER_MODEL now:    {current}")
    print(f"ANSWER_MODEL fitted: {fitted}\n")
    print("| set | weights | in-topic answered right | answered wrong | off-topic rejected |")
    print("|---|---|---|---|---|")
    for name, by in result["sets"].items():
        for which, m in by.items():
            print(f"| {name} ({m['in_topic']} in, {m['off_topic']} off) | {which} "
                  f"| {m['answered_right']:.1%} | {m['answered_wrong']:.1%} "
                  f"| {m['offtopic_rejected']:.1%} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
