"""Inline keyboards of the coordinators' side."""

from __future__ import annotations

from telegram import InlineKeyboardButton as B
from telegram import InlineKeyboardMarkup

from bot import messages as M
from bot import messages_coord as MC
from bot.callbacks import make
from bot.districts import DISTRICTS
from bot.kb_edit import FIELDS
from bot.messages import Tr
from bot.topics import ALL_LANGUAGES, LANGUAGE_NAMES, TOPICS


def _rows(buttons: list[B], n: int) -> list[list[B]]:
    return [buttons[i : i + n] for i in range(0, len(buttons), n)]


def kb_home(tr: Tr, stale: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([
        [B("➕ " + tr.gettext("New entry"), callback_data="kn:-"),
         B("🕰 " + tr.gettext("Not verified ({n})").format(n=stale), callback_data="kst:0")],
        [B("⬇ CSV", callback_data="kx:csv"), B("⬇ Excel", callback_data="kx:xlsx"),
         B("⬇ YAML (zip)", callback_data="kx:zip")],
    ])


def stale_button(tr: Tr, n: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[B("🕰 " + tr.gettext("Not verified ({n})").format(n=n),
                                    callback_data="kst:0")]])


def entry_list(items: list[tuple[str, str]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[B(title[:60], callback_data=make("ke", eid))]
                                 for eid, title in items])


def entry_admin(tr: Tr, entry_id: str, archived: bool) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([
        [B("✏ " + tr.gettext("Edit a field"), callback_data=make("kf", entry_id, "menu"))],
        [B("✅ " + tr.gettext("Verified today"), callback_data=make("kv", entry_id)),
         B(("♻ " + tr.gettext("Make live again")) if archived else ("🗄 " + tr.gettext("Archive")),
           callback_data=make("ka", entry_id, 0 if archived else 1))],
    ])


def fields(tr: Tr, entry_id: str) -> InlineKeyboardMarkup:
    buttons = [B(MC.field_name(tr, code), callback_data=make("kf", entry_id, code))
               for code in FIELDS]
    return InlineKeyboardMarkup([*_rows(buttons, 3),
                                 [B("↩ " + tr.gettext("Back"), callback_data=make("ke", entry_id))]])


def languages(entry_id: str, code: str, present: set[str]) -> InlineKeyboardMarkup:
    buttons = [B(("" if lang in present else "∅ ") + LANGUAGE_NAMES[lang],
                 callback_data=make("kl", entry_id, code, lang)) for lang in ALL_LANGUAGES]
    return InlineKeyboardMarkup(_rows(buttons, 3))


def save_cancel(tr: Tr) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[B("💾 " + tr.gettext("Save"), callback_data="ks"),
                                  B("✖ " + tr.gettext("Cancel"), callback_data="kc")]])


def topics(tr: Tr) -> InlineKeyboardMarkup:
    buttons = [B(M.topic_name(tr, t), callback_data=make("kn", i)) for i, t in enumerate(TOPICS)]
    return InlineKeyboardMarkup(_rows(buttons, 2))


def stale_page(items: list[tuple[str, str]], page: int, more: bool,
               tr: Tr) -> InlineKeyboardMarkup:
    rows = [[B(label[:60], callback_data=make("ke", eid))] for eid, label in items]
    nav = []
    if page > 0:
        nav.append(B("◀", callback_data=make("kst", page - 1)))
    if more:
        nav.append(B("▶", callback_data=make("kst", page + 1)))
    return InlineKeyboardMarkup([*rows, nav] if nav else rows)


def import_confirm(tr: Tr, upload_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[B("✅ " + tr.gettext("Apply"), callback_data=make("ki", upload_id, 1)),
                                  B("✖ " + tr.gettext("Discard"),
                                    callback_data=make("ki", upload_id, 0))]])


def restore(tr: Tr, snapshot_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[B("↩ " + tr.gettext("Restore the previous version"),
                                    callback_data=make("kr", snapshot_id))]])


