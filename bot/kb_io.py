"""Exchanging the knowledge base as files: a YAML tree (folder or .zip) or a sheet (CSV or
Excel .xlsx) with one row per entry and one column per field and language.

An import is validated completely before anything changes; the report names row and column
of every problem. Applying happens in one transaction, after a snapshot of the whole base, so
one step restores the previous version.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import warnings
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, NamedTuple

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.gcpause import paused_gc
from bot.knowledge import CONTACT_FIELDS, Problem, load_dicts
from bot.models import KbEntry, KbSnapshot, utcnow
from bot.topics import ALL_LANGUAGES

LIST_SEP = " | "
MAX_FILE_BYTES = 100 * 1024 * 1024  # uncompressed, all files of an import together
MAX_FILES = 5000
MAX_ROWS = 20_000  # entries per sheet; the whole base is a few hundred
EXCEL_MAX_ROWS = 1_048_576  # a row number beyond this cannot come from a spreadsheet program
EXCEL_MAX_CELL = 32_767  # characters; Excel refuses to open a file with a longer cell
EXPORT_FORMATS = ("yaml", "csv", "xlsx")
BASE_COLUMNS = ["id", "topic", "provider", "source", "verified_at", "archived",
                *(f"contact.{f}" for f in CONTACT_FIELDS), "languages_spoken", "german_terms"]
TEXT_FIELDS = ("title", "answer", "audience", "cost", "questions", "keywords")


class BadFile(ValueError):
    """The upload itself is unusable (format, size, paths); nothing was read into the base.
    `code` lets the bot say it in the reader's language; str() is the English text."""

    def __init__(self, message: str, code: str = "", **args: object) -> None:
        super().__init__(message)
        self.code = code
        self.args_ = {k: str(v) for k, v in args.items()}


def columns(langs: Iterable[str] = ALL_LANGUAGES) -> list[str]:
    return BASE_COLUMNS + [f"{f}.{lang}" for lang in langs for f in TEXT_FIELDS]


def to_row(data: dict[str, Any]) -> dict[str, str]:
    c = data.get("contact") or {}
    row = {"id": data["id"], "topic": data["topic"], "provider": data.get("provider", ""),
           "source": LIST_SEP.join(data.get("source") or []),
           "verified_at": data.get("verified_at") or "",
           "archived": "yes" if data.get("archived") else "",
           "languages_spoken": ", ".join(data.get("languages_spoken") or []),
           "german_terms": LIST_SEP.join(data.get("german_terms") or [])}
    for f in CONTACT_FIELDS:
        v = c.get(f)
        row[f"contact.{f}"] = "" if v is None else str(v)
    for lang, loc in (data.get("i18n") or {}).items():
        for f in TEXT_FIELDS:
            v = loc.get(f)
            row[f"{f}.{lang}"] = LIST_SEP.join(v) if isinstance(v, list) else (v or "")
    return row


def _split(value: str) -> list[str]:
    return [x.strip() for x in value.split("|") if x.strip()]


def from_row(row: dict[str, str]) -> dict[str, Any]:
    def g(key: str) -> str:
        return (row.get(key) or "").strip()

    contact: dict[str, Any] = {}
    for f in CONTACT_FIELDS:
        v = g(f"contact.{f}")
        if f in ("lat", "lon"):
            try:
                contact[f] = float(v.replace(",", ".")) if v else None
            except ValueError:
                contact[f] = v  # the validator reports it
        else:
            contact[f] = v
    i18n: dict[str, dict[str, Any]] = {}
    for lang in ALL_LANGUAGES:
        loc = {f: g(f"{f}.{lang}") for f in TEXT_FIELDS}
        if not any(loc.values()):
            continue
        loc["questions"] = _split(loc["questions"])
        loc["keywords"] = _split(loc["keywords"])
        i18n[lang] = loc
    return {"id": g("id"), "topic": g("topic"), "provider": g("provider"),
            "source": _split(g("source")), "verified_at": g("verified_at") or None,
            "archived": g("archived").lower() in ("yes", "ja", "true", "1", "x"),
            "contact": contact,
            "languages_spoken": [x.strip() for x in g("languages_spoken").split(",")
                                 if x.strip()],
            "german_terms": _split(g("german_terms")), "i18n": i18n}


