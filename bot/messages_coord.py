"""Texts coordinators read: knowledge maintenance, imports, the inbox, the guide pool,
broadcasts and figures (see messages.py for the conventions)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.messages import Tr
from bot.topics import LANGUAGE_NAMES

if TYPE_CHECKING:
    from bot.kb_io import BadFile
    from bot.knowledge import Problem


def field_name(tr: Tr, code: str) -> str:
    _ = tr.gettext
    names = {
        "title": _("Title"), "answer": _("Answer text"), "questions": _("Example questions"),
        "keywords": _("Keywords"), "audience": _("Who it is for"), "cost": _("Cost"),
        "provider": _("Provider"), "address": _("Address"), "district": _("District"),
        "phone": _("Phone"), "email": _("E-mail"), "website": _("Website"),
        "hours": _("Opening hours"),
    }
    return names.get(code, code)


def field_label(tr: Tr, path: str) -> str:
    """A validator's field path as the bot names it: i18n.ar.answer -> "Answer text (العربية)",
    contact.phone -> "Phone"; anything else stays as it is."""
    parts = path.split(".")
    if parts[0] == "i18n" and len(parts) >= 2:
        lang = LANGUAGE_NAMES.get(parts[1], parts[1])
        return f"{field_name(tr, parts[2])} ({lang})" if len(parts) == 3 else lang
    if parts[0] == "contact" and len(parts) == 2:
        return field_name(tr, {"opening_hours": "hours"}.get(parts[1], parts[1]))
    return field_name(tr, path)


# -- knowledge base -------------------------------------------------------------------------
def kb_home(tr: Tr, total: int, live: int, stale: int) -> str:
    return tr.gettext(
        "Knowledge base: {total} entries, {live} live, {stale} not verified for 12 months.\n"
        "Find an entry: /kb followed by words of its title or its id (for example /kb "
        "Jobcenter).\nImport: send a CSV or Excel sheet or a zip of the YAML tree as a file."
    ).format(total=total, live=live, stale=stale)


def kb_found(tr: Tr, n: int) -> str:
    return tr.ngettext("{n} entry found:", "{n} entries found:", n).format(n=n)


def kb_none_found(tr: Tr) -> str:
    return tr.gettext("No entry matches these words. Try fewer words or the entry's id.")


def kb_entry_admin(tr: Tr, *, entry_id: str, topic: str, provider: str, verified: str,
                   archived: bool, languages: str, missing: str) -> str:
    _ = tr.gettext
    lines = [_("Entry {id}").format(id=entry_id), _("Topic: {topic}").format(topic=topic),
             _("Provider: {provider}").format(provider=provider),
             _("Verified: {date}").format(date=verified),
             _("Languages: {languages}").format(languages=languages)]
    if missing:
        lines.append(_("Missing languages (readers get German and English): {languages}")
                     .format(languages=missing))
    if archived:
        lines.append(_("Archived: not shown to newcomers."))
    return "\n".join(lines)


def never(tr: Tr) -> str:
    return tr.gettext("never")


def kb_choose_field(tr: Tr) -> str:
    return tr.gettext("Which field do you want to change?")


def kb_choose_language(tr: Tr, field: str) -> str:
    return tr.gettext("{field}: in which language?").format(field=field)


def kb_type_value(tr: Tr, field: str, current: str) -> str:
    return tr.gettext(
        "{field} now:\n{current}\n\nSend the new text. For lists, one item per line. "
        "Send - to empty the field, /cancel to stop."
    ).format(field=field, current=current or "–")


def kb_preview(tr: Tr) -> str:
    return tr.gettext("Preview: this is how newcomers will see the entry. Save it?")


def kb_saved(tr: Tr) -> str:
    return tr.gettext("Saved. The next question is answered with the new text.")


def kb_invalid(tr: Tr, problems: str) -> str:
    return tr.gettext("Not saved, please correct:\n{problems}").format(problems=problems)


def kb_cancelled(tr: Tr) -> str:
    return tr.gettext("Nothing was changed.")


def kb_verified(tr: Tr, date: str) -> str:
    return tr.gettext("Marked as verified on {date}.").format(date=date)


def kb_archived(tr: Tr, archived: bool) -> str:
    return (tr.gettext("Archived: newcomers no longer get this entry.") if archived
            else tr.gettext("Live again: newcomers get this entry."))


def kb_new_topic(tr: Tr) -> str:
    return tr.gettext("New entry: choose its topic.")


def kb_new_title(tr: Tr) -> str:
    return tr.gettext("Send the title in German (for example: Migrationsberatung für "
                      "Erwachsene).")


def kb_new_answer(tr: Tr) -> str:
    return tr.gettext("Send the answer text in German: what the offer is and how to get it.")


def kb_new_provider(tr: Tr) -> str:
    return tr.gettext("Who offers it? Send the name of the provider.")


def kb_new_saved(tr: Tr, entry_id: str) -> str:
    return tr.gettext(
        "Entry {id} is live. Add address, phone and the other languages with the buttons; "
        "until then readers get the German text."
    ).format(id=entry_id)


def kb_stale_header(tr: Tr, n: int) -> str:
    return tr.ngettext("{n} entry has not been verified for 12 months:",
                       "{n} entries have not been verified for 12 months:", n).format(n=n)


def kb_stale_none(tr: Tr) -> str:
    return tr.gettext("Every entry was verified within the last 12 months.")


def kb_stale_reminder(tr: Tr, n: int) -> str:
    return tr.ngettext(
        "Monthly reminder: {n} entry has not been verified for 12 months. Please check it.",
        "Monthly reminder: {n} entries have not been verified for 12 months. Please check them.",
        n).format(n=n)


# -- import and export ----------------------------------------------------------------------
def import_reading(tr: Tr) -> str:
    return tr.gettext("Checking the file …")


def import_bad_file(tr: Tr, reason: str) -> str:
    return tr.gettext("This file cannot be imported: {reason}\nNothing was changed. Send a CSV "
                      "or Excel sheet (.csv, .xlsx) or a zip of the YAML tree.").format(
                          reason=reason)


def import_too_big(tr: Tr, mb: int) -> str:
    return tr.gettext("The file is larger than {mb} MB; nothing was changed.").format(mb=mb)


def import_problems(tr: Tr, n: int) -> str:
    return tr.ngettext("{n} problem found; nothing was changed:",
                       "{n} problems found; nothing was changed:", n).format(n=n)


def _coded(text: str | None, args: dict[str, str], english: str) -> str:
    """A coded problem's text with its values; an unknown code (or a text whose placeholders
    the values do not fill) keeps the English text rather than saying nothing."""
    if text is None:
        return english
    try:
        return text.format(**args)
    except (KeyError, IndexError):
        return english


def problem(tr: Tr, p: Problem) -> str:
    """A validation problem in the reader's language."""
    _ = tr.gettext
    args, code = p.args, p.code
    if code == "too-long":
        n = int(args.get("n", "0") or 0)
        return tr.ngettext("longer than {n} character", "longer than {n} characters", n
                           ).format(n=n)
    texts = {
        "not-mapping": _("not a set of named fields"),
        "bad-id": _("missing or malformed id {value} (lowercase letters, digits and '-')"),
        "id-file": _("the id {value} differs from the file name {other}"),
        "unknown-topic": _("unknown topic {value}"),
        "topic-folder": _("the topic {value} differs from its folder {other}"),
        "empty-provider": _("the provider is empty"),
        "unknown-contact": _("unknown contact field"),
        "bad-phone": _("malformed phone number {value}"),
        "bad-email": _("malformed e-mail address {value}"),
        "bad-url": _("malformed web address {value} (it must start with http:// or https://)"),
        "lat-lon-pair": _("give both lat and lon, or neither"),
        "coords-number": _("coordinates must be numbers"),
        "coords-outside": _("the coordinates {value} lie outside Magdeburg"),
        "bad-date": _("not a date (YYYY-MM-DD): {value}"),
        "future-date": _("the date {value} lies in the future"),
        "bad-lang-code": _("not a language code: {value}"),
        "missing-i18n": _("the texts per language are missing"),
        "missing-language": _("this language is missing"),
        "unsupported-language": _("unsupported language code"),
        "not-list": _("must be a list of texts"),
        "empty-title": _("the title is empty"),
        "empty-answer": _("the answer text is empty"),
        "unreadable": _("the file cannot be read"),
        "bad-yaml": _("not valid YAML (line {line})"),
        "duplicate-id": _("the id {value} is used twice (also in {other})"),
        "unknown-column": _("unknown column (check the spelling; columns look like answer.de, "
                            "contact.phone)"),
        "duplicate-column": _("this column appears more than once"),
        "no-entry": _("there is no such entry"),
    }
    return _coded(texts.get(code), args, p.message)


