"""Appointments in a case: the guide proposes (picker or typed date), the newcomer confirms or
asks for another time, both can move or cancel; reminders are sent from database rows."""

from __future__ import annotations

import datetime as dt
import io
import logging
import os
import re
import socket

from babel.dates import format_date, format_datetime
from telegram import InlineKeyboardButton as B
from telegram import InlineKeyboardMarkup, InputFile, Update
from telegram.error import Forbidden
from telegram.ext import ContextTypes

from bot import appointments as A
from bot import messages_appointments as MA
from bot import messages_guides as G
from bot import users
from bot.callbacks import Callback, make
from bot.guides import NotAllowed
from bot.handlers.common import Ctx, services, user_ctx
from bot.i18n import babel_locale, translations
from bot.metrics import METRICS
from bot.models import Appointment, User, utcnow
from bot.render import esc

log = logging.getLogger(__name__)
INSTANCE = f"{socket.gethostname()}:{os.getpid()}"
PICKER_DAYS = 14
HOURS = range(7, 21)


def fmt_when(when: dt.datetime, lang: str, tz) -> str:
    return format_datetime(when.astimezone(tz), "EEE d MMM y, HH:mm", tzinfo=tz,
                           locale=babel_locale(lang))


def _day_picker(c: Ctx, target: str) -> InlineKeyboardMarkup:
    today = dt.datetime.now(c.svc.settings.tz).date()
    buttons = [B(format_date(today + dt.timedelta(days=i), "EEE d MMM", locale=babel_locale(
        c.lang)), callback_data=make("ad", target, (today + dt.timedelta(days=i)).strftime(
            "%Y%m%d"))) for i in range(PICKER_DAYS)]
    return InlineKeyboardMarkup([buttons[i : i + 3] for i in range(0, len(buttons), 3)])


def _hour_picker(target: str, day: str) -> InlineKeyboardMarkup:
    buttons = [B(f"{h:02d}", callback_data=make("ah", target, day, f"{h:02d}")) for h in HOURS]
    return InlineKeyboardMarkup([buttons[i : i + 5] for i in range(0, len(buttons), 5)])


def _minute_picker(target: str, day: str, hour: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[B(f"{hour}:{m:02d}", callback_data=make("am", target, day, hour,
                                                                          f"{m:02d}"))
                                  for m in (0, 15, 30, 45)]])


def _newcomer_buttons(tr, appt_id: int) -> InlineKeyboardMarkup:
    t = MA.buttons(tr)
    return InlineKeyboardMarkup([[B(t["confirm"], callback_data=make("ay", appt_id)),
                                  B(t["other"], callback_data=make("an", appt_id))],
                                 [B(t["reschedule"], callback_data=make("ac", appt_id)),
                                  B(t["cancel"], callback_data=make("ax", appt_id))],
                                 [B(t["ics"], callback_data=make("ai", appt_id))]])


def _guide_buttons(tr, appt_id: int) -> InlineKeyboardMarkup:
    t = MA.buttons(tr)
    return InlineKeyboardMarkup([[B(t["reschedule"], callback_data=make("ac", appt_id)),
                                  B(t["cancel"], callback_data=make("ax", appt_id))],
                                 [B(t["ics"], callback_data=make("ai", appt_id))]])


def _user_tr(session, uid: int | None, default: str):
    u = session.get(User, uid) if uid else None
    lang = (u.lang if u else None) or default
    return u, lang, translations(lang)


def appointment_message(appt: Appointment, lang: str, tz) -> str:
    tr = translations(lang)
    bring = (esc(MA.bring_line(tr, ", ".join(appt.bring))) + "\n") if appt.bring else ""
    note = esc(appt.note) if appt.note else ""
    return MA.appointment_text(tr, when=esc(fmt_when(appt.starts_at, lang, tz)),
                               place=esc(appt.place or "?"), bring=bring, note=note)


async def start(update: Update, c: Ctx, target: str) -> None:
    users.set_state(c.user, {"appt": {"target": target, "step": "when"}})
    c.commit()
    await update.effective_chat.send_message(MA.ask_when(c.tr),
                                             reply_markup=_day_picker(c, target))


