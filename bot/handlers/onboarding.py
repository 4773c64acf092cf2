"""/start, language, consent, menu, help, cancel, and the user's data (/mydata, /delete)."""

from __future__ import annotations

import io
import json

from telegram import InputFile, ReplyKeyboardRemove, Update
from telegram.ext import ContextTypes

from bot import keyboards as K
from bot import messages as M
from bot import users
from bot.callbacks import Callback
from bot.handlers.common import Ctx, user_ctx
from bot.i18n import supported, translations
from bot.render import emergency_card


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Always begin with the language picker, preselected from Telegram's language."""
    with user_ctx(update, context) as c:
        users.set_state(c.user, None)
        c.commit()
        payload = context.args[0] if context.args else ""
        if payload.startswith("g_"):
            from bot.handlers.guides import redeem

            await redeem(update, c, payload[2:])
            return
        pre = c.user.lang or supported(update.effective_user.language_code)
        await update.effective_message.reply_text(
            M.choose_language(c.tr), reply_markup=K.language_picker(pre))


async def language_cmd(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    with user_ctx(update, context) as c:
        await update.effective_message.reply_text(
            M.choose_language(c.tr), reply_markup=K.language_picker(c.lang))


async def send_menu(update: Update, c: Ctx, text: str | None = None) -> None:
    await update.effective_chat.send_message(
        text or M.main_menu(c.tr), reply_markup=K.main_menu(c.tr))


async def menu_cmd(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    with user_ctx(update, context) as c:
        users.set_state(c.user, None)
        c.commit()
        await send_menu(update, c)


async def help_cmd(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    with user_ctx(update, context) as c:
        await update.effective_message.reply_text(M.help_text(c.tr),
                                                  reply_markup=K.main_menu(c.tr))
        if c.user.role == "coordinator":
            from bot.messages_coord import coordinator_help

            await update.effective_message.reply_text(coordinator_help(c.tr))


async def cancel_cmd(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    with user_ctx(update, context) as c:
        users.set_state(c.user, None)
        c.commit()
        await update.effective_message.reply_text(M.cancelled(c.tr),
                                                  reply_markup=ReplyKeyboardRemove())
        await send_menu(update, c)


async def on_language(update: Update, c: Ctx, cb: Callback) -> None:
    lang = cb.args[0]
    users.set_language(c.user, lang)
    c.commit()
    c.lang, c.tr = lang, translations(lang)
    query = update.callback_query
    await query.answer()
    await query.edit_message_text(M.language_set(c.tr))
    if c.user.consent_version != M.PRIVACY_VERSION and not c.user.consent_refused:
        await update.effective_chat.send_message(M.privacy_notice(c.tr),
                                                 reply_markup=K.consent(c.tr))
    else:
        await send_menu(update, c)


async def on_consent(update: Update, c: Ctx, cb: Callback) -> None:
    query = update.callback_query
    await query.answer()
    pending_guide = (c.user.state or {}).get("after_consent") == "guide"
    if cb.args[0] == "1":
        users.give_consent(c.user, M.PRIVACY_VERSION, update.effective_user.first_name)
        if pending_guide:
            users.set_state(c.user, None)
        c.commit()
        await query.edit_message_text(M.consent_given(c.tr))
        if pending_guide:
            from bot.handlers import requests

            await requests.start(update, c, None)
            return
    else:
        users.refuse_consent(c.user)
        c.commit()
        await query.edit_message_text(M.consent_refused(c.tr))
    await send_menu(update, c)


async def mydata_cmd(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    with user_ctx(update, context) as c:
        await send_mydata(update, c)


async def send_mydata(update: Update, c: Ctx) -> None:
    data = users.export_user(c.session, c.user.id)
    payload = json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")
    await update.effective_chat.send_document(
        InputFile(io.BytesIO(payload), filename="lotsenbot-my-data.json"),
        caption=M.mydata_text(c.tr))


async def delete_cmd(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    with user_ctx(update, context) as c:
        await update.effective_message.reply_text(M.delete_confirm(c.tr),
                                                  reply_markup=K.delete_confirm(c.tr))


async def on_delete(update: Update, c: Ctx, cb: Callback) -> None:
    query = update.callback_query
    await query.answer()
    if cb.args[0] == "yes":
        tr = c.tr
        ended = users.erase_user(c.session, c.user.id)
        c.session.commit()
        await query.edit_message_text(M.deleted(tr))
        for guide_id, case_id in ended:
            guide = c.session.get(users.User, guide_id)
            gtr = translations((guide.lang if guide else None) or c.svc.settings.default_language)
            await query.get_bot().send_message(guide_id, M.newcomer_left(gtr, case_id))
        return
    await query.edit_message_text(M.cancelled(c.tr))


async def on_menu(update: Update, c: Ctx, cb: Callback) -> None:
    """Main-menu buttons; each opens its area."""
    from bot.handlers import answers, browse

    query = update.callback_query
    choice = cb.args[0]
    await query.answer()
    if choice == "home":
        users.set_state(c.user, None)
        await send_menu(update, c)
    elif choice == "ask":
        await update.effective_chat.send_message(M.ask_prompt(c.tr))
    elif choice == "topics":
        await browse.send_topics(update, c)
    elif choice == "guide":
        await answers.start_guide_request(update, c, None)
    elif choice == "emergency":
        await update.effective_chat.send_message(emergency_card(c.lang))
    elif choice == "language":
        await update.effective_chat.send_message(M.choose_language(c.tr),
                                                 reply_markup=K.language_picker(c.lang))
    elif choice == "mydata":
        await send_mydata(update, c)
