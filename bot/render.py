"""Rendering entries and lists as Telegram HTML in the reader's language.

Telegram picks each line's direction from its first strong character, so in Arabic, Persian and
Pashto texts Latin words, numbers, phone numbers and URLs are wrapped in Unicode isolates and
lines start with a right-to-left mark; otherwise "+49 30 1815 1111" comes out scrambled.
"""

from __future__ import annotations

import datetime as dt
import html
import math
import re
from collections.abc import Iterable

from babel.dates import format_date
from babel.lists import format_list
from babel.numbers import format_decimal

from bot import messages as M
from bot.i18n import babel_locale, is_rtl, translations
from bot.knowledge import Entry
from bot.messages import Tr

TELEGRAM_LIMIT = 4096
FSI, PDI, RLM = "\u2068", "\u2069", "\u200f"
_LTR_RUN = re.compile(r"[A-Za-z0-9+@(][A-Za-z0-9 .,:/@+\-–()&?=_%#*'ÄÖÜäöüß]*[A-Za-z0-9)/]|[A-Za-z0-9]")


_HTML_TAG = re.compile(r"</?[a-z]+>")


def bidi(text: str, lang: str) -> str:
    """Isolate left-to-right runs inside a right-to-left text and mark every line RTL."""
    if not is_rtl(lang) or not text:
        return text
    # only text between HTML tags is touched: "<b>" must stay a tag
    pieces = _HTML_TAG.split(text)
    tags = _HTML_TAG.findall(text)
    out = []
    for i, piece in enumerate(pieces):
        out.append(_LTR_RUN.sub(lambda m: f"{FSI}{m.group(0)}{PDI}", piece))
        if i < len(tags):
            out.append(tags[i])
    wrapped = "".join(out)
    return "\n".join(f"{RLM}{line}" if line else line for line in wrapped.split("\n"))


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def fmt_date(day: dt.date, lang: str) -> str:
    return format_date(day, format="medium", locale=babel_locale(lang))


def fmt_km(km: float, lang: str) -> str:
    return format_decimal(round(km, 1), format="#,##0.0", locale=babel_locale(lang))


def language_list(codes: Iterable[str], lang: str) -> str:
    """Language names in the reader's language, joined as that language joins lists."""
    loc = babel_locale(lang)
    names = [loc.languages.get(c, c) for c in codes]
    try:
        return format_list(names, locale=loc)
    except (ValueError, KeyError):
        return ", ".join(names)


def _card_body(tr: Tr, entry: Entry, lang: str, text_lang: str) -> list[str]:
    loc = entry.i18n[text_lang]
    lines = [f"<b>{esc(bidi(loc.title, lang))}</b>", esc(bidi(loc.answer, lang))]
    return lines


_CARDS: dict[tuple[int, str], tuple[Entry, str]] = {}


def entry_card(entry: Entry, lang: str) -> str:
    """The full answer card in the reader's language (German and English when missing).

    Cached per entry object: an edited entry is a new object, so the cache never goes stale."""
    key = (id(entry), lang)
    hit = _CARDS.get(key)
    if hit is not None and hit[0] is entry:
        return hit[1]
    card = _entry_card(entry, lang)
    if len(_CARDS) > 20_000:
        _CARDS.clear()
    _CARDS[key] = (entry, card)
    return card


def _entry_card(entry: Entry, lang: str) -> str:
    tr = translations(lang)
    labels = M.card_labels(tr)
    parts: list[str] = []
    if lang in entry.i18n:
        parts += _card_body(tr, entry, lang, lang)
    else:
        parts.append(f"<i>{esc(M.fallback_notice(tr))}</i>")
        for code in ("de", "en"):
            if code in entry.i18n:
                parts += _card_body(tr, entry, lang, code)
    loc, _used = entry.text(lang)
    c = entry.contact
    info: list[tuple[str, str, str]] = []
    if entry.provider:
        info.append(("🏢", labels["provider"], entry.provider))
    if c.address:
        addr = f"{c.address} ({c.district})" if c.district else c.address
        info.append(("📍", labels["address"], addr))
    elif c.district:
        info.append(("📍", labels["address"], c.district))
    if c.opening_hours:
        info.append(("🕒", labels["hours"], c.opening_hours))
    if c.phone:
        info.append(("📞", labels["phone"], c.phone))
    if c.email:
        info.append(("✉️", labels["email"], c.email))
    if c.website:
        info.append(("🌐", labels["website"], c.website))
    if entry.languages_spoken:
        info.append(("🗣", labels["languages"], language_list(entry.languages_spoken, lang)))
    if loc.audience:
        info.append(("👥", labels["audience"], loc.audience))
    if loc.cost:
        info.append(("💶", labels["cost"], loc.cost))
    if entry.german_terms and lang != "de":
        info.append(("🇩🇪", labels["german"], ", ".join(entry.german_terms)))
    # right-to-left lines get their Latin runs isolated by bidi() below
    block = [f"{icon} {esc(label)}: {esc(value)}" for icon, label, value in info]
    if not (c.address or c.phone or c.opening_hours) and entry.topic != "emergency":
        block.append(f"ℹ️ {esc(labels['check'])}")
    if entry.verified_at:
        block.append(f"✅ {esc(M.verified_on(tr, fmt_date(entry.verified_at, lang)))}")
    else:
        block.append(f"⚠️ {esc(M.not_verified(tr))}")
    parts.append("\n".join(bidi(line, lang) if is_rtl(lang) else line for line in block))
    return "\n\n".join(parts)


def entry_title(entry: Entry, lang: str) -> str:
    loc, _ = entry.text(lang)
    return loc.title


def split_message(text: str, limit: int = TELEGRAM_LIMIT) -> list[str]:
    """Split at paragraph, then line, then hard boundaries; every chunk fits Telegram."""
    if len(text) <= limit:
        return [text]
    chunks: list[str] = []
    current = ""
    for para in text.split("\n\n"):
        candidate = f"{current}\n\n{para}" if current else para
        if len(candidate) <= limit:
            current = candidate
            continue
        if current:
            chunks.append(current)
        while len(para) > limit:
            cut = para.rfind("\n", 0, limit)
            if cut <= 0:
                cut = para.rfind(" ", 0, limit)
            if cut <= 0:
                cut = limit
            chunks.append(para[:cut])
            para = para[cut:].lstrip()
        current = para
    if current:
        chunks.append(current)
    return chunks


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    r = 6371.0
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))


EMERGENCY_NUMBERS = {
    "police": "110", "ambulance": "112", "doctor": "116 117", "women": "116 016",
    "crisis": "0800 111 0 111", "kids": "116 111",
}


def emergency_card(lang: str) -> str:
    tr = translations(lang)
    numbers = {k: f"<b>{v}</b>" for k, v in EMERGENCY_NUMBERS.items()}
    return bidi(M.emergency_text(tr).format(**numbers), lang)
