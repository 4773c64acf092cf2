"""The `lotsenbot` command line (a stable contract, see PRODUCT.md).

Exit status: 0 success, 1 validation problems found, 2 bad input or configuration.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bot.config import ConfigError, load_settings


def _print_err(msg: str) -> None:
    print(f"lotsenbot: {msg}", file=sys.stderr)


def _load_index(knowledge_dir: Path, default_language: str):
    from bot.knowledge_store import load_index_for_cli

    return load_index_for_cli(knowledge_dir, default_language)


def cmd_ask(args: argparse.Namespace) -> int:
    from bot.answers import BadQuestion, ask, check_question

    settings = load_settings()
    if args.jsonl:
        if args.text:
            _print_err("give either a question or --jsonl, not both")
            return 2
        index = _load_index(settings.knowledge_dir, settings.default_language)
        status = 0
        for lineno, line in enumerate(sys.stdin, 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                if not isinstance(item, dict):
                    raise BadQuestion("each line must be a JSON object")
                out = ask(index, item.get("text"), item.get("lang", args.lang))
            except json.JSONDecodeError as exc:
                out = {"error": f"line {lineno}: invalid JSON ({exc.msg})"}
                status = 2
            except BadQuestion as exc:
                out = {"error": f"line {lineno}: {exc}"}
                status = 2
            print(json.dumps(out, ensure_ascii=False), flush=False)
        sys.stdout.flush()
        return status
    if args.text is None:
        return _interactive(settings, args.lang)
    try:
        text, lang = check_question(args.text, args.lang)
    except BadQuestion as exc:
        _print_err(str(exc))
        return 2
    index = _load_index(settings.knowledge_dir, settings.default_language)
    result = index.search(text, lang)
    if args.json:
        from bot.answers import result_json

        print(json.dumps(result_json(result), ensure_ascii=False))
        return 0
    print(_human(result))
    return 0


def _human(result) -> str:
    from bot.answers import result_json

    data = result_json(result)
    lines = []
    if not result.answered:
        lines.append("(no good answer; nearest entries below)" if data["hits"] else "(no answer)")
    best = result.best
    if best and result.answered:
        loc, _ = best.entry.text(result.lang)
        c = best.entry.contact
        lines += [f"{loc.title}", "", loc.answer, ""]
        for label, value in (("Address", c.address), ("Phone", c.phone), ("Website", c.website),
                             ("Hours", c.opening_hours)):
            if value:
                lines.append(f"{label}: {value}")
        lines.append("")
    for hit in data["hits"]:
        lines.append(f"  {hit['score']:3d}  {hit['topic']:<22} {hit['id']}  {hit['title']}")
    return "\n".join(lines)


def _interactive(settings, lang: str | None) -> int:
    index = _load_index(settings.knowledge_dir, settings.default_language)
    print("Lotsenbot – ask a question (empty line or Ctrl-D to quit)")
    while True:
        try:
            line = input("? ").strip()
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
        if not line:
            return 0
        print(_human(index.search(line, lang)))


def cmd_kb(args: argparse.Namespace) -> int:
    from bot import kb_files, kb_io

    if args.kb_command == "validate":
        settings = load_settings()
        directory = Path(args.dir) if args.dir else settings.knowledge_dir
        return kb_files.validate_command(directory)
    if args.kb_command == "export":
        path = Path(args.file)
        fmt = kb_io.export_format(path, args.format)
        if fmt == "xlsx":
            return _kb_export_xlsx(path)
        return kb_files.export_command(path, fmt)
    if args.kb_command == "import":
        return kb_files.import_command(Path(args.file), yes=args.yes)
    if args.kb_command == "restore":
        return kb_files.restore_command()
    return 2


def _kb_export_xlsx(path: Path) -> int:
    """Excel export lives here until kb_files.export_command hands every format to
    kb_io.write_export."""
    from bot import kb_files, kb_io

    db = kb_files._db()
    try:
        with db.session() as session:
            entries = list(kb_io.current(session).values())
    finally:
        db.dispose()
    try:
        kb_io.write_export(entries, path, "xlsx")
    except (ValueError, OSError) as exc:
        _print_err(str(exc))
        return 2
    print(f"{len(entries)} entries written to {path}", file=sys.stderr)
    return 0


def cmd_db(args: argparse.Namespace) -> int:
    from bot.db import upgrade

    settings = load_settings()
    upgrade(settings.database_url)
    print("database is up to date")
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    from bot.main import run

    return run(load_settings())


def cmd_chat(args: argparse.Namespace) -> int:
    from bot.terminal import chat

    return chat(load_settings(), role=args.as_role, lang=args.lang)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="lotsenbot", description="Lotsenbot for Magdeburg")
    sub = p.add_subparsers(dest="command", required=True)
    sp = sub.add_parser("run", help="run the bot (polling, or webhook when WEBHOOK_URL is set)")
    sp.set_defaults(func=cmd_run)
    sp = sub.add_parser("chat", help="local terminal chat without a token")
    sp.add_argument("--as", dest="as_role", choices=["newcomer", "guide", "coordinator"],
                    default="newcomer")
    sp.add_argument("--lang", default=None)
    sp.set_defaults(func=cmd_chat)
    sp = sub.add_parser("ask", help="answer a question from the knowledge base")
    sp.add_argument("text", nargs="?")
    sp.add_argument("--lang", default=None)
    sp.add_argument("--json", action="store_true")
    sp.add_argument("--jsonl", action="store_true", help="batch: JSON lines on stdin")
    sp.set_defaults(func=cmd_ask)
    sp = sub.add_parser("kb", help="knowledge base files")
    kb = sp.add_subparsers(dest="kb_command", required=True)
    k = kb.add_parser("validate")
    k.add_argument("dir", nargs="?")
    k = kb.add_parser("import")
    k.add_argument("file")
    k.add_argument("--yes", action="store_true", help="apply without asking")
    k = kb.add_parser("export")
    k.add_argument("file")
    k.add_argument("--format", choices=["yaml", "csv", "xlsx"], default=None,
                   help="default: from the file name (.csv, .xlsx; otherwise yaml: .zip or folder)")
    kb.add_parser("restore", help="undo the last import")
    sp.set_defaults(func=cmd_kb)
    sp = sub.add_parser("db", help="database")
    db = sp.add_subparsers(dest="db_command", required=True)
    db.add_parser("upgrade")
    sp.set_defaults(func=cmd_db)
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse already printed the usage line
        return int(exc.code or 0) if exc.code in (0, None) else 2
    if args.command == "ask" and args.lang is not None:
        from bot.topics import ALL_LANGUAGES

        if args.lang not in ALL_LANGUAGES:
            _print_err(f"unsupported language {args.lang!r}; use one of {', '.join(ALL_LANGUAGES)}")
            return 2
    try:
        return int(args.func(args))
    except ConfigError as exc:
        _print_err(str(exc))
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
