"""Coordinators keep the living knowledge base current: find, edit one field in one language,
add, archive, mark verified, add an example question. Every change is validated like a file
would be, written with an audit record in one transaction, and the caller swaps the search index
(KnowledgeBase.reload), so the next question is answered from the new text.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import audit
from bot.guides import require_coordinator
from bot.knowledge import ALL_LANGUAGES, Problem, validate_dict
from bot.knowledge_store import LIVE_REQUIRED
from bot.models import KbEntry, User, utcnow
from bot.normalize import normalize

STALE_DAYS = 365
MAX_FIELD_CHARS = 3500  # an answer card must still fit one Telegram message


@dataclass(frozen=True)
class Field:
    code: str  # short, for callback data
    path: tuple[str, ...]  # inside the entry; "{lang}" is replaced by the language
    per_language: bool = False
    is_list: bool = False


FIELDS: dict[str, Field] = {f.code: f for f in (
    Field("title", ("i18n", "{lang}", "title"), per_language=True),
    Field("answer", ("i18n", "{lang}", "answer"), per_language=True),
    Field("questions", ("i18n", "{lang}", "questions"), per_language=True, is_list=True),
    Field("keywords", ("i18n", "{lang}", "keywords"), per_language=True, is_list=True),
    Field("audience", ("i18n", "{lang}", "audience"), per_language=True),
    Field("cost", ("i18n", "{lang}", "cost"), per_language=True),
    Field("provider", ("provider",)),
    Field("address", ("contact", "address")),
    Field("district", ("contact", "district")),
    Field("phone", ("contact", "phone")),
    Field("email", ("contact", "email")),
    Field("website", ("contact", "website")),
    Field("hours", ("contact", "opening_hours")),
)}
#: typed by a coordinator to empty a field (unknown stays empty rather than guessed)
CLEAR_WORDS = frozenset({"-", "–", "leer", "empty", "none"})


class EditError(ValueError):
    """The change cannot be made; `problems` says why, by field."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


def get(session: Session, entry_id: str) -> KbEntry | None:
    return session.get(KbEntry, entry_id)


def title_of(data: dict[str, Any], lang: str) -> str:
    i18n = data.get("i18n") or {}
    for code in (lang, "de", "en", *i18n):
        if code in i18n and i18n[code].get("title"):
            return str(i18n[code]["title"])
    return str(data.get("id", ""))


@dataclass(frozen=True)
class Summary:
    """What lists of entries show (id, titles, verification), read without the answers: the
    whole JSON of 2,000 entries takes seconds to load, these columns a fraction of it."""

    id: str
    topic: str
    archived: bool
    provider: str
    verified_at: str | None
    titles: dict[str, str]

    def title(self, lang: str) -> str:
        for code in (lang, "de", "en", *self.titles):
            if self.titles.get(code):
                return self.titles[code]
        return self.id


def summaries(session: Session, *where: Any) -> list[Summary]:
    """Every entry (or those matching `where`) ordered by topic and id; the JSON fields are
    picked by the database (json_extract in SQLite, #>> in PostgreSQL)."""
    langs = list(ALL_LANGUAGES)
    cols = [KbEntry.data["provider"].as_string(), KbEntry.data["verified_at"].as_string(),
            *(KbEntry.data[("i18n", lang, "title")].as_string() for lang in langs)]
    stmt = (select(KbEntry.id, KbEntry.topic, KbEntry.archived, *cols).where(*where)
            .order_by(KbEntry.topic, KbEntry.id))
    out = []
    for eid, topic, archived, provider, verified, *titles in session.execute(stmt):
        out.append(Summary(eid, topic, bool(archived), provider or "", verified or None,
                           {lang: t for lang, t in zip(langs, titles, strict=True) if t}))
    return out


@functools.lru_cache(maxsize=20_000)
def _haystack(text: str) -> str:
    """Titles change rarely and normalising 2,000 of them costs most of a search: keep them."""
    return normalize(text)


def find(session: Session, query: str, limit: int = 10) -> list[Summary]:
    """Entries whose id, provider or title in any language contains every word of the query
    (normalised, so 'beratung' finds 'Beratung' and Arabic without tashkeel finds it with)."""
    words = normalize(query).split()
    rows = summaries(session)
    if not words:
        return rows[:limit]
    out = []
    for row in rows:
        hay = _haystack(" ".join([row.id.replace("-", " "), row.provider, *row.titles.values()]))
        if all(w in hay for w in words):
            out.append(row)
            if len(out) >= limit:
                break
    return out


def _path(fld: Field, lang: str | None) -> tuple[str, ...]:
    if fld.per_language and not lang:
        raise ValueError(f"field {fld.code} needs a language")
    return tuple(p.replace("{lang}", lang or "") for p in fld.path)


def value(data: dict[str, Any], code: str, lang: str | None = None) -> str:
    """The current value as a coordinator would type it (lists one per line)."""
    node: Any = data
    for key in _path(FIELDS[code], lang):
        node = node.get(key) if isinstance(node, dict) else None
    if node is None:
        return ""
    if isinstance(node, list):
        return "\n".join(str(x) for x in node)
    return str(node)


def with_value(data: dict[str, Any], code: str, lang: str | None, text: str) -> dict[str, Any]:
    """A copy of the entry with one field set; the stored entry is untouched until `save`."""
    fld = FIELDS[code]
    new = copy.deepcopy(data)
    text = text.strip()
    if text.lower() in CLEAR_WORDS:
        text = ""
    path = _path(fld, lang)
    node = new
    for key in path[:-1]:
        node = node.setdefault(key, {})
        if not isinstance(node, dict):
            raise EditError([Problem(new.get("id", "?"), ".".join(path), "not a mapping", "not-mapping")])
    if fld.is_list:
        node[path[-1]] = [x.strip(" •-\t") for x in re.split(r"[\n|]", text) if x.strip(" •-\t")]
    else:
        node[path[-1]] = text
    return new