def bad_file_reason(tr: Tr, exc: BadFile) -> str:
    """Why an uploaded file cannot be read, in the reader's language."""
    _ = tr.gettext
    args, code = exc.args_, exc.code
    if code == "too-many-rows":
        n = int(args.get("n", "0") or 0)
        return tr.ngettext("more than {n} row; this cannot be a knowledge base",
                           "more than {n} rows; this cannot be a knowledge base", n).format(n=n)
    texts = {
        "too-large": _("the file is too large"),
        "not-utf8": _("the sheet is not UTF-8 (save it as \"CSV UTF-8\")"),
        "no-id-column": _("there is no header row with an \"id\" column"),
        "not-xlsx": _("not a readable Excel .xlsx file (in Excel: Save as, Excel workbook)"),
        "not-zip": _("not a readable zip file"),
        "zip-too-big": _("the zip unpacks into too many files or files that are too large"),
        "zip-unsafe": _("the zip contains a file path that is not allowed"),
        "old-format": _("{suffix} files cannot be read; save the sheet as an Excel workbook "
                        "(.xlsx) or as CSV UTF-8"),
        "unknown-format": _("unknown file type"),
    }
    return _coded(texts.get(code), args, str(exc))


def import_problem_line(tr: Tr, row: int, column: str, message: str) -> str:
    return tr.gettext("Row {row}, column {column}: {message}").format(
        row=row, column=column, message=message)


