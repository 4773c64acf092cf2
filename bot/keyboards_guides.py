"""Inline keyboards of the guide side."""

from __future__ import annotations

from telegram import InlineKeyboardButton as B
from telegram import InlineKeyboardMarkup

from bot import messages as M
from bot import messages_guides as G
from bot.callbacks import make
from bot.districts import DISTRICTS
from bot.messages import Tr
from bot.topics import ALL_LANGUAGES, LANGUAGE_NAMES, TOPICS

DISTRICTS_PER_PAGE = 12


def _rows(buttons: list[B], n: int) -> list[list[B]]:
    return [buttons[i : i + n] for i in range(0, len(buttons), n)]


def _mark(on: bool) -> str:
    return "✅ " if on else ""


def guide_languages(tr: Tr, levels: dict[str, int]) -> InlineKeyboardMarkup:
    buttons = [B(f"{LANGUAGE_NAMES[c]} {G.LEVELS.get(levels.get(c, 0), '')}".strip(),
                 callback_data=make("gl", c)) for c in ALL_LANGUAGES]
    return InlineKeyboardMarkup([*_rows(buttons, 2),
                                 [B(G.wizard_buttons(tr)["next"], callback_data="gs:districts")]])


def districts(tr: Tr, chosen: set[str], page: int, prefix: str, next_step: str,
              single: bool = False) -> InlineKeyboardMarkup:
    pages = -(-len(DISTRICTS) // DISTRICTS_PER_PAGE)
    page = min(max(page, 0), pages - 1)
    start = page * DISTRICTS_PER_PAGE
    buttons = [B(_mark(d in chosen) + d, callback_data=make(prefix, i))
               for i, d in enumerate(DISTRICTS[start : start + DISTRICTS_PER_PAGE], start)]
    rows = _rows(buttons, 2)
    t = M.answer_buttons(tr)
    nav = []
    if page > 0:
        nav.append(B(t["prev"], callback_data=make(prefix + "p", page - 1)))
    if page < pages - 1:
        nav.append(B(t["more"], callback_data=make(prefix + "p", page + 1)))
    if nav:
        rows.append(nav)
    w = G.wizard_buttons(tr)
    if single:
        rows.append([B(w["unknown"], callback_data=make(prefix, "-"))])
    else:
        rows.append([B(w["next"], callback_data=next_step)])
    return InlineKeyboardMarkup(rows)


def topics(tr: Tr, chosen: set[str], prefix: str, next_step: str) -> InlineKeyboardMarkup:
    buttons = [B(_mark(t in chosen) + M.topic_name(tr, t), callback_data=make(prefix, i))
               for i, t in enumerate(TOPICS) if t != "emergency"]
    return InlineKeyboardMarkup([*_rows(buttons, 2),
                                 [B(G.wizard_buttons(tr)["next"], callback_data=next_step)]])


def days(tr: Tr, chosen: set[int]) -> InlineKeyboardMarkup:
    names = G.weekday_names(tr)
    buttons = [B(_mark(i in chosen) + names[i], callback_data=make("ga", i)) for i in range(7)]
    return InlineKeyboardMarkup([*_rows(buttons, 4),
                                 [B(G.wizard_buttons(tr)["next"], callback_data="gs:max")]])


def max_cases(current: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[B(("✅ " if n == current else "") + str(n),
                                    callback_data=make("gm", n)) for n in range(1, 6)]])


def pause(tr: Tr) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[B(label, callback_data=make("gp", d))]
                                 for d, label in G.pause_buttons(tr).items()])


def request_languages(tr: Tr, chosen: set[str]) -> InlineKeyboardMarkup:
    buttons = [B(_mark(c in chosen) + LANGUAGE_NAMES[c], callback_data=make("rl", c))
               for c in ALL_LANGUAGES]
    return InlineKeyboardMarkup([*_rows(buttons, 2),
                                 [B(G.wizard_buttons(tr)["next"], callback_data="rs:district")]])


def urgency(tr: Tr) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[B(name, callback_data=make("ru", i))]
                                 for i, name in enumerate(G.urgency_names(tr))])


def yes_no(tr: Tr, prefix: str) -> InlineKeyboardMarkup:
    w = G.wizard_buttons(tr)
    return InlineKeyboardMarkup([[B(w["yes"], callback_data=make(prefix, 1)),
                                  B(w["no"], callback_data=make(prefix, 0))]])


def skip_note(tr: Tr) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[B(G.wizard_buttons(tr)["skip"], callback_data="rs:consent")]])


def share_consent(tr: Tr) -> InlineKeyboardMarkup:
    w = G.wizard_buttons(tr)
    return InlineKeyboardMarkup([[B(w["agree"], callback_data="rc:1"),
                                  B(w["cancel"], callback_data="rc:0")]])


def proposal(tr: Tr, proposal_id: int) -> InlineKeyboardMarkup:
    yes, no = G.proposal_buttons(tr)
    return InlineKeyboardMarkup([[B(yes, callback_data=make("pa", proposal_id)),
                                  B(no, callback_data=make("pd", proposal_id))]])


def case_list(items: list[tuple[int, str]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[B(label[:60], callback_data=make("cs", cid))]
                                 for cid, label in items])


def case_guide(tr: Tr, case_id: int, status: str) -> InlineKeyboardMarkup:
    t = G.case_buttons(tr)
    rows = []
    if status != "closed":
        rows.append([B(t["write"], callback_data=make("cw", case_id)),
                     B(t["note"], callback_data=make("cn", case_id))])
        rows.append([B(t["resume"] if status == "paused" else t["pause"],
                       callback_data=make("cp", case_id, 0 if status == "paused" else 1)),
                     B(t["contact"], callback_data=make("ck", case_id))])
        rows.append([B(t["appointment"], callback_data=make("ap", case_id)),
                     B(t["close"], callback_data=make("cx", case_id))])
    rows.append([B(t["cases"], callback_data="cl:0")])
    return InlineKeyboardMarkup(rows)


def case_newcomer(tr: Tr, case_id: int) -> InlineKeyboardMarkup:
    t = G.case_buttons(tr)
    return InlineKeyboardMarkup([[B(t["write"], callback_data=make("cw", case_id))],
                                 [B(t["contact"], callback_data=make("ck", case_id)),
                                  B(t["another"], callback_data=make("cr", case_id))]])


def reply(tr: Tr, case_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[B(G.reply_button(tr), callback_data=make("cw", case_id))]])


def outcomes(tr: Tr, case_id: int, outcomes_: tuple[str, ...]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[B(G.outcome_name(tr, o), callback_data=make("co", case_id, i))]
                                 for i, o in enumerate(outcomes_)])


def applications(items: list[tuple[int, str]], tr: Tr) -> InlineKeyboardMarkup:
    rows = []
    for uid, label in items:
        rows.append([B(f"✅ {label}"[:60], callback_data=make("aa", uid)),
                     B("✖", callback_data=make("ar", uid))])
    return InlineKeyboardMarkup(rows)