def _sheet(entries: list[dict[str, Any]]) -> tuple[list[str], list[dict[str, str]]]:
    """CSV and Excel share header and order, so a coordinator can switch between them."""
    langs = [lang for lang in ALL_LANGUAGES
             if any(lang in (e.get("i18n") or {}) for e in entries)]
    rows = [to_row(e) for e in sorted(entries, key=lambda x: (x["topic"], x["id"]))]
    return columns(langs), rows


def write_csv(entries: list[dict[str, Any]]) -> bytes:
    header, rows = _sheet(entries)
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=header, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8-sig")  # the BOM makes Excel read UTF-8


def write_xlsx(entries: list[dict[str, Any]]) -> bytes:
    """Every cell is text, as in the CSV, so that nothing is reformatted by Excel on the way
    (phone numbers, ids) and a text starting with '=' stays text instead of a formula."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    header, rows = _sheet(entries)
    wb = Workbook()
    ws = wb.active
    ws.title = "knowledge"
    bold = Font(bold=True)
    for c, name in enumerate(header, start=1):
        ws.cell(row=1, column=c, value=name).font = bold
    for r, row in enumerate(rows, start=2):
        for c, name in enumerate(header, start=1):
            # control characters cannot be stored in the file format at all
            value = ILLEGAL_CHARACTERS_RE.sub("", row.get(name, ""))
            if not value:
                continue
            if len(value) > EXCEL_MAX_CELL:
                raise ValueError(f"{row['id']}: {name} is longer than an Excel cell can hold; "
                                 "export as CSV or YAML")
            cell = ws.cell(row=r, column=c, value=value)
            cell.data_type = "s"
    for c, name in enumerate(header, start=1):
        longest = max([len(name)] + [len(row.get(name, "").split("\n", 1)[0]) for row in rows])
        ws.column_dimensions[get_column_letter(c)].width = min(max(longest + 2, 8), 50)
    ws.freeze_panes = "B2"  # header row and the id column stay in view
    ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{len(rows) + 1}"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def write_export(entries: list[dict[str, Any]], path: Path, fmt: str) -> None:
    """One place that knows how each format lands on disk (a yaml export without .zip is a
    folder, the layout of knowledge/)."""
    if fmt == "csv":
        path.write_bytes(write_csv(entries))
    elif fmt == "xlsx":
        path.write_bytes(write_xlsx(entries))
    elif path.suffix.lower() == ".zip":
        path.write_bytes(write_yaml_zip(entries))
    else:
        write_yaml_dir(entries, path)


def export_format(path: Path, fmt: str | None = None) -> str:
    """The format asked for, else the one the file name says, so `kb export kb.xlsx` just works."""
    if fmt:
        if fmt not in EXPORT_FORMATS:
            raise BadFile(f"unknown format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
        return fmt
    return {".csv": "csv", ".xlsx": "xlsx"}.get(path.suffix.lower(), "yaml")


def write_yaml_zip(entries: list[dict[str, Any]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for e in entries:
            zf.writestr(f"{e['topic']}/{e['id']}.yaml", yaml.safe_dump(
                e, allow_unicode=True, sort_keys=False, width=100))
    return buf.getvalue()


def write_yaml_dir(entries: list[dict[str, Any]], root: Path) -> None:
    for e in entries:
        path = root / e["topic"] / f"{e['id']}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(e, allow_unicode=True, sort_keys=False, width=100),
                        encoding="utf-8")


@dataclass
class Parsed:
    items: list[tuple[str, Any, str | None, str | None]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # location of each item for messages: ("row 5", None) or ("housing/x.yaml", None)


def parse_csv(raw: bytes) -> Parsed:
    if len(raw) > MAX_FILE_BYTES:
        raise BadFile("file too large", "too-large")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadFile("the sheet is not UTF-8 (save as CSV UTF-8)", "not-utf8") from exc
    reader = csv.DictReader(io.StringIO(text))
    out = Parsed(problems=_header_problems(reader.fieldnames or []))
    for n, row in enumerate(reader, start=2):  # row 1 is the header
        _add_row(out, n, {k: v for k, v in row.items() if k})
    return out


def _header_problems(header: list[str]) -> list[Problem]:
    """A misspelt column would otherwise be dropped without a word, and the text in it lost."""
    names = [h for h in header if h]
    if "id" not in names:
        raise BadFile("no header row with an 'id' column", "no-id-column")
    known = set(columns())
    problems = [Problem("row 1", name, "unknown column (check the spelling; "
                                       "columns look like answer.de, contact.phone)",
                        "unknown-column")
                for name in dict.fromkeys(names) if name not in known]
    problems += [Problem("row 1", name, "this column appears more than once", "duplicate-column")
                 for name in dict.fromkeys(names) if names.count(name) > 1]
    return problems


def _add_row(out: Parsed, n: int, row: dict[str, str]) -> None:
    """Rows that are empty are left out: spreadsheets keep stray blank rows at the end."""
    if not any((v or "").strip() for v in row.values()):
        return
    if len(out.items) >= MAX_ROWS:
        raise BadFile(f"more than {MAX_ROWS} rows; the sheet cannot be a knowledge base",
                      "too-many-rows", n=MAX_ROWS)
    out.items.append((f"row {n}", from_row(row), None, None))


def parse_xlsx(raw: bytes) -> Parsed:
    """The first sheet of an Excel workbook, read like the CSV: row 1 is the header.

    An .xlsx file is a zip of XML, so the zip is checked first (sizes as they unpack, number
    of parts) and only then handed to openpyxl; rows and columns are bounded, so a sheet that
    claims row 10**12 or column XFD costs nothing; anything openpyxl cannot read is a BadFile,
    never a crash of the bot.
    """
    from openpyxl import load_workbook

    _checked_zip(raw, "not an Excel .xlsx file (in Excel: Save as, Excel workbook)",
                 "not-xlsx").close()
    wb = None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # about styles and extensions openpyxl skips
            wb = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        ws = wb.worksheets[0]
        first = next(ws.iter_rows(min_row=1, max_row=1, values_only=True), ())
        header = [_cell_text(v).strip() for v in first]
        while header and not header[-1]:
            header.pop()
        out = Parsed(problems=_header_problems(header))
        rows = ws.iter_rows(min_row=2, max_row=EXCEL_MAX_ROWS, max_col=len(header),
                            values_only=True)
        for n, values in enumerate(rows, start=2):
            if values.count(None) == len(values):
                continue  # the cheap test first: gaps between rows come as empty rows
            _add_row(out, n, {name: _cell_text(v)
                              for name, v in zip(header, values, strict=False) if name})
        return out
    except BadFile:
        raise
    except Exception as exc:  # openpyxl meets the file as it is; any failure means unreadable
        raise BadFile("not a readable Excel .xlsx file", "not-xlsx") from exc
    finally:
        if wb is not None:
            wb.close()


def _cell_text(v: Any) -> str:
    """Excel turns typed numbers and dates into values; from_row expects the text a CSV has."""
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        return str(int(v))  # a phone or postcode typed as a number
    if isinstance(v, dt.datetime):
        return v.date().isoformat() if v.time() == dt.time() else v.isoformat(sep=" ")
    if isinstance(v, dt.time):
        return v.isoformat(timespec="minutes" if not v.second else "seconds")
    if isinstance(v, dt.date):
        return v.isoformat()
    return str(v)  # str(float) is the shortest text that reads back as the same number


def _safe_name(name: str) -> PurePosixPath | None:
    p = PurePosixPath(name)
    if p.is_absolute() or ".." in p.parts or "\\" in name:
        return None
    return p


def _checked_zip(raw: bytes, not_zip: str = "not a zip file", code: str = "not-zip"
                 ) -> zipfile.ZipFile:
    """Refuse a zip bomb from its directory, before anything is unpacked. The sizes it declares
    are binding: zipfile stops at the declared size and then fails the checksum."""
    if len(raw) > MAX_FILE_BYTES:
        raise BadFile("file too large", "too-large")
    try:
        zf = zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, ValueError, EOFError) as exc:
        raise BadFile(not_zip, code) from exc
    infos = zf.infolist()
    if len(infos) > MAX_FILES:
        zf.close()
        raise BadFile("too many files in the zip", "zip-too-big")
    if sum(i.file_size for i in infos) > MAX_FILE_BYTES:
        zf.close()
        raise BadFile("the zip unpacks to more than 100 MB", "zip-too-big")  # a zip bomb, or far too big
    return zf


def parse_zip(raw: bytes) -> Parsed:
    zf = _checked_zip(raw)
    infos = [i for i in zf.infolist() if not i.is_dir()]
    out = Parsed()
    for info in infos:
        p = _safe_name(info.filename)
        if p is None:
            raise BadFile(f"unsafe path in zip: {info.filename!r}", "zip-unsafe")
        if p.suffix not in (".yaml", ".yml"):
            continue
        with zf.open(info) as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
        if len(data) > info.file_size or len(data) > MAX_FILE_BYTES:
            raise BadFile("a file unpacks to more than it claims", "zip-too-big")
        out.items.append(_yaml_item(str(p), data, p))
    return out


def parse_dir(root: Path) -> Parsed:
    out = Parsed()
    for path in sorted(root.rglob("*.yaml")):
        rel = PurePosixPath(path.relative_to(root).as_posix())
        out.items.append(_yaml_item(str(rel), path.read_bytes(), rel))
    return out


def _yaml_item(name: str, data: bytes, rel: PurePosixPath) -> tuple[str, Any, str | None,
                                                                   str | None]:
    try:
        obj = yaml.safe_load(data.decode("utf-8"))  # never constructs Python objects
    except (yaml.YAMLError, UnicodeDecodeError, ValueError):
        obj = None
    folder = rel.parts[0] if len(rel.parts) > 1 else None
    return (name, obj, folder, rel.stem)


UPLOAD_HELP = "send an Excel sheet (.xlsx), a CSV sheet (.csv) or a .zip of the YAML tree"


@paused_gc()
def parse_upload(filename: str, raw: bytes) -> Parsed:
    """The bot and the command line accept the same files; the name is all a Telegram
    document tells about its format."""
    suffix = PurePosixPath(filename.replace("\\", "/")).suffix.lower()
    if suffix == ".xlsx":
        return parse_xlsx(raw)
    if suffix == ".csv":
        return parse_csv(raw)
    if suffix == ".zip":
        return parse_zip(raw)
    if suffix in (".xls", ".ods", ".numbers"):
        raise BadFile(f"{suffix} files cannot be read; save the sheet as an Excel workbook "
                      "(.xlsx) or as CSV UTF-8", "old-format", suffix=suffix)
    raise BadFile(UPLOAD_HELP, "unknown-format")


def parse_file(path: Path) -> Parsed:
    if path.is_dir():
        return parse_dir(path)
    if path.stat().st_size > MAX_FILE_BYTES:  # before reading it all into memory
        raise BadFile("file too large", "too-large")
    return parse_upload(path.name, path.read_bytes())


@dataclass
class Plan:
    new: list[str]
    changed: list[str]
    unchanged: list[str]
    missing: list[str]
    entries: list[dict[str, Any]]
    diff: list[str]


def current(session: Session) -> dict[str, dict[str, Any]]:
    return {r.id: r.data for r in session.scalars(select(KbEntry))}


@paused_gc()
def plan(session: Session, parsed: Parsed) -> tuple[Plan | None, list[Problem]]:
    """Validate everything; nothing is changed here."""
    res = load_dicts(parsed.items)
    problems = parsed.problems + res.problems
    if problems:
        return None, problems
    return compare(session, [e.to_dict() for e in res.entries]), []


def compare(session: Session, entries: list[dict[str, Any]]) -> Plan:
    """Classify already validated entries against the base as it is now (a confirmed upload is
    compared again, since the base may have changed since its report, but not re-validated)."""
    have = current(session)
    new, changed, unchanged, diff = [], [], [], []
    for e in entries:
        old = have.get(e["id"])
        if old is None:
            new.append(e["id"])
            diff.append(f"+ {e['id']}")
        elif old == e:
            unchanged.append(e["id"])
        else:
            changed.append(e["id"])
            fields = sorted(_changed_fields(old, e))
            diff.append(f"~ {e['id']}: {', '.join(fields[:6])}")
    incoming = {e["id"] for e in entries}
    missing = sorted(set(have) - incoming)
    return Plan(new, changed, unchanged, missing, entries, diff)


def _changed_fields(old: dict[str, Any], new: dict[str, Any], prefix: str = "") -> set[str]:
    out: set[str] = set()
    for key in set(old) | set(new):
        a, b = old.get(key), new.get(key)
        if a == b:
            continue
        if isinstance(a, dict) and isinstance(b, dict):
            out |= _changed_fields(a, b, f"{prefix}{key}.")
        else:
            out.add(f"{prefix}{key}")
    return out


@paused_gc()
def apply(session: Session, p: Plan, note: str = "import") -> KbSnapshot:
    """All or nothing, in the caller's transaction; entries missing from the file stay."""
    snap = KbSnapshot(note=note[:200], data=list(current(session).values()), created_at=utcnow())
    session.add(snap)
    rows = {r.id: r for r in session.scalars(select(KbEntry))}
    for e in p.entries:
        row = rows.get(e["id"])
        if row is None:
            session.add(KbEntry(id=e["id"], topic=e["topic"], data=e,
                                archived=bool(e.get("archived")), updated_at=utcnow()))
        elif row.data != e:
            row.data, row.topic, row.archived = e, e["topic"], bool(e.get("archived"))
            row.updated_at = utcnow()
    session.flush()
    return snap


