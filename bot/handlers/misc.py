"""Updates the bot does not handle as questions: media, groups, and the global error handler."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import Forbidden
from telegram.ext import ContextTypes

from bot import messages as M
from bot.handlers.common import reader_translations, resolve_language, services
from bot.i18n import translations

log = logging.getLogger(__name__)
#: Failures that reached the error handler in this process (the fuzz test asserts none).
FAILURES: list[str] = []


async def unsupported(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stickers, voice, photos, ...: a short answer in the user's language; nothing stored."""
    if update.effective_user is None or update.effective_message is None:
        return
    await update.effective_message.reply_text(
        M.unsupported_update(reader_translations(update, context)))


async def purge_texts(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Daily: texts of unanswered questions older than the retention period are erased."""
    from bot.users import purge_old_question_texts

    svc = services(context)
    with svc.db.session() as session:
        n = purge_old_question_texts(session, svc.settings.question_retention_days)
    if n:
        log.info("erased %d question texts past the retention period", n)


async def group_help(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    user = update.effective_user
    svc = services(context)
    lang = resolve_language(None, user.language_code if user else None,
                            svc.settings.default_language)
    link = f"https://t.me/{context.bot.username}" if context.bot.username else "@"
    await update.effective_message.reply_text(M.group_only_help(translations(lang)).format(
        link=link))


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log first (ids only, never message text), then tell the user kindly."""
    uid = update.effective_user.id if isinstance(update, Update) and update.effective_user else None
    log.error("update %s from user %s failed", getattr(update, "update_id", "?"), uid,
              exc_info=context.error)
    from telegram.error import TelegramError

    from bot.logs import mark_failed
    from bot.metrics import METRICS

    mark_failed()
    FAILURES.append(type(context.error).__name__)
    if isinstance(context.error, TelegramError):
        METRICS.api_error(type(context.error).__name__)
    if isinstance(context.error, Forbidden) and uid is not None:
        # the user blocked the bot: mark them inactive, and do not try to write again
        with services(context).db.session() as session:
            from bot.users import get_user

            stored = get_user(session, uid)
            if stored is not None:
                stored.active = False
        return
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    try:
        await update.effective_chat.send_message(
            M.error_text(reader_translations(update, context)))
    except Exception:  # the error handler itself must never raise
        log.exception("could not tell the user about the failure")
