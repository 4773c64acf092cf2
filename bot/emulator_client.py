"""Talking to a standalone emulator process (`python -m bot.emulator`) from tests and benchmarks.

The bot under test then runs alone in its process, as it would against Telegram, and a test can
kill it (SIGKILL) while the emulator keeps counting what arrived.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.request
from typing import Any


class RemoteEmulator:
    def __init__(self, port: int, token: str = "123456:TEST-TOKEN",
                 proc: subprocess.Popen | None = None) -> None:
        self.port, self.token, self.proc = port, token, proc
        self._msg = 1_000_000

    @classmethod
    def spawn(cls, token: str = "123456:TEST-TOKEN") -> RemoteEmulator:
        proc = subprocess.Popen([sys.executable, "-m", "bot.emulator", "--token", token],
                                stdout=subprocess.PIPE, text=True)
        port = int(proc.stdout.readline().strip())
        return cls(port, token, proc)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/file/bot"

    def _call(self, what: str, body: dict[str, Any] | None = None, query: str = "") -> Any:
        req = urllib.request.Request(
            f"http://127.0.0.1:{self.port}/_emu/{what}{'?' + query if query else ''}",
            data=json.dumps(body or {}).encode(), method="POST")
        with urllib.request.urlopen(req, timeout=30) as resp:
            return json.loads(resp.read())

    def push(self, update: dict[str, Any]) -> int:
        return self._call("push", update)["update_id"]

    def send_text(self, uid: int, text: str, lang: str | None = None) -> int:
        self._msg += 1
        user: dict[str, Any] = {"id": uid, "is_bot": False, "first_name": "User"}
        if lang:
            user["language_code"] = lang
        msg: dict[str, Any] = {"message_id": self._msg, "date": int(time.time()),
                               "chat": {"id": uid, "type": "private", "first_name": "User"},
                               "from": user, "text": text}
        if text.startswith("/"):
            msg["entities"] = [{"type": "bot_command", "offset": 0,
                                "length": len(text.split()[0])}]
        return self.push({"message": msg})

    def press(self, uid: int, data: str, message_id: int = 1) -> int:
        self._msg += 1
        return self.push({"callback_query": {
            "id": str(self._msg), "chat_instance": str(uid), "data": data,
            "from": {"id": uid, "is_bot": False, "first_name": "User"},
            "message": {"message_id": message_id, "date": int(time.time()), "text": "…",
                        "chat": {"id": uid, "type": "private"}}}})

    def sent(self, offset: int = 0) -> list[dict[str, Any]]:
        return self._call("sent", query=f"offset={offset}")["sent"]

    def inject(self, kind: str, count: int = 1, retry_after: int = 1,
               methods: list[str] | None = None) -> None:
        self._call("inject", {"kind": kind, "count": count, "retry_after": retry_after,
                              "methods": methods})

    def load(self, texts: list[tuple[str, str]], count: int, users: int, rate: float) -> None:
        self._call("load", {"texts": texts, "count": count, "users": users, "rate": rate})

    def load_balance(self, targets: list[str], secret: str | None = None) -> None:
        """Deliver updates round robin to these webhook URLs (a load balancer's job)."""
        self._call("lb", {"targets": targets, "secret": secret})

    def stats(self, reset: bool = False) -> dict[str, Any]:
        return self._call("stats", query="reset=1" if reset else "")

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