async def on_callback(update: Update, c: Ctx, cb: Callback) -> None:
    query = update.callback_query
    a = cb.action
    tz = c.svc.settings.tz
    try:
        if a == "a_new":
            case_id = int(cb.args[0])
            from bot.cases import case_for

            case = case_for(c.session, case_id, c.user)
            if case.guide_id != c.user.id or case.status == "closed":
                raise NotAllowed("guide only")
            await query.answer()
            await start(update, c, f"c{case_id}")
        elif a == "a_move":
            appt = A.owned(c.session, int(cb.args[0]), c.user)
            await query.answer()
            await start(update, c, f"a{appt.id}")
        elif a == "a_day":
            await query.answer()
            target, day = cb.args
            label = format_date(dt.datetime.strptime(day, "%Y%m%d").date(), "EEE d MMM",
                                locale=babel_locale(c.lang))
            await query.edit_message_text(MA.ask_hour(c.tr, label),
                                          reply_markup=_hour_picker(target, day))
        elif a == "a_hour":
            await query.answer()
            target, day, hour = cb.args
            label = format_date(dt.datetime.strptime(day, "%Y%m%d").date(), "EEE d MMM",
                                locale=babel_locale(c.lang))
            await query.edit_message_text(MA.ask_minute(c.tr, label, hour),
                                          reply_markup=_minute_picker(target, day, hour))
        elif a == "a_minute":
            target, day, hour, minute = cb.args
            when = A.local_time(dt.datetime.strptime(day, "%Y%m%d").date(),
                                dt.time(int(hour), int(minute)), tz)
            await query.answer()
            await _got_time(update, c, target, when)
        elif a in ("a_yes", "a_no"):
            appt = A.answer(c.session, int(cb.args[0]), c.user, a == "a_yes")
            c.commit()
            await query.answer()
            await query.edit_message_reply_markup(None)
            await update.effective_chat.send_message(MA.thanks_answer(c.tr))
            _g, glang, gtr = _user_tr(c.session, appt.guide_id, c.svc.settings.default_language)
            name = c.user.first_name or G.someone()
            when = fmt_when(appt.starts_at, glang, tz)
            text = (MA.answered_confirm(gtr, name, when) if a == "a_yes"
                    else MA.answered_other(gtr, name, when))
            await query.get_bot().send_message(appt.guide_id, esc(text),
                                               reply_markup=_guide_buttons(gtr, appt.id))
        elif a == "a_cancel":
            appt = A.cancel(c.session, int(cb.args[0]), c.user)
            c.commit()
            await query.answer("✓")
            for uid in (appt.guide_id, appt.newcomer_id):
                if uid is None:
                    continue
                _u, lang, tr = _user_tr(c.session, uid, c.svc.settings.default_language)
                await query.get_bot().send_message(
                    uid, esc(MA.cancelled(tr, fmt_when(appt.starts_at, lang, tz))))
        elif a == "a_ics":
            appt = A.owned(c.session, int(cb.args[0]), c.user)
            await query.answer()
            data = A.ics([appt], tz, MA.calendar_title(c.tr))
            await update.effective_chat.send_document(
                InputFile(io.BytesIO(data), filename=f"appointment-{appt.id}.ics"))
        elif a == "a_skip":
            await query.answer()
            step = ((c.user.state or {}).get("appt") or {}).get("step")
            if step == "bring":
                await _ask_note(update, c, [])
            else:
                await _finish(update, c, note=None)
        elif a == "a_digest":
            c.user.digest = cb.args[0] == "1"
            c.commit()
            await query.answer("✓")
            await query.edit_message_text(MA.digest_saved(c.tr, c.user.digest))
        elif a == "a_leads":
            opts = list(MA.leads_options(c.tr))
            c.user.reminder_leads = [int(x) for x in opts[int(cb.args[0])].split(",")]
            c.commit()
            await query.answer("✓")
            await query.edit_message_text(MA.leads_saved(c.tr))
    except (NotAllowed, A.BadTime, ValueError, IndexError):
        await query.answer(G.not_allowed(c.tr))


