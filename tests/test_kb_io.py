"""Knowledge base as files: CSV and YAML exchange, validation with row and column, all or
nothing, the previous version restored in one step, unsafe uploads refused."""

from __future__ import annotations

import csv
import datetime as dt
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


# --- Excel ---------------------------------------------------------------------------------------


def _xlsx(db) -> bytes:
    with db.session() as s:
        return kb_io.write_xlsx(list(kb_io.current(s).values()))


def _edit_xlsx(raw: bytes, edits: dict[tuple[int, str], object], blank_row: int | None = None
               ) -> bytes:
    """Change cells the way a coordinator does in Excel: by row number and column header."""
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(raw))
    ws = wb.worksheets[0]
    if blank_row is not None:
        ws.insert_rows(blank_row)
    col = {c.value: c.column for c in ws[1]}
    for (row, name), value in edits.items():
        ws.cell(row=row, column=col[name]).value = value
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_xlsx_round_trip_changes_nothing(db):
    raw = _xlsx(db)
    with db.session() as s:
        n = len(kb_io.current(s))
        p, problems = kb_io.plan(s, kb_io.parse_xlsx(raw))
    assert problems == [] and not p.new and not p.changed and len(p.unchanged) == n
    assert p.diff == []


def test_xlsx_has_the_csv_columns_a_bold_frozen_header_and_text_cells(db):
    import openpyxl

    ws = openpyxl.load_workbook(io.BytesIO(_xlsx(db))).worksheets[0]
    assert [c.value for c in ws[1]] == list(_sheet(db)[0])
    assert ws["A1"].font.b and ws.freeze_panes == "B2"
    assert 8 <= ws.column_dimensions["A"].width <= 50
    assert all(c.data_type == "s" for row in ws.iter_rows(min_row=2) for c in row
               if c.value is not None)


def test_xlsx_typed_values_and_formula_looking_text_come_back_as_text(db):
    with db.session() as s:
        entry = s.get(KbEntry, "integrationskurs").data
    entry = dict(entry, provider="=HYPERLINK(\"http://evil\")")
    parsed = kb_io.parse_xlsx(kb_io.write_xlsx([entry]))
    assert parsed.items[0][1]["provider"] == entry["provider"]
    raw = _edit_xlsx(kb_io.write_xlsx([entry]), {
        (2, "contact.lat"): 52.13, (2, "contact.lon"): 11.6,
        (2, "verified_at"): dt.date(2024, 5, 2), (2, "contact.phone"): 3915401234,
        (2, "archived"): True})
    data = kb_io.parse_xlsx(raw).items[0][1]
    assert data["contact"]["lat"] == 52.13 and data["contact"]["lon"] == 11.6
    assert data["verified_at"] == "2024-05-02" and data["contact"]["phone"] == "3915401234"
    assert data["archived"] is True


def test_xlsx_broken_rows_are_named_with_row_and_column(db):
    # a blank row inserted at 3 moves everything below down by one; it is skipped, not an error
    raw = _edit_xlsx(_xlsx(db), {(5, "topic"): "weather", (8, "contact.phone"): "call me maybe",
                                 (10, "answer.uk"): None}, blank_row=3)
    with db.session() as s:
        before = kb_io.current(s)
        parsed = kb_io.parse_xlsx(raw)
        p, problems = kb_io.plan(s, parsed)
        assert kb_io.current(s) == before
    assert p is None and len(parsed.items) == len(before)
    report = kb_io.report(p, problems)
    assert "row 5, column topic" in report
    assert "row 8, column contact.phone" in report
    assert "row 10, column answer.uk" in report
    data = kb_io.report_data(p, problems)
    assert not data.ok and ("row 5", "topic") in [(f.where, f.column) for f in data.problems]


def test_unknown_and_doubled_columns_are_problems_not_silently_dropped(db):
    rows = _sheet(db)
    for r in rows:
        r["answr.de"] = r.pop("answer.de")
    with db.session() as s:
        _, problems = kb_io.plan(s, kb_io.parse_csv(_to_csv(rows)))
    assert "row 1, column answr.de: unknown column" in kb_io.report(None, problems)
    raw = _edit_xlsx(_xlsx(db), {})
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(raw))
    ws = wb.worksheets[0]
    ws.cell(row=1, column=ws.max_column + 1, value="provider")
    buf = io.BytesIO()
    wb.save(buf)
    problems = kb_io.parse_xlsx(buf.getvalue()).problems
    assert [(pr.file, pr.field) for pr in problems] == [("row 1", "provider")]


@pytest.mark.parametrize("raw", [b"", b"just text, named like a workbook", b"PK\x03\x04broken",
                                 _zip({"housing/x.yaml": b"id: x"})])
def test_not_an_xlsx_is_refused(raw):
    with pytest.raises(kb_io.BadFile):
        kb_io.parse_upload("kb.xlsx", raw)


