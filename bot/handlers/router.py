"""One entry point for all inline buttons: parse strictly, then dispatch to the area's handler.

An unparsable, outdated or forged button gets a polite notice and the menu, never an error.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import Update
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot import keyboards as K
from bot import messages as M
from bot import messages_guides as G
from bot.callbacks import COORDINATOR_ACTIONS, Callback, parse
from bot.guides import is_coordinator
from bot.handlers import (
    answers,
    appointments,
    browse,
    coordinators,
    guides,
    kb_admin,
    onboarding,
    requests,
)
from bot.handlers.common import Ctx, user_ctx

Handler = Callable[[Update, Ctx, Callback], Awaitable[None]]
ROUTES: dict[str, Handler] = {
    "lang": onboarding.on_language,
    "consent": onboarding.on_consent,
    "menu": onboarding.on_menu,
    "delete": onboarding.on_delete,
    "topics": browse.on_topics,
    "topic": browse.on_topic,
    "entry": browse.on_entry,
    "nearby": browse.on_nearby_topic,
    "map": answers.on_map,
    "other": answers.on_other,
    "feedback": answers.on_feedback,
    "guide": answers.on_guide,
    **dict.fromkeys(("g_lang", "g_district", "g_dpage", "g_topic", "g_day", "g_max", "g_step"),
                    guides.on_wizard),
    "g_pause": guides.on_pause,
    **dict.fromkeys(("r_lang", "r_district", "r_dpage", "r_topic", "r_urgency", "r_bridge",
                     "r_step", "r_consent"), requests.on_form),
    "p_accept": guides.on_proposal,
    "p_decline": guides.on_proposal,
    **dict.fromkeys(("c_list", "c_show", "c_write", "c_note", "c_closemenu", "c_close",
                     "c_pause", "c_contact", "c_another"), guides.on_case),
    **dict.fromkeys(("a_new", "a_move", "a_day", "a_hour", "a_minute", "a_yes", "a_no",
                     "a_cancel", "a_ics", "a_skip", "a_leads", "a_digest"),
                    appointments.on_callback),
    "a_approve": guides.on_application,
    "a_reject": guides.on_application,
    **{a: kb_admin.on_callback for a in COORDINATOR_ACTIONS if a.startswith(("kb_", "in_"))},
    **{a: coordinators.on_callback for a in COORDINATOR_ACTIONS
       if a.startswith(("pool_", "w_", "b_"))},
    "stats": coordinators.on_stats,
}


async def on_callback(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    if query is None or update.effective_user is None:
        return
    cb = parse(query.data)
    with user_ctx(update, context) as c:
        handler = ROUTES.get(cb.action) if cb else None
        if handler is None or update.effective_chat is None:
            await query.answer(M.outdated_button(c.tr))
            if update.effective_chat is not None:
                await update.effective_chat.send_message(M.main_menu(c.tr),
                                                         reply_markup=K.main_menu(c.tr))
            return
        if cb.action in COORDINATOR_ACTIONS and not is_coordinator(c.user):
            await query.answer(G.only_coordinators(c.tr))
            return
        try:
            await handler(update, c, cb)
        except BadRequest as exc:
            # editing a message that is too old or unchanged: answer with a fresh message
            if "not modified" in str(exc).lower():
                return
            if "message" in str(exc).lower() and "edit" in str(exc).lower():
                await update.effective_chat.send_message(M.main_menu(c.tr),
                                                         reply_markup=K.main_menu(c.tr))
                return
            raise