async def _got_time(update: Update, c: Ctx, target: str, when: dt.datetime) -> None:
    tz = c.svc.settings.tz
    if target.startswith("a"):
        appt = A.reschedule(c.session, int(target[1:]), c.user, when)
        users.set_state(c.user, None)
        c.commit()
        for uid in (appt.guide_id, appt.newcomer_id):
            if uid is None:
                continue
            _u, lang, tr = _user_tr(c.session, uid, c.svc.settings.default_language)
            markup = (_newcomer_buttons(tr, appt.id) if uid == appt.newcomer_id
                      else _guide_buttons(tr, appt.id))
            await update.get_bot().send_message(
                uid, esc(MA.rescheduled(tr, fmt_when(appt.starts_at, lang, tz))),
                reply_markup=markup)
        return
    users.set_state(c.user, {"appt": {"target": target, "step": "place",
                                      "when": when.isoformat()}})
    c.commit()
    await update.effective_chat.send_message(MA.ask_place(c.tr))


async def handle_text(update: Update, c: Ctx, text: str) -> bool:
    state = (c.user.state or {}).get("appt")
    if not state:
        return False
    step = state.get("step")
    try:
        if step == "when":
            now = dt.datetime.now(c.svc.settings.tz)
            await _got_time(update, c, state["target"], A.parse_when(text, now))
        elif step == "place":
            place = text.strip()[: A.MAX_PLACE]
            hit = c.svc.kb.index.search(place, c.lang)
            entry_id = None
            if hit.answered and hit.best and hit.best.entry.contact.address:
                entry_id = hit.best.entry.id
                place = f"{place} – {hit.best.entry.contact.address}"
            users.set_state(c.user, {"appt": {**state, "step": "bring", "place": place,
                                              "entry": entry_id}})
            c.commit()
            t = MA.buttons(c.tr)
            await update.effective_message.reply_text(
                MA.ask_bring(c.tr), reply_markup=InlineKeyboardMarkup(
                    [[B(t["skip"], callback_data="ak")]]))
        elif step == "bring":
            await _ask_note(update, c, [x.strip() for x in re.split(r"[,،;፣]", text) if x.strip()])
        elif step == "note":
            await _finish(update, c, note=text.strip()[:300])
    except A.BadTime:
        await update.effective_message.reply_text(MA.bad_time(c.tr))
    except NotAllowed:
        users.set_state(c.user, None)
        c.commit()
        await update.effective_message.reply_text(G.not_allowed(c.tr))
    return True


async def _ask_note(update: Update, c: Ctx, bring: list[str]) -> None:
    state = (c.user.state or {}).get("appt") or {}
    users.set_state(c.user, {"appt": {**state, "step": "note", "bring": bring}})
    c.commit()
    t = MA.buttons(c.tr)
    await update.effective_chat.send_message(
        MA.ask_note(c.tr), reply_markup=InlineKeyboardMarkup([[B(t["skip"], callback_data="ak")]]))


async def _finish(update: Update, c: Ctx, note: str | None) -> None:
    state = (c.user.state or {}).get("appt") or {}
    if state.get("step") != "note" or not str(state.get("target", "")).startswith("c"):
        await update.effective_chat.send_message(G.not_allowed(c.tr))
        return
    tz = c.svc.settings.tz
    when = dt.datetime.fromisoformat(state["when"])
    appt = A.create(c.session, int(state["target"][1:]), c.user, when, state.get("place", ""),
                    entry_id=state.get("entry"), bring=state.get("bring") or [], note=note)
    users.set_state(c.user, None)
    c.commit()
    await update.effective_chat.send_message(
        esc(MA.created(c.tr, fmt_when(appt.starts_at, c.lang, tz))),
        reply_markup=_guide_buttons(c.tr, appt.id))
    if appt.newcomer_id:
        _u, lang, tr = _user_tr(c.session, appt.newcomer_id, c.svc.settings.default_language)
        await update.get_bot().send_message(appt.newcomer_id,
                                            appointment_message(appt, lang, tz),
                                            reply_markup=_newcomer_buttons(tr, appt.id))
        entry = c.svc.kb.get(appt.entry_id) if appt.entry_id else None
        if entry is not None and entry.contact.lat is not None:  # the place on the map
            title = entry.text(lang)[0].title[:100]
            await update.get_bot().send_venue(appt.newcomer_id, entry.contact.lat,
                                              entry.contact.lon, title,
                                              entry.contact.address or "Magdeburg")


