"""Scale-out: two webhook processes behind a load balancer on one database, each a real
`lotsenbot run`, the emulator delivering updates round robin (as Telegram + a proxy would).

Run: .venv/bin/python -m bench.e2e_webhook  (same measurements as bench/e2e.py)
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bot.emulator_client import RemoteEmulator
from tests.e2e.reminder_procs import start_webhook_bots, stop_all

ROOT = Path(__file__).resolve().parent.parent
PROCESSES = 2


def _questions() -> list[tuple[str, str]]:
    rows = [json.loads(x) for x in (ROOT / "tests/eval/questions.jsonl").read_text().splitlines()
            if x.strip()]
    return [(r["text"][:500], r["lang"]) for r in rows]


def run(total: int = 2000, users: int = 100, rate: float = 100.0, seconds: float = 10.0,
        processes: int = PROCESSES) -> dict:
    emu = RemoteEmulator.spawn()
    tmp = tempfile.mkdtemp()
    db_url = f"sqlite:///{tmp}/bench.db"
    procs: list = []
    try:
        procs, _ports = start_webhook_bots(emu, db_url, processes, "bench-secret",
                                           TELEGRAM_RATE_LIMIT="false", FLOOD_LIMIT="1000000")
        qs = _questions()
        base = emu.stats()["sent"]
        t0 = emu.stats()["now"]
        emu.load(qs, total, users, 0)
        while emu.stats()["sent"] - base < total:
            time.sleep(0.25)
        elapsed = emu.stats()["last_sent_at"] - t0
        emu.stats(reset=True)
        n = int(rate * seconds)
        emu.load(qs, n, users, rate)
        deadline = time.time() + seconds + 30
        while emu.stats()["sent"] - base < total + n and time.time() < deadline:
            time.sleep(0.2)
        lat = sorted(x * 1000 for x in emu.stats()["latencies"])
    finally:
        stop_all(procs)
        emu.stop()
    return {"processes": processes, "updates": total, "throughput_s": elapsed,
            "updates_per_s": total / elapsed, "latency_rate_per_s": rate,
            "latency_samples": len(lat), "latency_median_ms": statistics.median(lat),
            "latency_p99_ms": lat[min(len(lat) - 1, int(len(lat) * 0.99))]}


def main() -> int:
    print(json.dumps(run(), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
