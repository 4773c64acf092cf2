"""Knowledge entries: the YAML format, loading and validation.

One file per offer so that a coordinator's change is one readable diff. Loading never fails as a
whole: a broken file is reported and skipped, the valid ones serve newcomers.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.topics import ALL_LANGUAGES, REQUIRED_LANGUAGES, TOPICS

_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,39}$")  # fits in 64-byte callback data
PHONE_RE = re.compile(r"^(\+|\()?[0-9][0-9 /()\-]{1,30}[0-9)]$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
URL_RE = re.compile(r"^https?://[^\s/$.?#][^\s]*\.[^\s]+$", re.IGNORECASE)
# Magdeburg's city area with a small margin: a pin outside this is a typo, not an offer here.
LAT_RANGE = (52.03, 52.23)
LON_RANGE = (11.50, 11.78)
TEXT_FIELDS = ("title", "answer", "audience", "cost")
LIST_FIELDS = ("questions", "keywords")
CONTACT_FIELDS = ("address", "district", "lat", "lon", "phone", "email", "website", "opening_hours")


@dataclass(frozen=True)
class Problem:
    """One validation finding, located by file and field so a coordinator can fix it."""

    file: str
    field: str
    message: str  # English: the command line's text and the log's
    #: what went wrong, for the bot to say it in the reader's language (messages_coord.problem)
    code: str = ""
    args: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    def __str__(self) -> str:
        return f"{self.file}: {self.field}: {self.message}"


@dataclass
class Contact:
    address: str = ""
    district: str = ""
    lat: float | None = None
    lon: float | None = None
    phone: str = ""
    email: str = ""
    website: str = ""
    opening_hours: str = ""


@dataclass
class Localized:
    title: str
    answer: str
    audience: str = ""
    cost: str = ""
    questions: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)


@dataclass
class Entry:
    id: str
    topic: str
    provider: str
    contact: Contact
    i18n: dict[str, Localized]
    languages_spoken: list[str] = field(default_factory=list)
    german_terms: list[str] = field(default_factory=list)
    source: list[str] = field(default_factory=list)
    verified_at: dt.date | None = None
    archived: bool = False

    def text(self, lang: str, fallback: str = "de") -> tuple[Localized, str]:
        """The entry in `lang`, else the fallback language; returns the language actually used."""
        if lang in self.i18n:
            return self.i18n[lang], lang
        if fallback in self.i18n:
            return self.i18n[fallback], fallback
        first = next(iter(self.i18n))
        return self.i18n[first], first

    def to_dict(self) -> dict[str, Any]:
        """The YAML shape of the entry (inverse of `entry_from_dict`)."""
        c = self.contact
        return {
            "id": self.id,
            "topic": self.topic,
            "provider": self.provider,
            "source": list(self.source),
            "verified_at": self.verified_at.isoformat() if self.verified_at else None,
            "archived": self.archived,
            "contact": {
                "address": c.address, "district": c.district, "lat": c.lat, "lon": c.lon,
                "phone": c.phone, "email": c.email, "website": c.website,
                "opening_hours": c.opening_hours,
            },
            "languages_spoken": list(self.languages_spoken),
            "german_terms": list(self.german_terms),
            "i18n": {
                lang: {
                    k: v
                    for k, v in (
                        ("title", loc.title), ("answer", loc.answer),
                        ("audience", loc.audience), ("cost", loc.cost),
                        ("questions", list(loc.questions)), ("keywords", list(loc.keywords)),
                    )
                    if v or k in ("title", "answer")
                }
                for lang, loc in self.i18n.items()
            },
        }


def _s(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _strlist(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if isinstance(value, list):
        # each item is converted and stripped once: an import of thousands of entries in
        # sixteen languages runs this for every example question and keyword
        return [s for s in (str(v).strip() for v in value if v is not None) if s]
    return []


def validate_dict(data: Any, file: str, *, expected_topic: str | None = None,
                  expected_id: str | None = None,
                  today: dt.date | None = None,
                  required: Iterable[str] = REQUIRED_LANGUAGES) -> list[Problem]:
    """Every problem of one entry, each with its field; empty list means valid.

    `required` is every supported language for the curated files; an entry a coordinator adds in
    the bot starts in German (the others fall back to German and English, saying so)."""
    probs: list[Problem] = []

    def bad(fld: str, msg: str, code: str, **args: object) -> None:
        probs.append(Problem(file, fld, msg, code, {k: str(v) for k, v in args.items()}))

    if not isinstance(data, dict):
        bad("(file)", "not a YAML mapping", "not-mapping")
        return probs
    eid = data.get("id")
    if not isinstance(eid, str) or not ID_RE.match(eid):
        bad("id", f"missing or malformed id {eid!r} (lowercase letters, digits, '-')", "bad-id",
            value=eid if eid is not None else "")
    elif expected_id and eid != expected_id:
        bad("id", f"id {eid!r} differs from the file name {expected_id!r}", "id-file",
            value=eid, other=expected_id)
    topic = data.get("topic")
    if topic not in TOPICS:
        bad("topic", f"unknown topic {topic!r}", "unknown-topic", value=topic or "")
    elif expected_topic and topic != expected_topic:
        bad("topic", f"topic {topic!r} differs from its folder {expected_topic!r}", "topic-folder",
            value=topic, other=expected_topic)
    if not _s(data.get("provider")):
        bad("provider", "empty provider", "empty-provider")
    contact = data.get("contact") or {}
    if not isinstance(contact, dict):
        bad("contact", "must be a mapping", "not-mapping")
        contact = {}
    for key in contact:
        if key not in CONTACT_FIELDS:
            bad(f"contact.{key}", "unknown contact field", "unknown-contact")
    phone = _s(contact.get("phone"))
    if phone and not PHONE_RE.match(phone):
        bad("contact.phone", f"malformed phone number {phone!r}", "bad-phone", value=phone)
    email = _s(contact.get("email"))
    if email and not EMAIL_RE.match(email):
        bad("contact.email", f"malformed e-mail address {email!r}", "bad-email", value=email)
    website = _s(contact.get("website"))
    if website and not URL_RE.match(website):
        bad("contact.website", f"malformed URL {website!r} (must start with http:// or https://)",
            "bad-url", value=website)
    lat, lon = contact.get("lat"), contact.get("lon")
    lat = None if lat == "" else lat
    lon = None if lon == "" else lon
    if (lat is None) != (lon is None):
        bad("contact.lat" if lat is None else "contact.lon", "give both lat and lon, or neither", "lat-lon-pair")
    elif lat is not None:
        try:
            flat, flon = float(lat), float(lon)
        except (TypeError, ValueError):
            bad("contact.lat", "coordinates must be numbers", "coords-number")
        else:
            if not (LAT_RANGE[0] <= flat <= LAT_RANGE[1] and LON_RANGE[0] <= flon <= LON_RANGE[1]):
                bad("contact.lat", f"coordinates {flat}, {flon} lie outside Magdeburg",
                    "coords-outside", value=f"{flat}, {flon}")
    for key in ("source",):
        for url in _strlist(data.get(key)):
            if url.startswith(("http", "www")) and not URL_RE.match(url):
                bad(key, f"malformed URL {url!r}", "bad-url", value=url)
    va = data.get("verified_at")
    if va not in (None, ""):
        if isinstance(va, str):
            try:
                va = dt.date.fromisoformat(va)
            except ValueError:
                bad("verified_at", f"not a date (YYYY-MM-DD): {va!r}", "bad-date", value=va)
                va = None
        if isinstance(va, dt.datetime):
            va = va.date()
        if va is not None and not isinstance(va, dt.date):
            bad("verified_at", "not a date (YYYY-MM-DD)", "bad-date", value=va)
        elif va is not None and va > (today or dt.date.today()):
            bad("verified_at", f"date {va.isoformat()} lies in the future", "future-date",
                value=va.isoformat())
    spoken = _strlist(data.get("languages_spoken"))
    for code in spoken:
        if not re.fullmatch(r"[a-z]{2,3}", code):
            bad("languages_spoken", f"not a language code: {code!r}", "bad-lang-code", value=code)
    i18n = data.get("i18n")
    if not isinstance(i18n, dict):
        bad("i18n", "missing texts (i18n mapping per language)", "missing-i18n")
        return probs
    for lang in required:
        if lang not in i18n:
            bad(f"i18n.{lang}", "missing language", "missing-language")
    for lang, loc in i18n.items():
        if lang not in ALL_LANGUAGES:
            bad(f"i18n.{lang}", "unsupported language code", "unsupported-language")
            continue
        if not isinstance(loc, dict):
            bad(f"i18n.{lang}", "must be a mapping with title and answer", "not-mapping")
            continue
        if not _s(loc.get("title")):
            bad(f"i18n.{lang}.title", "empty title", "empty-title")
        if not _s(loc.get("answer")):
            bad(f"i18n.{lang}.answer", "empty answer text", "empty-answer")
        for key in LIST_FIELDS:
            val = loc.get(key)
            if val is not None and not isinstance(val, list | str):
                bad(f"i18n.{lang}.{key}", "must be a list of strings", "not-list")
    return probs


def entry_from_dict(data: dict[str, Any]) -> Entry:
    """Build an Entry from an already validated mapping."""
    contact = data.get("contact") or {}
    va = data.get("verified_at")
    if isinstance(va, str) and va:
        va = dt.date.fromisoformat(va)
    elif isinstance(va, dt.datetime):
        va = va.date()
    elif not isinstance(va, dt.date):
        va = None
    lat, lon = contact.get("lat"), contact.get("lon")
    lat = None if lat == "" else lat
    lon = None if lon == "" else lon
    i18n = {}
    for lang, loc in (data.get("i18n") or {}).items():
        i18n[lang] = Localized(
            title=_s(loc.get("title")),
            answer=_s(loc.get("answer")),
            audience=_s(loc.get("audience")),
            cost=_s(loc.get("cost")),
            questions=_strlist(loc.get("questions")),
            keywords=_strlist(loc.get("keywords")),
        )
    return Entry(
        id=data["id"],
        topic=data["topic"],
        provider=_s(data.get("provider")),
        contact=Contact(
            address=_s(contact.get("address")),
            district=_s(contact.get("district")),
            lat=float(lat) if lat is not None else None,
            lon=float(lon) if lon is not None else None,
            phone=_s(contact.get("phone")),
            email=_s(contact.get("email")),
            website=_s(contact.get("website")),
            opening_hours=_s(contact.get("opening_hours")),
        ),
        i18n=i18n,
        languages_spoken=_strlist(data.get("languages_spoken")),
        german_terms=_strlist(data.get("german_terms")),
        source=_strlist(data.get("source")),
        verified_at=va,
        archived=data.get("archived") is True,
    )


@dataclass
class LoadResult:
    entries: list[Entry]
    problems: list[Problem]
    skipped: list[str]


def _parse_file(path: Path) -> tuple[Any, Problem | None]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, Problem(str(path), "(file)", f"cannot read: {exc}", "unreadable")
    try:
        # the C loader when libyaml is there (ten times faster); both construct no objects
        return yaml.load(text, Loader=_SafeLoader), None
    except ValueError as exc:  # e.g. an impossible date such as 2025-02-30
        return None, Problem(str(path), "(file)", f"invalid value: {exc}", "unreadable")
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        return None, Problem(str(path), "(file)", f"invalid YAML{where}", "bad-yaml",
                             {"line": str(mark.line + 1) if mark else "?"})


def load_dicts(items: Iterable[tuple[str, Any, str | None, str | None]],
               today: dt.date | None = None) -> LoadResult:
    """Validate (name, data, topic-from-folder, id-from-file) items; keep the valid ones."""
    entries: list[Entry] = []
    problems: list[Problem] = []
    skipped: list[str] = []
    seen: dict[str, str] = {}
    for name, data, folder_topic, file_id in items:
        probs = validate_dict(data, name, expected_topic=folder_topic, expected_id=file_id,
                              today=today)
        if not probs and data["id"] in seen:
            probs = [Problem(name, "id", f"duplicate id {data['id']!r} (also in {seen[data['id']]})",
                             "duplicate-id", {"value": data["id"], "other": seen[data["id"]]})]
        if probs:
            problems.extend(probs)
            skipped.append(name)
            continue
        seen[data["id"]] = name
        entries.append(entry_from_dict(data))
    return LoadResult(entries, problems, skipped)


def load_dir(directory: str | Path, today: dt.date | None = None) -> LoadResult:
    """Load every `<topic>/<id>.yaml` under directory."""
    root = Path(directory)
    items: list[tuple[str, Any, str | None, str | None]] = []
    pre: list[Problem] = []
    skipped: list[str] = []
    if not root.is_dir():
        return LoadResult([], [Problem(str(root), "(dir)", "knowledge directory not found")], [])
    for path in sorted(root.rglob("*.yaml")) + sorted(root.rglob("*.yml")):
        rel = path.relative_to(root)
        data, prob = _parse_file(path)
        if prob:
            pre.append(prob)
            skipped.append(str(path))
            continue
        folder = rel.parts[0] if len(rel.parts) > 1 else None
        items.append((str(path), data, folder, path.stem))
    res = load_dicts(items, today=today)
    return LoadResult(res.entries, pre + res.problems, skipped + res.skipped)
