"""Process-wide counters, rendered in Prometheus' text format for /metrics.

Kept deliberately small (no client library): a handful of counters and one histogram that an
operator's Prometheus scrapes from each process; aggregation across processes is Prometheus's job.
"""

from __future__ import annotations

import threading
from collections import defaultdict

BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)


class Metrics:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.updates: dict[str, int] = defaultdict(int)
        self.questions = 0
        self.answered = 0
        self.reminders_sent = 0
        self.reminders_failed = 0
        self.api_errors: dict[str, int] = defaultdict(int)
        self.latency_counts = [0] * (len(BUCKETS) + 1)
        self.latency_sum = 0.0

    def update(self, kind: str) -> None:
        with self._lock:
            self.updates[kind] += 1

    def question(self, answered: bool, seconds: float) -> None:
        with self._lock:
            self.questions += 1
            self.answered += answered
            self.latency_sum += seconds
            for i, edge in enumerate(BUCKETS):
                if seconds <= edge:
                    self.latency_counts[i] += 1
                    break
            else:
                self.latency_counts[-1] += 1

    def reminder(self, ok: bool) -> None:
        with self._lock:
            if ok:
                self.reminders_sent += 1
            else:
                self.reminders_failed += 1

    def api_error(self, kind: str) -> None:
        with self._lock:
            self.api_errors[kind] += 1

    def render(self) -> str:
        with self._lock:
            lines = ["# HELP lotsenbot_updates_total Updates handled, by type.",
                     "# TYPE lotsenbot_updates_total counter"]
            lines += [f'lotsenbot_updates_total{{type="{k}"}} {v}'
                      for k, v in sorted(self.updates.items())]
            lines += ["# HELP lotsenbot_questions_total Questions answered from the knowledge base.",
                      "# TYPE lotsenbot_questions_total counter",
                      f"lotsenbot_questions_total {self.questions}",
                      "# HELP lotsenbot_questions_answered_total Questions with a good answer.",
                      "# TYPE lotsenbot_questions_answered_total counter",
                      f"lotsenbot_questions_answered_total {self.answered}",
                      "# HELP lotsenbot_answered_ratio Share of questions with a good answer.",
                      "# TYPE lotsenbot_answered_ratio gauge",
                      f"lotsenbot_answered_ratio {self.answered / self.questions if self.questions else 0:.4f}",
                      "# HELP lotsenbot_answer_seconds Time from question to answer sent.",
                      "# TYPE lotsenbot_answer_seconds histogram"]
            cum = 0
            for edge, n in zip(BUCKETS, self.latency_counts, strict=False):
                cum += n
                lines.append(f'lotsenbot_answer_seconds_bucket{{le="{edge}"}} {cum}')
            cum += self.latency_counts[-1]
            lines += [f'lotsenbot_answer_seconds_bucket{{le="+Inf"}} {cum}',
                      f"lotsenbot_answer_seconds_sum {self.latency_sum:.6f}",
                      f"lotsenbot_answer_seconds_count {cum}",
                      "# HELP lotsenbot_reminders_total Reminders, by outcome.",
                      "# TYPE lotsenbot_reminders_total counter",
                      f'lotsenbot_reminders_total{{outcome="sent"}} {self.reminders_sent}',
                      f'lotsenbot_reminders_total{{outcome="failed"}} {self.reminders_failed}',
                      "# HELP lotsenbot_telegram_errors_total Errors from the Bot API, by kind.",
                      "# TYPE lotsenbot_telegram_errors_total counter"]
            lines += [f'lotsenbot_telegram_errors_total{{kind="{k}"}} {v}'
                      for k, v in sorted(self.api_errors.items())]
            return "\n".join(lines) + "\n"


METRICS = Metrics()


def update_kind(update: object) -> str:
    from telegram import Update

    if not isinstance(update, Update):
        return "other"
    for kind in ("callback_query", "edited_message", "message"):
        value = getattr(update, kind, None)
        if value is not None:
            if kind == "message":
                msg = update.message
                if msg.text and msg.text.startswith("/"):
                    return "command"
                if msg.text:
                    return "text"
                if msg.location:
                    return "location"
                return "media"
            return kind
    return "other"