def test_xlsx_zip_bomb_refused_before_opening(db, monkeypatch):
    import openpyxl

    small = _xlsx(db)  # about 0.5 MB, unpacking to a few MB
    monkeypatch.setattr(kb_io, "MAX_FILE_BYTES", 2 * len(small))
    buf = io.BytesIO(small)
    with zipfile.ZipFile(buf, "a", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/media/padding.bin", b"\0" * (2 * len(small)))  # compresses to ~1 KB
    assert len(buf.getvalue()) < 2 * len(small)

    def never(*a, **k):
        raise AssertionError("opened before the zip was checked")

    monkeypatch.setattr(openpyxl, "load_workbook", never)
    with pytest.raises(kb_io.BadFile, match="unpacks to more"):
        kb_io.parse_xlsx(buf.getvalue())


def test_too_many_rows_refused(db, monkeypatch):
    monkeypatch.setattr(kb_io, "MAX_ROWS", 10)
    with pytest.raises(kb_io.BadFile, match="more than 10 rows"):
        kb_io.parse_xlsx(_xlsx(db))
    with pytest.raises(kb_io.BadFile, match="more than 10 rows"):
        kb_io.parse_csv(_to_csv(_sheet(db)))


def test_parse_upload_dispatches_by_name(db):
    with db.session() as s:
        entries = list(kb_io.current(s).values())
    n = len(entries)
    assert len(kb_io.parse_upload("KB.XLSX", kb_io.write_xlsx(entries)).items) == n
    assert len(kb_io.parse_upload("kb.csv", kb_io.write_csv(entries)).items) == n
    assert len(kb_io.parse_upload("kb.zip", kb_io.write_yaml_zip(entries[:3])).items) == 3
    with pytest.raises(kb_io.BadFile, match=r"\.xlsx"):
        kb_io.parse_upload("kb.xls", b"\xd0\xcf\x11\xe0")
    with pytest.raises(kb_io.BadFile, match=r"\.xlsx"):
        kb_io.parse_upload("kb.pdf", b"%PDF-1.4")


def test_report_data_counts_and_diff(db):
    rows = _sheet(db)
    rows[0]["provider"] = "Neuer Träger"
    with db.session() as s:
        p, problems = kb_io.plan(s, kb_io.parse_csv(_to_csv(rows)))
    data = kb_io.report_data(p, problems)
    assert data.ok and data.new == 0 and data.changed == 1 and data.problems == []
    assert data.unchanged == len(rows) - 1 and data.diff == [f"~ {rows[0]['id']}: provider"]


def test_cli_export_and_import_xlsx(db, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", db.url)
    path = tmp_path / "kb.xlsx"
    assert main(["kb", "export", str(path)]) == 0
    assert main(["kb", "import", str(path)]) == 0
    assert "new: 0, changed: 0" in capsys.readouterr().out
    other = tmp_path / "sheet.bin"
    assert main(["kb", "export", "--format", "xlsx", str(other)]) == 0
    assert kb_io.parse_xlsx(other.read_bytes()).items
    path.write_bytes(_edit_xlsx(path.read_bytes(), {(2, "provider"): "Neuer Träger"}))
    first = kb_io.parse_xlsx(path.read_bytes()).items[0][1]["id"]
    assert main(["kb", "import", str(path), "--yes"]) == 0
    assert "changed: 1" in capsys.readouterr().out
    with db.session() as s:
        assert s.get(KbEntry, first).data["provider"] == "Neuer Träger"
    path.write_bytes(_edit_xlsx(path.read_bytes(), {(3, "topic"): "nonsense"}))
    assert main(["kb", "import", str(path), "--yes"]) == 2
    assert "row 3, column topic" in capsys.readouterr().out
    path.write_bytes(b"not a workbook")
    assert main(["kb", "import", str(path)]) == 2


def test_xlsx_with_entity_expansion_is_refused(db):
    """A 'billion laughs' worksheet: refused as a bad file, never expanded."""
    with db.session() as s:
        seed_if_empty(s, ROOT / "knowledge")
        raw = kb_io.write_xlsx(list(kb_io.current(s).values())[:2])
    # lol1 is ten "lol", lol2 ten lol1, … lol9 would be 3 GB if anything expanded it
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    laughs = (f'<?xml version="1.0"?><!DOCTYPE lolz [{entities}]>'
              '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
              '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
              '</sheetData></worksheet>')
    src = zipfile.ZipFile(io.BytesIO(raw))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename.startswith("xl/worksheets/sheet"):
                data = laughs.encode()
            dst.writestr(info.filename, data)
    with pytest.raises(kb_io.BadFile):
        kb_io.parse_xlsx(out.getvalue())


def test_excel_sheets_are_parsed_through_defusedxml():
    """The second layer under the zip checks: openpyxl hands XML to defusedxml, which refuses
    entity declarations outright (a dependency in pyproject.toml, not an accident of the venv)."""
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML
