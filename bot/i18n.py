"""Translations: one gettext catalog per language in `locales/<lang>/LC_MESSAGES/messages.po`.

Catalogs are read from the .po files with Babel at start (compiled .mo files are used when they
are newer), so a fresh checkout works without a build step. Fuzzy entries are never used: a
half-checked translation is worse than the English original.
"""

from __future__ import annotations

import gettext
import io
from functools import cache
from pathlib import Path

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from bot.topics import ALL_LANGUAGES, RTL_LANGUAGES

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
DOMAIN = "messages"
# Dari speakers (Afghanistan) are the larger group among Persian-speaking newcomers here, and
# Tigrinya speakers come from Eritrea.
BABEL_LOCALE = {"fa": "fa_AF", "ti": "ti_ER"}


@cache
def translations(lang: str) -> gettext.NullTranslations:
    po = LOCALES_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    mo = po.with_suffix(".mo")
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as fh:
            return Translations(fh, domain=DOMAIN)
    if not po.exists():
        return gettext.NullTranslations()
    with po.open("rb") as fh:
        catalog = read_po(fh, locale=BABEL_LOCALE.get(lang, lang))
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    buf.seek(0)
    return Translations(buf, domain=DOMAIN)


@cache
def babel_locale(lang: str) -> Locale:
    try:
        return Locale.parse(BABEL_LOCALE.get(lang, lang))
    except Exception:  # unknown to Babel: format like German, the city's language
        return Locale.parse("de")


def supported(code: str | None) -> str | None:
    """A Telegram language_code ('pt-br', 'uk', 'fa-IR') mapped onto our languages, or None."""
    if not code:
        return None
    base = code.lower().replace("_", "-").split("-")[0]
    if base == "prs":
        base = "fa"
    return base if base in ALL_LANGUAGES else None


def is_rtl(lang: str) -> bool:
    return lang in RTL_LANGUAGES
