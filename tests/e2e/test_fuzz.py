"""10,000 random and malformed updates through the real handlers (hypothesis): any text and
unicode, random and forged callback data with real object ids, missing fields, odd types, huge
values. No update reaches the error handler, and no reply to the fuzzing users carries anything
of the people whose case is in the database."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from telegram import Update

from bot.app import build_application, open_services
from bot.config import load_settings
from bot.emulator import BotApiEmulator
from bot.handlers import misc
from bot.models import Case, CaseNote, Guide, RelayedMessage, User
from tests.e2e.conftest import ROOT

SECRETS = ("Ghazal", "FUZZ-SECRET-NOTE", "FUZZ-SECRET-RELAY")
FUZZ_USERS = st.integers(min_value=70_000, max_value=70_040)
PREFIXES = ["l", "c", "m", "tp", "t", "e", "v", "o", "f", "g", "n", "d", "gl", "gd", "gdp", "gt",
            "ga", "gm", "gs", "gp", "rl", "rd", "rdp", "rt", "ru", "rb", "rs", "rc", "pa", "pd",
            "cl", "cs", "cw", "cn", "cx", "co", "cp", "ck", "cr", "ap", "ac", "ad", "ah", "am",
            "ay", "an", "ax", "ai", "ak", "al", "dg", "aa", "ar"]


class World:
    loop: asyncio.AbstractEventLoop
    app: object
    emu: BotApiEmulator
    case_id: int = 1


WORLD = World()


@pytest.fixture(scope="module", autouse=True)
def world(tmp_path_factory):
    from tests.e2e.conftest import _db_url

    emu = BotApiEmulator().start()
    s = load_settings(database_url=_db_url(tmp_path_factory.mktemp("fuzz")),
                      telegram_base_url=emu.base_url, telegram_base_file_url=emu.base_file_url,
                      knowledge_dir=ROOT / "knowledge")
    services = open_services(s)
    services.limiter.max_messages = 10**9  # the flood guard would silence the fuzzer
    with services.db.session() as db:
        now = dt.datetime.now(dt.UTC)
        db.add_all([User(id=1, lang="fa", role="guide", first_name="Guide", active=True,
                         consent_refused=False),
                    User(id=2, lang="fa", role="newcomer", first_name="Ghazal", active=True,
                         consent_refused=False, consent_version=1, consent_at=now)])
        db.flush()
        db.add(Guide(user_id=1, status="active", languages={"fa": 3}, districts=[], topics=[],
                     availability=[], max_cases=2))
        db.flush()
        case = Case(guide_id=1, newcomer_id=2, status="active", topics=[])
        db.add(case)
        db.flush()
        db.add_all([CaseNote(case_id=case.id, author_id=1, text="FUZZ-SECRET-NOTE"),
                    RelayedMessage(case_id=case.id, sender_id=2, text="FUZZ-SECRET-RELAY")])
        WORLD.case_id = case.id
    app = build_application(s, services, token=emu.token, rate_limit=False)
    loop = asyncio.new_event_loop()
    loop.run_until_complete(app.initialize())
    WORLD.loop, WORLD.app, WORLD.emu = loop, app, emu
    misc.FAILURES.clear()
    yield
    loop.run_until_complete(app.shutdown())
    loop.close()
    services.db.dispose()
    emu.stop()


def callback_data() -> st.SearchStrategy[str]:
    ids = st.one_of(st.integers(min_value=-5, max_value=10**15).map(str),
                    st.sampled_from(["1", "2", "9999"]), st.text(max_size=8))
    forged = st.builds(lambda p, a, b: f"{p}:{a}" + (f":{b}" if b else ""),
                       st.sampled_from(PREFIXES), ids, st.one_of(st.just(""), ids))
    return st.one_of(forged, st.text(max_size=80), st.binary(max_size=64).map(
        lambda b: b.decode("latin-1")))


texts = st.one_of(st.text(max_size=300), st.text(min_size=3000, max_size=6000),
                  st.sampled_from(["/start", "/start g_x", "/help", "/cases", "/agenda",
                                   "/invite", "/delete", "/mydata", "/cancel", "112", "help",
                                   "کمک", "/start g_" + "a" * 200, "morgen 10:00"]),
                  st.from_regex(r"/[a-z_]{1,30}( [^\n]{0,40})?", fullmatch=True))


@st.composite
def updates(draw) -> dict:
    uid = draw(FUZZ_USERS)
    user = {"id": uid, "is_bot": False, "first_name": draw(st.text(min_size=1, max_size=20))}
    if draw(st.booleans()):
        user["language_code"] = draw(st.one_of(st.sampled_from(["ar", "fa", "uk", "xx", "pt-br",
                                                                 ""]), st.text(max_size=10)))
    chat = {"id": uid, "type": draw(st.sampled_from(["private", "private", "group",
                                                      "supergroup", "channel"]))}
    msg: dict = {"message_id": draw(st.integers(1, 2**31)), "date": draw(st.integers(0, 2**31)),
                 "chat": chat, "from": user}
    kind = draw(st.sampled_from(["text", "text", "callback", "location", "sticker", "edited",
                                 "photo", "document", "empty"]))
    if kind in ("text", "edited"):
        msg["text"] = draw(texts)
        if msg["text"].startswith("/"):
            msg["entities"] = [{"type": "bot_command", "offset": 0,
                                "length": len(msg["text"].split(" ")[0])}]
        return {"edited_message" if kind == "edited" else "message": msg}
    if kind == "callback":
        return {"callback_query": {"id": str(draw(st.integers(0, 10**9))), "from": user,
                                   "chat_instance": "x", "data": draw(callback_data()),
                                   "message": msg}}
    if kind == "location":
        msg["location"] = {"latitude": draw(st.floats(-90, 90)),
                           "longitude": draw(st.floats(-180, 180))}
    elif kind == "sticker":
        msg["sticker"] = {"file_id": "s", "file_unique_id": "s", "type": "regular",
                          "width": 1, "height": 1, "is_animated": False, "is_video": False}
    elif kind == "photo":
        msg["photo"] = [{"file_id": "p", "file_unique_id": "p", "width": 1, "height": 1}]
    elif kind == "document":
        msg["document"] = {"file_id": "d", "file_unique_id": "d",
                           "file_name": draw(st.text(max_size=30)),
                           "file_size": draw(st.integers(0, 2**40))}
    return {"message": msg}


COUNTER = {"n": 0}


@settings(max_examples=10_000, deadline=None, database=None,
          suppress_health_check=list(HealthCheck))
@given(data=updates(), update_id=st.integers(1, 2**31))
def test_random_updates_break_nothing_and_leak_nothing(data, update_id):
    update = Update.de_json({"update_id": update_id, **data}, WORLD.app.bot)
    WORLD.loop.run_until_complete(WORLD.app.process_update(update))
    COUNTER["n"] += 1
    assert misc.FAILURES == [], misc.FAILURES
    if COUNTER["n"] % 500 == 0:
        _assert_no_leak()


def test_zz_nothing_leaked_after_all():
    assert COUNTER["n"] >= 10_000
    _assert_no_leak()


def _assert_no_leak() -> None:
    for sent in WORLD.emu.sent:
        if 70_000 <= sent.chat_id <= 70_040 or sent.chat_id < 0:
            for secret in SECRETS:
                assert secret not in sent.text, (secret, sent.text[:100])
