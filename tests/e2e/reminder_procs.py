"""Helpers for tests that run real bot processes against a standalone emulator."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path

from bot.db import Database
from bot.emulator_client import RemoteEmulator
from bot.models import Appointment, Case, Guide, Reminder, User

ROOT = Path(__file__).resolve().parents[2]


def seed_reminders(db: Database, count: int, first_in: float, spread: float) -> None:
    """One guide, one newcomer per appointment, one reminder each, due over `spread` s."""
    now = dt.datetime.now(dt.UTC)
    with db.session() as s:
        s.add(User(id=1, lang="de", role="guide", active=True, consent_refused=False))
        s.flush()
        s.add(Guide(user_id=1, status="active", languages={"de": 3}, districts=[], topics=[],
                    availability=[], max_cases=count))
        s.flush()
        for i in range(count):
            uid = 1000 + i
            s.add(User(id=uid, lang="uk", role="newcomer", active=True, consent_refused=False))
            s.flush()
            case = Case(guide_id=1, newcomer_id=uid, status="active", topics=[])
            s.add(case)
            s.flush()
            appt = Appointment(case_id=case.id, guide_id=1, newcomer_id=uid,
                               starts_at=now + dt.timedelta(hours=2), place=f"Ort {i}",
                               bring=[], status="confirmed")
            s.add(appt)
            s.flush()
            s.add(Reminder(appointment_id=appt.id, user_id=uid, kind="lead", lead_minutes=120,
                           due_at=now + dt.timedelta(seconds=first_in + spread * i / count),
                           status="pending"))


def start_bot(emu: RemoteEmulator, db_url: str, metrics_port: int | None = None
              ) -> subprocess.Popen:
    env = dict(os.environ, TELEGRAM_BOT_TOKEN=emu.token, TELEGRAM_BASE_URL=emu.base_url,
               TELEGRAM_BASE_FILE_URL=emu.base_file_url, DATABASE_URL=db_url,
               KNOWLEDGE_DIR=str(ROOT / "knowledge"), REMINDER_INTERVAL="0.2", LOG_LEVEL="WARNING")
    if metrics_port:
        env["METRICS_PORT"] = str(metrics_port)
    return subprocess.Popen([sys.executable, "-m", "bot.cli", "run"], env=env, cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def start_webhook_bots(emu: RemoteEmulator, db_url: str, count: int, secret: str,
                       **extra_env: str) -> tuple[list[subprocess.Popen], list[int]]:
    """`count` webhook processes on one database, healthy and behind the emulator's load
    balancer (round robin, as Telegram and a proxy would deliver)."""
    procs, ports = [], []
    for _ in range(count):
        port = free_port()
        ports.append(port)
        env = dict(os.environ, TELEGRAM_BOT_TOKEN=emu.token, TELEGRAM_BASE_URL=emu.base_url,
                   TELEGRAM_BASE_FILE_URL=emu.base_file_url, DATABASE_URL=db_url,
                   KNOWLEDGE_DIR=str(ROOT / "knowledge"), LOG_LEVEL="WARNING",
                   WEBHOOK_URL=f"http://127.0.0.1:{port}/telegram", PORT=str(port),
                   WEBHOOK_SECRET=secret, **extra_env)
        procs.append(subprocess.Popen([sys.executable, "-m", "bot.cli", "run"], env=env,
                                      cwd=ROOT, stdout=subprocess.DEVNULL,
                                      stderr=subprocess.DEVNULL))
    try:
        wait_healthy(ports, timeout=120)
    except BaseException:
        stop_all(procs)
        raise
    emu.load_balance([f"http://127.0.0.1:{p}/telegram" for p in ports], secret)
    return procs, ports


def stop_all(procs: list[subprocess.Popen]) -> None:
    for p in procs:
        p.terminate()
    for p in procs:
        p.wait(timeout=30)


def reminder_counts(emu: RemoteEmulator) -> dict[int, int]:
    counts: dict[int, int] = {}
    for item in emu.sent():
        if item["method"] == "sendMessage" and "⏰" in str(item["params"].get("text", "")):
            counts[item["chat_id"]] = counts.get(item["chat_id"], 0) + 1
    return counts


def wait_counts(emu: RemoteEmulator, predicate, timeout: float) -> dict[int, int]:
    deadline = time.monotonic() + timeout
    counts = reminder_counts(emu)
    while time.monotonic() < deadline and not predicate(counts):
        time.sleep(0.1)
        counts = reminder_counts(emu)
    return counts


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(ports: list[int], timeout: float = 90) -> None:
    import urllib.request

    deadline = time.monotonic() + timeout
    pending = set(ports)
    while pending:
        assert time.monotonic() < deadline, f"not healthy: {pending}"
        for port in list(pending):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                    if r.status == 200:
                        pending.discard(port)
            except OSError:
                pass
        time.sleep(0.2)
