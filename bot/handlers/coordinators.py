"""Coordinators run the guide pool: guides with their load, applications, roles, the waiting
list's manual assignment, broadcasts with a delivery report, the audit log and the figures."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging

from telegram import InputFile, Update
from telegram.error import Forbidden, TelegramError
from telegram.ext import ContextTypes

from bot import audit, roles, stats, users
from bot import broadcast as BC
from bot import cases as C
from bot import guides as GD
from bot import keyboards_coord as KC
from bot import keyboards_guides as KG
from bot import messages as M
from bot import messages_coord as MC
from bot import messages_guides as G
from bot.callbacks import Callback
from bot.districts import DISTRICTS
from bot.guides import NotAllowed, is_coordinator
from bot.handlers.common import Ctx, coordinator_command
from bot.handlers.guides import send_proposal
from bot.i18n import translations
from bot.models import Guide, GuideRequest, User
from bot.render import esc, fmt_date
from bot.topics import LANGUAGE_NAMES

log = logging.getLogger(__name__)
PER_PAGE = 10
#: Telegram allows about 30 messages a second to different chats; stay well below
BROADCAST_PER_SECOND = 20


def _name(user: User | None, uid: int) -> str:
    return (user.first_name if user and user.first_name else None) or f"#{uid}"


# -- guide pool --------------------------------------------------------------------------------
@coordinator_command
async def guides_cmd(update: Update, context: ContextTypes.DEFAULT_TYPE, c: Ctx) -> None:
    today = dt.datetime.now(c.svc.settings.tz).date()
    rows = list(c.session.query(Guide).filter(Guide.status.in_(("active", "pending"))))
    active = [g for g in rows if g.status == "active" and not GD.is_paused(g, today)]
    paused = [g for g in rows if g.status == "active" and GD.is_paused(g, today)]
    pending = [g for g in rows if g.status == "pending"]
    waiting = len(C.waiting_list(c.session, c.user))
    await update.effective_message.reply_text(
        MC.pool_summary(c.tr, len(active), len(paused), len(pending), waiting),
        reply_markup=KC.pool(c.tr))


async def _pool_page(update: Update, c: Ctx, kind: str, page: int) -> None:
    today = dt.datetime.now(c.svc.settings.tz).date()
    status = "pending" if kind == "pending" else "active"
    guides = [g for g in c.session.query(Guide).filter(Guide.status == status)
              .order_by(Guide.created_at)
              if kind == "pending" or (kind == "paused") == GD.is_paused(g, today)]
    if not guides:
        await update.effective_chat.send_message(MC.pool_none(c.tr))
        return
    load = GD.active_case_counts(c.session, with_pending=False)
    start = page * PER_PAGE
    items, lines = [], []
    for g in guides[start : start + PER_PAGE]:
        name = _name(c.session.get(User, g.user_id), g.user_id)
        langs = ", ".join(LANGUAGE_NAMES.get(x, x) for x in (g.languages or {}))
        paused = fmt_date(g.paused_until, c.lang) if GD.is_paused(g, today) else None
        lines.append(MC.pool_line(c.tr, name, load.get(g.user_id, 0), g.max_cases, langs,
                                  paused))
        items.append((g.user_id, name))
    await update.effective_chat.send_message(
        esc("\n".join(lines)),
        reply_markup=KC.pool_page(items, kind, page, start + PER_PAGE < len(guides)))


async def _show_person(update: Update, c: Ctx, uid: int) -> None:
    user = c.session.get(User, uid)
    if user is None:
        await update.effective_chat.send_message(MC.role_refused(c.tr, "unknown-user"))
        return
    guide = c.session.get(Guide, uid)
    if guide is not None and guide.status == "pending":  # an application: decide it here
        markup = KG.applications([(uid, _name(user, uid))], c.tr)
    else:
        markup = KC.guide_actions(c.tr, uid, user.role,
                                  guide is not None and guide.status == "active")
    await update.effective_chat.send_message(
        esc(MC.guide_detail(c.tr, _name(user, uid), uid, MC.role_name(c.tr, user.role))),
        reply_markup=markup)


async def _tell(bot, session, uid: int, default: str, text_of) -> None:
    user = session.get(User, uid)
    tr = translations((user.lang if user else None) or default)
    try:
        await bot.send_message(uid, text_of(tr))
    except TelegramError:
        log.info("could not tell user %s about a role change", uid)


async def _remove(update: Update, c: Ctx, uid: int) -> None:
    try:
        newcomers = roles.remove(c.session, c.user, uid)
    except roles.RoleRefused as exc:
        await update.effective_chat.send_message(MC.role_refused(c.tr, exc.reason))
        return
    c.commit()
    name = _name(c.session.get(User, uid), uid)
    await update.effective_chat.send_message(esc(MC.guide_removed(c.tr, name)))
    bot, default = update.get_bot(), c.svc.settings.default_language
    await _tell(bot, c.session, uid, default, MC.you_were_removed)
    for nid in newcomers:
        await _tell(bot, c.session, nid, default, MC.your_guide_left)


async def _promote(update: Update, c: Ctx, uid: int) -> None:
    try:
        user = roles.promote(c.session, c.user, uid)
    except roles.RoleRefused as exc:
        await update.effective_chat.send_message(MC.role_refused(c.tr, exc.reason))
        return
    c.commit()
    await update.effective_chat.send_message(esc(MC.promoted(c.tr, _name(user, uid))))
    await _tell(update.get_bot(), c.session, uid, c.svc.settings.default_language,
                MC.you_are_coordinator)


async def _demote(update: Update, c: Ctx, uid: int) -> None:
    try:
        user = roles.demote(c.session, c.user, uid, c.svc.settings.coordinator_ids)
    except roles.RoleRefused as exc:
        await update.effective_chat.send_message(MC.role_refused(c.tr, exc.reason))
        return
    c.commit()
    await update.effective_chat.send_message(esc(MC.demoted(c.tr, _name(user, uid))))


@coordinator_command
async def promote_cmd(update: Update, context: ContextTypes.DEFAULT_TYPE, c: Ctx) -> None:
    await _by_user_id(update, context, c, "/promote", _promote)


@coordinator_command
async def demote_cmd(update: Update, context: ContextTypes.DEFAULT_TYPE, c: Ctx) -> None:
    await _by_user_id(update, context, c, "/demote", _demote)


async def _by_user_id(update: Update, context: ContextTypes.DEFAULT_TYPE, c: Ctx, command: str,
                      action) -> None:
    args = context.args or []
    if len(args) != 1 or not args[0].isdigit() or len(args[0]) > 15:
        await update.effective_message.reply_text(MC.usage_user_id(c.tr, command))
        return
    await action(update, c, int(args[0]))


@coordinator_command
async def coordinators_cmd(update: Update, context: ContextTypes.DEFAULT_TYPE, c: Ctx) -> None:
    people = roles.coordinators(c.session)
    items = [(u.id, f"{_name(u, u.id)} ({u.id})") for u in people]
    await update.effective_message.reply_text(MC.coordinators_list(c.tr, len(items)),
                                              reply_markup=KC.pool_page(items, "active", 0,
                                                                        False))


# -- waiting list: manual assignment -------------------------------------------------------------
@coordinator_command
async def waiting_cmd(update: Update, context: ContextTypes.DEFAULT_TYPE, c: Ctx) -> None:
    waiting = C.waiting_list(c.session, c.user)
    if not waiting:
        await update.effective_message.reply_text(G.nobody_waiting(c.tr))
        return
    lines = [G.waiting_header(c.tr, len(waiting))]
    for req in waiting:
        props = C.proposals_of(c.session, c.user, req.id)
        langs = ", ".join(LANGUAGE_NAMES.get(x, x) for x in req.languages or [req.lang])
        topics = ", ".join(M.topic_name(c.tr, t) for t in req.topics or [])
        lines.append(f"#{req.id} {fmt_date(req.created_at.date(), c.lang)} – {langs} – "
                     f"{req.district or '?'} – {topics}")
        for p in props:
            why = G.reason(c.tr, p.reason_parts, c.lang) if p.reason_parts else p.reason
            who = _name(c.session.get(User, p.guide_id), p.guide_id)
            lines.append(f"   → {who}: {G.status_name(c.tr, p.status)}, {why}")
    await update.effective_message.reply_text(
        esc("\n".join(lines))[:4000], reply_markup=KC.waiting(c.tr, [r.id for r in waiting[:30]]))


async def _pick(update: Update, c: Ctx, request_id: int) -> None:
    try:
        cands = C.candidates(c.session, c.user, request_id)
    except NotAllowed:
        await update.effective_chat.send_message(G.not_allowed(c.tr))
        return
    if not cands:
        await update.effective_chat.send_message(MC.assign_nobody(c.tr))
        return
    items = [(g.user_id, _name(c.session.get(User, g.user_id), g.user_id)) for g, _ in cands]
    await update.effective_chat.send_message(MC.assign_choose(c.tr, request_id),
                                             reply_markup=KC.assign(items, request_id))


async def _assign(update: Update, c: Ctx, request_id: int, guide_id: int) -> None:
    try:
        prop = C.assign(c.session, c.user, request_id, guide_id,
                        c.svc.settings.proposal_hours)
    except NotAllowed:
        await update.effective_chat.send_message(G.not_allowed(c.tr))
        return
    audit.record(c.session, c.user, "assign", request_id, guide=guide_id)
    c.commit()
    req = c.session.get(GuideRequest, request_id)
    await send_proposal(update.get_bot(), c.session, c.svc.settings, prop, req)
    await update.effective_chat.send_message(
        esc(MC.assign_done(c.tr, _name(c.session.get(User, guide_id), guide_id))))


# -- broadcast ---------------------------------------------------------------------------------
@coordinator_command
async def broadcast_cmd(update: Update, context: ContextTypes.DEFAULT_TYPE, c: Ctx) -> None:
    await update.effective_message.reply_text(MC.broadcast_audience(c.tr),
                                              reply_markup=KC.audience(c.tr))


async def _audience(update: Update, c: Ctx, aud: str) -> None:
    if aud == "lang":
        await update.effective_chat.send_message(MC.by_language(c.tr),
                                                 reply_markup=KC.audience_languages())
        return
    if aud == "district":
        await update.effective_chat.send_message(MC.by_district(c.tr),
                                                 reply_markup=KC.audience_districts())
        return
    if aud.startswith("d-") and int(aud[2:]) >= len(DISTRICTS):
        await update.effective_chat.send_message(G.not_allowed(c.tr))
        return
    n = len(BC.recipients(c.session, c.user, aud))
    users.set_state(c.user, {"bc": {"aud": aud}})
    c.commit()
    await update.effective_chat.send_message(MC.broadcast_type(c.tr, n))


async def handle_text(update: Update, c: Ctx, text: str) -> bool:
    state = (c.user.state or {}).get("bc")
    if state is None or not is_coordinator(c.user):
        return False
    text = text.strip()[: BC.MAX_TEXT]
    users.set_state(c.user, {"bc": {"aud": state["aud"], "text": text}})
    c.commit()
    n = len(BC.recipients(c.session, c.user, state["aud"]))
    await update.effective_message.reply_text(
        f"<b>{esc(MC.broadcast_label(c.tr))}</b>\n{esc(text)}\n\n"
        f"{esc(MC.broadcast_confirm(c.tr, n))}", reply_markup=KC.send_cancel(c.tr))
    return True


async def _send_broadcast(update: Update, c: Ctx, go: bool) -> None:
    state = (c.user.state or {}).get("bc") or {}
    users.set_state(c.user, None)
    c.commit()
    if not go or not state.get("text"):
        await update.effective_chat.send_message(MC.kb_cancelled(c.tr))
        return
    people = BC.recipients(c.session, c.user, state["aud"])
    report = BC.Report()
    bot = update.get_bot()
    for i, person in enumerate(people):
        tr = translations(person.lang or c.svc.settings.default_language)
        try:
            await bot.send_message(person.id, f"<b>{esc(MC.broadcast_label(tr))}</b>\n"
                                              f"{esc(state['text'])}")
            report.sent += 1
        except Forbidden:
            report.blocked += 1
            person.active = False
        except TelegramError:
            report.failed += 1
        if i + 1 < len(people):
            await asyncio.sleep(1 / BROADCAST_PER_SECOND)
    audit.record(c.session, c.user, "broadcast", state["aud"], sent=report.sent,
                 blocked=report.blocked, failed=report.failed)
    c.commit()
    await update.effective_chat.send_message(
        MC.broadcast_report(c.tr, report.sent, report.blocked, report.failed))


# -- audit -------------------------------------------------------------------------------------
@coordinator_command
async def audit_cmd(update: Update, context: ContextTypes.DEFAULT_TYPE, c: Ctx) -> None:
    rows = audit.recent(c.session)
    if not rows:
        await update.effective_message.reply_text(MC.audit_empty(c.tr))
        return
    tz = c.svc.settings.tz
    lines = [MC.audit_header(c.tr)]
    for r in rows:
        who = _name(c.session.get(User, r.actor_id), r.actor_id) if r.actor_id else "–"
        when = r.created_at.astimezone(tz).strftime("%Y-%m-%d %H:%M")
        lines.append(f"{when} {who}: {MC.audit_action(c.tr, r.action)} {r.target}")
    await update.effective_message.reply_text(esc("\n".join(lines)))


# -- buttons -----------------------------------------------------------------------------------
async def on_callback(update: Update, c: Ctx, cb: Callback) -> None:
    await update.callback_query.answer()  # the router let only coordinators through
    a = cb.action
    if a == "pool_list":
        await _pool_page(update, c, cb.args[0], int(cb.args[1]))
    elif a == "pool_show":
        await _show_person(update, c, int(cb.args[0]))
    elif a == "pool_remove":
        uid = int(cb.args[0])
        if cb.args[1] == "0":
            await update.effective_chat.send_message(
                esc(MC.confirm_remove(c.tr, _name(c.session.get(User, uid), uid))),
                reply_markup=KC.confirm_remove(c.tr, uid))
        else:
            await _remove(update, c, uid)
    elif a == "pool_promote":
        await _promote(update, c, int(cb.args[0]))
    elif a == "pool_demote":
        await _demote(update, c, int(cb.args[0]))
    elif a == "w_pick":
        await _pick(update, c, int(cb.args[0]))
    elif a == "w_assign":
        await _assign(update, c, int(cb.args[0]), int(cb.args[1]))
    elif a == "b_audience":
        await _audience(update, c, cb.args[0])
    elif a == "b_send":
        await _send_broadcast(update, c, cb.args[0] == "1")


# -- figures -----------------------------------------------------------------------------------
@coordinator_command
async def stats_cmd(update: Update, context: ContextTypes.DEFAULT_TYPE, c: Ctx) -> None:
    """/stats alone offers periods; /stats 2026-03 or /stats 2025 names one."""
    if context.args:
        await _send_stats(update, c, " ".join(context.args))
        return
    await update.effective_message.reply_text(MC.stats_choose(c.tr),
                                              reply_markup=KC.periods(c.tr))


async def on_stats(update: Update, c: Ctx, cb: Callback) -> None:
    await update.callback_query.answer()  # the router let only coordinators through
    await _send_stats(update, c, cb.args[0])


async def _send_stats(update: Update, c: Ctx, kind: str) -> None:

    tz = c.svc.settings.tz
    try:
        start, end, label = stats.period(kind, dt.datetime.now(tz).date(), tz)
    except ValueError:
        await update.effective_chat.send_message(MC.report_usage(c.tr))
        return
    fig = stats.figures(c.session, start, end)
    text = "\n".join(stats.summary_lines(fig, c.tr, label, c.lang))
    png = await _chart(c, fig, label)
    await update.effective_chat.send_message(esc(text))
    await update.effective_chat.send_photo(InputFile(png, filename=f"lotsenbot-{label}.png"))


async def _chart(c: Ctx, fig, label: str) -> bytes:
    """Rendered off the event loop, in the reader's language (matplotlib ≥ 3.11 lays text out
    with libraqm, so Arabic, Persian and Pashto are joined and run right to left)."""
    from bot import charts  # matplotlib: imported when the first chart is drawn, not at start

    return await asyncio.to_thread(charts.chart_png, fig, label, tr=translations(c.lang),
                                   lang=c.lang)


@coordinator_command
async def report_cmd(update: Update, context: ContextTypes.DEFAULT_TYPE, c: Ctx) -> None:

    args = context.args or []
    tz = c.svc.settings.tz
    if len(args) != 1 or not args[0].isdigit() or len(args[0]) != 4:
        await update.effective_message.reply_text(MC.report_usage(c.tr))
        return
    try:
        start, end, label = stats.period(args[0], dt.datetime.now(tz).date(), tz)
    except ValueError:
        await update.effective_message.reply_text(MC.report_usage(c.tr))
        return
    fig = stats.figures(c.session, start, end)
    months = stats.monthly(c.session, int(label), tz)
    raw = stats.report_csv(fig, label, months)
    png = await _chart(c, fig, label)
    audit.record(c.session, c.user, "report", label)
    c.commit()
    await update.effective_chat.send_document(InputFile(raw, filename=f"lotsenbot-{label}.csv"),
                                              caption=MC.report_caption(c.tr, label))
    await update.effective_chat.send_photo(InputFile(png, filename=f"lotsenbot-{label}.png"))
