"""Two bot processes on one PostgreSQL database: each due reminder is claimed by one of them;
when one dies, the other carries on and nothing is lost. Only the reminder the dying process was
sending at that instant may arrive twice (Telegram accepted it, the commit never came).

Runs in the PostgreSQL pass of `make test` (tests/run_postgres.py); SQLite has no row locks
to share work between processes, and a SQLite deployment runs one process."""

from __future__ import annotations

import os
import signal

import pytest

from bot.db import Database
from bot.emulator_client import RemoteEmulator
from tests.e2e.conftest import _db_url
from tests.e2e.reminder_procs import (
    free_port,
    reminder_counts,
    seed_reminders,
    start_bot,
    wait_counts,
    wait_healthy,
)

COUNT = 40
PG = (os.environ.get("LOTSENBOT_TEST_DATABASE_URL") or "").startswith("postgresql")
pytestmark = pytest.mark.skipif(not PG, reason="runs in the PostgreSQL pass of make test")


def test_two_processes_share_reminders_and_survive_one_dying(tmp_path):
    url = _db_url(tmp_path)
    Database(url).dispose()  # migrated before the processes start
    emu = RemoteEmulator.spawn()
    try:
        ports = [free_port(), free_port()]
        a = start_bot(emu, url, ports[0])
        b = start_bot(emu, url, ports[1])
        wait_healthy(ports)
        # the rows are the truth: reminders written now are found by both running processes
        db = Database(url, migrate=False)
        seed_reminders(db, COUNT, first_in=1.0, spread=12.0)
        db.dispose()
        counts = wait_counts(emu, lambda c: len(c) >= COUNT // 3, timeout=60)
        assert len(counts) < COUNT
        os.kill(a.pid, signal.SIGKILL)
        a.wait(timeout=10)
        at_kill = set(reminder_counts(emu))
        counts = wait_counts(emu, lambda c: len(c) >= COUNT, timeout=60)
        b.terminate()
        b.wait(timeout=20)
        assert len(counts) == COUNT, f"lost reminders: {COUNT - len(counts)}"
        twice = {k for k, n in counts.items() if n > 1}
        assert all(n <= 2 for n in counts.values()), counts
        # at most the one the killed process was sending: delivered before the kill, then again
        assert len(twice) <= 1 and twice <= at_kill, (twice, counts)
        with Database(url, migrate=False).session() as s:
            from sqlalchemy import select

            from bot.models import Reminder

            senders = {r.sent_by for r in s.scalars(select(Reminder))}
        assert len(senders) == 2, "both processes should have sent some reminders"
        assert reminder_counts(emu) == counts
    finally:
        emu.stop()
