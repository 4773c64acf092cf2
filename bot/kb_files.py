"""Knowledge files on disk: validation report, export and import (command line side)."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from bot.knowledge import load_dir


def validate_command(directory: Path) -> int:
    res = load_dir(directory)
    for prob in res.problems:
        print(str(prob))
    topics = Counter(e.topic for e in res.entries)
    print(f"{len(res.entries)} valid entries in {len(topics)} topics; "
          f"{len(res.skipped)} skipped, {len(res.problems)} problems", file=sys.stderr)
    return 1 if res.problems else 0


def _db():
    from bot.config import load_settings
    from bot.db import Database
    from bot.knowledge_store import seed_if_empty

    settings = load_settings()
    db = Database(settings.database_url)
    with db.session() as session:
        seed_if_empty(session, settings.knowledge_dir)
    return db


def export_command(path: Path, fmt: str | None) -> int:
    """Write the living knowledge base: .csv sheet, .zip of the YAML tree, or a folder."""
    from bot import kb_io

    fmt = fmt or ("csv" if path.suffix.lower() == ".csv" else "yaml")
    db = _db()
    with db.session() as session:
        entries = list(kb_io.current(session).values())
    db.dispose()
    if fmt == "csv":
        path.write_bytes(kb_io.write_csv(entries))
    elif path.suffix.lower() == ".zip":
        path.write_bytes(kb_io.write_yaml_zip(entries))
    else:
        kb_io.write_yaml_dir(entries, path)
    print(f"{len(entries)} entries written to {path}", file=sys.stderr)
    return 0


def import_command(path: Path, yes: bool = False) -> int:
    """Validate a sheet, zip or folder and report; with --yes apply it in one transaction."""
    from bot import kb_io

    if not path.exists():
        print(f"lotsenbot: no such file {path}", file=sys.stderr)
        return 2
    try:
        parsed = kb_io.parse_file(path)
    except kb_io.BadFile as exc:
        print(f"lotsenbot: {exc}", file=sys.stderr)
        return 2
    db = _db()
    try:
        with db.session() as session:
            p, problems = kb_io.plan(session, parsed)
            print(kb_io.report(p, problems))
            if problems:
                return 2
            if not yes:
                print("nothing applied yet: run again with --yes to apply", file=sys.stderr)
                return 0
            kb_io.apply(session, p, note=f"import {path.name}")
        print("applied; the previous version is kept (lotsenbot kb restore)", file=sys.stderr)
        return 0
    finally:
        db.dispose()


def restore_command() -> int:
    from bot import kb_io

    db = _db()
    try:
        with db.session() as session:
            snap = kb_io.restore(session)
        print(f"restored the version from before: {snap.note}", file=sys.stderr)
        return 0
    except kb_io.BadFile as exc:
        print(f"lotsenbot: {exc}", file=sys.stderr)
        return 2
    finally:
        db.dispose()
