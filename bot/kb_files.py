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


def export_command(path: Path, fmt: str | None) -> int:
    print("lotsenbot: kb export is not available yet", file=sys.stderr)
    return 2


def import_command(path: Path, yes: bool = False) -> int:
    print("lotsenbot: kb import is not available yet", file=sys.stderr)
    return 2
