"""Coordinators keep the knowledge current from the chat: find and edit entries with a preview,
add and archive them, mark them verified, import and export sheets, and work through the inbox
of questions the bot could not answer. Every change is swapped into the search at once."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from telegram import InputFile, Update
from telegram.ext import ContextTypes

from bot import audit, kb_io, users
from bot import inbox as IB
from bot import kb_edit as KE
from bot import keyboards_coord as KC
from bot import messages as M
from bot import messages_coord as MC
from bot import messages_guides as G
from bot.callbacks import Callback
from bot.guides import NotAllowed, is_coordinator
from bot.handlers.common import (
    Ctx,
    Services,
    coordinator_command,
    reader_translations,
    services,
    user_ctx,
)
from bot.i18n import translations
from bot.knowledge import entry_from_dict
from bot.models import KbEntry, KbUpload, Question
from bot.once import claim
from bot.render import entry_card, esc, fmt_date, split_message
from bot.roles import coordinators
from bot.topics import ALL_LANGUAGES, LANGUAGE_NAMES, REQUIRED_LANGUAGES, TOPICS

log = logging.getLogger(__name__)
MAX_UPLOAD_MB = 20  # the Bot API serves files up to 20 MB to bots
STALE_PER_PAGE = 10
MAX_REPORT_LINES = 25


def _today(c: Ctx) -> dt.date:
    return dt.datetime.now(c.svc.settings.tz).date()


def _in_own_session(svc: Services, fn: Callable[[Session], object]) -> None:
    with svc.db.session() as session:
        fn(session)


async def _reload(c: Ctx) -> None:
    """After the commit: this process answers from the new text at once; other processes
    notice the change within seconds (KnowledgeBase.reload_if_changed). The index is built in
    a worker thread (with its own session), so other people's questions are still answered
    while 2,000 entries are indexed; the swap itself is atomic."""
    await asyncio.to_thread(_in_own_session, c.svc, c.svc.kb.reload)


def _field_problems(c: Ctx, problems: list) -> str:
    """Problems of one entry edited in the chat: the field as named in the bot, then why."""
    return "\n".join(f"{MC.field_label(c.tr, p.field)}: {MC.problem(c.tr, p)}" for p in problems)


def _problems_text(c: Ctx, problems: list) -> str:
    lines = [MC.import_problem_line(c.tr, int(p.file[4:]), kb_io.column_of(p.field),
                                   MC.problem(c.tr, p))
             if p.file.startswith("row ") and p.file[4:].isdigit()
             else f"{p.file}: {p.field}: {MC.problem(c.tr, p)}"
             for p in problems[:MAX_REPORT_LINES]]
    if len(problems) > MAX_REPORT_LINES:
        lines.append(MC.import_more(c.tr, len(problems) - MAX_REPORT_LINES))
    return "\n".join(lines)


# -- commands ----------------------------------------------------------------------------------
@coordinator_command
async def kb_cmd(update: Update, context: ContextTypes.DEFAULT_TYPE, c: Ctx) -> None:
    query = " ".join(context.args or [])
    if not query:
        total, live = c.session.execute(
            select(func.count(), func.count().filter(KbEntry.archived.is_(False)))
            .select_from(KbEntry)).one()
        n_stale = len(KE.stale(c.session, _today(c)))
        await update.effective_message.reply_text(
            esc(MC.kb_home(c.tr, total, live, n_stale)),
            reply_markup=KC.kb_home(c.tr, n_stale))
        return
    await _send_found(update, c, query)


async def _send_found(update: Update, c: Ctx, query: str) -> None:
    found = KE.find(c.session, query)
    if not found:
        await update.effective_chat.send_message(MC.kb_none_found(c.tr))
        return
    items = [(r.id, f"{'🗄 ' if r.archived else ''}{r.title(c.lang)}")
             for r in found]
    await update.effective_chat.send_message(MC.kb_found(c.tr, len(items)),
                                             reply_markup=KC.entry_list(items))


@coordinator_command
async def stale_cmd(update: Update, context: ContextTypes.DEFAULT_TYPE, c: Ctx) -> None:
    await _send_stale(update, c, 0)


async def _send_stale(update: Update, c: Ctx, page: int) -> None:
    rows = KE.stale(c.session, _today(c))
    if not rows:
        await update.effective_chat.send_message(MC.kb_stale_none(c.tr))
        return
    start = page * STALE_PER_PAGE
    items = [(r.id, f"{r.verified_at or MC.never(c.tr)} · {r.title(c.lang)}")
             for r in rows[start : start + STALE_PER_PAGE]]
    await update.effective_chat.send_message(
        MC.kb_stale_header(c.tr, len(rows)),
        reply_markup=KC.stale_page(items, page, start + STALE_PER_PAGE < len(rows), c.tr))


@coordinator_command
async def inbox_cmd(update: Update, context: ContextTypes.DEFAULT_TYPE, c: Ctx) -> None:
    groups = IB.groups(c.session, c.user)
    if not groups:
        await update.effective_message.reply_text(MC.inbox_empty(c.tr))
        return
    # compact, wordless labels: a button shows about 60 characters on a phone
    items = [(g.question_id, f"{g.count}× {','.join(sorted(g.langs))}"
                             f"{f' 👎{g.not_helpful}' if g.not_helpful else ''} · {g.text}")
             for g in groups[:15]]
    await update.effective_message.reply_text(
        MC.inbox_header(c.tr, len(groups), sum(g.count for g in groups)),
        reply_markup=KC.inbox(items))


# -- one entry ---------------------------------------------------------------------------------
async def _show_entry(update: Update, c: Ctx, entry_id: str) -> None:
    row = KE.get(c.session, entry_id)
    if row is None:
        await update.effective_chat.send_message(G.not_allowed(c.tr))
        return
    i18n = row.data.get("i18n") or {}
    va = row.data.get("verified_at")
    text = MC.kb_entry_admin(
        c.tr, entry_id=row.id, topic=M.topic_name(c.tr, row.topic),
        provider=esc(str(row.data.get("provider", ""))),
        verified=fmt_date(dt.date.fromisoformat(va), c.lang) if va else MC.never(c.tr),
        archived=row.archived, languages=", ".join(x for x in ALL_LANGUAGES if x in i18n),
        missing=", ".join(x for x in REQUIRED_LANGUAGES if x not in i18n))
    await update.effective_chat.send_message(text, reply_markup=KC.entry_admin(
        c.tr, row.id, row.archived))


async def _ask_value(update: Update, c: Ctx, entry_id: str, code: str, lang: str | None
                     ) -> None:
    row = KE.get(c.session, entry_id)
    if row is None or code not in KE.FIELDS:
        await update.effective_chat.send_message(G.not_allowed(c.tr))
        return
    users.set_state(c.user, {"kb_edit": {"id": entry_id, "f": code, "l": lang}})
    c.commit()
    name = MC.field_name(c.tr, code) + (f" ({LANGUAGE_NAMES.get(lang, lang)})" if lang else "")
    current = KE.value(row.data, code, lang)
    for chunk in split_message(esc(MC.kb_type_value(c.tr, name, current))):
        await update.effective_chat.send_message(chunk)


async def _preview(update: Update, c: Ctx, data: dict, lang: str) -> None:
    card = entry_card(entry_from_dict(data), lang)
    for chunk in split_message(card):
        await update.effective_chat.send_message(chunk, disable_web_page_preview=True)
    await update.effective_chat.send_message(MC.kb_preview(c.tr),
                                             reply_markup=KC.save_cancel(c.tr))


async def handle_text(update: Update, c: Ctx, text: str) -> bool:
    """Text typed for an edit, a new entry or an inbox search; True when consumed."""
    state = c.user.state or {}
    if not is_coordinator(c.user):
        return False
    if "kb_edit" in state:
        st = state["kb_edit"]
        row = KE.get(c.session, st["id"])
        if row is None:
            users.set_state(c.user, None)
            c.commit()
            await update.effective_message.reply_text(G.not_allowed(c.tr))
            return True
        data = KE.with_value(row.data, st["f"], st.get("l"), text)
        probs = KE.problems_of(data)
        if probs:  # the state stays: the coordinator can simply send a corrected text
            await update.effective_message.reply_text(
                esc(MC.kb_invalid(c.tr, _field_problems(c, probs))))
            return True
        users.set_state(c.user, {"kb_pending": {"data": data, "action": "kb-edit",
                                                "f": st["f"], "l": st.get("l")}})
        c.commit()
        await _preview(update, c, data, st.get("l") or c.lang)
        return True
    if "kb_new" in state:
        st = dict(state["kb_new"])
        step = st.get("step", "title")
        st[step] = text.strip()[: KE.MAX_FIELD_CHARS]
        nxt = {"title": "answer", "answer": "provider", "provider": None}[step]
        if nxt is not None:
            st["step"] = nxt
            users.set_state(c.user, {"kb_new": st})
            c.commit()
            await update.effective_message.reply_text(
                MC.kb_new_answer(c.tr) if nxt == "answer" else MC.kb_new_provider(c.tr))
            return True
        q = tuple(st["q"]) if st.get("q") else None
        data = KE.new_entry(c.session, st["topic"], st["title"], st["answer"], st["provider"],
                            question=q)  # type: ignore[arg-type]
        probs = KE.problems_of(data)
        if probs:
            users.set_state(c.user, None)
            c.commit()
            await update.effective_message.reply_text(
                esc(MC.kb_invalid(c.tr, _field_problems(c, probs))))
            return True
        users.set_state(c.user, {"kb_pending": {"data": data, "action": "kb-new",
                                                "qid": st.get("qid")}})
        c.commit()
        await _preview(update, c, data, "de")
        return True
    if "in_find" in state:
        qid = int(state["in_find"])
        found = KE.find(c.session, text)
        if not found:
            await update.effective_message.reply_text(MC.kb_none_found(c.tr))
            return True
        await update.effective_message.reply_text(
            MC.kb_found(c.tr, len(found)),
            reply_markup=KC.inbox_actions(c.tr, qid, [(r.id, r.title(c.lang))
                                                      for r in found[:8]]))
        return True
    return False


async def on_callback(update: Update, c: Ctx, cb: Callback) -> None:
    await update.callback_query.answer()  # the router let only coordinators through
    a = cb.action
    if a == "kb_show":
        await _show_entry(update, c, cb.args[0])
    elif a == "kb_field":
        entry_id, code = cb.args
        if code == "menu":
            await update.effective_chat.send_message(MC.kb_choose_field(c.tr),
                                                     reply_markup=KC.fields(c.tr, entry_id))
        elif code in KE.FIELDS and KE.FIELDS[code].per_language:
            row = KE.get(c.session, entry_id)
            present = set((row.data.get("i18n") or {}) if row else ())
            await update.effective_chat.send_message(
                MC.kb_choose_language(c.tr, MC.field_name(c.tr, code)),
                reply_markup=KC.languages(entry_id, code, present))
        else:
            await _ask_value(update, c, entry_id, code, None)
    elif a == "kb_lang":
        await _ask_value(update, c, cb.args[0], cb.args[1], cb.args[2])
    elif a == "kb_save":
        await _save_pending(update, c)
    elif a == "kb_cancel":
        users.set_state(c.user, None)
        c.commit()
        await update.effective_chat.send_message(MC.kb_cancelled(c.tr))
    elif a == "kb_verify":
        try:
            KE.verify(c.session, c.user, cb.args[0], _today(c))
        except KE.EditError:
            await update.effective_chat.send_message(G.not_allowed(c.tr))
            return
        c.commit()
        await _reload(c)
        await update.effective_chat.send_message(MC.kb_verified(c.tr, fmt_date(_today(c),
                                                                               c.lang)))
    elif a == "kb_archive":
        archived = cb.args[1] == "1"
        try:
            KE.set_archived(c.session, c.user, cb.args[0], archived)
        except KE.EditError:
            await update.effective_chat.send_message(G.not_allowed(c.tr))
            return
        c.commit()
        await _reload(c)
        await update.effective_chat.send_message(MC.kb_archived(c.tr, archived))
    elif a == "kb_new":
        await _new_entry_step(update, c, cb.args[0], None)
    elif a == "kb_stale":
        await _send_stale(update, c, int(cb.args[0]))
    elif a == "kb_import":
        await _confirm_import(update, c, int(cb.args[0]), cb.args[1] == "1")
    elif a == "kb_restore":
        await _restore(update, c, int(cb.args[0]))
    elif a == "kb_export":
        await _export(update, c, cb.args[0])
    elif a == "in_show":
        await _inbox_show(update, c, int(cb.args[0]))
    elif a == "in_attach":
        await _inbox_attach(update, c, int(cb.args[0]), cb.args[1])
    elif a == "in_new":
        await _new_entry_step(update, c, "-", int(cb.args[0]))
    elif a == "in_dismiss":
        n = IB.close_group(c.session, c.user, int(cb.args[0]), "dismissed")
        users.set_state(c.user, None)
        c.commit()
        await update.effective_chat.send_message(MC.inbox_dismissed(c.tr, n))


async def _save_pending(update: Update, c: Ctx) -> None:
    pending = (c.user.state or {}).get("kb_pending")
    if not pending:
        await update.effective_chat.send_message(G.not_allowed(c.tr))
        return
    data = pending["data"]
    detail = {k: pending.get(k) for k in ("f", "l") if pending.get(k)}
    try:
        KE.save(c.session, c.user, data, pending["action"], **detail)
    except KE.EditError as exc:
        await update.effective_chat.send_message(esc(MC.kb_invalid(
            c.tr, _field_problems(c, exc.problems))))
        return
    if pending.get("qid"):
        IB.close_group(c.session, c.user, int(pending["qid"]), "entry")
    users.set_state(c.user, None)
    c.commit()
    await _reload(c)
    if pending["action"] == "kb-new":
        await update.effective_chat.send_message(MC.kb_new_saved(c.tr, data["id"]))
        await _show_entry(update, c, data["id"])
    else:
        await update.effective_chat.send_message(MC.kb_saved(c.tr))


async def _new_entry_step(update: Update, c: Ctx, topic_arg: str, qid: int | None) -> None:
    if topic_arg == "-":
        state: dict = {"kb_new": {"step": "topic"}}
        if qid is not None:
            q = c.session.get(Question, qid)
            if q is None or not q.text:
                await update.effective_chat.send_message(G.not_allowed(c.tr))
                return
            state["kb_new"].update(q=[q.lang, q.text], qid=qid)
        users.set_state(c.user, state)
        c.commit()
        await update.effective_chat.send_message(MC.kb_new_topic(c.tr),
                                                 reply_markup=KC.topics(c.tr))
        return
    st = dict((c.user.state or {}).get("kb_new") or {})
    st.update(topic=TOPICS[int(topic_arg)], step="title")
    users.set_state(c.user, {"kb_new": st})
    c.commit()
    await update.effective_chat.send_message(MC.kb_new_title(c.tr))


# -- inbox -------------------------------------------------------------------------------------
async def _inbox_show(update: Update, c: Ctx, qid: int) -> None:
    g = IB.group_of(c.session, c.user, qid)
    if g is None:
        await update.effective_chat.send_message(G.not_allowed(c.tr))
        return
    result = c.svc.kb.index.search(g.text, g.lang)
    hits = [(h.entry.id, h.entry.text(c.lang)[0].title) for h in result.hits[:4]]
    users.set_state(c.user, {"in_find": qid})
    c.commit()
    head = MC.inbox_group(c.tr, g.count, ", ".join(sorted(g.langs)), g.not_helpful, g.text)
    await update.effective_chat.send_message(
        esc(f"{head}\n\n{MC.inbox_show(c.tr)}"),
        reply_markup=KC.inbox_actions(c.tr, qid, hits))


async def _inbox_attach(update: Update, c: Ctx, qid: int, entry_id: str) -> None:
    q = c.session.get(Question, qid)
    if q is None or not q.text:
        await update.effective_chat.send_message(G.not_allowed(c.tr))
        return
    try:
        row = KE.add_example(c.session, c.user, entry_id, q.lang, q.text)
    except (KE.EditError, NotAllowed):
        await update.effective_chat.send_message(G.not_allowed(c.tr))
        return
    n = IB.close_group(c.session, c.user, qid, "example")
    users.set_state(c.user, None)
    c.commit()
    await _reload(c)
    await update.effective_chat.send_message(esc(MC.inbox_attached(
        c.tr, max(n, 1), KE.title_of(row.data, c.lang))))


# -- import, export, restore -------------------------------------------------------------------
async def on_document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A coordinator's file is an import; anyone else's is refused without being downloaded."""
    if update.effective_user is None or update.effective_message is None:
        return
    doc = update.effective_message.document
    with user_ctx(update, context) as c:
        if not is_coordinator(c.user) or doc is None:
            await update.effective_message.reply_text(
                M.files_refused(reader_translations(update, context)))
            return
        if (doc.file_size or 0) > MAX_UPLOAD_MB * 1024 * 1024:
            await update.effective_message.reply_text(MC.import_too_big(c.tr, MAX_UPLOAD_MB))
            return
        await update.effective_message.reply_text(MC.import_reading(c.tr))
        tg_file = await doc.get_file()
        raw = bytes(await tg_file.download_as_bytearray())
        name = doc.file_name or "upload"
        try:  # seconds for a big sheet: in a worker thread, so the bot answers others meanwhile
            plan, problems = await asyncio.to_thread(_read_upload, c.svc, name, raw)
        except kb_io.BadFile as exc:
            await update.effective_message.reply_text(
                esc(MC.import_bad_file(c.tr, MC.bad_file_reason(c.tr, exc))))
            return
        if problems or plan is None:
            await update.effective_message.reply_text(esc(
                MC.import_problems(c.tr, len(problems)) + "\n" + _problems_text(c, problems)))
            return
        upload = KbUpload(coordinator_id=c.user.id, filename=name[:200], entries=plan.entries)
        c.session.add(upload)
        c.commit()
        _remember(upload.id, plan.entries)
        lines = [MC.import_summary(c.tr, len(plan.new), len(plan.changed), len(plan.unchanged),
                                   len(plan.missing))]
        lines += plan.diff[:MAX_REPORT_LINES]
        if len(plan.diff) > MAX_REPORT_LINES:
            lines.append(MC.import_more(c.tr, len(plan.diff) - MAX_REPORT_LINES))
        await update.effective_message.reply_text(
            esc("\n".join(lines)), reply_markup=KC.import_confirm(c.tr, upload.id))


