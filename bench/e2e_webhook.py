"""Scale-out: two webhook processes behind a load balancer on one database, each a real
`lotsenbot run`, the emulator delivering updates round robin (as Telegram + a proxy would).

Run: .venv/bin/python -m bench.e2e_webhook  (same measurements as bench/e2e.py)
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bot.emulator_client import RemoteEmulator
from tests.e2e.reminder_procs import free_port, wait_healthy

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
    procs, ports = [], []
    try:
        for _ in range(processes):
            port = free_port()
            ports.append(port)
            env = dict(os.environ, TELEGRAM_BOT_TOKEN=emu.token, TELEGRAM_BASE_URL=emu.base_url,
                       TELEGRAM_BASE_FILE_URL=emu.base_file_url, DATABASE_URL=db_url,
                       KNOWLEDGE_DIR=str(ROOT / "knowledge"), LOG_LEVEL="WARNING",
                       WEBHOOK_URL=f"http://127.0.0.1:{port}/telegram", PORT=str(port),
                       WEBHOOK_SECRET="bench-secret", TELEGRAM_RATE_LIMIT="false",
                       FLOOD_LIMIT="1000000")
            procs.append(subprocess.Popen([sys.executable, "-m", "bot.cli", "run"], env=env,
                                          cwd=ROOT, stdout=subprocess.DEVNULL,
                                          stderr=subprocess.DEVNULL))
        wait_healthy(ports, timeout=120)
        emu.load_balance([f"http://127.0.0.1:{p}/telegram" for p in ports], "bench-secret")
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
        for p in procs:
            p.terminate()
        for p in procs:
            p.wait(timeout=30)
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
