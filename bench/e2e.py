"""Whole-stack throughput and reply latency: the real Application against the Bot API emulator.

Run: .venv/bin/python -m bench.e2e
Phase 1 (throughput): 2,000 questions from 100 users are queued at once; updates per second =
2,000 / time until every reply arrived. Phase 2 (latency): 20 users in a closed loop, each
asking its next question when the answer came; reply latency = update queued → reply received.
Telegram's own flood limiter is off here (it would cap the bot at ~30 messages/s, which is
exactly what this shows the bot is far above).
"""

from __future__ import annotations

import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bot.app import ALLOWED_UPDATES, build_application, open_services
from bot.config import load_settings
from bot.emulator import BotApiEmulator
from bot.ratelimit import RateLimiter

ROOT = Path(__file__).resolve().parent.parent


def _questions() -> list[tuple[str, str]]:
    rows = [json.loads(x) for x in (ROOT / "tests/eval/questions.jsonl").read_text().splitlines()
            if x.strip()]
    return [(r["text"], r["lang"]) for r in rows]


async def run(total: int = 2000, users: int = 100, loop_users: int = 20,
              loop_rounds: int = 25) -> dict:
    emu = BotApiEmulator().start()
    tmp = tempfile.mkdtemp()
    settings = load_settings(database_url=f"sqlite:///{tmp}/bench.db",
                             telegram_base_url=emu.base_url,
                             telegram_base_file_url=emu.base_file_url,
                             knowledge_dir=ROOT / "knowledge")
    services = open_services(settings)
    # the per-user flood guard would (rightly) slow a single user sending 25 questions in a
    # few seconds; this benchmark measures capacity, so it is lifted here
    services.limiter = RateLimiter(max_messages=1_000_000)
    app = build_application(settings, services, token=emu.token, rate_limit=False)
    qs = _questions()
    result: dict = {}
    async with app:
        await app.start()
        await app.updater.start_polling(poll_interval=0.0, timeout=1,
                                        allowed_updates=ALLOWED_UPDATES)
        # warm-up
        emu.send_text(1, "deutschkurs")
        await emu.wait_for(1, 1)
        base = len(emu.sent)
        t0 = time.perf_counter()
        for i in range(total):
            text, lang = qs[i % len(qs)]
            emu.send_text(10_000 + i % users, text, lang=lang)
        while len(emu.sent) - base < total:
            await asyncio.sleep(0.005)
        elapsed = time.perf_counter() - t0
        result["updates"] = total
        result["throughput_s"] = elapsed
        result["updates_per_s"] = total / elapsed
        # closed loop latency
        latencies: list[float] = []

        async def user(uid: int) -> None:
            for r in range(loop_rounds):
                text, lang = qs[(uid * 7 + r) % len(qs)]
                before = len(emu.to(uid))
                start = time.perf_counter()
                emu.send_text(uid, text, lang=lang)
                await emu.wait_for(uid, before + 1, timeout=30)
                latencies.append((time.perf_counter() - start) * 1000)

        await asyncio.gather(*(user(50_000 + u) for u in range(loop_users)))
        latencies.sort()
        result["latency_median_ms"] = statistics.median(latencies)
        result["latency_p99_ms"] = latencies[int(len(latencies) * 0.99) - 1]
        result["latency_samples"] = len(latencies)
        await app.updater.stop()
        await app.stop()
    emu.stop()
    services.db.dispose()
    return result


def main() -> int:
    r = asyncio.run(run())
    print(json.dumps(r, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
