"""Reminders under load: a real bot process starts on a database with 10,000 pending
appointments (20,000 pending reminders), 50 reminders that fell due while it was down, and 300
reminders falling due over the following 20 seconds.

Run: .venv/bin/python -m bench.reminders
- restore: process launch → every reminder missed during the downtime has arrived (target ≤ 5 s)
- lateness: arrival at the emulator − due time, for the 300 (target p99 ≤ 2 s)
"""

from __future__ import annotations

import datetime as dt
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert

from bot.db import Database
from bot.emulator_client import RemoteEmulator
from bot.models import Appointment, Case, Guide, Reminder, User

ROOT = Path(__file__).resolve().parent.parent
PENDING, MISSED, DUE_SOON, SPREAD = 10_000, 50, 300, 20.0


def seed(db: Database, launch_at: dt.datetime) -> dict[int, dt.datetime]:
    """Bulk rows; returns the due time of each reminder that is measured, by chat id."""
    due: dict[int, dt.datetime] = {}
    total = PENDING + MISSED + DUE_SOON
    with db.session() as s:
        s.execute(insert(User), [{"id": 1, "lang": "de", "role": "guide", "active": True,
                                  "consent_refused": False, "created_at": launch_at,
                                  "last_seen": launch_at, "digest": False}]
                  + [{"id": 10_000 + i, "lang": "ar", "role": "newcomer", "active": True,
                      "consent_refused": False, "created_at": launch_at,
                      "last_seen": launch_at, "digest": False} for i in range(total)])
        s.add(Guide(user_id=1, status="active", languages={"ar": 3}, districts=[], topics=[],
                    availability=[], max_cases=total))
        s.flush()
        s.execute(insert(Case), [{"id": i + 1, "guide_id": 1, "newcomer_id": 10_000 + i,
                                  "status": "active", "topics": [], "created_at": launch_at,
                                  "last_activity": launch_at,
                                  "guide_shares_contact": False,
                                  "newcomer_shares_contact": False} for i in range(total)])
        appts, rems = [], []
        for i in range(total):
            uid = 10_000 + i
            if i < PENDING:  # far ahead: 24 h and 2 h reminders pending for days
                start = launch_at + dt.timedelta(days=3, minutes=i % 5000)
                rems += [(i, uid, 1440, start - dt.timedelta(minutes=1440)),
                         (i, uid, 120, start - dt.timedelta(minutes=120))]
            elif i < PENDING + MISSED:  # fell due during the downtime, meeting still ahead
                start = launch_at + dt.timedelta(hours=1)
                when = launch_at - dt.timedelta(minutes=5)
                rems.append((i, uid, 60, when))
                due[uid] = when
            else:
                k = i - PENDING - MISSED
                when = launch_at + dt.timedelta(seconds=8 + SPREAD * k / DUE_SOON)
                start = when + dt.timedelta(hours=2)
                rems.append((i, uid, 120, when))
                due[uid] = when
            appts.append({"id": i + 1, "case_id": i + 1, "guide_id": 1, "newcomer_id": uid,
                          "starts_at": start, "place": f"Ort {i}", "bring": [],
                          "status": "confirmed", "created_at": launch_at})
        s.execute(insert(Appointment), appts)
        s.execute(insert(Reminder), [{"appointment_id": a + 1, "user_id": uid, "kind": "lead",
                                      "lead_minutes": lead, "due_at": when,
                                      "status": "pending"} for a, uid, lead, when in rems])
    return due


def run() -> dict:
    from tests.e2e.reminder_procs import start_bot

    tmp = tempfile.mkdtemp()
    url = f"sqlite:///{tmp}/reminders.db"
    db = Database(url)
    launch_at = dt.datetime.now(dt.UTC)
    due = seed(db, launch_at)
    db.dispose()
    emu = RemoteEmulator.spawn()
    try:
        t0 = time.time()
        bot = start_bot(emu, url)
        missed = {uid for uid, when in due.items() if when < launch_at}
        restore = None
        deadline = time.time() + 8 + SPREAD + 30
        arrived: dict[int, float] = {}
        while time.time() < deadline:
            for item in emu.sent():
                if "⏰" in str(item["params"].get("text", "")):
                    arrived.setdefault(item["chat_id"], item["wall"])
            if restore is None and missed <= arrived.keys():
                restore = max(arrived[u] for u in missed) - t0
            if len(arrived) >= len(due):
                break
            time.sleep(0.5)
        bot.terminate()
        bot.wait(timeout=30)
    finally:
        emu.stop()
    late = sorted(arrived[u] - due[u].timestamp() for u in due if u not in missed and u in arrived)
    return {
        "pending_reminders": 2 * PENDING,
        "restore_s": restore,
        "missed_delivered": len(missed & arrived.keys()),
        "due_delivered": len(late),
        "lateness_median_s": statistics.median(late) if late else None,
        "lateness_p99_s": late[min(len(late) - 1, int(len(late) * 0.99))] if late else None,
    }


def main() -> int:
    print(json.dumps(run(), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
