"""Every catalog is complete, and no translation loses or invents a placeholder or tag."""

from __future__ import annotations

import gettext
import re

import pytest
from babel.messages.pofile import read_po

from bot import messages as M
from bot.i18n import LOCALES_DIR, translations
from bot.i18n_tools import extract
from bot.topics import ALL_LANGUAGES

PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
TAG = re.compile(r"</?[a-z]+>")
COUNTS = {"{n}", "{days}"}


def _forms_with_several_numbers(catalog) -> set[int]:
    """Plural forms that more than one number falls into (Ukrainian form 0 is 1, 21, 31 …):
    those must show the number, or 21 reads as "the closest offer"."""
    rule = gettext.c2py(catalog.plural_expr)
    seen: dict[int, int] = {}
    for n in range(1000):
        seen[rule(n)] = seen.get(rule(n), 0) + 1
    return {form for form, count in seen.items() if count > 1}


def _catalog(lang: str):
    with (LOCALES_DIR / lang / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        return read_po(fh)


def test_template_is_current():
    """The committed .pot holds exactly the messages in the code (run `make i18n`)."""
    template = extract(write=False)  # a test never rewrites the repository
    with (LOCALES_DIR / "messages.pot").open("rb") as fh:
        committed = read_po(fh)
    assert {m.id if isinstance(m.id, str) else m.id[0] for m in template if m.id} == {
        m.id if isinstance(m.id, str) else m.id[0] for m in committed if m.id}


@pytest.mark.parametrize("lang", ALL_LANGUAGES)
def test_catalog_complete_and_placeholders_match(lang):
    catalog = _catalog(lang)
    template_ids = {m.id if isinstance(m.id, str) else m.id[0]
                    for m in read_po((LOCALES_DIR / "messages.pot").open("rb")) if m.id}
    shared = _forms_with_several_numbers(catalog)
    seen = set()
    for msg in catalog:
        if not msg.id:
            continue
        ids = msg.id if isinstance(msg.id, tuple | list) else (msg.id,)
        strings = msg.string if isinstance(msg.string, tuple | list) else (msg.string,)
        seen.add(ids[0])
        assert not msg.fuzzy, f"{lang}: fuzzy {ids[0]!r}"
        assert all(strings), f"{lang}: untranslated {ids[0]!r}"
        want = set(PLACEHOLDER.findall(ids[-1])) | set(PLACEHOLDER.findall(ids[0]))
        for form, s in enumerate(strings):
            got = set(PLACEHOLDER.findall(s))
            if len(ids) > 1 and form in shared:
                assert want <= got, f"{lang}: form {form} of {ids[0]!r} needs the number: {s!r}"
            # a plural form may leave out the number itself ("the closest offer", "one day");
            # nothing else may differ
            omissible = COUNTS if len(ids) > 1 else set()
            assert got <= want and want - got <= omissible, f"{lang}: {ids[0]!r} -> {s!r}"
            assert sorted(TAG.findall(s)) == sorted(TAG.findall(ids[0])), f"{lang}: tags {s!r}"
    assert template_ids <= seen, f"{lang}: missing {template_ids - seen}"


@pytest.mark.parametrize("lang", ALL_LANGUAGES)
def test_rendered_in_language(lang):
    tr = translations(lang)
    if lang != "en":
        assert M.main_menu(tr) != M.main_menu(translations("en"))
    for n in (1, 2, 3, 5):
        assert M.nearby_result(tr, n)
    assert "{" not in M.emergency_text(tr).format(police="110", ambulance="112", doctor="1",
                                                  women="2", crisis="3", kids="4")
