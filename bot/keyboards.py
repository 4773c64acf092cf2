"""Inline keyboards, built from the reader's translations; callback data from `callbacks`."""

from __future__ import annotations

from telegram import InlineKeyboardButton as B
from telegram import InlineKeyboardMarkup, KeyboardButton, ReplyKeyboardMarkup

from bot import messages as M
from bot.callbacks import make
from bot.knowledge import Entry
from bot.messages import Tr
from bot.render import entry_title
from bot.topics import ALL_LANGUAGES, LANGUAGE_NAMES, TOPICS

ENTRIES_PER_PAGE = 6


def _rows(buttons: list[B], per_row: int) -> list[list[B]]:
    return [buttons[i : i + per_row] for i in range(0, len(buttons), per_row)]


def language_picker(preselected: str | None) -> InlineKeyboardMarkup:
    buttons = [
        B(("✓ " if code == preselected else "") + LANGUAGE_NAMES[code], callback_data=make("l", code))
        for code in ALL_LANGUAGES
    ]
    return InlineKeyboardMarkup(_rows(buttons, 2))


def consent(tr: Tr) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[B(M.consent_yes(tr), callback_data="c:1"),
                                  B(M.consent_no(tr), callback_data="c:0")]])


def main_menu(tr: Tr) -> InlineKeyboardMarkup:
    t = M.menu_buttons(tr)
    keys = ["ask", "topics", "guide", "emergency", "language", "mydata"]
    return InlineKeyboardMarkup(_rows([B(t[k], callback_data=f"m:{k}") for k in keys], 2))


def answer(tr: Tr, question_id: int | None, entry: Entry, has_more: bool) -> InlineKeyboardMarkup:
    t = M.answer_buttons(tr)
    rows: list[list[B]] = []
    if entry.contact.lat is not None:
        rows.append([B(t["map"], callback_data=make("v", entry.id))])
    if question_id is not None:
        if has_more:
            rows.append([B(t["other"], callback_data=make("o", question_id))])
        rows.append([B(t["helpful"], callback_data=make("f", question_id, 1)),
                     B(t["not_helpful"], callback_data=make("f", question_id, 0))])
    rows.append([B(t["guide"], callback_data=make("g", TOPICS.index(entry.topic))),
                 B(t["menu"], callback_data="m:home")])
    return InlineKeyboardMarkup(rows)


def entry_list(entries: list[Entry], lang: str, extra: list[list[B]] | None = None
               ) -> InlineKeyboardMarkup:
    rows = [[B(entry_title(e, lang)[:60], callback_data=make("e", e.id))] for e in entries]
    return InlineKeyboardMarkup(rows + (extra or []))


def no_answer(tr: Tr, nearest: list[Entry], lang: str) -> InlineKeyboardMarkup:
    t = M.answer_buttons(tr)
    extra = [[B(t["topics"], callback_data="tp:0"),
              B(t["guide"], callback_data="g:-")]]
    return entry_list(nearest, lang, extra)


def topics(tr: Tr) -> InlineKeyboardMarkup:
    buttons = [B(M.topic_name(tr, topic), callback_data=make("t", i, 0))
               for i, topic in enumerate(TOPICS)]
    t = M.answer_buttons(tr)
    rows = _rows(buttons, 2)
    rows.append([B(t["nearby"], callback_data="tp:1"), B(t["menu"], callback_data="m:home")])
    return InlineKeyboardMarkup(rows)


def nearby_topics(tr: Tr) -> InlineKeyboardMarkup:
    buttons = [B(M.topic_name(tr, topic), callback_data=make("n", i))
               for i, topic in enumerate(TOPICS)]
    t = M.answer_buttons(tr)
    return InlineKeyboardMarkup([*_rows(buttons, 2), [B(t["back"], callback_data="tp:0")]])


def topic_page(tr: Tr, topic_idx: int, entries: list[Entry], page: int, lang: str
               ) -> tuple[InlineKeyboardMarkup, int, int]:
    """Entries of one topic, one page; returns the keyboard, the page shown and the page count."""
    pages = max(1, -(-len(entries) // ENTRIES_PER_PAGE))
    page = min(max(page, 0), pages - 1)
    chunk = entries[page * ENTRIES_PER_PAGE : (page + 1) * ENTRIES_PER_PAGE]
    t = M.answer_buttons(tr)
    nav: list[B] = []
    if page > 0:
        nav.append(B(t["prev"], callback_data=make("t", topic_idx, page - 1)))
    if page < pages - 1:
        nav.append(B(t["more"], callback_data=make("t", topic_idx, page + 1)))
    extra = [nav] if nav else []
    extra.append([B(t["back"], callback_data="tp:0"), B(t["menu"], callback_data="m:home")])
    return entry_list(chunk, lang, extra), page, pages


def card(tr: Tr, entry: Entry) -> InlineKeyboardMarkup:
    t = M.answer_buttons(tr)
    rows: list[list[B]] = []
    if entry.contact.lat is not None:
        rows.append([B(t["map"], callback_data=make("v", entry.id))])
    rows.append([B(t["guide"], callback_data=make("g", TOPICS.index(entry.topic)))])
    rows.append([B(t["back"], callback_data=make("t", TOPICS.index(entry.topic), 0)),
                 B(t["menu"], callback_data="m:home")])
    return InlineKeyboardMarkup(rows)


def location_request(tr: Tr) -> ReplyKeyboardMarkup:
    return ReplyKeyboardMarkup([[KeyboardButton(M.share_location_button(tr), request_location=True)]],
                               resize_keyboard=True, one_time_keyboard=True)


def delete_confirm(tr: Tr) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[B(M.delete_yes(tr), callback_data="d:yes"),
                                  B(M.answer_buttons(tr)["back"], callback_data="d:no")]])
