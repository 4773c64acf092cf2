"""Browsing: topics → entries of a topic (paged) → entry card; offers near a shared location."""

from __future__ import annotations

from telegram import ReplyKeyboardRemove, Update
from telegram.ext import ContextTypes

from bot import keyboards as K
from bot import messages as M
from bot import users
from bot.callbacks import Callback
from bot.handlers.answers import send_card
from bot.handlers.common import Ctx, user_ctx
from bot.render import fmt_km, haversine_km
from bot.topics import TOPICS

NEARBY_COUNT = 5


async def send_topics(update: Update, c: Ctx) -> None:
    await update.effective_chat.send_message(M.choose_topic(c.tr), reply_markup=K.topics(c.tr))


def _sorted_entries(c: Ctx, topic: str):
    return sorted(c.svc.kb.index.entries_of_topic(topic),
                  key=lambda e: e.text(c.lang)[0].title.casefold())


async def on_topics(update: Update, c: Ctx, cb: Callback) -> None:
    query = update.callback_query
    await query.answer()
    if cb.args[0] == "1":
        await query.edit_message_text(M.nearby_choose_topic(c.tr),
                                      reply_markup=K.nearby_topics(c.tr))
        return
    await query.edit_message_text(M.choose_topic(c.tr), reply_markup=K.topics(c.tr))


async def on_topic(update: Update, c: Ctx, cb: Callback) -> None:
    query = update.callback_query
    await query.answer()
    idx, page = int(cb.args[0]), int(cb.args[1])
    entries = _sorted_entries(c, TOPICS[idx])
    markup, page, pages = K.topic_page(c.tr, idx, entries, page, c.lang)
    text = M.entries_of_topic(c.tr, M.topic_name(c.tr, TOPICS[idx]), page + 1, pages)
    await query.edit_message_text(text, reply_markup=markup)


async def on_entry(update: Update, c: Ctx, cb: Callback) -> None:
    query = update.callback_query
    entry = c.svc.kb.get(cb.args[0])
    if entry is None:
        await query.answer(M.outdated_button(c.tr))
        return
    await query.answer()
    await send_card(update, c, entry, K.card(c.tr, entry))


async def on_nearby_topic(update: Update, c: Ctx, cb: Callback) -> None:
    query = update.callback_query
    await query.answer()
    users.set_state(c.user, {"nearby": TOPICS[int(cb.args[0])]})
    c.commit()
    await update.effective_chat.send_message(M.nearby_send_location(c.tr),
                                             reply_markup=K.location_request(c.tr))


async def on_location(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Closest offers of the chosen topic; the location itself is never stored."""
    loc = update.effective_message.location
    with user_ctx(update, context) as c:
        topic = (c.user.state or {}).get("nearby")
        if topic not in TOPICS:
            await update.effective_message.reply_text(
                M.nearby_choose_topic(c.tr), reply_markup=K.nearby_topics(c.tr))
            return
        users.set_state(c.user, None)
        c.commit()
        placed = [e for e in c.svc.kb.index.entries_of_topic(topic)
                  if e.contact.lat is not None and e.contact.lon is not None]
        if not placed:
            await update.effective_message.reply_text(M.nearby_none(c.tr),
                                                      reply_markup=ReplyKeyboardRemove())
            await send_topics(update, c)
            return
        ranked = sorted(((haversine_km(loc.latitude, loc.longitude, e.contact.lat,
                                       e.contact.lon), e) for e in placed),
                        key=lambda x: x[0])[:NEARBY_COUNT]
        lines = [M.nearby_result(c.tr, len(ranked))]
        for km, e in ranked:
            lines.append(f"• {e.text(c.lang)[0].title} – {M.distance(c.tr, fmt_km(km, c.lang))}")
        from html import escape

        await update.effective_message.reply_text(escape("\n".join(lines), quote=False),
                                                  reply_markup=ReplyKeyboardRemove())
        await update.effective_chat.send_message(
            M.choose_topic(c.tr), reply_markup=K.entry_list([e for _, e in ranked], c.lang))
