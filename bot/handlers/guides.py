"""Guides and coordinators: invitations, the profile wizard, pauses, applications, proposals,
cases and the waiting list. Every action is checked in the core (bot.guides, bot.cases)."""

from __future__ import annotations

import datetime as dt

from telegram import Update
from telegram.ext import ContextTypes

from bot import audit, users
from bot import cases as C
from bot import guides as GD
from bot import keyboards_guides as KG
from bot import messages as M
from bot import messages_guides as G
from bot.callbacks import Callback
from bot.districts import DISTRICTS
from bot.guides import NotAllowed
from bot.handlers.common import Ctx, user_ctx
from bot.i18n import translations
from bot.models import Case, Guide, GuideRequest, Proposal, User
from bot.render import esc, fmt_date
from bot.topics import LANGUAGE_NAMES, TOPICS


def _tr_of(user: User | None, default: str):
    lang = (user.lang if user else None) or default
    return lang, translations(lang)


async def _send(bot, chat_id: int, text: str, markup=None) -> None:
    await bot.send_message(chat_id=chat_id, text=text, reply_markup=markup)


# -- coordinators ---------------------------------------------------------------------------
async def invite_cmd(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    with user_ctx(update, context) as c:
        try:
            inv = GD.create_invite(c.session, c.user)
        except NotAllowed:
            await update.effective_message.reply_text(G.only_coordinators(c.tr))
            return
        audit.record(c.session, c.user, "invite", inv.expires_at.date().isoformat())
        c.commit()
        link = f"https://t.me/{context.bot.username}?start=g_{inv.token}"
        await update.effective_message.reply_text(
            esc(G.invite_created(c.tr, link, GD.INVITE_DAYS)), disable_web_page_preview=True)


async def applications_cmd(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    with user_ctx(update, context) as c:
        try:
            pending = GD.pending_applications(c.session, c.user)
        except NotAllowed:
            await update.effective_message.reply_text(G.only_coordinators(c.tr))
            return
        if not pending:
            await update.effective_message.reply_text(G.no_applications(c.tr))
            return
        items = []
        for g in pending:
            u = c.session.get(User, g.user_id)
            items.append((g.user_id, (u.first_name if u and u.first_name else str(g.user_id))))
        await update.effective_message.reply_text(G.applications_header(c.tr, len(items)),
                                                  reply_markup=KG.applications(items, c.tr))


async def on_application(update: Update, c: Ctx, cb: Callback) -> None:
    query = update.callback_query
    approve = cb.action == "a_approve"
    try:
        GD.decide_application(c.session, c.user, int(cb.args[0]), approve)
    except NotAllowed:
        await query.answer(G.not_allowed(c.tr))
        return
    audit.record(c.session, c.user, "approve" if approve else "reject", cb.args[0])
    c.commit()
    await query.answer("✓")
    applicant = c.session.get(User, int(cb.args[0]))
    _, tr = _tr_of(applicant, c.svc.settings.default_language)
    await _send(query.get_bot(), int(cb.args[0]),
                G.application_approved(tr) if approve else G.application_rejected(tr))


# -- becoming a guide ------------------------------------------------------------------------
async def redeem(update: Update, c: Ctx, token: str) -> None:
    try:
        GD.redeem_invite(c.session, token, c.user)
    except NotAllowed:
        await update.effective_message.reply_text(G.invite_invalid(c.tr))
        return
    if not c.user.lang:
        users.set_language(c.user, c.lang)
    c.commit()
    await update.effective_message.reply_text(G.welcome_guide(c.tr))
    await _wizard_languages(update, c, edit=False)


async def apply_cmd(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    with user_ctx(update, context) as c:
        GD.apply(c.session, c.user)
        if update.effective_user.first_name and not c.user.first_name:
            c.user.first_name = update.effective_user.first_name[:64]
        c.commit()
        await update.effective_message.reply_text(G.applied(c.tr))


def _guide(c: Ctx) -> Guide | None:
    return GD.active_guide(c.session, c.user.id)


async def _edit_or_send(update: Update, text: str, markup, edit: bool) -> None:
    if edit and update.callback_query is not None:
        await update.callback_query.edit_message_text(text, reply_markup=markup)
    else:
        await update.effective_chat.send_message(text, reply_markup=markup)


async def _wizard_languages(update: Update, c: Ctx, edit: bool) -> None:
    g = _guide(c)
    await _edit_or_send(update, G.ask_guide_languages(c.tr),
                        KG.guide_languages(c.tr, dict(g.languages or {})), edit)


async def profile_cmd(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    with user_ctx(update, context) as c:
        if _guide(c) is None:
            await update.effective_message.reply_text(G.only_guides(c.tr))
            return
        await _wizard_languages(update, c, edit=False)


async def on_wizard(update: Update, c: Ctx, cb: Callback) -> None:
    """Every step of the guide profile; each tap is saved at once."""
    query = update.callback_query
    g = _guide(c)
    if g is None:
        await query.answer(G.only_guides(c.tr))
        return
    await query.answer()
    a, arg = cb.action, cb.args[0]
    if a == "g_lang":
        levels = dict(g.languages or {})
        levels[arg] = (levels.get(arg, 0) + 1) % 4
        if not levels[arg]:
            del levels[arg]
        g.languages = levels
        c.commit()
        await query.edit_message_reply_markup(KG.guide_languages(c.tr, levels))
    elif a in ("g_district", "g_dpage") or (a == "g_step" and arg == "districts"):
        page = int(arg) if a == "g_dpage" else 0
        chosen = set(g.districts or [])
        if a == "g_district":
            d = DISTRICTS[int(arg)]
            chosen ^= {d}
            g.districts = sorted(chosen)
            c.commit()
            page = int(arg) // KG.DISTRICTS_PER_PAGE
        markup = KG.districts(c.tr, chosen, page, "gd", "gs:topics")
        if a == "g_step":
            await query.edit_message_text(G.ask_guide_districts(c.tr), reply_markup=markup)
        else:
            await query.edit_message_reply_markup(markup)
    elif a == "g_topic" or (a == "g_step" and arg == "topics"):
        chosen = set(g.topics or [])
        if a == "g_topic":
            chosen ^= {TOPICS[int(arg)]}
            g.topics = sorted(chosen)
            c.commit()
            await query.edit_message_reply_markup(KG.topics(c.tr, chosen, "gt", "gs:days"))
        else:
            await query.edit_message_text(G.ask_guide_topics(c.tr),
                                          reply_markup=KG.topics(c.tr, chosen, "gt", "gs:days"))
    elif a == "g_day" or (a == "g_step" and arg == "days"):
        chosen = set(g.availability or [])
        if a == "g_day":
            chosen ^= {int(arg)}
            g.availability = sorted(chosen)
            c.commit()
            await query.edit_message_reply_markup(KG.days(c.tr, chosen))
        else:
            await query.edit_message_text(G.ask_guide_days(c.tr), reply_markup=KG.days(c.tr, chosen))
    elif a == "g_step" and arg == "max":
        await query.edit_message_text(G.ask_guide_max(c.tr), reply_markup=KG.max_cases(g.max_cases))
    elif a == "g_max":
        g.max_cases = int(arg)
        if not g.languages or not g.districts:
            c.commit()
            await query.edit_message_text(G.guide_profile_incomplete(c.tr))
            await _wizard_languages(update, c, edit=False)
            return
        c.commit()
        await query.edit_message_text(G.guide_profile_saved(c.tr))


async def pause_cmd(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    with user_ctx(update, context) as c:
        if _guide(c) is None:
            await update.effective_message.reply_text(G.only_guides(c.tr))
            return
        await update.effective_message.reply_text(G.pause_menu(c.tr), reply_markup=KG.pause(c.tr))


async def on_pause(update: Update, c: Ctx, cb: Callback) -> None:
    query = update.callback_query
    g = _guide(c)
    if g is None:
        await query.answer(G.only_guides(c.tr))
        return
    await query.answer()
    days = int(cb.args[0])
    until = dt.datetime.now(c.svc.settings.tz).date() + dt.timedelta(days=days) if days else None
    GD.pause(g, until)
    c.commit()
    await query.edit_message_text(G.paused_until(c.tr, fmt_date(until, c.lang)) if until
                                  else G.resumed(c.tr))


# -- proposals -------------------------------------------------------------------------------
async def notify_step(bot, session, settings, req: GuideRequest, step: C.Step) -> None:
    """Tell the chosen guide about a proposal, or the newcomer that they are waiting."""
    default = settings.default_language
    if step.proposal is not None:
        await send_proposal(bot, session, settings, step.proposal, req)
    elif step.waiting:
        newcomer = session.get(User, req.user_id)
        _, tr = _tr_of(newcomer, default)
        await _send(bot, req.user_id, G.request_waiting(tr))


async def send_proposal(bot, session, settings, prop: Proposal, req: GuideRequest) -> None:
    guide_user = session.get(User, prop.guide_id)
    lang, tr = _tr_of(guide_user, settings.default_language)
    newcomer = session.get(User, req.user_id)
    deadline = prop.deadline.astimezone(settings.tz)
    text = G.proposal_text(
        tr,
        name=esc(newcomer.first_name if newcomer and newcomer.first_name else G.someone()),
        languages=esc(", ".join(LANGUAGE_NAMES.get(x, x) for x in req.languages or [])),
        district=esc(req.district or "?"),
        topics=esc(", ".join(M.topic_name(tr, t) for t in req.topics or [])),
        urgency=esc(G.urgency_names(tr)[req.urgency]),
        note=esc(f"«{req.note}»" if req.note else ""),
        reason=esc(G.reason(tr, prop.reason_parts, lang) if prop.reason_parts
                    else prop.reason),
        deadline=esc(f"{fmt_date(deadline.date(), lang)} {deadline:%H:%M}"),
    )
    await bot.send_message(chat_id=prop.guide_id, text=text, reply_markup=KG.proposal(tr, prop.id))


async def on_proposal(update: Update, c: Ctx, cb: Callback) -> None:
    query = update.callback_query
    pid = int(cb.args[0])
    hours = c.svc.settings.proposal_hours
    try:
        if cb.action == "p_accept":
            case = C.accept(c.session, pid, c.user.id)
            c.commit()
            await query.answer()
            await query.edit_message_reply_markup(None)
            await update.effective_chat.send_message(
                G.proposal_accepted(c.tr), reply_markup=KG.case_guide(c.tr, case.id, case.status))
            newcomer = c.session.get(User, case.newcomer_id)
            _, ntr = _tr_of(newcomer, c.svc.settings.default_language)
            name = c.user.first_name or update.effective_user.first_name or G.someone()
            await _send(query.get_bot(), case.newcomer_id, esc(G.matched_newcomer(ntr, name)),
                        KG.case_newcomer(ntr, case.id))
        else:
            req, step = C.decline(c.session, pid, c.user.id, hours)
            c.commit()
            await query.answer()
            await query.edit_message_text(G.proposal_declined(c.tr))
            await notify_step(query.get_bot(), c.session, c.svc.settings, req, step)
    except NotAllowed:
        await query.answer(G.not_allowed(c.tr))


async def sweep_proposals(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Periodic job: proposals past their deadline go to the next guide (state in the DB)."""
    from bot.handlers.common import services

    svc = services(context)
    with svc.db.session() as session:
        done = C.expire_due(session, svc.settings.proposal_hours)
        session.commit()
        for prop, req, step in done:
            guide_user = session.get(User, prop.guide_id)
            _, tr = _tr_of(guide_user, svc.settings.default_language)
            await _send(context.bot, prop.guide_id, G.proposal_expired(tr))
            await notify_step(context.bot, session, svc.settings, req, step)


# -- cases ------------------------------------------------------------------------------------
def _case_label(c: Ctx, case: Case) -> str:
    newcomer = c.session.get(User, case.newcomer_id) if case.newcomer_id else None
    name = newcomer.first_name if newcomer and newcomer.first_name else f"#{case.id}"
    return f"#{case.id} {name} – {G.status_name(c.tr, case.status)}"


async def cases_cmd(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    with user_ctx(update, context) as c:
        await _send_cases(update, c)


async def _send_cases(update: Update, c: Ctx) -> None:
    try:
        own = C.guide_cases(c.session, c.user.id)
    except NotAllowed:
        await update.effective_chat.send_message(G.only_guides(c.tr))
        return
    if not own:
        await update.effective_chat.send_message(G.no_cases(c.tr))
        return
    await update.effective_chat.send_message(
        G.cases_header(c.tr, len(own)),
        reply_markup=KG.case_list([(k.id, _case_label(c, k)) for k in own]))


async def on_case(update: Update, c: Ctx, cb: Callback) -> None:
    query = update.callback_query
    a = cb.action
    if a == "c_list":
        await query.answer()
        await _send_cases(update, c)
        return
    case_id = int(cb.args[0])
    try:
        case = C.case_for(c.session, case_id, c.user)
    except NotAllowed:
        await query.answer(G.not_allowed(c.tr))
        return
    is_guide = case.guide_id == c.user.id
    try:
        if a == "c_show":
            await query.answer()
            await _show_case(update, c, case, is_guide)
        elif a == "c_write":
            if case.status == "closed":
                raise NotAllowed("closed")
            users.set_state(c.user, {"relay": case.id})
            c.commit()
            await query.answer()
            await update.effective_chat.send_message(G.write_prompt(c.tr))
        elif a == "c_note":
            if not is_guide:
                raise NotAllowed("guide only")
            users.set_state(c.user, {"note": case.id})
            c.commit()
            await query.answer()
            await update.effective_chat.send_message(G.note_prompt(c.tr))
        elif a == "c_closemenu":
            if not is_guide:
                raise NotAllowed("guide only")
            await query.answer()
            await update.effective_chat.send_message(
                G.choose_outcome(c.tr), reply_markup=KG.outcomes(c.tr, case.id, C.OUTCOMES))
        elif a == "c_close":
            idx = int(cb.args[1])
            if idx >= len(C.OUTCOMES):
                raise NotAllowed("outcome")
            C.close(c.session, case.id, c.user, C.OUTCOMES[idx])
            c.commit()
            await query.answer()
            await query.edit_message_text(G.case_closed(c.tr))
            if case.newcomer_id:
                other = c.session.get(User, case.newcomer_id)
                _, ntr = _tr_of(other, c.svc.settings.default_language)
                await _send(query.get_bot(), case.newcomer_id, G.case_closed_newcomer(ntr))
        elif a == "c_pause":
            C.set_paused(c.session, case.id, c.user, cb.args[1] == "1")
            c.commit()
            await query.answer("✓")
            await _show_case(update, c, case, is_guide)
        elif a == "c_contact":
            case, both = C.share_contact(c.session, case.id, c.user)
            c.commit()
            await query.answer()
            other_id = case.newcomer_id if is_guide else case.guide_id
            other = c.session.get(User, other_id) if other_id else None
            _, otr = _tr_of(other, c.svc.settings.default_language)
            if both and other_id:
                me = f'<a href="tg://user?id={c.user.id}">{esc(c.user.first_name or "✉")}</a>'
                them = f'<a href="tg://user?id={other_id}">{esc((other.first_name if other else None) or "✉")}</a>'
                await update.effective_chat.send_message(G.contact_shared(c.tr, them))
                await _send(query.get_bot(), other_id, G.contact_shared(otr, me))
            else:
                await update.effective_chat.send_message(G.contact_waiting(c.tr))
                if other_id:
                    await _send(query.get_bot(), other_id, G.contact_asked(otr))
        elif a == "c_another":
            old_guide = case.guide_id
            case, step = C.ask_another_guide(c.session, case.id, c.user,
                                             c.svc.settings.proposal_hours)
            c.commit()
            await query.answer("✓")
            if old_guide:
                gu = c.session.get(User, old_guide)
                _, gtr = _tr_of(gu, c.svc.settings.default_language)
                await _send(query.get_bot(), old_guide, G.case_closed(gtr))
            req = c.session.get(GuideRequest, case.request_id) if case.request_id else None
            if req is not None:
                await update.effective_chat.send_message(
                    G.request_proposed(c.tr) if step.proposal else G.request_waiting(c.tr))
                await notify_step(query.get_bot(), c.session, c.svc.settings, req, step)
    except NotAllowed:
        await query.answer(G.not_allowed(c.tr))


async def _show_case(update: Update, c: Ctx, case: Case, is_guide: bool) -> None:
    last = case.last_activity.astimezone(c.svc.settings.tz).date()
    text = G.case_text(c.tr, case_id=case.id, name=esc(_case_label(c, case)),
                       status=G.status_name(c.tr, case.status),
                       topics=esc(", ".join(M.topic_name(c.tr, t) for t in case.topics or [])),
                       last=fmt_date(last, c.lang),
                       outcome=esc(G.outcome_name(c.tr, case.outcome)))
    if is_guide:
        ns = C.notes(c.session, case.id, c.user)
        if ns:
            text += "\n\n" + G.notes_header(c.tr) + "\n" + "\n".join(
                f"• {esc(n.text)}" for n in ns[-10:])
        markup = KG.case_guide(c.tr, case.id, case.status)
    else:
        markup = KG.case_newcomer(c.tr, case.id)
    await update.effective_chat.send_message(text, reply_markup=markup)


async def handle_state_text(update: Update, c: Ctx, text: str) -> bool:
    """Text typed while writing to the other side of a case or a note; True when consumed."""
    state = c.user.state or {}
    if state.keys() & {"kb_edit", "kb_new", "in_find"}:
        from bot.handlers.kb_admin import handle_text as kb_text

        if await kb_text(update, c, text):
            return True
    if "bc" in state:
        from bot.handlers.coordinators import handle_text as bc_text

        if await bc_text(update, c, text):
            return True
    if "relay" in state:
        try:
            case, to = C.relay(c.session, int(state["relay"]), c.user, text)
        except NotAllowed:
            users.set_state(c.user, None)
            c.commit()
            await update.effective_message.reply_text(G.not_allowed(c.tr))
            return True
        c.commit()
        other = c.session.get(User, to)
        _, otr = _tr_of(other, c.svc.settings.default_language)
        name = c.user.first_name or update.effective_user.first_name or G.someone()
        label = G.relayed_label(otr, case.id, name)
        await _send(update.get_bot(), to, f"<b>{esc(label)}</b>\n{esc(text)}",
                    KG.reply(otr, case.id))
        await update.effective_message.reply_text(G.relay_sent(c.tr))
        return True
    if "note" in state:
        try:
            C.add_note(c.session, int(state["note"]), c.user, text)
        except NotAllowed:
            await update.effective_message.reply_text(G.not_allowed(c.tr))
        users.set_state(c.user, None)
        c.commit()
        await update.effective_message.reply_text(G.note_saved(c.tr))
        return True
    if "appt" in state:
        from bot.handlers.appointments import handle_text

        return await handle_text(update, c, text)
    if "req_note" in state:
        from bot.handlers.requests import save_note

        await save_note(update, c, text)
        return True
    return False


async def my_guide(update: Update, c: Ctx) -> bool:
    """Show a newcomer their current guide; False when they have none."""
    case = C.newcomer_case(c.session, c.user.id)
    if case is None:
        return False
    gu = c.session.get(User, case.guide_id) if case.guide_id else None
    name = (gu.first_name if gu and gu.first_name else G.someone())
    await update.effective_chat.send_message(
        esc(G.my_guide(c.tr, name, G.status_name(c.tr, case.status))),
        reply_markup=KG.case_newcomer(c.tr, case.id))
    return True
