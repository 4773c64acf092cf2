"""Per-user flood protection: a burst gets one polite "slow down", then silence until it ends.

Kept in process memory on purpose: it protects this process's event loop, and forgetting it on a
restart harms nobody.
"""

from __future__ import annotations

import time
from collections import deque


class RateLimiter:
    def __init__(self, max_messages: int = 20, per_seconds: float = 10.0) -> None:
        self.max_messages = max_messages
        self.per_seconds = per_seconds
        self._hits: dict[int, deque[float]] = {}
        self._warned: dict[int, float] = {}

    def check(self, user_id: int, now: float | None = None) -> str:
        """'ok', 'warn' (send the one notice) or 'drop'."""
        now = time.monotonic() if now is None else now
        q = self._hits.setdefault(user_id, deque())
        while q and now - q[0] > self.per_seconds:
            q.popleft()
        q.append(now)
        if len(q) <= self.max_messages:
            self._warned.pop(user_id, None)
            return "ok"
        if user_id in self._warned and now - self._warned[user_id] < self.per_seconds:
            return "drop"
        self._warned[user_id] = now
        return "warn"
