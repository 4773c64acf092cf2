"""A small Telegram Bot API emulator on loopback, over real HTTP.

Used by the end-to-end tests, the benchmarks and the terminal chat: python-telegram-bot talks to
it through `base_url` exactly as it talks to Telegram, so the whole application runs unchanged.
It keeps what the bot sent per chat, produces the updates a user would cause (text, buttons,
locations, media), and can inject faults (429, 500, dropped connections) to test retries.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import queue
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse

BOT_ID = 7000001
BOT_USERNAME = "lotsen_test_bot"
_JSON_FIELDS = {"reply_markup", "commands", "scope", "entities", "allowed_updates",
                "link_preview_options", "reply_parameters", "caption_entities", "media"}


_monotonic, _wallclock = time.monotonic, time.time


@dataclass
class Sent:
    """One thing the bot sent (or edited) in a chat."""

    method: str
    chat_id: int
    message_id: int
    params: dict[str, Any]
    time: float = field(default_factory=_monotonic)
    wall: float = field(default_factory=_wallclock)

    @property
    def text(self) -> str:
        return str(self.params.get("text") or self.params.get("caption") or "")

    @property
    def buttons(self) -> list[tuple[str, str | None]]:
        """(label, callback_data) of every inline button, row by row."""
        markup = self.params.get("reply_markup") or {}
        out = []
        for row in markup.get("inline_keyboard", []):
            for b in row:
                out.append((b.get("text", ""), b.get("callback_data")))
        return out

    def button(self, contains: str) -> str:
        for label, data in self.buttons:
            if contains in label or (data and data.startswith(contains)):
                return data or ""
        raise KeyError(f"no button {contains!r} in {self.buttons}")


class BotApiEmulator:
    def __init__(self, token: str = "123456:TEST-TOKEN", host: str = "127.0.0.1",
                 port: int = 0) -> None:
        self.token = token
        self._lock = threading.Condition()
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1)
        self.sent: list[Sent] = []
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.callback_answers: list[dict[str, Any]] = []
        self.files: dict[str, bytes] = {}
        self.faults: list[tuple[str, int]] = []  # (kind, retry_after) served to the next calls
        self.fault_methods: set[str] | None = None
        self.delivered_counter: dict[str, int] = {}
        self.blocked: set[int] = set()  # chats that blocked the bot (403)
        # reply latency, measured here: update queued -> first message to that chat
        self._pending: dict[int, list[float]] = {}
        self.latencies: list[float] = []
        # webhook mode: updates are POSTed to the bot (round robin over lb_targets when a test
        # puts a load balancer in front of several processes) instead of waiting for getUpdates
        self.webhook_url: str | None = None
        self.webhook_secret: str | None = None
        self.lb_targets: list[str] = []
        self._deliveries: queue.Queue[dict[str, Any]] = queue.Queue()
        self._rr = itertools.count()
        self.webhook_status: list[int] = []
        self._server = ThreadingHTTPServer((host, port), self._handler_class())
        self._server.daemon_threads = True
        self._thread: threading.Thread | None = None

    # -- lifecycle ------------------------------------------------------------------------
    @property
    def port(self) -> int:
        return self._server.server_address[1]

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/file/bot"

    def start(self) -> BotApiEmulator:
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True,
                                        name="bot-api-emulator")
        self._thread.start()
        self.start_delivery()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        with self._lock:
            self._lock.notify_all()

    def __enter__(self) -> BotApiEmulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- user side: causing updates --------------------------------------------------------
    def _user(self, uid: int, first_name: str, lang: str | None) -> dict[str, Any]:
        u: dict[str, Any] = {"id": uid, "is_bot": False, "first_name": first_name}
        if lang:
            u["language_code"] = lang
        return u

    def _chat(self, uid: int, chat_type: str, chat_id: int | None) -> dict[str, Any]:
        if chat_type == "private":
            return {"id": uid, "type": "private", "first_name": "User"}
        return {"id": chat_id or -100000 - uid, "type": chat_type, "title": "Group"}

    def _webhook_on(self) -> bool:
        return bool(self.lb_targets or self.webhook_url)

    def _deliver_forever(self) -> None:
        while True:
            update = self._deliveries.get()
            targets = self.lb_targets or [self.webhook_url]
            url = targets[next(self._rr) % len(targets)]
            req = urllib.request.Request(url, data=json.dumps(update).encode(), method="POST",
                                         headers={"Content-Type": "application/json"})
            if self.webhook_secret:
                req.add_header("X-Telegram-Bot-Api-Secret-Token", self.webhook_secret)
            for _attempt in range(20):
                try:
                    with urllib.request.urlopen(req, timeout=30) as resp:
                        self.webhook_status.append(resp.status)
                    break
                except urllib.error.HTTPError as exc:
                    self.webhook_status.append(exc.code)
                    break
                except OSError:
                    time.sleep(0.2)  # the bot is not listening yet: Telegram retries too

    def start_delivery(self, workers: int = 8) -> None:
        for _ in range(workers):
            threading.Thread(target=self._deliver_forever, daemon=True).start()

    def push(self, update: dict[str, Any]) -> int:
        with self._lock:
            uid = next(self._update_ids)
            update = {"update_id": uid, **update}
            if self._webhook_on():
                self._deliveries.put(update)
            else:
                self._updates.append(update)
            msg = update.get("message")
            if msg and "text" in msg:
                self._pending.setdefault(msg["chat"]["id"], []).append(time.monotonic())
            self._lock.notify_all()
        return uid

    def load(self, texts: list[tuple[str, str]], count: int, users: int, rate: float) -> None:
        """Push `count` questions from `users` users at `rate` per second (0: all at once)."""

        def run() -> None:
            start = time.monotonic()
            for i in range(count):
                if rate:
                    delay = start + i / rate - time.monotonic()
                    if delay > 0:
                        time.sleep(delay)
                text, lang = texts[i % len(texts)]
                self.send_text(10_000 + i % users, text, lang=lang)

        if rate:
            threading.Thread(target=run, daemon=True).start()
        else:
            run()

    def message(self, uid: int, *, first_name: str = "Amal", lang: str | None = None,
                chat_type: str = "private", chat_id: int | None = None, edited: bool = False,
                **content: Any) -> int:
        msg = {"message_id": next(self._message_ids), "date": int(time.time()),
               "chat": self._chat(uid, chat_type, chat_id),
               "from": self._user(uid, first_name, lang), **content}
        if edited:
            msg["edit_date"] = int(time.time())
        return self.push({"edited_message" if edited else "message": msg})

    def send_text(self, uid: int, text: str, **kw: Any) -> int:
        content: dict[str, Any] = {"text": text}
        if text.startswith("/"):
            cmd = text.split()[0]
            content["entities"] = [{"type": "bot_command", "offset": 0, "length": len(cmd)}]
        return self.message(uid, **content, **kw)

    def send_location(self, uid: int, lat: float, lon: float, **kw: Any) -> int:
        return self.message(uid, location={"latitude": lat, "longitude": lon}, **kw)

    def press(self, uid: int, data: str, message_id: int | None = None, *,
              first_name: str = "Amal", lang: str | None = None) -> int:
        msg_id = message_id or self.last_message_id(uid) or 1
        return self.push({"callback_query": {
            "id": str(next(self._update_ids) * 1000),
            "from": self._user(uid, first_name, lang),
            "chat_instance": str(uid),
            "data": data,
            "message": {"message_id": msg_id, "date": int(time.time()),
                        "chat": self._chat(uid, "private", None),
                        "from": {"id": BOT_ID, "is_bot": True, "first_name": "Lotsenbot"},
                        "text": "…"},
        }})

    # -- user side: reading what the bot sent ------------------------------------------------
    def to(self, chat_id: int) -> list[Sent]:
        with self._lock:
            return [s for s in self.sent if s.chat_id == chat_id]

    def last_message_id(self, chat_id: int) -> int | None:
        items = self.to(chat_id)
        return items[-1].message_id if items else None

    def wait_until(self, predicate: Callable[[], bool], timeout: float = 5.0) -> bool:
        deadline = time.monotonic() + timeout
        with self._lock:
            while not predicate():
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._lock.wait(min(left, 0.05))
        return True

    async def wait_for(self, chat_id: int, count: int, timeout: float = 10.0) -> list[Sent]:
        """Wait (without blocking the event loop) until the chat holds `count` bot outputs."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            items = self.to(chat_id)
            if len(items) >= count:
                return items
            await asyncio.sleep(0.01)
        raise TimeoutError(f"chat {chat_id}: expected {count} bot messages, got "
                           f"{[s.text[:60] for s in self.to(chat_id)]}")

    async def wait_answers(self, count: int, timeout: float = 10.0) -> list[dict[str, Any]]:
        """Wait until `count` callback queries have been answered (toasts), event-loop friendly."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(self.callback_answers) >= count:
                return self.callback_answers
            await asyncio.sleep(0.01)
        raise TimeoutError(f"expected {count} answered buttons, got {len(self.callback_answers)}")

    def pending_updates(self) -> int:
        with self._lock:
            return len(self._updates)

    # -- the API -----------------------------------------------------------------------------
    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        emu = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # headers and body go out in two writes; without TCP_NODELAY, Nagle's algorithm
            # and delayed ACKs add ~40 ms to every API call on keep-alive connections
            disable_nagle_algorithm = True

            def log_message(self, *args: Any) -> None:  # quiet
                pass

            def do_GET(self) -> None:
                self._dispatch()

            def do_POST(self) -> None:
                self._dispatch()

            def _reply(self, status: int, body: dict[str, Any] | bytes) -> None:
                raw = body if isinstance(body, bytes) else json.dumps(body).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(raw)))
                    self.end_headers()
                    self.wfile.write(raw)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (shutdown during a long poll)

            def _dispatch(self) -> None:
                path = unquote(urlparse(self.path).path)  # clients may send ':' as %3A
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                file_prefix = f"/file/bot{emu.token}/"
                if path.startswith(file_prefix):
                    data = emu.files.get(path[len(file_prefix):])
                    if data is None:
                        self._reply(404, {"ok": False, "error_code": 404,
                                          "description": "Not Found"})
                    else:
                        self.send_response(200)
                        self.send_header("Content-Length", str(len(data)))
                        self.end_headers()
                        self.wfile.write(data)
                    return
                if path.startswith("/_emu/"):
                    self._reply(200, emu._control(path[len("/_emu/"):], body,
                                                  urlparse(self.path).query))
                    return
                prefix = f"/bot{emu.token}/"
                if not path.startswith(prefix):
                    self._reply(401, {"ok": False, "error_code": 401,
                                      "description": "Unauthorized"})
                    return
                method = path[len(prefix):]
                params = _parse_params(self.headers.get("Content-Type", ""), body,
                                       urlparse(self.path).query)
                fault = emu._take_fault(method)
                if fault is not None:
                    kind, retry_after = fault
                    if kind == "drop":
                        self.close_connection = True
                        self.connection.close()
                        return
                    if kind == "429":
                        self._reply(429, {"ok": False, "error_code": 429,
                                          "description": "Too Many Requests: retry later",
                                          "parameters": {"retry_after": retry_after}})
                        return
                    self._reply(500, {"ok": False, "error_code": 500,
                                      "description": "Internal Server Error"})
                    return
                status, result = emu._call(method, params)
                if status == 200:
                    self._reply(200, {"ok": True, "result": result})
                else:
                    self._reply(status, {"ok": False, "error_code": status,
                                         "description": str(result)})

        return Handler

    def _control(self, what: str, body: bytes, query: str) -> dict[str, Any]:
        """Remote control for a standalone emulator (another process pushes updates and reads
        what the bot sent): push, sent, inject."""
        q = {k: v[0] for k, v in parse_qs(query).items()}
        if what == "push":
            return {"update_id": self.push(json.loads(body or b"{}"))}
        if what == "sent":
            offset = int(q.get("offset", 0))
            with self._lock:
                items = self.sent[offset:]
            return {"sent": [{"method": x.method, "chat_id": x.chat_id,
                              "message_id": x.message_id, "time": x.time, "wall": x.wall,
                              "params": {k: v for k, v in x.params.items()
                                         if not isinstance(v, bytes)}} for x in items]}
        if what == "load":
            data = json.loads(body or b"{}")
            self.load([tuple(t) for t in data["texts"]], int(data["count"]),
                      int(data["users"]), float(data.get("rate", 0)))
            return {"ok": True}
        if what == "stats":
            with self._lock:
                lat = list(self.latencies)
                if q.get("reset"):
                    self.latencies.clear()
                return {"sent": len(self.sent), "latencies": lat, "now": time.monotonic(),
                        "last_sent_at": self.sent[-1].time if self.sent else 0.0}
        if what == "lb":
            data = json.loads(body or b"{}")
            self.lb_targets = list(data.get("targets", []))
            self.webhook_secret = data.get("secret") or self.webhook_secret
            return {"ok": True}
        if what == "inject":
            data = json.loads(body or b"{}")
            self.inject(data.get("kind", "500"), int(data.get("count", 1)),
                        int(data.get("retry_after", 1)), set(data["methods"])
                        if data.get("methods") else None)
            return {"ok": True}
        return {"error": f"unknown control {what}"}

    def inject(self, kind: str, count: int = 1, retry_after: int = 1,
               methods: set[str] | None = None) -> None:
        """Serve `kind` ('429', '500' or 'drop') to the next `count` matching calls."""
        with self._lock:
            self.faults.extend([(kind, retry_after)] * count)
            self.fault_methods = methods

    def _take_fault(self, method: str) -> tuple[str, int] | None:
        with self._lock:
            if not self.faults or method == "getUpdates":
                return None
            if self.fault_methods and method not in self.fault_methods:
                return None
            return self.faults.pop(0)

    def _record(self, method: str, chat_id: int, params: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            mid = next(self._message_ids)
            self.sent.append(Sent(method, chat_id, mid, params))
            waiting = self._pending.get(chat_id)
            if waiting and method == "sendMessage":
                self.latencies.append(time.monotonic() - waiting.pop(0))
            self.delivered_counter[method] = self.delivered_counter.get(method, 0) + 1
            self._lock.notify_all()
        msg: dict[str, Any] = {
            "message_id": mid, "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "group"},
            "from": {"id": BOT_ID, "is_bot": True, "first_name": "Lotsenbot",
                     "username": BOT_USERNAME},
        }
        if method == "sendMessage":
            msg["text"] = params.get("text", "")
        elif method == "sendVenue":
            msg["venue"] = {"location": {"latitude": params.get("latitude"),
                                         "longitude": params.get("longitude")},
                            "title": params.get("title", ""), "address": params.get("address", "")}
        elif method == "sendLocation":
            msg["location"] = {"latitude": params.get("latitude"),
                               "longitude": params.get("longitude")}
        elif method in ("sendDocument", "sendPhoto"):
            fid = f"f{mid}"
            kind = "document" if method == "sendDocument" else "photo"
            meta = {"file_id": fid, "file_unique_id": fid, "file_size": len(params.get(
                f"_{kind}_bytes", b""))}
            msg[kind] = meta if kind == "document" else [{**meta, "width": 1, "height": 1}]
            if params.get("caption"):
                msg["caption"] = params["caption"]
        if params.get("reply_markup") and "inline_keyboard" in params["reply_markup"]:
            msg["reply_markup"] = params["reply_markup"]
        return msg

    def _call(self, method: str, p: dict[str, Any]) -> tuple[int, Any]:
        self.calls.append((method, p))
        if method == "getMe":
            return 200, {"id": BOT_ID, "is_bot": True, "first_name": "Lotsenbot",
                         "username": BOT_USERNAME, "can_join_groups": True,
                         "can_read_all_group_messages": False,
                         "supports_inline_queries": False}
        if method == "getUpdates":
            return 200, self._get_updates(int(p.get("offset") or 0),
                                          float(p.get("timeout") or 0), int(p.get("limit") or 100))
        if method == "setWebhook":
            self.webhook_url = p.get("url") or None
            self.webhook_secret = p.get("secret_token") or None
            return 200, True
        if method == "getUpdates" and self._webhook_on():
            return 409, "Conflict: can't use getUpdates method while webhook is active"
        if method in ("deleteWebhook", "setMyCommands", "deleteMyCommands",
                      "close", "logOut", "sendChatAction", "deleteMessage", "setChatMenuButton"):
            return 200, True
        if method == "getMyCommands":
            return 200, []
        if method == "answerCallbackQuery":
            with self._lock:
                self.callback_answers.append(p)
                self._lock.notify_all()
            return 200, True
        chat_id = p.get("chat_id")
        if method in ("sendMessage", "sendVenue", "sendLocation", "sendDocument", "sendPhoto"):
            if chat_id is None:
                return 400, "Bad Request: chat_id is empty"
            if method == "sendMessage" and len(str(p.get("text", ""))) > 4096:
                return 400, "Bad Request: message is too long"
            if method == "sendMessage" and not str(p.get("text", "")).strip():
                return 400, "Bad Request: message text is empty"
            if int(chat_id) in self.blocked:
                return 403, "Forbidden: bot was blocked by the user"
            _check_markup(p.get("reply_markup"))
            return 200, self._record(method, int(chat_id), p)
        if method in ("editMessageText", "editMessageReplyMarkup"):
            if chat_id is None:
                return 400, "Bad Request: chat_id is empty"
            _check_markup(p.get("reply_markup"))
            return 200, self._record(method, int(chat_id), p)
        if method == "getFile":
            fid = str(p.get("file_id"))
            return 200, {"file_id": fid, "file_unique_id": fid, "file_path": fid,
                         "file_size": len(self.files.get(fid, b""))}
        return 400, f"Bad Request: method {method} is not emulated"


    def _get_updates(self, offset: int, timeout: float, limit: int) -> list[dict[str, Any]]:
        deadline = time.monotonic() + min(timeout, 30.0)
        with self._lock:
            if offset:
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
            while not self._updates and time.monotonic() < deadline:
                self._lock.wait(min(0.05, max(deadline - time.monotonic(), 0.001)))
            return list(self._updates[:limit])


def _check_markup(markup: Any) -> None:
    if not markup:
        return
    for row in markup.get("inline_keyboard", []):
        for b in row:
            data = b.get("callback_data")
            if data is not None and len(data.encode("utf-8")) > 64:
                raise ValueError(f"callback_data longer than 64 bytes: {data!r}")


def _convert(key: str, value: str) -> Any:
    if key in _JSON_FIELDS:
        try:
            return json.loads(value)
        except ValueError:
            return value
    if key in ("chat_id", "message_id", "offset", "limit", "timeout", "user_id", "cache_time"):
        try:
            return int(value)
        except ValueError:
            return value
    if key in ("latitude", "longitude"):
        return float(value)
    return value


def _parse_params(content_type: str, body: bytes, query: str) -> dict[str, Any]:
    params: dict[str, Any] = {}
    for k, v in parse_qs(query).items():
        params[k] = _convert(k, v[0])
    if not body:
        return params
    if content_type.startswith("application/json"):
        data = json.loads(body or b"{}")
        params.update(data)
        return params
    if content_type.startswith("multipart/form-data"):
        msg = BytesParser(policy=HTTP).parsebytes(
            b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body)
        for part in msg.iter_parts():
            name = part.get_param("name", header="content-disposition")
            payload = part.get_payload(decode=True) or b""
            if part.get_filename():
                params[f"_{name}_bytes"] = payload
                params[f"_{name}_filename"] = part.get_filename()
                params[name] = f"attach://{name}"
            else:
                params[name] = _convert(name, payload.decode("utf-8"))
        return params
    for k, v in parse_qs(body.decode("utf-8"), keep_blank_values=True).items():
        params[k] = _convert(k, v[0])
    return params


def main() -> None:  # pragma: no cover - a process entry point, used by benchmarks and tests
    import argparse

    ap = argparse.ArgumentParser(description="Telegram Bot API emulator on loopback")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--token", default="123456:TEST-TOKEN")
    args = ap.parse_args()
    emu = BotApiEmulator(token=args.token, port=args.port)
    emu.start_delivery()
    print(emu.port, flush=True)
    emu._server.serve_forever()


if __name__ == "__main__":  # pragma: no cover
    main()