def restore(session: Session, snapshot_id: int | None = None) -> KbSnapshot:
    """Put back the base as it was before the latest (or the given) import."""
    q = select(KbSnapshot).order_by(KbSnapshot.id.desc())
    if snapshot_id is not None:
        q = select(KbSnapshot).where(KbSnapshot.id == snapshot_id)
    snap = session.scalars(q).first()
    if snap is None:
        raise BadFile("there is no earlier version")
    for row in session.scalars(select(KbEntry)):
        session.delete(row)
    session.flush()
    for e in snap.data:
        session.add(KbEntry(id=e["id"], topic=e["topic"], data=e,
                            archived=bool(e.get("archived")), updated_at=utcnow()))
    session.delete(snap)
    session.flush()
    return snap


def column_of(fld: str) -> str:
    """The sheet column a validation problem points at (i18n.ar.answer -> answer.ar)."""
    parts = fld.split(".")
    if parts[0] == "i18n" and len(parts) == 3:
        return f"{parts[2]}.{parts[1]}"
    if parts[0] == "i18n" and len(parts) == 2:
        return f"title.{parts[1]} … keywords.{parts[1]}"
    return fld


class Finding(NamedTuple):
    where: str  # "row 7" in a sheet, "housing/x.yaml" in a YAML tree
    column: str  # the sheet column ("answer.uk"); the field for YAML ("i18n.uk.answer")
    message: str