def import_summary(tr: Tr, new: int, changed: int, unchanged: int, missing: int) -> str:
    return tr.gettext(
        "The file is valid: {new} new, {changed} changed, {unchanged} unchanged, {missing} "
        "not in the file (they stay as they are). Apply it?"
    ).format(new=new, changed=changed, unchanged=unchanged, missing=missing)


def import_more(tr: Tr, n: int) -> str:
    return tr.ngettext("… and {n} more", "… and {n} more", n).format(n=n)


def import_applied(tr: Tr, n: int) -> str:
    return tr.ngettext(
        "Imported: {n} entry changed or added. The search uses it now. The previous version is "
        "kept; the button restores it.",
        "Imported: {n} entries changed or added. The search uses them now. The previous version "
        "is kept; the button restores it.", n).format(n=n)


def import_discarded(tr: Tr) -> str:
    return tr.gettext("Import discarded; nothing was changed.")


def import_gone(tr: Tr) -> str:
    return tr.gettext("This import was already applied or discarded.")


def restored(tr: Tr) -> str:
    return tr.gettext("The previous version is restored and answers use it now.")


def restore_none(tr: Tr) -> str:
    return tr.gettext("There is no earlier version to restore.")


def export_caption(tr: Tr, n: int) -> str:
    return tr.ngettext("Knowledge base export: {n} entry.",
                       "Knowledge base export: {n} entries.", n).format(n=n)


# -- inbox -------------------------------------------------------------------------------------
def inbox_header(tr: Tr, groups: int, questions: int) -> str:
    return tr.gettext(
        "Not answered or marked not helpful – questions: {questions}, groups: {groups}; "
        "most frequent first."
    ).format(questions=questions, groups=groups)


def inbox_empty(tr: Tr) -> str:
    return tr.gettext("The inbox is empty: every recent question was answered.")


