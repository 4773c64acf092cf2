"""Import of a 2,000-entry spreadsheet along the bot's own path (target: under 10 s, and the
search reflects it at once).

Step 1, the upload: parse the sheet, validate every row, compare with the base and keep the
validated entries (KbUpload) until the coordinator confirms. Step 2, "Apply": compare again,
apply in one transaction after a snapshot, swap the running search index. The running bot has
the 73 real entries indexed already, as it would.

Two sheets: "copies" (2,000 entries made from the real ones with new ids and providers, so much
of the vocabulary repeats, as in a real base) and "new text" (every entry also gets its own
sentence in every language, so every string is new to the index).

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
from bot.models import KbUpload

ROOT = Path(__file__).resolve().parent.parent
WORDS = ["Beratung", "Termin", "Kurs", "Hilfe", "Wohnung", "Arbeit", "Schule", "Kita", "Amt", "Antrag", "Gesundheit", "Sprache", "Familie", "Kinder", "Treffpunkt", "Verein", "Sport", "Musik", "Garten", "Nachbarschaft", "Fahrrad", "Computer", "Bewerbung", "Praktikum", "Ausbildung", "Lesen", "Schreiben", "Mathe", "Frauen", "Jugend"]


def _sheet(base: list[dict], n: int, new_text: bool) -> tuple[bytes, list[dict]]:
    entries = []
    for i in range(n):
        e = json.loads(json.dumps(base[i % len(base)]))
        e["id"] = f"{e['id'][:30]}-{i}"
        e["provider"] = f"{e['provider']} (Standort {i})"
        if new_text:
            extra = " ".join(WORDS[(i * 7 + k) % len(WORDS)] + str(i) for k in range(6))
            for loc in e["i18n"].values():
                loc["answer"] = f"{loc['answer']} {extra}."
                loc["questions"] = [*loc.get("questions", []), f"{extra}?"]
        entries.append(e)
    return kb_io.write_csv(entries), entries


def run_one(n: int, new_text: bool) -> dict:
    db = Database(f"sqlite:///{tempfile.mkdtemp()}/import.db")
    with db.session() as s:
        seed_if_empty(s, ROOT / "knowledge")
        s.commit()
        base = list(kb_io.current(s).values())
        kb = KnowledgeBase.from_session(s)  # the running bot's index
    sheet, entries = _sheet(base, n, new_text)

    t0 = time.perf_counter()  # the upload: report, nothing changed yet
    parsed = kb_io.parse_upload("angebote.csv", sheet)
    with db.session() as s:
        plan, problems = kb_io.plan(s, parsed)
        assert not problems and plan is not None, problems[:3]
        upload = KbUpload(coordinator_id=1, filename="angebote.csv", entries=plan.entries)
        s.add(upload)
        s.commit()
        upload_id = upload.id
        kept = plan.entries  # the bot keeps them in memory until "Apply" (kb_admin._PENDING)
    t_report = time.perf_counter() - t0

    t1 = time.perf_counter()  # "Apply"
    with db.session() as s:
        upload = s.get(KbUpload, upload_id)
        plan = kb_io.compare(s, kept)
        kb_io.apply(s, plan, note="bench")
        upload.status, upload.entries = "applied", []
        s.commit()
        t_apply = time.perf_counter() - t1
        kb.merge(s, plan.entries)  # as the bot does after "Apply"
    t_confirm = time.perf_counter() - t1
    last = entries[-1]
    hit = kb.index.search(last["i18n"]["de"]["questions"][-1], "de").hits[0].entry.id
    db.dispose()
    return {"entries": n, "sheet_mb": round(len(sheet) / 1e6, 1),
            "report_s": round(t_report, 2), "apply_s": round(t_apply, 2),
            "reindex_s": round(t_confirm - t_apply, 2), "confirm_s": round(t_confirm, 2),
            "total_s": round(t_report + t_confirm, 2), "found_new_entry": hit == last["id"]
            or hit.startswith(last["id"].rsplit("-", 1)[0])}


def run(n: int = 2000) -> dict:
    return {"copies": run_one(n, new_text=False), "new text": run_one(n, new_text=True)}


def main() -> int:
    print(json.dumps(run(), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
