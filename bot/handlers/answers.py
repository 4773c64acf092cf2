"""Free text → answer from the knowledge base; other answers, feedback, map, guide request."""

from __future__ import annotations

import time

from telegram import Update
from telegram.ext import ContextTypes

from bot import keyboards as K
from bot import messages as M
from bot import questions, users
from bot.callbacks import Callback
from bot.crisis import is_crisis
from bot.emergency import is_emergency
from bot.handlers.common import Ctx, user_ctx
from bot.knowledge import Entry
from bot.metrics import METRICS
from bot.render import emergency_card, entry_card, split_message
from bot.smalltalk import smalltalk
from bot.topics import TOPICS

MAX_TEXT = 1000
#: the entry with the crisis lines (TelefonSeelsorge, Nummer gegen Kummer) shown by `is_crisis`
CRISIS_ENTRY = "krisentelefon"


async def send_card(update: Update, c: Ctx, entry: Entry, markup) -> None:
    chunks = split_message(entry_card(entry, c.lang))
    for i, chunk in enumerate(chunks):
        last = i == len(chunks) - 1
        await update.effective_chat.send_message(
            chunk, reply_markup=markup if last else None, disable_web_page_preview=True)


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    text = message.text or ""
    with user_ctx(update, context) as c:
        verdict = c.svc.limiter.check(c.user.id)
        if verdict == "drop":
            return
        if verdict == "warn":
            await message.reply_text(M.slow_down(c.tr))
            return
        from bot.handlers.guides import handle_state_text

        if await handle_state_text(update, c, text):
            return
        if len(text) > MAX_TEXT:
            text = text[:MAX_TEXT]
            await message.reply_text(M.too_long(c.tr, MAX_TEXT))
        if is_emergency(text):
            await message.reply_text(emergency_card(c.lang))
            return
        if is_crisis(text):  # the crisis line at once, every time; nothing stored
            await message.reply_text(M.crisis_intro(c.tr))
            entry = c.svc.kb.get(CRISIS_ENTRY)
            if entry is not None:
                await send_card(update, c, entry, None)
            else:  # a coordinator archived it: the numbers are in the emergency card too
                await message.reply_text(emergency_card(c.lang))
            return
        if c.user.consent_version is not None and not c.consented and \
                not (c.user.state or {}).get("consent_asked"):
            # the privacy text changed since this person agreed: ask again, once
            users.set_state(c.user, {**(c.user.state or {}), "consent_asked": True})
            c.commit()
            await message.reply_text(M.privacy_notice(c.tr), reply_markup=K.consent(c.tr))
        kind = smalltalk(text)
        if kind == "greeting":  # answered in kind, not searched, not a gap for the inbox
            await message.reply_text(M.hello(c.tr) + "\n\n" + M.main_menu(c.tr),
                                     reply_markup=K.main_menu(c.tr))
            return
        if kind == "thanks":
            await message.reply_text(M.you_are_welcome(c.tr))
            return
        if kind == "about":
            await message.reply_text(M.about_me(c.tr) + "\n\n" + M.main_menu(c.tr),
                                     reply_markup=K.main_menu(c.tr))
            return
        started = time.perf_counter()
        result = c.svc.kb.index.search(text, c.lang)
        q = questions.record(c.session, c.user.id, text, result, keep_text=c.consented)
        c.commit()
        if result.answered and result.best:
            entry = result.best.entry
            await send_card(update, c, entry, K.answer(c.tr, q.id, entry, len(result.hits) > 1))
            METRICS.question(True, time.perf_counter() - started)
            return
        nearest = [h.entry for h in result.suggestions]
        if nearest:
            # the right entry is among these for most real questions that are not answered
            # (tests/eval): "not sure" is the truth, "no good answer" would not be
            reply = M.not_sure(c.tr)
        else:
            reply = M.no_answer(c.tr)
            if c.consented:
                reply += "\n\n" + M.recorded_for_team(c.tr)
        await message.reply_text(reply, reply_markup=K.no_answer(c.tr, nearest, c.lang))
        METRICS.question(False, time.perf_counter() - started)


async def on_other(update: Update, c: Ctx, cb: Callback) -> None:
    query = update.callback_query
    q = questions.owned(c.session, int(cb.args[0]), c.user.id)
    if q is None:
        await query.answer(M.outdated_button(c.tr))
        return
    await query.answer()
    others = [e for e in (c.svc.kb.get(i) for i in q.hit_ids[1:]) if e is not None]
    if not others:
        await update.effective_chat.send_message(M.no_other_answers(c.tr))
        return
    await update.effective_chat.send_message(M.other_answers_header(c.tr),
                                             reply_markup=K.entry_list(others, c.lang))


async def on_feedback(update: Update, c: Ctx, cb: Callback) -> None:
    query = update.callback_query
    helpful = cb.args[1] == "1"
    if not questions.set_feedback(c.session, int(cb.args[0]), c.user.id, helpful):
        await query.answer(M.outdated_button(c.tr))
        return
    c.commit()
    await query.answer(M.thanks_feedback(c.tr, helpful))


async def on_map(update: Update, c: Ctx, cb: Callback) -> None:
    query = update.callback_query
    entry = c.svc.kb.get(cb.args[0])
    if entry is None or entry.contact.lat is None or entry.contact.lon is None:
        await query.answer(M.outdated_button(c.tr))
        return
    await query.answer()
    loc, _ = entry.text(c.lang)
    await update.effective_chat.send_venue(
        latitude=entry.contact.lat, longitude=entry.contact.lon, title=loc.title[:100],
        address=entry.contact.address or entry.contact.district or "Magdeburg")


async def start_guide_request(update: Update, c: Ctx, topic: str | None) -> None:
    from bot.handlers import requests

    await requests.start(update, c, topic)


async def on_guide(update: Update, c: Ctx, cb: Callback) -> None:
    await update.callback_query.answer()
    arg = cb.args[0]
    await start_guide_request(update, c, None if arg == "-" else TOPICS[int(arg)])
