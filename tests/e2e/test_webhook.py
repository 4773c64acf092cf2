"""Webhook mode end to end: updates POSTed with and without the right secret token (the wrong
one gets 403), replies through the emulator, and /healthz and /metrics read after traffic."""

from __future__ import annotations

import asyncio
import json
import urllib.error
import urllib.request

from bot.app import ALLOWED_UPDATES, build_application, open_services
from bot.config import load_settings
from bot.emulator import BotApiEmulator
from bot.webhook import SECRET_HEADER, serve
from tests.e2e.conftest import ROOT, _db_url
from tests.e2e.reminder_procs import free_port


async def _http(url: str, data: bytes | None = None, headers: dict | None = None
                ) -> tuple[int, bytes]:
    def call() -> tuple[int, bytes]:
        req = urllib.request.Request(url, data=data, headers=headers or {},
                                     method="POST" if data is not None else "GET")
        try:
            with urllib.request.urlopen(req, timeout=10) as resp:
                return resp.status, resp.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()

    return await asyncio.to_thread(call)


def _update(uid: int, update_id: int, text: str) -> bytes:
    return json.dumps({"update_id": update_id, "message": {
        "message_id": update_id, "date": 0, "text": text,
        "chat": {"id": uid, "type": "private"},
        "from": {"id": uid, "is_bot": False, "first_name": "W", "language_code": "de"}}}).encode()


async def test_webhook_secret_health_and_metrics(tmp_path):
    from bot.metrics import METRICS

    emu = BotApiEmulator().start()
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram"
    settings = load_settings(database_url=_db_url(tmp_path), telegram_base_url=emu.base_url,
                             telegram_base_file_url=emu.base_file_url,
                             knowledge_dir=ROOT / "knowledge", webhook_url=url,
                             webhook_secret="s3cret-token", port=port)
    services = open_services(settings)
    app = build_application(settings, services, token=emu.token, rate_limit=False)
    stop = asyncio.Event()
    before = METRICS.updates.get("text", 0), METRICS.questions
    task = asyncio.create_task(serve(app, port=port, webhook_url=url, secret="s3cret-token",
                                     allowed_updates=ALLOWED_UPDATES, listen="127.0.0.1",
                                     stop=stop))
    try:
        for _ in range(200):
            if emu.webhook_url == url:
                break
            await asyncio.sleep(0.05)
        assert emu.webhook_url == url and emu.webhook_secret == "s3cret-token"
        # wrong or missing secret: refused, nothing processed
        status, _ = await _http(url, _update(5001, 1, "deutschkurs"),
                                {SECRET_HEADER: "wrong", "Content-Type": "application/json"})
        assert status == 403
        status, _ = await _http(url, _update(5001, 2, "deutschkurs"),
                                {"Content-Type": "application/json"})
        assert status == 403
        await asyncio.sleep(0.3)
        assert emu.to(5001) == []
        # the right secret: answered
        status, _ = await _http(url, _update(5001, 3, "deutschkurs"),
                                {SECRET_HEADER: "s3cret-token",
                                 "Content-Type": "application/json"})
        assert status == 200
        await emu.wait_for(5001, 1)
        # Telegram's own deliveries (the emulator sends the secret header)
        for i in range(5):
            emu.send_text(5002 + i, "wo kann ich deutsch lernen", lang="de")
        for i in range(5):
            await emu.wait_for(5002 + i, 1)
        status, body = await _http(f"http://127.0.0.1:{port}/healthz")
        health = json.loads(body)
        assert status == 200 and health["database"] == "ok" and health["scheduler"] == "running"
        status, body = await _http(f"http://127.0.0.1:{port}/metrics")
        text = body.decode()
        assert status == 200
        counted = [ln for ln in text.splitlines()
                   if ln.startswith('lotsenbot_updates_total{type="text"}')]
        assert int(counted[0].split()[-1]) - before[0] == 6
        questions = int(next(ln for ln in text.splitlines()
                             if ln.startswith("lotsenbot_questions_total ")).split()[-1])
        assert questions - before[1] == 6
        assert 'lotsenbot_answer_seconds_bucket{le="+Inf"}' in text
        assert "lotsenbot_reminders_total" in text
    finally:
        stop.set()
        await asyncio.wait_for(task, 30)
        services.db.dispose()
        emu.stop()
