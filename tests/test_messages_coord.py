"""Problems with an uploaded file or an edited entry reach coordinators in their own language:
every code the validator and the file reader can produce has a translated text."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from bot import kb_io
from bot import messages_coord as MC
from bot.i18n import translations
from bot.knowledge import Problem, validate_dict
from bot.topics import ALL_LANGUAGES

ROOT = Path(__file__).resolve().parent.parent
ARGS = {"value": "V1", "other": "O2", "line": "7", "n": "4000", "suffix": ".ods"}


def _codes(path: Path) -> tuple[set[str], set[str]]:
    """(problem codes, bad-file codes) written in a module's calls, found by reading its AST."""
    problems: set[str] = set()
    files: set[str] = set()

    def lit(node: ast.AST) -> str | None:
        return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None

    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            pos = {"bad": 2, "Problem": 3, "BadFile": 1, "_checked_zip": 2}.get(node.func.id)
            if pos is not None and len(node.args) > pos and (code := lit(node.args[pos])):
                (files if node.func.id in ("BadFile", "_checked_zip") else problems).add(code)
        if isinstance(node, ast.FunctionDef) and node.name == "_checked_zip":
            files.update(c for d in node.args.defaults if (c := lit(d)) and "-" in c)
    return problems, files


def _all_codes() -> tuple[set[str], set[str]]:
    problems: set[str] = set()
    files: set[str] = set()
    for name in ("knowledge.py", "kb_io.py", "kb_edit.py"):
        p, f = _codes(ROOT / "bot" / name)
        problems |= p
        files |= f
    return problems, files


def test_the_code_scan_finds_the_codes():
    problems, files = _all_codes()
    assert {"bad-phone", "missing-language", "unknown-column", "too-long", "no-entry"} <= problems
    assert {"too-large", "not-zip", "not-xlsx", "old-format", "too-many-rows"} <= files


@pytest.mark.parametrize("lang", ALL_LANGUAGES)
def test_every_problem_code_has_a_text_in_every_language(lang):
    tr, en = translations(lang), translations("en")
    problems, files = _all_codes()
    for code in sorted(problems):
        p = Problem("row 2", "x", "ENGLISH ONLY", code, dict(ARGS))
        text = MC.problem(tr, p)
        assert text != "ENGLISH ONLY", (lang, code)
        assert "{" not in text, (lang, code, text)
        assert lang == "en" or text != MC.problem(en, p), (lang, code, "not translated")
    for code in sorted(files):
        exc = kb_io.BadFile("ENGLISH ONLY", code, **ARGS)
        text = MC.bad_file_reason(tr, exc)
        assert text != "ENGLISH ONLY", (lang, code)
        assert "{" not in text, (lang, code, text)
        assert lang == "en" or text != MC.bad_file_reason(en, exc), (lang, code, "not translated")


def test_a_bad_phone_is_named_in_german_with_its_value():
    data = {"id": "beratung-x", "topic": "health", "provider": "P", "contact": {"phone": "call me"},
            "i18n": {"de": {"title": "T", "answer": "A"}}}
    probs = validate_dict(data, "row 3", required=("de",))
    assert [p.code for p in probs] == ["bad-phone"]
    assert MC.problem(translations("de"), probs[0]) == "fehlerhafte Telefonnummer call me"
    assert "call me" in MC.problem(translations("ar"), probs[0])


def test_an_old_spreadsheet_format_is_explained_in_the_readers_language():
    with pytest.raises(kb_io.BadFile) as exc:
        kb_io.parse_upload("liste.ods", b"whatever")
    de = MC.bad_file_reason(translations("de"), exc.value)
    assert ".ods" in de and "Excel-Arbeitsmappe" in de
    assert MC.bad_file_reason(translations("uk"), exc.value) != de


def test_a_problem_without_a_code_keeps_its_english_text():
    p = Problem("f", "x", "something new went wrong")
    assert MC.problem(translations("de"), p) == "something new went wrong"


def test_field_paths_are_named_as_the_bot_names_fields():
    de = translations("de")
    assert MC.field_label(de, "contact.phone") == MC.field_name(de, "phone") != "phone"
    label = MC.field_label(de, "i18n.ar.answer")
    assert label.startswith(MC.field_name(de, "answer")) and "العربية" in label
    assert MC.field_label(de, "contact.opening_hours") == MC.field_name(de, "hours")
    assert MC.field_label(de, "topic") == "topic"  # no name for it: the path stays
