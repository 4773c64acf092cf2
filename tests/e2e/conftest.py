"""End-to-end harness: the real Application against the Bot API emulator over loopback HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.app import ALLOWED_UPDATES, build_application, open_services
from bot.config import Settings, load_settings
from bot.emulator import BotApiEmulator
from tests.conftest import fresh_db_url

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Harness:
    emu: BotApiEmulator
    settings: Settings
    app: object = None
    services: object = None

    async def start(self) -> None:
        self.services = open_services(self.settings)
        self.app = build_application(self.settings, self.services, token=self.emu.token,
                                     rate_limit=False)
        await self.app.initialize()
        await self.app.start()
        await self.app.updater.start_polling(poll_interval=0.0, timeout=1,
                                             allowed_updates=ALLOWED_UPDATES)

    async def stop(self) -> None:
        if self.app is not None:
            await self.app.updater.stop()
            await self.app.stop()
            await self.app.shutdown()
            self.services.db.dispose()
            self.app = None

    async def restart(self) -> None:
        await self.stop()
        await self.start()

    async def say(self, uid: int, text: str, **kw) -> list:
        before = len(self.emu.to(uid))
        self.emu.send_text(uid, text, **kw)
        return (await self.emu.wait_for(uid, before + 1))[before:]

    async def press(self, uid: int, data: str, expect: int = 1, **kw) -> list:
        before = len(self.emu.to(uid))
        answers_before = len(self.emu.callback_answers)
        self.emu.press(uid, data, **kw)
        if expect == 0:
            await self.emu.wait_answers(answers_before + 1)
            return []
        return (await self.emu.wait_for(uid, before + expect))[before:]

    async def wait_button(self, uid: int, prefix: str, timeout: float = 10.0):
        """The newest message to uid carrying a button whose data starts with prefix."""
        import asyncio
        import time

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for m in reversed(self.emu.to(uid)):
                if any(d and d.startswith(prefix) for _, d in m.buttons):
                    return m
            await asyncio.sleep(0.02)
        raise TimeoutError(f"no {prefix!r} button for {uid}")

    async def onboard(self, uid: int, lang: str, consent: bool = True) -> None:
        await self.say(uid, "/start", lang=lang)
        await self.press(uid, f"l:{lang}", expect=2)
        await self.press(uid, "c:1" if consent else "c:0", expect=2)


def _db_url(tmp_path: Path) -> str:
    return fresh_db_url(tmp_path)


@pytest.fixture
async def harness(tmp_path: Path) -> AsyncIterator[Harness]:
    emu = BotApiEmulator().start()
    settings = load_settings(
        database_url=_db_url(tmp_path),
        telegram_base_url=emu.base_url,
        telegram_base_file_url=emu.base_file_url,
        knowledge_dir=ROOT / "knowledge",
        coordinator_ids=[900],
    )
    h = Harness(emu, settings)
    await h.start()
    try:
        yield h
    finally:
        await h.stop()
        emu.stop()
