"""Catalog maintenance: `python -m bot.i18n_tools extract|update|compile|check` (make i18n).

extract writes locales/messages.pot from the code; update merges it into every language's .po
(new messages appear untranslated, so the completeness test fails until someone translates them);
compile writes .mo files (fuzzy entries are never compiled).
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from bot.i18n import BABEL_LOCALE, DOMAIN, LOCALES_DIR
from bot.topics import ALL_LANGUAGES

ROOT = Path(__file__).resolve().parent.parent
POT = LOCALES_DIR / f"{DOMAIN}.pot"
KEYWORDS = {"gettext": None, "ngettext": (1, 2), "_": None}


def extract(write: bool = True) -> Catalog:
    """The messages in the code; written to the .pot unless only compared (the test)."""
    catalog = Catalog(project="lotsenbot", msgid_bugs_address="", charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
        str(ROOT / "bot"), method_map=[("**.py", "python")], keywords=KEYWORDS,
        comment_tags=("Translators:",),
    ):
        catalog.add(message, None, [(f"bot/{filename}", lineno)], auto_comments=comments,
                    context=context)
    if not write:
        return catalog
    LOCALES_DIR.mkdir(exist_ok=True)
    with POT.open("wb") as fh:
        write_po(fh, catalog, width=100, omit_header=False, sort_output=True)
    return catalog


def po_path(lang: str) -> Path:
    return LOCALES_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def update() -> None:
    template = extract()
    for lang in ALL_LANGUAGES:
        path = po_path(lang)
        if path.exists():
            with path.open("rb") as fh:
                catalog = read_po(fh, locale=BABEL_LOCALE.get(lang, lang))
        else:
            catalog = Catalog(locale=BABEL_LOCALE.get(lang, lang), project="lotsenbot")
            path.parent.mkdir(parents=True, exist_ok=True)
        catalog.update(template, no_fuzzy_matching=True)
        with path.open("wb") as fh:
            write_po(fh, catalog, width=100, ignore_obsolete=True, sort_output=True)


def compile_all() -> None:
    for lang in ALL_LANGUAGES:
        path = po_path(lang)
        if not path.exists():
            continue
        with path.open("rb") as fh:
            catalog = read_po(fh, locale=BABEL_LOCALE.get(lang, lang))
        with path.with_suffix(".mo").open("wb") as fh:
            write_mo(fh, catalog, use_fuzzy=False)


def main(argv: list[str]) -> int:
    cmd = argv[0] if argv else "help"
    if cmd == "extract":
        extract()
    elif cmd == "update":
        update()
    elif cmd == "compile":
        compile_all()
    else:
        print("usage: python -m bot.i18n_tools extract|update|compile", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