async def agenda_cmd(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    from bot.guides import active_guide

    with user_ctx(update, context) as c:
        if active_guide(c.session, c.user.id) is None:
            await update.effective_message.reply_text(G.only_guides(c.tr))
            return
        tz = c.svc.settings.tz
        items = A.agenda(c.session, c.user, utcnow())
        if not items:
            await update.effective_message.reply_text(MA.agenda_empty(c.tr))
            return
        lines = [MA.agenda_header(c.tr, len(items))]
        lines += [f"• {fmt_when(a.starts_at, c.lang, tz)} – {a.place}" for a in items]
        await update.effective_message.reply_text(esc("\n".join(lines)))
        await update.effective_chat.send_document(
            InputFile(io.BytesIO(A.ics(items, tz, MA.calendar_title(c.tr))),
                      filename="agenda.ics"))


async def reminders_cmd(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    from bot.guides import active_guide

    with user_ctx(update, context) as c:
        opts = MA.leads_options(c.tr)
        rows = [[B(label, callback_data=make("al", i))] for i, label in enumerate(opts.values())]
        if active_guide(c.session, c.user.id) is not None:
            d = MA.digest_buttons(c.tr)
            rows.append([B(d["off"] if c.user.digest else d["on"],
                           callback_data=make("dg", 0 if c.user.digest else 1))])
        await update.effective_message.reply_text(MA.leads_menu(c.tr),
                                                  reply_markup=InlineKeyboardMarkup(rows))


async def morning_digest(context: ContextTypes.DEFAULT_TYPE) -> None:
    """08:00: each guide who asked for it gets the day's appointments, once per day."""
    svc = services(context)
    tz = svc.settings.tz
    today = dt.datetime.now(tz).date()
    with svc.db.session() as session:
        ids = A.digest_targets(session)
    for uid in ids:
        with svc.db.session() as session:
            if not A.claim_digest(session, uid, today):
                continue
            items = A.day_appointments(session, uid, today, tz)
            session.commit()
            if not items:
                continue
            _u, lang, tr = _user_tr(session, uid, svc.settings.default_language)
            lines = [MA.digest_header(tr, len(items))]
            lines += [f"• {fmt_when(a.starts_at, lang, tz)} – {a.place}" for a in items]
            await context.bot.send_message(uid, esc("\n".join(lines)))


async def inactivity_nudges(context: ContextTypes.DEFAULT_TYPE) -> None:
    """A guide whose case has been quiet for 14 days is asked, once, whether all is well."""
    svc = services(context)
    with svc.db.session() as session:
        cases = A.claim_inactive_cases(session, utcnow())
        session.commit()
        for case in cases:
            if case.guide_id is None:
                continue
            _u, _lang, tr = _user_tr(session, case.guide_id, svc.settings.default_language)
            from bot import keyboards_guides as KG

            await context.bot.send_message(case.guide_id, esc(MA.inactive_case(
                tr, case.id, A.INACTIVE_DAYS)), reply_markup=KG.case_list([(case.id, f"#{case.id}")]))


async def send_due(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Periodic job: every due reminder, one locked row per transaction, oldest first."""
    svc = services(context)
    tz = svc.settings.tz
    for _ in range(500):
        now = utcnow()
        with svc.db.session() as session:
            due = A.claim_next(session, now)
            if due is None:
                return
            rem, appt = due.reminder, due.appointment
            if due.action == "send":
                _u, lang, tr = _user_tr(session, rem.user_id, svc.settings.default_language)
                when = fmt_when(appt.starts_at, lang, tz)
                text = (MA.unconfirmed(tr, when) if rem.kind == "unconfirmed"
                        else MA.reminder(tr, when, appt.place or "?"))
                try:
                    await context.bot.send_message(rem.user_id, esc(text))
                    METRICS.reminder(True)
                except Forbidden:
                    METRICS.reminder(False)
                    due.action = "drop"  # blocked the bot: nobody to remind
                    if _u is not None:
                        _u.active = False
                except Exception:
                    METRICS.reminder(False)
                    raise  # the row stays pending and is tried again
            else:
                log.info("reminder %s dropped: appointment over or cancelled", rem.id)
            A.done(session, due, INSTANCE)
