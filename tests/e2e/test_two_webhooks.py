"""Two webhook processes behind a load balancer on one database: a newcomer's consecutive
updates land on alternating processes and the conversation still works, because no state that
matters lives in process memory."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request

from bot.emulator_client import RemoteEmulator
from tests.e2e.conftest import ROOT, _db_url
from tests.e2e.reminder_procs import free_port, start_webhook_bots, stop_all, wait_healthy


def _wait_sent(emu: RemoteEmulator, chat: int, count: int, timeout: float = 20) -> list[dict]:
    deadline = time.time() + timeout
    while time.time() < deadline:
        items = [x for x in emu.sent() if x["chat_id"] == chat]
        if len(items) >= count:
            return items
        time.sleep(0.1)
    raise AssertionError(f"expected {count} messages, got {len(items)}")


def test_conversation_across_two_webhook_processes(tmp_path):
    url = _db_url(tmp_path)
    emu = RemoteEmulator.spawn()
    procs: list = []
    try:
        procs, _ports = start_webhook_bots(emu, url, 2, "two-secret")
        uid = 9100
        emu.send_text(uid, "/start", lang="uk")          # process A
        _wait_sent(emu, uid, 1)
        emu.press(uid, "l:uk")                           # process B: language stored
        _wait_sent(emu, uid, 3)
        emu.press(uid, "c:1")                            # process A: consent stored
        _wait_sent(emu, uid, 5)
        emu.send_text(uid, "де вивчити німецьку мову")    # process B: answered in Ukrainian
        items = _wait_sent(emu, uid, 6)
        answer = items[-1]["params"]["text"]
        assert any(0x0400 <= ord(ch) <= 0x04FF for ch in answer)
        # every update got exactly one reply (edits counted), nothing doubled
        time.sleep(1.0)
        assert len([x for x in emu.sent() if x["chat_id"] == uid]) == 6
    finally:
        stop_all(procs)
        emu.stop()


def test_polling_process_serves_health_and_metrics_on_metrics_port(tmp_path):
    url = _db_url(tmp_path)
    emu = RemoteEmulator.spawn()
    port = free_port()
    env = dict(os.environ, TELEGRAM_BOT_TOKEN=emu.token, TELEGRAM_BASE_URL=emu.base_url,
               TELEGRAM_BASE_FILE_URL=emu.base_file_url, DATABASE_URL=url,
               KNOWLEDGE_DIR=str(ROOT / "knowledge"), LOG_LEVEL="INFO",
               METRICS_PORT=str(port), LOG_FORMAT="json")
    proc = subprocess.Popen([sys.executable, "-m", "bot.cli", "run"], env=env, cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        wait_healthy([port])
        emu.send_text(9200, "deutschkurs", lang="de")
        _wait_sent(emu, 9200, 1)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as r:
            text = r.read().decode()
        assert 'lotsenbot_updates_total{type="text"} 1' in text
    finally:
        proc.terminate()
        _out, err = proc.communicate(timeout=30)
        emu.stop()
    # structured logs: one JSON line for the update, and no message text in them
    import json

    lines = [json.loads(x) for x in err.splitlines() if x.startswith("{")]
    handled = [x for x in lines if x.get("msg") == "update handled"]
    assert [(x["update_type"], x["outcome"], x["user_id"]) for x in handled] == [
        ("text", "ok", 9200)]
    assert "deutschkurs" not in err