def problems_of(data: dict[str, Any]) -> list[Problem]:
    probs = validate_dict(data, str(data.get("id", "?")), required=LIVE_REQUIRED)
    for lang, loc in (data.get("i18n") or {}).items():
        if isinstance(loc, dict) and len(str(loc.get("answer", ""))) > MAX_FIELD_CHARS:
            probs.append(Problem(str(data.get("id")), f"i18n.{lang}.answer",
                                 f"longer than {MAX_FIELD_CHARS} characters", "too-long",
                                 {"n": str(MAX_FIELD_CHARS)}))
    return probs


def save(session: Session, actor: User, data: dict[str, Any], action: str,
         **detail: Any) -> KbEntry:
    """Validate and store a whole entry (new or changed), with its audit record."""
    require_coordinator(actor)
    probs = problems_of(data)
    if probs:
        raise EditError(probs)
    row = session.get(KbEntry, data["id"], with_for_update=True)
    if row is None:
        row = KbEntry(id=data["id"], topic=data["topic"], data=data,
                      archived=bool(data.get("archived")), updated_at=utcnow())
        session.add(row)
    else:
        row.data, row.topic, row.archived = data, data["topic"], bool(data.get("archived"))
        row.updated_at = utcnow()
    audit.record(session, actor, action, data["id"], **detail)
    session.flush()
    return row


def set_field(session: Session, actor: User, entry_id: str, code: str, lang: str | None,
              text: str) -> KbEntry:
    row = session.get(KbEntry, entry_id)
    if row is None:
        raise EditError([Problem(entry_id, "id", "no such entry", "no-entry")])
    return save(session, actor, with_value(row.data, code, lang, text), "kb-edit",
                field=code, lang=lang)


def verify(session: Session, actor: User, entry_id: str, today: dt.date) -> KbEntry:
    row = session.get(KbEntry, entry_id)
    if row is None:
        raise EditError([Problem(entry_id, "id", "no such entry", "no-entry")])
    data = dict(row.data, verified_at=today.isoformat())
    return save(session, actor, data, "kb-verify")


def set_archived(session: Session, actor: User, entry_id: str, archived: bool) -> KbEntry:
    row = session.get(KbEntry, entry_id)
    if row is None:
        raise EditError([Problem(entry_id, "id", "no such entry", "no-entry")])
    data = dict(row.data, archived=archived)
    return save(session, actor, data, "kb-archive" if archived else "kb-unarchive")


def add_example(session: Session, actor: User, entry_id: str, lang: str, question: str
                ) -> KbEntry:
    """A newcomer's real wording becomes an example question, the strongest search field."""
    row = session.get(KbEntry, entry_id)
    if row is None:
        raise EditError([Problem(entry_id, "id", "no such entry", "no-entry")])
    data = copy.deepcopy(row.data)
    loc = data.setdefault("i18n", {}).get(lang)
    if loc is None:
        # the entry has no text in that language yet: keep the question with the German text,
        # which is what a reader of that language is shown meanwhile
        loc = data["i18n"]["de"]
    qs = list(loc.get("questions") or [])
    if question.strip() not in qs:
        qs.append(question.strip())
    loc["questions"] = qs
    return save(session, actor, data, "kb-add-example", lang=lang)


def slug(text: str) -> str:
    ascii_ = unicodedata.normalize("NFKD", text.replace("ß", "ss")).encode("ascii", "ignore")
    s = re.sub(r"[^a-z0-9]+", "-", ascii_.decode().lower()).strip("-")
    return s[:32].strip("-") or "entry"


def unique_id(session: Session, title: str) -> str:
    base = slug(title)
    if len(base) < 2:
        base = f"entry-{base}"
    candidate, n = base, 2
    while session.get(KbEntry, candidate) is not None:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def new_entry(session: Session, topic: str, title: str, answer: str, provider: str,
              question: tuple[str, str] | None = None) -> dict[str, Any]:
    """A new entry in German, ready for preview; `question` is (language, text) when it is
    started from a question the bot could not answer."""
    data: dict[str, Any] = {
        "id": unique_id(session, title), "topic": topic, "provider": provider.strip(),
        "source": ["Koordination (Lotsenbot)"], "verified_at": utcnow().date().isoformat(),
        "archived": False,
        "contact": {"address": "", "district": "", "lat": None, "lon": None, "phone": "",
                    "email": "", "website": "", "opening_hours": ""},
        "languages_spoken": [], "german_terms": [],
        "i18n": {"de": {"title": title.strip(), "answer": answer.strip(), "questions": []}},
    }
    if question is not None:
        # kept with the German text until a translation exists; the search reads every
        # language's questions, so the newcomer's own wording finds the entry at once
        data["i18n"]["de"]["questions"].append(question[1].strip())
    return data


def stale(session: Session, today: dt.date, days: int = STALE_DAYS) -> list[Summary]:
    """Live entries never verified or verified more than `days` ago, oldest first."""
    cutoff = today - dt.timedelta(days=days)
    out = []
    for row in summaries(session, KbEntry.archived.is_(False)):
        try:
            day = dt.date.fromisoformat(row.verified_at) if row.verified_at else None
        except (TypeError, ValueError):
            day = None
        if day is None or day < cutoff:
            out.append((day or dt.date.min, row.id, row))
    return [r for _, _, r in sorted(out, key=lambda t: (t[0], t[1]))]
