"""Webhook mode: Telegram (or a load balancer in front of several processes) POSTs updates here.

One small tornado server (python-telegram-bot's webhook extra brings tornado) serves the webhook
path with the secret-token check, /healthz (database and scheduler) and /metrics (Prometheus);
polling mode serves the last two on METRICS_PORT.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import signal
from urllib.parse import urlparse

import tornado.web
from sqlalchemy import text
from telegram import Update
from telegram.ext import Application

from bot.metrics import METRICS

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class _Base(tornado.web.RequestHandler):
    def initialize(self, app: Application) -> None:
        self.app = app

    def set_default_headers(self) -> None:
        self.set_header("Cache-Control", "no-store")


class WebhookHandler(_Base):
    def initialize(self, app: Application, secret: str | None) -> None:  # type: ignore[override]
        self.app, self.secret = app, secret

    async def post(self) -> None:
        if self.secret is not None and self.request.headers.get(SECRET_HEADER) != self.secret:
            self.set_status(403)
            self.finish("forbidden")
            return
        try:
            data = json.loads(self.request.body or b"{}")
            update = Update.de_json(data, self.app.bot)
        except (ValueError, TypeError, KeyError):
            self.set_status(400)
            self.finish("bad update")
            return
        await self.app.update_queue.put(update)
        self.finish("ok")


class HealthHandler(_Base):
    def get(self) -> None:
        svc = self.app.bot_data["services"]
        state = {"database": "ok", "scheduler": "stopped", "running": self.app.running}
        try:
            with svc.db.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except Exception as exc:  # any failure means unhealthy, never a crash
            state["database"] = f"error: {type(exc).__name__}"
        jq = self.app.job_queue
        if jq is not None and jq.scheduler.running:
            state["scheduler"] = "running"
        healthy = state["database"] == "ok" and state["scheduler"] == "running"
        self.set_status(200 if healthy else 503)
        self.finish(state)


class MetricsHandler(_Base):
    def get(self) -> None:
        self.set_header("Content-Type", "text/plain; version=0.0.4")
        self.finish(METRICS.render())


def make_server_app(app: Application, webhook_path: str | None, secret: str | None
                    ) -> tornado.web.Application:
    routes: list = [(r"/healthz", HealthHandler, {"app": app}),
                    (r"/metrics", MetricsHandler, {"app": app})]
    if webhook_path is not None:
        routes.append((webhook_path or "/", WebhookHandler, {"app": app, "secret": secret}))
    return tornado.web.Application(routes)


async def serve(app: Application, *, port: int, webhook_url: str | None,
                secret: str | None, allowed_updates: list[str], listen: str = "0.0.0.0",
                polling: bool = False, stop: asyncio.Event | None = None) -> None:
    """Run until SIGTERM/SIGINT (or `stop` is set): webhook or polling, /healthz, /metrics."""
    path = urlparse(webhook_url).path if webhook_url else None
    server = make_server_app(app, path, secret).listen(port, address=listen)
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError, RuntimeError):  # not the main thread
            loop.add_signal_handler(sig, stop.set)
    async with app:
        await app.start()
        if polling:
            await app.updater.start_polling(allowed_updates=allowed_updates)
        elif webhook_url:
            await app.bot.set_webhook(webhook_url, secret_token=secret,
                                      allowed_updates=allowed_updates)
        log.info("serving on port %d (%s)", port, "polling" if polling else "webhook")
        await stop.wait()
        if polling:
            await app.updater.stop()
        await app.stop()
    server.stop()
