"""What every handler needs: the services, one database session per update, the reader's
language resolved once (stored choice, else Telegram's language_code, else the default)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from gettext import NullTranslations

from sqlalchemy.orm import Session
from telegram import Update
from telegram.ext import ContextTypes

from bot import users
from bot.config import Settings
from bot.db import Database
from bot.i18n import supported, translations
from bot.knowledge_store import KnowledgeBase
from bot.messages import PRIVACY_VERSION
from bot.models import User
from bot.ratelimit import RateLimiter


@dataclass
class Services:
    settings: Settings
    db: Database
    kb: KnowledgeBase
    limiter: RateLimiter


def services(context: ContextTypes.DEFAULT_TYPE) -> Services:
    return context.application.bot_data["services"]


@dataclass
class Ctx:
    session: Session
    user: User
    lang: str
    tr: NullTranslations
    svc: Services

    def commit(self) -> None:
        """Make changes durable before replying: a reply must never announce a state that a
        crash could still undo."""
        self.session.commit()

    @property
    def consented(self) -> bool:
        return users.has_consent(self.user, PRIVACY_VERSION)


def resolve_language(user: User | None, telegram_code: str | None, default: str) -> str:
    if user is not None and user.lang:
        return user.lang
    return supported(telegram_code) or default


@contextmanager
def user_ctx(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Iterator[Ctx]:
    svc = services(context)
    tg_user = update.effective_user
    assert tg_user is not None
    with svc.db.session() as session:
        user = users.get_or_create(
            session, tg_user.id, is_coordinator=tg_user.id in svc.settings.coordinator_ids)
        users.touch(user)
        lang = resolve_language(user, tg_user.language_code, svc.settings.default_language)
        yield Ctx(session, user, lang, translations(lang), svc)


def reader_translations(update: Update, context: ContextTypes.DEFAULT_TYPE) -> NullTranslations:
    """The translations of whoever sent this update, read without creating a user row (for
    updates that store nothing: media, files, failures)."""
    svc = services(context)
    tg_user = update.effective_user
    stored = None
    if tg_user is not None:
        with svc.db.session() as session:
            stored = users.get_user(session, tg_user.id)
    return translations(resolve_language(stored, tg_user.language_code if tg_user else None,
                                         svc.settings.default_language))


async def refuse_non_coordinator(update: Update, c: Ctx) -> None:
    """The same short refusal for every coordinator command and button."""
    from bot.messages_guides import only_coordinators

    if update.callback_query is not None:
        await update.callback_query.answer(only_coordinators(c.tr))
    else:
        await update.effective_message.reply_text(only_coordinators(c.tr))


def coordinator_command(fn):
    """A command only coordinators may use: `fn(update, context, c)` runs in the user's
    context; everyone else gets the same short refusal."""
    import functools

    @functools.wraps(fn)
    async def wrapper(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        from bot.guides import is_coordinator

        with user_ctx(update, context) as c:
            if not is_coordinator(c.user):
                await refuse_non_coordinator(update, c)
                return
            await fn(update, context, c)

    return wrapper
