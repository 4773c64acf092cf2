"""Exchanging the knowledge base as files: a YAML tree (folder or .zip) or a CSV sheet with
one row per entry and one column per field and language.

An import is validated completely before anything changes; the report names row and column
of every problem. Applying happens in one transaction, after a snapshot of the whole base, so
one step restores the previous version.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.knowledge import CONTACT_FIELDS, Problem, load_dicts
from bot.models import KbEntry, KbSnapshot, utcnow
from bot.topics import ALL_LANGUAGES

LIST_SEP = " | "
MAX_FILE_BYTES = 100 * 1024 * 1024  # uncompressed, all files of an import together
MAX_FILES = 5000
BASE_COLUMNS = ["id", "topic", "provider", "source", "verified_at", "archived",
                *(f"contact.{f}" for f in CONTACT_FIELDS), "languages_spoken", "german_terms"]
TEXT_FIELDS = ("title", "answer", "audience", "cost", "questions", "keywords")


class BadFile(ValueError):
    """The upload itself is unusable (format, size, paths); nothing was read into the base."""


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


def write_csv(entries: list[dict[str, Any]]) -> bytes:
    langs = [lang for lang in ALL_LANGUAGES
             if any(lang in (e.get("i18n") or {}) for e in entries)]
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns(langs), extrasaction="ignore")
    writer.writeheader()
    for e in sorted(entries, key=lambda x: (x["topic"], x["id"])):
        writer.writerow(to_row(e))
    return buf.getvalue().encode("utf-8-sig")  # the BOM makes Excel read UTF-8


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
        raise BadFile("file too large")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadFile("the sheet is not UTF-8 (save as CSV UTF-8)") from exc
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "id" not in reader.fieldnames:
        raise BadFile("no header row with an 'id' column")
    out = Parsed()
    for n, row in enumerate(reader, start=2):  # row 1 is the header
        out.items.append((f"row {n}", from_row(row), None, None))
    return out


def _safe_name(name: str) -> PurePosixPath | None:
    p = PurePosixPath(name)
    if p.is_absolute() or ".." in p.parts or "\\" in name:
        return None
    return p


def parse_zip(raw: bytes) -> Parsed:
    try:
        zf = zipfile.ZipFile(io.BytesIO(raw))
    except zipfile.BadZipFile as exc:
        raise BadFile("not a zip file") from exc
    infos = [i for i in zf.infolist() if not i.is_dir()]
    if len(infos) > MAX_FILES:
        raise BadFile("too many files in the zip")
    if sum(i.file_size for i in infos) > MAX_FILE_BYTES:
        raise BadFile("the zip unpacks to more than 100 MB")  # a zip bomb, or far too big
    out = Parsed()
    for info in infos:
        p = _safe_name(info.filename)
        if p is None:
            raise BadFile(f"unsafe path in zip: {info.filename!r}")
        if p.suffix not in (".yaml", ".yml"):
            continue
        with zf.open(info) as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
        if len(data) > info.file_size or len(data) > MAX_FILE_BYTES:
            raise BadFile("a file unpacks to more than it claims")
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


def parse_file(path: Path) -> Parsed:
    if path.is_dir():
        return parse_dir(path)
    raw = path.read_bytes()
    if path.suffix.lower() == ".csv":
        return parse_csv(raw)
    if path.suffix.lower() == ".zip":
        return parse_zip(raw)
    raise BadFile("use a .csv sheet, a .zip of the YAML tree, or a folder")


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


def plan(session: Session, parsed: Parsed) -> tuple[Plan | None, list[Problem]]:
    """Validate everything; nothing is changed here."""
    res = load_dicts(parsed.items)
    problems = parsed.problems + res.problems
    if problems:
        return None, problems
    have = current(session)
    entries = [e.to_dict() for e in res.entries]
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
    return Plan(new, changed, unchanged, missing, entries, diff), []


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


def report(p: Plan | None, problems: list[Problem]) -> str:
    if problems:
        lines = [f"{len(problems)} problem(s); nothing was changed:"]
        lines += [f"  {pr.file}, column {column_of(pr.field)}: {pr.message}"
                  if pr.file.startswith("row ") else f"  {pr}" for pr in problems]
        return "\n".join(lines)
    assert p is not None
    lines = [f"new: {len(p.new)}, changed: {len(p.changed)}, unchanged: {len(p.unchanged)}, "
             f"missing from the file (kept as they are): {len(p.missing)}"]
    lines += [f"  {d}" for d in p.diff[:20]]
    if len(p.diff) > 20:
        lines.append(f"  … and {len(p.diff) - 20} more")
    return "\n".join(lines)
