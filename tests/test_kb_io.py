"""Knowledge base as files: CSV and YAML exchange, validation with row and column, all or
nothing, the previous version restored in one step, unsafe uploads refused."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from sqlalchemy import func, select

from bot import kb_io
from bot.cli import main
from bot.knowledge_store import KnowledgeBase, seed_if_empty
from bot.models import KbEntry
from tests.e2e.conftest import ROOT


@pytest.fixture
def db(db):
    """The shared empty database, seeded with the real knowledge base."""
    with db.session() as s:
        seed_if_empty(s, ROOT / "knowledge")
    return db


def _sheet(db) -> list[dict[str, str]]:
    with db.session() as s:
        raw = kb_io.write_csv(list(kb_io.current(s).values()))
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


def _to_csv(rows: list[dict[str, str]]) -> bytes:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(rows[0]))
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue().encode()


def test_csv_round_trip_changes_nothing(db):
    rows = _sheet(db)
    with db.session() as s:
        p, problems = kb_io.plan(s, kb_io.parse_csv(_to_csv(rows)))
    assert problems == [] and not p.new and not p.changed and len(p.unchanged) == len(rows)


def test_edit_one_cell_apply_search_and_restore(db):
    rows = _sheet(db)
    row = next(r for r in rows if r["id"] == "integrationskurs")
    row["answer.ar"] = "نص جديد عن دورة الاندماج للاختبار"
    with db.session() as s:
        p, problems = kb_io.plan(s, kb_io.parse_csv(_to_csv(rows)))
        assert problems == [] and p.changed == ["integrationskurs"]
        assert "i18n.ar.answer" in p.diff[0]
        kb_io.apply(s, p)
    with db.session() as s:
        kb = KnowledgeBase.from_session(s)
        assert kb.get("integrationskurs").i18n["ar"].answer.startswith("نص جديد")
        kb_io.restore(s)
    with db.session() as s:
        kb = KnowledgeBase.from_session(s)
        assert not kb.get("integrationskurs").i18n["ar"].answer.startswith("نص جديد")


def test_broken_rows_are_named_and_nothing_changes(db):
    rows = _sheet(db)
    rows[2]["topic"] = "weather"
    rows[5]["contact.phone"] = "call me maybe"
    rows[7]["answer.uk"] = ""
    with db.session() as s:
        before = kb_io.current(s)
        p, problems = kb_io.plan(s, kb_io.parse_csv(_to_csv(rows)))
        assert p is None
        report = kb_io.report(p, problems)
    assert "row 4, column topic" in report
    assert "row 7, column contact.phone" in report
    assert "row 9, column answer.uk" in report
    with db.session() as s:
        assert kb_io.current(s) == before


def test_cli_import_reports_and_applies_with_yes(db, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", db.url)
    rows = _sheet(db)
    rows[0]["provider"] = "Neuer Träger"
    path = tmp_path / "kb.csv"
    path.write_bytes(_to_csv(rows))
    assert main(["kb", "import", str(path)]) == 0
    assert "changed: 1" in capsys.readouterr().out
    with db.session() as s:
        assert s.get(KbEntry, rows[0]["id"]).data["provider"] != "Neuer Träger"
    assert main(["kb", "import", str(path), "--yes"]) == 0
    with db.session() as s:
        assert s.get(KbEntry, rows[0]["id"]).data["provider"] == "Neuer Träger"
    rows[1]["topic"] = "nonsense"
    path.write_bytes(_to_csv(rows))
    assert main(["kb", "import", str(path), "--yes"]) == 2
    assert "row 3, column topic" in capsys.readouterr().out


def test_yaml_zip_round_trip_and_new_entry(db):
    with db.session() as s:
        entries = list(kb_io.current(s).values())
    new = dict(entries[0], id="neues-angebot")
    raw = kb_io.write_yaml_zip([*entries, new])
    with db.session() as s:
        p, problems = kb_io.plan(s, kb_io.parse_zip(raw))
        assert problems == [] and p.new == ["neues-angebot"] and not p.changed
        kb_io.apply(s, p)
        assert s.scalar(select(func.count()).select_from(KbEntry)) == len(entries) + 1


def _zip(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return buf.getvalue()


@pytest.mark.parametrize("name", ["../evil.yaml", "/etc/evil.yaml", "housing/../../x.yaml"])
def test_path_traversal_refused(name):
    with pytest.raises(kb_io.BadFile):
        kb_io.parse_zip(_zip({name: b"id: x"}))


def test_zip_bomb_refused():
    with pytest.raises(kb_io.BadFile):
        kb_io.parse_zip(_zip({"housing/big.yaml": b"0" * (kb_io.MAX_FILE_BYTES + 1)}))


def test_yaml_never_constructs_objects(db, tmp_path):
    marker = tmp_path / "pwned"
    evil = f"!!python/object/apply:os.system ['touch {marker}']".encode()
    parsed = kb_io.parse_zip(_zip({"housing/evil.yaml": evil}))
    with db.session() as s:
        p, problems = kb_io.plan(s, parsed)
    assert p is None and problems and not marker.exists()


def test_not_a_zip_and_not_utf8():
    with pytest.raises(kb_io.BadFile):
        kb_io.parse_zip(b"PK not really")
    with pytest.raises(kb_io.BadFile):
        kb_io.parse_csv("id,topic\nx,housing\n".encode("utf-16"))