def inbox_group(tr: Tr, count: int, langs: str, not_helpful: int, text: str) -> str:
    head = tr.ngettext("{n} time", "{n} times", count).format(n=count)
    extra = (" · " + tr.gettext("{n} not helpful").format(n=not_helpful)) if not_helpful else ""
    return f"{head} ({langs}){extra}: «{text}»"


def inbox_show(tr: Tr) -> str:
    return tr.gettext("Add this question to an entry as an example question (the nearest "
                      "entries are below), start a new entry from it, or dismiss it. To attach "
                      "it to another entry, send words of that entry's title.")


def inbox_attached(tr: Tr, n: int, title: str) -> str:
    return tr.ngettext(
        "Added to «{title}». {n} question is marked as done; from now on this question is "
        "answered with this entry.",
        "Added to «{title}». {n} questions are marked as done; from now on this question is "
        "answered with this entry.",
        n).format(n=n, title=title)


def inbox_dismissed(tr: Tr, n: int) -> str:
    return tr.ngettext("{n} question dismissed.", "{n} questions dismissed.", n).format(n=n)


# -- guide pool ------------------------------------------------------------------------------
def pool_summary(tr: Tr, active: int, paused: int, pending: int, waiting: int) -> str:
    return tr.gettext(
        "Guides: {active} active, {paused} paused, {pending} applications waiting.\n"
        "Newcomers waiting for a guide: {waiting}."
    ).format(active=active, paused=paused, pending=pending, waiting=waiting)


def pool_line(tr: Tr, name: str, load: int, capacity: int, languages: str,
              paused_until: str | None) -> str:
    line = tr.gettext("{name}: {load}/{capacity} cases, {languages}").format(
        name=name, load=load, capacity=capacity, languages=languages)
    if paused_until:
        line += " · " + tr.gettext("paused until {date}").format(date=paused_until)
    return line


def pool_none(tr: Tr) -> str:
    return tr.gettext("No guides in this list.")


def guide_detail(tr: Tr, name: str, uid: int, role: str) -> str:
    return tr.gettext("{name} (Telegram id {id}), role: {role}").format(name=name, id=uid,
                                                                      role=role)


def role_name(tr: Tr, role: str) -> str:
    _ = tr.gettext
    return {"newcomer": _("newcomer"), "guide": _("guide"),
            "coordinator": _("coordinator")}.get(role, role)


def confirm_remove(tr: Tr, name: str) -> str:
    return tr.gettext("Really remove {name} as a guide? Their open cases end and their "
                      "newcomers are told.").format(name=name)


def guide_removed(tr: Tr, name: str) -> str:
    return tr.gettext("{name} is no longer a guide.").format(name=name)


def you_were_removed(tr: Tr) -> str:
    return tr.gettext("A coordinator has ended your role as a guide. Thank you for your work. "
                      "If you have questions, please contact the coordinators.")


def your_guide_left(tr: Tr) -> str:
    return tr.gettext("Your guide can no longer accompany you. You can ask for another guide "
                      "in the menu.")


def promoted(tr: Tr, name: str) -> str:
    return tr.gettext("{name} is now a coordinator.").format(name=name)


def you_are_coordinator(tr: Tr) -> str:
    return tr.gettext("You are now a coordinator. /help lists your commands.")


def demoted(tr: Tr, name: str) -> str:
    return tr.gettext("{name} is no longer a coordinator.").format(name=name)


def role_refused(tr: Tr, reason: str) -> str:
    _ = tr.gettext
    texts = {
        "unknown-user": _("This person has not written to the bot yet. Ask them to send "
                          "/start first."),
        "already": _("This person is a coordinator already."),
        "self": _("You cannot remove your own coordinator role."),
        "configured": _("This coordinator is set in COORDINATOR_IDS; change it there."),
        "not-coordinator": _("This person is not a coordinator."),
        "not-guide": _("This person is not an active guide."),
    }
    return texts.get(reason, _("This is not possible (any more)."))


def usage_user_id(tr: Tr, command: str) -> str:
    return tr.gettext("Send {command} followed by the person's Telegram id, for example "
                      "{command} 123456789.").format(command=command)


def coordinators_list(tr: Tr, n: int) -> str:
    return tr.ngettext("{n} coordinator:", "{n} coordinators:", n).format(n=n)


