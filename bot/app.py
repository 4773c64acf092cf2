"""The composition root: one function builds the Application with every handler, in order."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging

from telegram import BotCommand, BotCommandScopeAllPrivateChats, Update
from telegram.constants import ParseMode
from telegram.ext import (
    AIORateLimiter,
    Application,
    CallbackQueryHandler,
    CommandHandler,
    Defaults,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot import messages as M
from bot.config import Settings
from bot.db import Database
from bot.handlers import (
    answers,
    appointments,
    browse,
    coordinators,
    guides,
    kb_admin,
    misc,
    onboarding,
    router,
)
from bot.handlers.common import Services
from bot.i18n import translations
from bot.knowledge_store import KnowledgeBase, seed_if_empty
from bot.logs import LoggingUpdateProcessor
from bot.ratelimit import RateLimiter
from bot.request import RetryingRequest
from bot.topics import ALL_LANGUAGES

log = logging.getLogger(__name__)
COMMANDS = ("start", "menu", "help", "language", "cancel", "mydata", "delete")


def open_services(settings: Settings, db: Database | None = None) -> Services:
    db = db or Database(settings.database_url)
    with db.session() as session:
        seed_if_empty(session, settings.knowledge_dir)
        kb = KnowledgeBase.from_session(session, settings.default_language)
    return Services(settings=settings, db=db, kb=kb,
                    limiter=RateLimiter(max_messages=settings.flood_limit))


async def _post_init(app: Application) -> None:
    """Register the command menu in every language (Telegram shows the user's own)."""
    scope = BotCommandScopeAllPrivateChats()

    async def register(lang: str | None) -> None:
        descr = M.command_descriptions(translations(lang or "en"))
        cmds = [BotCommand(name, descr[name]) for name in COMMANDS]
        await app.bot.set_my_commands(cmds, scope=scope, language_code=lang)

    # at once, not one after another: the bot takes no update before this is done, and 17
    # round trips in a row held back the reminders missed during a restart
    await asyncio.gather(*(register(lang) for lang in (None, *ALL_LANGUAGES)))


async def _count_update(update: object, _context: object) -> None:
    from bot.metrics import METRICS, update_kind

    METRICS.update(update_kind(update))


def build_application(settings: Settings, services: Services, *, token: str | None = None,
                      rate_limit: bool = True) -> Application:
    token = token or (settings.telegram_bot_token.get_secret_value()
                      if settings.telegram_bot_token else None)
    if not token:
        raise ValueError("a bot token is needed to build the application")
    builder = (
        Application.builder()
        .token(token)
        .base_url(settings.telegram_base_url)
        .base_file_url(settings.telegram_base_file_url)
        .defaults(Defaults(parse_mode=ParseMode.HTML))
        .request(RetryingRequest(connection_pool_size=64))
        .get_updates_request(RetryingRequest(connection_pool_size=2, read_timeout=30.0))
        .post_init(_post_init)
        .concurrent_updates(LoggingUpdateProcessor())
    )
    if rate_limit:
        builder = builder.rate_limiter(AIORateLimiter(max_retries=5))
    app = builder.build()
    app.bot_data["services"] = services

    private = filters.ChatType.PRIVATE
    # count every update by type before anything else handles it
    app.add_handler(TypeHandler(Update, _count_update), group=-1)
    # group chats: only /help, pointing to a private chat
    app.add_handler(CommandHandler("help", misc.group_help, filters=~private))
    # commands that work anywhere in the conversation
    app.add_handler(CommandHandler("start", onboarding.start, filters=private))
    app.add_handler(CommandHandler("help", onboarding.help_cmd, filters=private))
    app.add_handler(CommandHandler("menu", onboarding.menu_cmd, filters=private))
    app.add_handler(CommandHandler("language", onboarding.language_cmd, filters=private))
    app.add_handler(CommandHandler("cancel", onboarding.cancel_cmd, filters=private))
    app.add_handler(CommandHandler("mydata", onboarding.mydata_cmd, filters=private))
    app.add_handler(CommandHandler("delete", onboarding.delete_cmd, filters=private))
    # guides and coordinators (roles are checked in the core on every call)
    app.add_handler(CommandHandler("apply", guides.apply_cmd, filters=private))
    app.add_handler(CommandHandler("profile", guides.profile_cmd, filters=private))
    app.add_handler(CommandHandler("pause", guides.pause_cmd, filters=private))
    app.add_handler(CommandHandler("cases", guides.cases_cmd, filters=private))
    app.add_handler(CommandHandler("invite", guides.invite_cmd, filters=private))
    app.add_handler(CommandHandler("applications", guides.applications_cmd, filters=private))
    app.add_handler(CommandHandler("waiting", coordinators.waiting_cmd, filters=private))
    for name, fn in (("kb", kb_admin.kb_cmd), ("stale", kb_admin.stale_cmd),
                     ("inbox", kb_admin.inbox_cmd), ("guides", coordinators.guides_cmd),
                     ("promote", coordinators.promote_cmd), ("demote", coordinators.demote_cmd),
                     ("coordinators", coordinators.coordinators_cmd),
                     ("broadcast", coordinators.broadcast_cmd),
                     ("audit", coordinators.audit_cmd), ("stats", coordinators.stats_cmd),
                     ("report", coordinators.report_cmd)):
        app.add_handler(CommandHandler(name, fn, filters=private))
    app.add_handler(CommandHandler("agenda", appointments.agenda_cmd, filters=private))
    app.add_handler(CommandHandler("reminders", appointments.reminders_cmd, filters=private))
    # every inline button
    app.add_handler(CallbackQueryHandler(router.on_callback))
    # a shared location: offers nearby
    app.add_handler(MessageHandler(private & filters.LOCATION, browse.on_location))
    # free text (also edited: a corrected question deserves an answer)
    app.add_handler(MessageHandler(private & filters.TEXT & ~filters.COMMAND, answers.on_text))
    app.add_handler(MessageHandler(private & filters.UpdateType.EDITED_MESSAGE & filters.TEXT
                                   & ~filters.COMMAND, answers.on_text))
    # files: a coordinator's file is an import; anyone else's is refused unread
    app.add_handler(MessageHandler(private & filters.Document.ALL, kb_admin.on_document))
    # unknown commands and everything else in a private chat: a short, kind notice
    app.add_handler(MessageHandler(private & ~filters.TEXT & ~filters.LOCATION,
                                   misc.unsupported))
    app.add_handler(MessageHandler(private & filters.COMMAND, onboarding.help_cmd))
    app.add_error_handler(misc.on_error)
    if app.job_queue is not None:
        # proposals past their deadline go to the next guide; the rows are the truth
        app.job_queue.run_repeating(guides.sweep_proposals, interval=60, first=5,
                                    job_kwargs={"misfire_grace_time": 120, "coalesce": True})
        app.job_queue.run_repeating(misc.purge_texts, interval=24 * 3600, first=60,
                                    job_kwargs={"misfire_grace_time": 3600, "coalesce": True})
        app.job_queue.run_daily(appointments.morning_digest,
                                time=dt.time(8, 0, tzinfo=settings.tz),
                                job_kwargs={"misfire_grace_time": 3 * 3600, "coalesce": True})
        app.job_queue.run_daily(kb_admin.stale_reminder, time=dt.time(9, 0, tzinfo=settings.tz),
                                job_kwargs={"misfire_grace_time": 6 * 3600, "coalesce": True})
        # another process changed the knowledge base: swap the index here too
        app.job_queue.run_repeating(kb_admin.follow_changes, interval=5, first=5,
                                    job_kwargs={"misfire_grace_time": 30, "coalesce": True,
                                                "max_instances": 1})
        app.job_queue.run_repeating(appointments.inactivity_nudges, interval=3600, first=120,
                                    job_kwargs={"misfire_grace_time": 3600, "coalesce": True})
        # reminders: rows due now (also those that fell due while the bot was down). The jitter
        # keeps several processes from polling in lockstep, where the one a few ms ahead would
        # take every reminder and the others' polls would only add load.
        app.job_queue.run_repeating(appointments.send_due, interval=settings.reminder_interval,
                                    first=0.1, job_kwargs={"misfire_grace_time": 30,
                                                           "coalesce": True,
                                                           "max_instances": 1,
                                                           "jitter": settings.reminder_interval})
    return app


ALLOWED_UPDATES = [Update.MESSAGE, Update.EDITED_MESSAGE, Update.CALLBACK_QUERY]
