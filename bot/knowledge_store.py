"""Where the bot's knowledge comes from at run time."""

from __future__ import annotations

import logging
from pathlib import Path

from bot.knowledge import load_dir
from bot.search import SearchIndex

log = logging.getLogger(__name__)


def load_index_for_cli(knowledge_dir: Path, default_language: str) -> SearchIndex:
    res = load_dir(knowledge_dir)
    for name in res.skipped:
        log.warning("skipped invalid knowledge entry %s", name)
    return SearchIndex(res.entries, default_language)
