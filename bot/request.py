"""Talking to the Bot API with retries, so a short outage of Telegram loses no message.

A 5xx answer, a refused or dropped connection and a connect timeout are retried with
exponential backoff (up to about half a minute); Telegram did not process those requests, so
the retry cannot double a message. A read timeout is the one ambiguous case (Telegram may have
sent the message and the answer got lost): it is retried too, because a lost reminder or answer
is worse than a rare duplicate. 429 is left to the rate limiter, which waits `retry_after`.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from telegram.error import NetworkError, TimedOut
from telegram.request import HTTPXRequest

from bot.metrics import METRICS

log = logging.getLogger(__name__)
DELAYS = (0.2, 0.5, 1.0, 2.0, 4.0, 8.0, 15.0)


class RetryingRequest(HTTPXRequest):
    def __init__(self, *args: Any, delays: tuple[float, ...] = DELAYS, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.delays = delays

    async def do_request(self, url: str, method: str, *args: Any, **kwargs: Any
                         ) -> tuple[int, bytes]:
        endpoint = url.rsplit("/", 1)[-1]
        for attempt, delay in enumerate((*self.delays, None)):
            try:
                code, payload = await super().do_request(url, method, *args, **kwargs)
            except (NetworkError, TimedOut) as exc:
                if delay is None or "Pool timeout" in str(exc):
                    raise
                METRICS.api_error(type(exc).__name__)
                log.warning("%s failed (%s), retry %d in %.1f s", endpoint,
                            type(exc).__name__, attempt + 1, delay)
            else:
                if code < 500 or delay is None:
                    return code, payload
                METRICS.api_error(f"http_{code}")
                log.warning("%s answered %d, retry %d in %.1f s", endpoint, code, attempt + 1,
                            delay)
            await asyncio.sleep(delay)
        raise AssertionError("unreachable")
