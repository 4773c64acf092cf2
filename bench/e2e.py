"""Whole-stack throughput and reply latency: the real Application against the Bot API emulator
running in its own process (as Telegram would), over loopback HTTP.

Run: .venv/bin/python -m bench.e2e
- throughput: 2,000 questions from 100 users are queued before the bot starts; updates per
  second = 2,000 / time until the last reply arrived at the emulator.
- latency: questions arrive at a steady 100 per second (half the target capacity) for 10 s;
  the emulator measures each reply's delay from the moment the question was queued.
Telegram's own flood limiter and the per-user flood guard are off here: they would cap sending
at about 30 messages a second, which is exactly what this shows the bot is far above.
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
from bot.emulator_client import RemoteEmulator
from bot.ratelimit import RateLimiter

ROOT = Path(__file__).resolve().parent.parent


def _questions() -> list[tuple[str, str]]:
    rows = [json.loads(x) for x in (ROOT / "tests/eval/questions.jsonl").read_text().splitlines()
            if x.strip()]
    return [(r["text"][:500], r["lang"]) for r in rows]


def _pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p))]


async def run(total: int = 2000, users: int = 100, rate: float = 100.0,
              seconds: float = 10.0) -> dict:
    emu = RemoteEmulator.spawn()
    tmp = tempfile.mkdtemp()
    settings = load_settings(database_url=f"sqlite:///{tmp}/bench.db",
                             telegram_base_url=emu.base_url,
                             telegram_base_file_url=emu.base_file_url,
                             knowledge_dir=ROOT / "knowledge")
    services = open_services(settings)
    services.limiter = RateLimiter(max_messages=1_000_000)
    app = build_application(settings, services, token=emu.token, rate_limit=False)
    qs = _questions()
    result: dict = {}
    try:
        emu.load(qs, total, users, 0)  # queued before the bot starts
        async with app:
            await app.start()
            start_mono = emu.stats()["now"]
            await app.updater.start_polling(poll_interval=0.0, timeout=1,
                                            allowed_updates=ALLOWED_UPDATES)
            while emu.stats()["sent"] < total:
                await asyncio.sleep(0.25)  # each check costs the bot's process an HTTP call
            # the last reply arrived before this check noticed it: take the emulator's clock
            elapsed = emu.stats()["last_sent_at"] - start_mono
            result.update(updates=total, throughput_s=elapsed, updates_per_s=total / elapsed)
            emu.stats(reset=True)
            n = int(rate * seconds)
            emu.load(qs, n, users, rate)
            deadline = time.perf_counter() + seconds + 30
            while emu.stats()["sent"] < total + n and time.perf_counter() < deadline:
                await asyncio.sleep(0.1)
            lat = [x * 1000 for x in emu.stats()["latencies"]]
            result.update(latency_rate_per_s=rate, latency_samples=len(lat),
                          latency_median_ms=statistics.median(lat),
                          latency_p99_ms=_pct(lat, 0.99))
            await app.updater.stop()
            await app.stop()
    finally:
        emu.stop()
        services.db.dispose()
    return result


def main() -> int:
    print(json.dumps(asyncio.run(run()), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
