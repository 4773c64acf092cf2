"""A newcomer asks for a guide: a short form in their language, then matching."""

from __future__ import annotations

from telegram import Update

from bot import cases as C
from bot import keyboards as K
from bot import keyboards_guides as KG
from bot import messages as M
from bot import messages_guides as G
from bot import users
from bot.callbacks import Callback
from bot.districts import DISTRICTS
from bot.guides import NotAllowed
from bot.handlers.common import Ctx
from bot.handlers.guides import my_guide, notify_step
from bot.topics import BRIDGE_LANGS, TOPICS

MAX_NOTE = 300


async def start(update: Update, c: Ctx, topic: str | None) -> None:
    if not c.consented:
        users.set_state(c.user, {"after_consent": "guide"})
        c.commit()
        await update.effective_chat.send_message(M.guide_needs_consent(c.tr),
                                                 reply_markup=K.consent(c.tr))
        return
    if await my_guide(update, c):
        return
    if C.open_request(c.session, c.user.id) is not None:
        await update.effective_chat.send_message(G.request_already_open(c.tr))
        return
    req = C.draft_request(c.session, c.user)
    if topic and topic in TOPICS and topic not in (req.topics or []):
        req.topics = [*(req.topics or []), topic]
    c.commit()
    await update.effective_chat.send_message(M.guide_request_intro(c.tr))
    await update.effective_chat.send_message(
        G.ask_request_languages(c.tr), reply_markup=KG.request_languages(c.tr, set(req.languages)))


async def on_form(update: Update, c: Ctx, cb: Callback) -> None:
    query = update.callback_query
    if not c.consented:
        await query.answer(G.not_allowed(c.tr))
        return
    req = C.draft_request(c.session, c.user)
    a, arg = cb.action, cb.args[0]
    await query.answer()
    if a == "r_lang":
        langs = set(req.languages or [])
        langs ^= {arg}
        req.languages = sorted(langs)
        c.commit()
        await query.edit_message_reply_markup(KG.request_languages(c.tr, langs))
    elif (a == "r_step" and arg == "district") or a == "r_dpage":
        if not req.languages:
            await update.effective_chat.send_message(G.request_incomplete(c.tr))
            return
        page = int(arg) if a == "r_dpage" else 0
        chosen = {req.district} if req.district else set()
        markup = KG.districts(c.tr, chosen, page, "rd", "", single=True)
        if a == "r_dpage":
            await query.edit_message_reply_markup(markup)
        else:
            await query.edit_message_text(G.ask_request_district(c.tr), reply_markup=markup)
    elif a == "r_district" or (a == "r_step" and arg == "topics"):
        if a == "r_district":
            req.district = None if arg == "-" else DISTRICTS[int(arg)]
            c.commit()
        await query.edit_message_text(
            G.ask_request_topics(c.tr),
            reply_markup=KG.topics(c.tr, set(req.topics or []), "rt", "rs:urgency"))
    elif a == "r_topic":
        chosen = set(req.topics or [])
        chosen ^= {TOPICS[int(arg)]}
        req.topics = sorted(chosen)
        c.commit()
        await query.edit_message_reply_markup(KG.topics(c.tr, chosen, "rt", "rs:urgency"))
    elif a == "r_step" and arg == "urgency":
        if not req.languages or not req.topics:
            await update.effective_chat.send_message(G.request_incomplete(c.tr))
            return
        await query.edit_message_text(G.ask_request_urgency(c.tr), reply_markup=KG.urgency(c.tr))
    elif a == "r_urgency":
        req.urgency = int(arg)
        c.commit()
        if set(req.languages or []) & set(BRIDGE_LANGS):
            await _ask_note(update, c, req.id)
        else:
            await query.edit_message_text(G.ask_request_bridge(c.tr),
                                          reply_markup=KG.yes_no(c.tr, "rb"))
    elif a == "r_bridge":
        req.accepts_de_en = arg == "1"
        c.commit()
        await _ask_note(update, c, req.id)
    elif a == "r_step" and arg == "consent":
        users.set_state(c.user, None)
        c.commit()
        await _ask_consent(update, c)
    elif a == "r_consent":
        await _submit(update, c, req, arg == "1")


async def _ask_note(update: Update, c: Ctx, req_id: int) -> None:
    users.set_state(c.user, {"req_note": req_id})
    c.commit()
    await update.callback_query.edit_message_text(G.ask_request_note(c.tr),
                                                  reply_markup=KG.skip_note(c.tr))


async def _ask_consent(update: Update, c: Ctx) -> None:
    await update.effective_chat.send_message(G.ask_request_consent(c.tr),
                                             reply_markup=KG.share_consent(c.tr))


async def save_note(update: Update, c: Ctx, text: str) -> None:
    req = C.draft_request(c.session, c.user)
    req.note = text[:MAX_NOTE]
    users.set_state(c.user, None)
    c.commit()
    await _ask_consent(update, c)


async def _submit(update: Update, c: Ctx, req, agreed: bool) -> None:
    query = update.callback_query
    if not agreed:
        c.session.delete(req)
        c.commit()
        await query.edit_message_text(M.cancelled(c.tr))
        return
    req.share_consent = True
    if update.effective_user.first_name:
        c.user.first_name = update.effective_user.first_name[:64]
    try:
        step = C.submit_request(c.session, req, c.svc.settings.proposal_hours)
    except NotAllowed:
        await query.edit_message_text(G.not_allowed(c.tr))
        return
    c.commit()
    if step.proposal is not None:
        await query.edit_message_text(G.request_proposed(c.tr))
        await notify_step(query.get_bot(), c.session, c.svc.settings, req, step)
    else:
        await query.edit_message_text(G.request_waiting(c.tr))