def inbox(items: list[tuple[int, str]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[B(label[:80], callback_data=make("iq", qid))]
                                 for qid, label in items])


def inbox_actions(tr: Tr, qid: int, hits: list[tuple[str, str]]) -> InlineKeyboardMarkup:
    rows = [[B("➕ " + title[:55], callback_data=make("ia", qid, eid))] for eid, title in hits]
    rows.append([B("🆕 " + tr.gettext("New entry from it"), callback_data=make("iw", qid)),
                 B("🗑 " + tr.gettext("Dismiss"), callback_data=make("ix", qid))])
    return InlineKeyboardMarkup(rows)


def pool(tr: Tr) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[
        B(tr.gettext("Active"), callback_data="pl:active:0"),
        B(tr.gettext("Paused"), callback_data="pl:paused:0"),
        B(tr.gettext("Applications"), callback_data="pl:pending:0")]])


def pool_page(items: list[tuple[int, str]], kind: str, page: int,
              more: bool) -> InlineKeyboardMarkup:
    rows = [[B(label[:60], callback_data=make("ps", uid))] for uid, label in items]
    nav = []
    if page > 0:
        nav.append(B("◀", callback_data=make("pl", kind, page - 1)))
    if more:
        nav.append(B("▶", callback_data=make("pl", kind, page + 1)))
    return InlineKeyboardMarkup([*rows, nav] if nav else rows)


def guide_actions(tr: Tr, uid: int, role: str, guide_active: bool) -> InlineKeyboardMarkup:
    row = []
    if guide_active:
        row.append(B("🚫 " + tr.gettext("Remove as guide"), callback_data=make("pr", uid, 0)))
    if role == "coordinator":
        row.append(B(tr.gettext("Remove coordinator role"), callback_data=make("pw", uid)))
    else:
        row.append(B(tr.gettext("Make coordinator"), callback_data=make("pu", uid)))
    return InlineKeyboardMarkup([row])


def confirm_remove(tr: Tr, uid: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[B("🚫 " + tr.gettext("Yes, remove"), callback_data=make("pr", uid, 1)),
                                  B("✖ " + tr.gettext("Cancel"), callback_data=make("ps", uid))]])


def waiting(tr: Tr, request_ids: list[int]) -> InlineKeyboardMarkup:
    buttons = [B(tr.gettext("Assign #{id}").format(id=rid), callback_data=make("wp", rid))
               for rid in request_ids]
    return InlineKeyboardMarkup(_rows(buttons, 3))


def assign(items: list[tuple[int, str]], request_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[B(label[:60], callback_data=make("wa", request_id, uid))]
                                 for uid, label in items])


def audience(tr: Tr) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[B(MC.everyone(tr), callback_data="ba:all")],
                                 [B(MC.by_language(tr), callback_data="ba:lang"),
                                  B(MC.by_district(tr), callback_data="ba:district")]])


def audience_languages() -> InlineKeyboardMarkup:
    buttons = [B(LANGUAGE_NAMES[c], callback_data=make("ba", f"l-{c}"))
               for c in ALL_LANGUAGES]
    return InlineKeyboardMarkup(_rows(buttons, 3))


def audience_districts() -> InlineKeyboardMarkup:
    buttons = [B(d, callback_data=make("ba", f"d-{i}")) for i, d in enumerate(DISTRICTS)]
    return InlineKeyboardMarkup(_rows(buttons, 3))


def send_cancel(tr: Tr) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[B("📣 " + tr.gettext("Send"), callback_data="bs:1"),
                                  B("✖ " + tr.gettext("Cancel"), callback_data="bs:0")]])


def periods(tr: Tr) -> InlineKeyboardMarkup:
    names = MC.period_names(tr)
    return InlineKeyboardMarkup(_rows([B(label, callback_data=make("st", key))
                                       for key, label in names.items()], 2))
