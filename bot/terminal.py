"""`lotsenbot chat`: try the bot in a terminal, no token and no network needed.

The very same Application runs against the in-process Bot API emulator on loopback; what you type
becomes an update, what the bot sends is printed with its buttons numbered (type the number to
press one). Commands: /as newcomer|guide|coordinator switches the role, /quit leaves.
"""

from __future__ import annotations

import asyncio
import html
import re
import sys

from bot.config import Settings

ROLE_IDS = {"newcomer": 100001, "guide": 100002, "coordinator": 100003}
_TAG = re.compile(r"<[^>]+>")


def _plain(text: str) -> str:
    return html.unescape(_TAG.sub("", text))


def chat(settings: Settings, role: str = "newcomer", lang: str | None = None) -> int:
    return asyncio.run(_chat(settings, role, lang))


async def _chat(settings: Settings, role: str, lang: str | None) -> int:
    from bot.app import ALLOWED_UPDATES, build_application, open_services
    from bot.emulator import BotApiEmulator
    from bot.main import connect

    emu = BotApiEmulator().start()
    coord_ids = list({*settings.coordinator_ids, ROLE_IDS["coordinator"]})
    settings = settings.model_copy(update={
        "telegram_base_url": emu.base_url, "telegram_base_file_url": emu.base_file_url,
        "coordinator_ids": coord_ids})
    services = open_services(settings, connect(settings))
    app = build_application(settings, services, token=emu.token, rate_limit=False)
    uid = ROLE_IDS[role]
    shown = 0
    buttons: list[str] = []
    print("Lotsenbot – local chat. Type text, a number to press a button, /quit to leave.")
    print(f"(you are the {role}; database: {settings.database_url})")
    async with app:
        await app.start()
        await app.updater.start_polling(poll_interval=0.0, timeout=1,
                                        allowed_updates=ALLOWED_UPDATES)
        emu.send_text(uid, "/start", lang=lang)
        loop = asyncio.get_running_loop()
        try:
            while True:
                await asyncio.sleep(0.3)
                items = emu.to(uid)
                for item in items[shown:]:
                    print()
                    if item.method == "sendVenue":
                        print(f"📍 {item.params.get('title')} – {item.params.get('address')} "
                              f"({item.params.get('latitude')}, {item.params.get('longitude')})")
                    elif item.method == "sendDocument":
                        print(f"📎 {item.params.get('_document_filename')} "
                              f"({len(item.params.get('_document_bytes', b''))} bytes) "
                              f"{_plain(item.text)}")
                    else:
                        print(_plain(item.text))
                    if item.buttons:
                        buttons = [d or "" for _, d in item.buttons]
                        for i, (label, _d) in enumerate(item.buttons, 1):
                            print(f"  [{i}] {label}")
                shown = len(items)
                for ans in emu.callback_answers[-1:]:
                    if ans.get("text"):
                        print(f"  ({ans['text']})")
                emu.callback_answers.clear()
                line = await loop.run_in_executor(None, _read)
                if line is None or line.strip() == "/quit":
                    break
                line = line.strip()
                if not line:
                    continue
                if line.startswith("/as "):
                    new = line.split()[1]
                    if new in ROLE_IDS:
                        uid, shown = ROLE_IDS[new], 0
                        emu.send_text(uid, "/start")
                    continue
                if line.isdigit() and 1 <= int(line) <= len(buttons):
                    emu.press(uid, buttons[int(line) - 1])
                elif line.startswith("loc "):
                    _, la, lo = line.split()
                    emu.send_location(uid, float(la), float(lo))
                else:
                    emu.send_text(uid, line)
        finally:
            await app.updater.stop()
            await app.stop()
    emu.stop()
    services.db.dispose()
    return 0


def _read() -> str | None:
    try:
        return input("> ")
    except EOFError:
        return None


if __name__ == "__main__":  # pragma: no cover
    from bot.config import load_settings

    sys.exit(chat(load_settings()))
