"""Import of a 2,000-entry spreadsheet: validate, apply in one transaction, rebuild the search
index so the next question sees it (target: under 10 s).

Run: .venv/bin/python -m bench.kb_import
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

from bot import kb_io
from bot.db import Database
from bot.knowledge_store import KnowledgeBase, seed_if_empty

ROOT = Path(__file__).resolve().parent.parent


def run(n: int = 2000) -> dict:
    db = Database(f"sqlite:///{tempfile.mkdtemp()}/import.db")
    with db.session() as s:
        seed_if_empty(s, ROOT / "knowledge")
        base = list(kb_io.current(s).values())
    entries = []
    for i in range(n):
        e = json.loads(json.dumps(base[i % len(base)]))
        e["id"] = f"{e['id'][:30]}-{i}"
        e["provider"] = f"{e['provider']} (Standort {i})"
        entries.append(e)
    sheet = kb_io.write_csv(entries)
    t0 = time.perf_counter()
    parsed = kb_io.parse_csv(sheet)
    with db.session() as s:
        plan, problems = kb_io.plan(s, parsed)
        assert not problems, problems[:3]
        t_validate = time.perf_counter() - t0
        kb_io.apply(s, plan)
    t_apply = time.perf_counter() - t0
    with db.session() as s:
        kb = KnowledgeBase.from_session(s)
    t_total = time.perf_counter() - t0
    assert kb.get(entries[-1]["id"]) is not None
    db.dispose()
    return {"entries": n, "sheet_mb": len(sheet) / 1e6, "validate_s": t_validate,
            "apply_s": t_apply - t_validate, "reindex_s": t_total - t_apply, "total_s": t_total}


def main() -> int:
    print(json.dumps(run(), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