# -- waiting list ---------------------------------------------------------------------------
def assign_choose(tr: Tr, request_id: int) -> str:
    return tr.gettext("Who should be offered request #{id}? The guide still accepts or "
                      "declines.").format(id=request_id)


def assign_nobody(tr: Tr) -> str:
    return tr.gettext("No active guide fits this request (language, pause or capacity). "
                      "Invite a guide who speaks the language: /invite")


def assign_done(tr: Tr, name: str) -> str:
    return tr.gettext("Offered to {name}. You will see the answer in /waiting.").format(
        name=name)


# -- broadcast -------------------------------------------------------------------------------
def broadcast_audience(tr: Tr) -> str:
    return tr.gettext("Message to guides: who should get it?")


def broadcast_type(tr: Tr, n: int) -> str:
    return tr.ngettext("{n} guide will get it. Send the text now (/cancel to stop).",
                       "{n} guides will get it. Send the text now (/cancel to stop).",
                       n).format(n=n)


def broadcast_confirm(tr: Tr, n: int) -> str:
    return tr.ngettext("Send this to {n} guide?", "Send this to {n} guides?", n).format(n=n)


def broadcast_label(tr: Tr) -> str:
    return tr.gettext("Message from the coordinators:")


def broadcast_report(tr: Tr, sent: int, blocked: int, failed: int) -> str:
    return tr.gettext("Delivery report: {sent} sent, {blocked} have blocked the bot, "
                      "{failed} failed.").format(sent=sent, blocked=blocked, failed=failed)


def everyone(tr: Tr) -> str:
    return tr.gettext("All guides")


def by_language(tr: Tr) -> str:
    return tr.gettext("By language")


def by_district(tr: Tr) -> str:
    return tr.gettext("By district")


# -- audit and figures -------------------------------------------------------------------------
def audit_header(tr: Tr) -> str:
    return tr.gettext("Latest coordinator actions:")


def audit_action(tr: Tr, action: str) -> str:
    """What an audit record's action code means, for the reader (the code is the record)."""
    _ = tr.gettext
    names = {
        "invite": _("invite link created"), "approve": _("application approved"),
        "reject": _("application rejected"), "promote": _("made coordinator"),
        "demote": _("coordinator role removed"), "remove-guide": _("guide removed"),
        "assign": _("request assigned"), "broadcast": _("message to guides"),
        "report": _("yearly report"), "kb-edit": _("entry edited"),
        "kb-verify": _("entry verified"), "kb-archive": _("entry archived"),
        "kb-unarchive": _("entry live again"), "kb-add-example": _("example question added"),
        "kb-new": _("entry added"), "kb-import": _("import applied"),
        "kb-restore": _("previous version restored"),
    }
    return names.get(action, action)


def audit_empty(tr: Tr) -> str:
    return tr.gettext("No coordinator actions yet.")


def stats_choose(tr: Tr) -> str:
    return tr.gettext("Figures for which period?")


def period_names(tr: Tr) -> dict[str, str]:
    _ = tr.gettext
    return {"month": _("This month"), "lastmonth": _("Last month"), "year": _("This year"),
            "lastyear": _("Last year")}


def report_usage(tr: Tr) -> str:
    return tr.gettext("Send /report followed by a year, for example /report 2026.")


def report_caption(tr: Tr, year: str) -> str:
    return tr.gettext("Yearly figures {year}: counts below 5 are shown as \"< 5\"; no names "
                      "or message texts.").format(year=year)


def coordinator_help(tr: Tr) -> str:
    return tr.gettext(
        "Coordination:\n"
        "/kb – find, edit, add and import knowledge entries\n"
        "/stale – entries not verified for 12 months\n"
        "/inbox – questions the bot could not answer\n"
        "/guides – the guide pool; /invite – a link for a new guide; /applications\n"
        "/waiting – newcomers waiting for a guide\n"
        "/broadcast – a message to guides\n"
        "/coordinators, /promote ID, /demote ID – roles\n"
        "/stats – figures; /report YEAR – the yearly report\n"
        "/audit – who changed what"
    )
