"""Figures for coordinators and the city's yearly report: aggregates only, never a person.

Every figure is a count from a GROUP BY in the database; no name, message or note is read. What
leaves this module as text or CSV goes through `show`, which prints a count of 1 to 4 as "< 5":
small groups (three Pashto-speaking newcomers in one district) could point to a person. Zero is
printed as "0", because nobody can be recognised in an empty group and the report needs to say
"none". A rate or median built on fewer than five items, or whose parts are such small groups, is
printed as "–" (a rate of 75 % from four questions would give the counts away again).

Cell suppression protects each figure on its own; a total minus the shown parts of a breakdown
can still bound a "< 5" cell. Totals are kept because the city reports them, and the residue says
"a few", not who.

Time windows are half-open [start, end) and given as aware datetimes; periods follow the local
calendar (Europe/Berlin), so a question at 23:30 on 31 December belongs to that year.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import statistics
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from bot.messages import Tr, topic_name
from bot.models import Appointment, Case, GuideRequest, Proposal, Question, User, utcnow
from bot.topics import TOPICS

#: Smallest count printed as a number.
MIN_COUNT = 5
SMALL = "< 5"
NOT_SHOWN = "–"
#: Key for a missing topic, language, district or outcome.
UNKNOWN = "unknown"


@dataclass
class Figures:
    """Plain counts for one period; formatting and suppression happen only on output."""

    start: dt.datetime
    end: dt.datetime
    questions: int = 0
    questions_answered: int = 0
    questions_by_topic: dict[str, int] = field(default_factory=dict)
    questions_by_lang: dict[str, int] = field(default_factory=dict)
    newcomers: int = 0
    newcomers_by_lang: dict[str, int] = field(default_factory=dict)
    newcomers_by_district: dict[str, int] = field(default_factory=dict)
    requests: int = 0
    requests_by_status: dict[str, int] = field(default_factory=dict)
    requests_by_district: dict[str, int] = field(default_factory=dict)
    accepted: int = 0
    accept_median: dt.timedelta | None = None
    cases_opened: int = 0
    cases_open: int = 0
    cases_closed: int = 0
    cases_by_outcome: dict[str, int] = field(default_factory=dict)
    appointments_held: int = 0

    @property
    def answered_rate(self) -> float | None:
        """Share of answered questions, or None when showing it would reveal a small count."""
        return rate(self.questions_answered, self.questions)

    @property
    def accept_median_shown(self) -> dt.timedelta | None:
        """The median only when at least five acceptances stand behind it."""
        return self.accept_median if self.accepted >= MIN_COUNT else None


# --- suppression -----------------------------------------------------------------------------------

def small(n: int) -> bool:
    return 0 < n < MIN_COUNT


def show(n: int, fmt: Callable[[int], str] = str) -> str:
    """A count as it may be published: 1–4 become "< 5" (0 stays "0", see the module text).

    `fmt` formats a publishable number, e.g. Babel's format_decimal for the reader's locale."""
    return SMALL if small(n) else fmt(n)


def rate(part: int, whole: int) -> float | None:
    """part/whole, unless the whole, the part or the rest is a small group (it could be
    recomputed from the rate and the shown total)."""
    if whole < MIN_COUNT or small(part) or small(whole - part):
        return None
    return part / whole


# --- periods ---------------------------------------------------------------------------------------

_YEAR = re.compile(r"^(\d{4})$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


def _month_start(year: int, month: int, tz: dt.tzinfo) -> dt.datetime:
    return dt.datetime(year, month, 1, tzinfo=tz)


def _next_month(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)


def month_window(year: int, month: int, tz: dt.tzinfo) -> tuple[dt.datetime, dt.datetime]:
    return _month_start(year, month, tz), _month_start(*_next_month(year, month), tz)


def year_window(year: int, tz: dt.tzinfo) -> tuple[dt.datetime, dt.datetime]:
    return dt.datetime(year, 1, 1, tzinfo=tz), dt.datetime(year + 1, 1, 1, tzinfo=tz)


def period(kind: str, today: dt.date, tz: dt.tzinfo) -> tuple[dt.datetime, dt.datetime, str]:
    """(start, end, label) of a named or written period in local time; end is exclusive.

    kind: "month" (this month), "lastmonth", "year" (this year), "lastyear", "YYYY", "YYYY-MM".
    The label ("2025", "2025-03") is language-neutral so handlers and file names can use it.
    Raises ValueError for anything else, including months and years that cannot be meant."""
    k = kind.strip().lower()
    if k == "month":
        y, m = today.year, today.month
    elif k == "lastmonth":
        y, m = (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)
    elif k in ("year", "lastyear"):
        y = today.year - (k == "lastyear")
        start, end = year_window(y, tz)
        return start, end, str(y)
    elif match := _YEAR.match(k):
        y = int(match.group(1))
        if not 2000 <= y <= 2999:
            raise ValueError(f"year out of range: {kind!r}")
        start, end = year_window(y, tz)
        return start, end, str(y)
    elif match := _MONTH.match(k):
        y, m = int(match.group(1)), int(match.group(2))
        if not (2000 <= y <= 2999 and 1 <= m <= 12):
            raise ValueError(f"month out of range: {kind!r}")
    else:
        raise ValueError(f"unknown period: {kind!r}")
    start, end = month_window(y, m, tz)
    return start, end, f"{y:04d}-{m:02d}"


# --- counting --------------------------------------------------------------------------------------

def _in(col: Any, start: dt.datetime, end: dt.datetime) -> ColumnElement[bool]:
    return (col >= start) & (col < end)


def _grouped(session: Session, key: Any, *where: ColumnElement[bool]) -> dict[str, int]:
    """{key: count} with NULL keys counted under UNKNOWN."""
    out: dict[str, int] = {}
    for k, n in session.execute(select(key, func.count()).where(*where).group_by(key)):
        name = k or UNKNOWN
        out[name] = out.get(name, 0) + int(n)
    return out


def _count(session: Session, model: Any, *where: ColumnElement[bool]) -> int:
    return int(session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


_SUBMITTED = GuideRequest.status != "draft"


def figures(session: Session, start: dt.datetime, end: dt.datetime,
            now: dt.datetime | None = None) -> Figures:
    """All figures for [start, end); `now` bounds "held" appointments (default: the clock).

    Which rows a figure counts:
    questions, newcomers (users with role newcomer), requests (not drafts) and cases opened: created
    in the period. Newcomers' district: their latest submitted request before `end`, else UNKNOWN.
    Acceptances and the median: the first accepted proposal of a request, when that acceptance
    falls in the period, measured from the request's creation. Cases closed (by outcome): closed in
    the period; cases open: created before `end` and not closed by then. Appointments held:
    confirmed ones that started in the period and before `now`."""
    now = now or utcnow()
    f = Figures(start=start, end=end)

    q_when = _in(Question.created_at, start, end)
    f.questions_by_topic = _grouped(session, Question.topic, q_when)
    f.questions_by_lang = _grouped(session, Question.lang, q_when)
    f.questions = sum(f.questions_by_lang.values())
    f.questions_answered = _count(session, Question, q_when, Question.answered.is_(True))

    is_new = (User.role == "newcomer") & _in(User.created_at, start, end)
    f.newcomers_by_lang = _grouped(session, User.lang, is_new)
    f.newcomers = sum(f.newcomers_by_lang.values())
    latest = (select(GuideRequest.user_id, func.max(GuideRequest.id).label("rid"))
              .where(_SUBMITTED, GuideRequest.created_at < end)
              .group_by(GuideRequest.user_id).subquery())
    district = (select(User.id.label("uid"), GuideRequest.district.label("district"))
                .select_from(User)
                .outerjoin(latest, latest.c.user_id == User.id)
                .outerjoin(GuideRequest, GuideRequest.id == latest.c.rid)
                .where(is_new).subquery())
    f.newcomers_by_district = _grouped(session, district.c.district)

    r_when = _SUBMITTED & _in(GuideRequest.created_at, start, end)
    f.requests_by_status = _grouped(session, GuideRequest.status, r_when)
    f.requests_by_district = _grouped(session, GuideRequest.district, r_when)
    f.requests = sum(f.requests_by_status.values())

    first_accept = (select(Proposal.request_id, func.min(Proposal.answered_at).label("at"))
                    .where(Proposal.status == "accepted", Proposal.answered_at.is_not(None))
                    .group_by(Proposal.request_id).subquery())
    pairs = session.execute(
        select(GuideRequest.created_at, first_accept.c.at)
        .join(first_accept, first_accept.c.request_id == GuideRequest.id)
        .where(_in(first_accept.c.at, start, end))).all()
    waits = [at - created for created, at in pairs]  # MIN() keeps UTCDateTime: both aware
    f.accepted = len(waits)
    f.accept_median = statistics.median_low(sorted(waits)) if waits else None

    f.cases_opened = _count(session, Case, _in(Case.created_at, start, end))
    f.cases_open = _count(session, Case, Case.created_at < end,
                          Case.closed_at.is_(None) | (Case.closed_at >= end))
    f.cases_by_outcome = _grouped(session, Case.outcome, _in(Case.closed_at, start, end))
    f.cases_closed = sum(f.cases_by_outcome.values())

    f.appointments_held = _count(session, Appointment, Appointment.status == "confirmed",
                                 _in(Appointment.starts_at, start, min(end, now)))
    return f


def monthly(session: Session, year: int, tz: dt.tzinfo) -> dict[str, list[int]]:
    """Questions and submitted guide requests per local calendar month of `year` (12 values
    each): two COUNTs a month instead of dialect-specific date functions in a GROUP BY."""
    out: dict[str, list[int]] = {"questions": [], "guide_requests": []}
    for month in range(1, 13):
        start, end = month_window(year, month, tz)
        out["questions"].append(_count(session, Question, _in(Question.created_at, start, end)))
        out["guide_requests"].append(
            _count(session, GuideRequest, _SUBMITTED, _in(GuideRequest.created_at, start, end)))
    return out


# --- output ----------------------------------------------------------------------------------------

#: The breakdowns, in the order of the text, the CSV and the chart.
BREAKDOWNS = ("questions_by_topic", "questions_by_lang", "newcomers_by_lang",
              "newcomers_by_district", "requests_by_status", "requests_by_district",
              "cases_by_outcome")
TOTALS = ("questions", "questions_answered", "newcomers", "requests", "accepted", "cases_opened",
          "cases_open", "cases_closed", "appointments_held")


def ranked(counts: dict[str, int], limit: int | None = None) -> list[tuple[str, int]]:
    """Non-zero items, largest first, UNKNOWN last; ties by key so output is stable."""
    items = sorted(((k, n) for k, n in counts.items() if n),
                   key=lambda kv: (kv[0] == UNKNOWN, -kv[1], kv[0]))
    return items[:limit] if limit is not None else items


def language_name(code: str, reader_lang: str) -> str:
    from bot.i18n import babel_locale

    return babel_locale(reader_lang).languages.get(code, code)


def summary_lines(fig: Figures, tr: Tr, label: str, lang: str = "de") -> list[str]:
    """The short text under the chart, in the reader's language and number format.

    Lists are capped at ten items so the message stays readable on a phone; the CSV has all."""
    from babel.dates import format_timedelta
    from babel.numbers import format_decimal, format_percent

    from bot.i18n import babel_locale
    from bot.messages_guides import outcome_name

    _ = tr.gettext
    loc = babel_locale(lang)

    def num(n: int) -> str:
        return show(n, lambda v: format_decimal(v, locale=loc))

    def listing(counts: dict[str, int], name: Callable[[str], str]) -> str:
        items = ranked(counts)
        text = ", ".join(f"{name(k)} {num(n)}" for k, n in items[:10])
        return (text + (", …" if len(items) > 10 else "")) or "0"

    def unknown_or(fn: Callable[[str], str]) -> Callable[[str], str]:
        return lambda k: _("unknown") if k == UNKNOWN else fn(k)

    share = fig.answered_rate
    wait = fig.accept_median_shown
    return [
        _("Figures for {period}").format(period=label),
        _("Questions: {total}, answered: {rate}").format(
            total=num(fig.questions),
            rate=NOT_SHOWN if share is None else format_percent(share, locale=loc)),
        _("By topic: {list}").format(list=listing(fig.questions_by_topic,
                                                  unknown_or(lambda k: topic_name(tr, k)))),
        _("By language: {list}").format(list=listing(
            fig.questions_by_lang, unknown_or(lambda k: language_name(k, lang)))),
        _("Newcomers: {total}; by language: {list}").format(
            total=num(fig.newcomers),
            list=listing(fig.newcomers_by_lang, unknown_or(lambda k: language_name(k, lang)))),
        _("Newcomers by district: {list}").format(
            list=listing(fig.newcomers_by_district, unknown_or(str))),
        _("Guide requests: {total}; median time until a guide accepts: {wait}").format(
            total=num(fig.requests),
            wait=NOT_SHOWN if wait is None else format_timedelta(wait, locale=loc)),
        _("Cases: {opened} opened, {open} open, {closed} closed").format(
            opened=num(fig.cases_opened), open=num(fig.cases_open), closed=num(fig.cases_closed)),
        _("Closed by outcome: {list}").format(list=listing(
            fig.cases_by_outcome, unknown_or(lambda k: outcome_name(tr, k)))),
        _("Appointments held: {n}").format(n=num(fig.appointments_held)),
        _("“< 5” means fewer than five; “–” means too few to show."),
    ]


def csv_rows(fig: Figures, months: dict[str, list[int]] | None = None
             ) -> Iterable[tuple[str, str, str]]:
    """(section, key, value) rows; every count passes through `show`."""
    for name in TOTALS:
        yield "totals", name, show(getattr(fig, name))
    share = fig.answered_rate
    # with their unit, so no bare small number stands in the value column and a German Excel
    # does not read "3.5" as the 3rd of May
    yield "rates", "answered", NOT_SHOWN if share is None else f"{share * 100:.0f} %"
    wait = fig.accept_median_shown
    yield ("rates", "median_until_accepted",
           NOT_SHOWN if wait is None else f"{wait.total_seconds() / 3600:.1f} h")
    for name in BREAKDOWNS:
        counts = getattr(fig, name)
        for key, n in ranked(counts):
            yield name, key, show(n)
        # a fixed vocabulary gets a row for every item, so years line up in a spreadsheet
        for key in _vocabulary(name):
            if not counts.get(key):
                yield name, key, "0"
    for section, values in (months or {}).items():
        for month, n in enumerate(values, start=1):
            yield f"{section}_by_month", f"{month:02d}", show(n)


def _vocabulary(breakdown: str) -> tuple[str, ...]:
    if breakdown == "questions_by_topic":
        return TOPICS
    if breakdown == "cases_by_outcome":
        from bot.cases import OUTCOMES

        return OUTCOMES
    return ()


def report_csv(fig: Figures, year: int | str, months: dict[str, list[int]] | None = None
               ) -> bytes:
    """The yearly figures as section,key,value; UTF-8 with BOM so Excel reads it right.

    The first row after the header names the period, so a file on its own says what it covers."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(("section", "key", "value"))
    writer.writerow(("period", "year", str(year)))
    writer.writerows(csv_rows(fig, months))
    return buf.getvalue().encode("utf-8-sig")