@dataclass
class ReportData:
    """The report as data, so the bot can put it in the coordinator's language around the
    counts, lines and findings (which stay as they are: ids, columns, English messages)."""

    ok: bool
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    missing: int = 0
    diff: list[str] = field(default_factory=list)
    problems: list[Finding] = field(default_factory=list)


def report_data(p: Plan | None, problems: list[Problem]) -> ReportData:
    if problems:
        return ReportData(ok=False, problems=[
            Finding(pr.file, column_of(pr.field) if pr.file.startswith("row ") else pr.field,
                    pr.message) for pr in problems])
    assert p is not None
    return ReportData(ok=True, new=len(p.new), changed=len(p.changed),
                      unchanged=len(p.unchanged), missing=len(p.missing), diff=list(p.diff))


def report(p: Plan | None, problems: list[Problem], max_diff: int = 20) -> str:
    d = report_data(p, problems)
    if not d.ok:
        lines = [f"{len(d.problems)} problem(s); nothing was changed:"]
        lines += [f"  {f.where}, column {f.column}: {f.message}" if f.where.startswith("row ")
                  else f"  {f.where}: {f.column}: {f.message}" for f in d.problems]
        return "\n".join(lines)
    lines = [f"new: {d.new}, changed: {d.changed}, unchanged: {d.unchanged}, "
             f"missing from the file (kept as they are): {d.missing}"]
    lines += [f"  {line}" for line in d.diff[:max_diff]]
    if len(d.diff) > max_diff:
        lines.append(f"  … and {len(d.diff) - max_diff} more")
    return "\n".join(lines)