#: validated entries of recent uploads in this process, so "Apply" need not decode them from
#: the database again (another process, or one restarted meanwhile, reads the row instead)
_PENDING: dict[int, list[dict]] = {}
_PENDING_KEEP = 3


def _remember(upload_id: int, entries: list[dict]) -> None:
    while len(_PENDING) >= _PENDING_KEEP:
        _PENDING.pop(next(iter(_PENDING)))
    _PENDING[upload_id] = entries


def _read_upload(svc: Services, name: str, raw: bytes) -> tuple[kb_io.Plan | None, list]:
    """Parse, validate and compare an uploaded file (nothing is written)."""
    parsed = kb_io.parse_upload(name, raw)
    with svc.db.session() as session:
        return kb_io.plan(session, parsed)


async def _confirm_import(update: Update, c: Ctx, upload_id: int, apply: bool) -> None:
    upload = c.session.get(KbUpload, upload_id, with_for_update=True)
    if upload is None or upload.status != "pending":
        await update.effective_chat.send_message(MC.import_gone(c.tr))
        return
    if not apply:
        _PENDING.pop(upload_id, None)
        upload.status, upload.entries = "discarded", []
        c.commit()
        await update.effective_chat.send_message(MC.import_discarded(c.tr))
        return
    # validated at upload; compared again, since the base may have changed since the report
    entries = _PENDING.pop(upload_id, None)
    plan = kb_io.compare(c.session, entries if entries is not None else upload.entries)
    snap = kb_io.apply(c.session, plan, note=f"import {upload.filename}")
    upload.status, upload.entries = "applied", []
    audit.record(c.session, c.user, "kb-import", upload.filename, new=len(plan.new),
                 changed=len(plan.changed))
    c.commit()
    await asyncio.to_thread(_in_own_session, c.svc,
                            lambda session: c.svc.kb.merge(session, plan.entries))
    await update.effective_chat.send_message(
        MC.import_applied(c.tr, len(plan.new) + len(plan.changed)),
        reply_markup=KC.restore(c.tr, snap.id))


async def _restore(update: Update, c: Ctx, snapshot_id: int) -> None:
    try:
        kb_io.restore(c.session, snapshot_id)
    except kb_io.BadFile:
        await update.effective_chat.send_message(MC.restore_none(c.tr))
        return
    audit.record(c.session, c.user, "kb-restore", snapshot_id)
    c.commit()
    await _reload(c)
    await update.effective_chat.send_message(MC.restored(c.tr))


async def _export(update: Update, c: Ctx, fmt: str) -> None:
    entries = list(kb_io.current(c.session).values())
    stamp = _today(c).isoformat()
    if fmt == "csv":
        raw, name = kb_io.write_csv(entries), f"lotsenbot-{stamp}.csv"
    elif fmt == "xlsx":
        raw, name = kb_io.write_xlsx(entries), f"lotsenbot-{stamp}.xlsx"
    else:
        raw, name = kb_io.write_yaml_zip(entries), f"lotsenbot-{stamp}.zip"
    await update.effective_chat.send_document(InputFile(raw, filename=name),
                                              caption=MC.export_caption(c.tr, len(entries)))


async def follow_changes(context: ContextTypes.DEFAULT_TYPE) -> None:
    svc = services(context)

    def follow(session: Session) -> None:
        if svc.kb.reload_if_changed(session):
            log.info("knowledge base changed elsewhere; search index rebuilt")

    # in a worker thread: rebuilding after another process's import must not stall this one
    await asyncio.to_thread(_in_own_session, svc, follow)


# -- monthly reminder --------------------------------------------------------------------------
async def stale_reminder(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Daily; the first run of each month (in any process) tells every coordinator how many
    entries wait for a check. The job key makes it once per month across processes."""

    svc = services(context)
    today = dt.datetime.now(svc.settings.tz).date()
    with svc.db.session() as session:
        if not claim(session, f"stale-{today:%Y-%m}"):
            return
        rows = KE.stale(session, today)
        people = [(u.id, u.lang or svc.settings.default_language)
                  for u in coordinators(session) if u.active]
        session.commit()
    if not rows:
        return
    for uid, lang in people:
        tr = translations(lang)
        try:
            await context.bot.send_message(uid, MC.kb_stale_reminder(tr, len(rows)),
                                           reply_markup=KC.stale_button(tr, len(rows)))
        except Exception:  # one unreachable coordinator must not stop the others
            log.warning("stale reminder to %s failed", uid)
