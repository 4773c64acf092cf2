"""Coordinators' figures (bot.stats) and chart (bot.charts) over a realistic year of rows.

The year 2025 holds a mix that exercises every rule: counts of five and more printed as numbers,
counts of one to four printed as "< 5", rows just inside and just outside the year in local time,
drafts and other years that must not count, and names and texts that must never leave the
database."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator
from gettext import NullTranslations
from zoneinfo import ZoneInfo

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image
from sqlalchemy.orm import Session

from bot import charts, stats
from bot.cases import OUTCOMES
from bot.db import Database
from bot.i18n import translations
from bot.models import (
    Appointment,
    Case,
    CaseNote,
    Guide,
    GuideRequest,
    Proposal,
    Question,
    User,
)
from bot.topics import TOPICS

BERLIN = ZoneInfo("Europe/Berlin")
UTC = dt.UTC
NOW = dt.datetime(2026, 1, 10, 12, tzinfo=UTC)
SECRETS = ("Amalia Geheimname", "Vermieter Brotzeitmann", "Frau Notizblock", "Lotsin Heimlich")
GUIDES = (11, 12, 13)


def at(month: int, day: int, hour: int = 10, year: int = 2025, tz: dt.tzinfo = UTC
       ) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=tz)


def newcomer(s: Session, uid: int, lang: str, created: dt.datetime) -> User:
    u = User(id=uid, lang=lang, role="newcomer", first_name=SECRETS[0], created_at=created,
             last_seen=created)
    s.add(u)
    return u


def request(s: Session, uid: int, district: str | None, status: str, created: dt.datetime
            ) -> GuideRequest:
    req = GuideRequest(user_id=uid, lang="ar", district=district, status=status,
                       note=f"{SECRETS[1]} schuldet mir Geld", created_at=created)
    s.add(req)
    s.flush()
    return req


def accept(s: Session, req: GuideRequest, guide: int, after: dt.timedelta) -> Case:
    """An accepted proposal `after` the request, and the case it opens."""
    answered = req.created_at + after
    s.add(Proposal(request_id=req.id, guide_id=guide, status="accepted", reason="x",
                   created_at=req.created_at, deadline=answered + dt.timedelta(days=1),
                   answered_at=answered))
    case = Case(request_id=req.id, guide_id=guide, newcomer_id=req.user_id, created_at=answered,
                last_activity=answered)
    s.add(case)
    s.flush()
    return case


def close(case: Case, outcome: str, when: dt.datetime) -> None:
    case.status, case.outcome, case.closed_at = "closed", outcome, when


def populate(s: Session) -> None:
    s.add(User(id=1, role="coordinator", lang="de", first_name="Koordinatorin",
               created_at=at(1, 2)))
    for gid in GUIDES:
        s.add(User(id=gid, role="guide", lang="de", first_name=SECRETS[3], created_at=at(1, 3)))
        s.flush()  # no relationship() tells the unit of work to insert the user first
        s.add(Guide(user_id=gid, status="active", languages={"ar": 3}, districts=["Altstadt"]))

    # newcomers: 7 Arabic, 2 Ukrainian in 2025; the last Arabic one first wrote at 23:30 on New
    # Year's Eve in Magdeburg (22:30 UTC); one at 00:30 on 1 January 2026 and one in 2024 not
    for uid in range(101, 107):
        newcomer(s, uid, "ar", at(3, uid - 100))
    newcomer(s, 107, "ar", dt.datetime(2025, 12, 31, 23, 30, tzinfo=BERLIN))
    newcomer(s, 108, "ar", dt.datetime(2026, 1, 1, 0, 30, tzinfo=BERLIN))
    newcomer(s, 109, "ar", at(6, 1, year=2024))
    newcomer(s, 201, "uk", at(4, 1))
    newcomer(s, 202, "uk", at(4, 2))
    s.flush()

    # questions: 12 housing (Arabic), 3 health (Ukrainian), 5 unanswered without topic (German)
    for i in range(12):
        s.add(Question(user_id=101, lang="ar", text=f"{SECRETS[1]} kündigt {i}", answered=True,
                       topic="housing", created_at=at(1 + i % 12, 5)))
    for i in range(3):
        s.add(Question(user_id=201, lang="uk", text=SECRETS[0], answered=True, topic="health",
                       created_at=at(5, 10 + i)))
    for i in range(5):
        s.add(Question(lang="de", text="Wo wohnt " + SECRETS[2], answered=False, topic=None,
                       created_at=at(7, 1 + i)))
    s.add(Question(lang="ar", text="2024", answered=True, topic="housing", created_at=at(6, 1,
                                                                                          year=2024)))

    # requests: 101 first asked in Werder (cancelled), then Altstadt like 102-105 (all matched);
    # 106 Sudenburg and 201 without district wait; 202's draft in Buckau is not a request
    request(s, 101, "Werder", "cancelled", at(3, 2))
    waits = (1, 2, 3, 5, 30)  # hours until a guide accepted: median 3 h
    matched = []
    for uid, hours in zip(range(101, 106), waits, strict=True):
        req = request(s, uid, "Altstadt", "matched", at(3, 10))
        matched.append(accept(s, req, GUIDES[uid % 3], dt.timedelta(hours=hours)))
    request(s, 106, "Sudenburg", "waiting", at(3, 11))
    request(s, 201, None, "waiting", at(4, 3))
    request(s, 202, "Buckau", "draft", at(4, 4))
    # a later acceptance of an already accepted request (another guide took over) is not a wait
    s.add(Proposal(request_id=matched[0].request_id, guide_id=12, status="accepted", reason="",
                   created_at=at(9, 1), deadline=at(9, 2), answered_at=at(9, 1, 12)))

    # cases: the 5 above + 3 without a request; 6 closed in 2025 (5 course found, 1 flat found),
    # one closed only in January 2026 (open at the end of 2025), one still active
    extra = []
    for day in (1, 2, 3):
        c = Case(guide_id=11, newcomer_id=106, created_at=at(8, day), last_activity=at(8, day))
        s.add(c)
        extra.append(c)
    s.flush()
    for c in matched:
        close(c, "course-found", at(11, 1))
    close(extra[0], "flat-found", at(11, 2))
    close(extra[1], "no-contact", at(1, 5, year=2026))
    s.add(CaseNote(case_id=extra[2].id, author_id=11, text=SECRETS[2]))

    # appointments: 6 confirmed and held, plus a cancelled, a proposed and one in 2026
    for i in range(6):
        s.add(Appointment(case_id=matched[i % 5].id, guide_id=11, starts_at=at(4, 1 + i),
                          status="confirmed", place=SECRETS[2]))
    s.add(Appointment(case_id=matched[0].id, starts_at=at(5, 1), status="cancelled"))
    s.add(Appointment(case_id=matched[0].id, starts_at=at(5, 2), status="proposed"))
    s.add(Appointment(case_id=matched[0].id, starts_at=at(1, 5, year=2026), status="confirmed"))


@pytest.fixture
def s(db: Database) -> Iterator[Session]:
    with db.session() as session:
        populate(session)
        session.flush()
        yield session


@pytest.fixture
def fig(s: Session) -> stats.Figures:
    start, end, _ = stats.period("2025", dt.date(2026, 1, 10), BERLIN)
    return stats.figures(s, start, end, now=NOW)


# --- figures -----------------------------------------------------------------------------------

def test_figures_of_the_year(fig: stats.Figures):
    assert (fig.questions, fig.questions_answered) == (20, 15)
    assert fig.questions_by_topic == {"housing": 12, "health": 3, "unknown": 5}
    assert fig.questions_by_lang == {"ar": 12, "uk": 3, "de": 5}
    assert fig.answered_rate == pytest.approx(0.75)

    assert fig.newcomers == 9
    assert fig.newcomers_by_lang == {"ar": 7, "uk": 2}
    assert fig.newcomers_by_district == {"Altstadt": 5, "Sudenburg": 1, "unknown": 3}

    assert fig.requests == 8
    assert fig.requests_by_status == {"matched": 5, "waiting": 2, "cancelled": 1}
    assert fig.requests_by_district == {"Altstadt": 5, "Werder": 1, "Sudenburg": 1, "unknown": 1}
    assert fig.accepted == 5
    assert fig.accept_median == fig.accept_median_shown == dt.timedelta(hours=3)

    assert (fig.cases_opened, fig.cases_open, fig.cases_closed) == (8, 2, 6)
    assert fig.cases_by_outcome == {"course-found": 5, "flat-found": 1}
    assert fig.appointments_held == 6


def test_only_past_appointments_are_held_and_short_periods_hide_rates(s: Session):
    start, end, label = stats.period("2025-04", dt.date(2025, 4, 15), BERLIN)
    fig = stats.figures(s, start, end, now=at(4, 3, 12))
    assert label == "2025-04"
    assert fig.appointments_held == 3  # 1, 2 and 3 April at 10:00; 4-6 April still to come
    assert fig.newcomers_by_lang == {"uk": 2}
    assert fig.answered_rate is None and fig.accept_median_shown is None


def test_empty_period(s: Session):
    fig = stats.figures(s, *stats.period("2030", dt.date(2030, 1, 1), BERLIN)[:2])
    assert fig.questions == fig.newcomers == fig.accepted == fig.appointments_held == 0
    assert fig.questions_by_topic == {} and fig.accept_median is None
    assert fig.answered_rate is None


# --- suppression -------------------------------------------------------------------------------

def test_show_and_rate_suppress_small_groups():
    assert [stats.show(n) for n in range(7)] == ["0", "< 5", "< 5", "< 5", "< 5", "5", "6"]
    assert stats.rate(15, 20) == 0.75
    assert stats.rate(20, 20) == 1.0  # nobody unanswered: nothing to single out
    assert stats.rate(3, 4) is None  # too few behind it
    assert stats.rate(2, 50) is None and stats.rate(48, 50) is None  # 2 recoverable from 50


# --- periods -----------------------------------------------------------------------------------

def test_periods_follow_the_local_calendar():
    today = dt.date(2026, 1, 10)
    start, end, label = stats.period("month", today, BERLIN)
    assert (start, end, label) == (dt.datetime(2026, 1, 1, tzinfo=BERLIN),
                                   dt.datetime(2026, 2, 1, tzinfo=BERLIN), "2026-01")
    assert stats.period("lastmonth", today, BERLIN)[2] == "2025-12"
    assert stats.period("year", today, BERLIN)[2] == "2026"
    assert stats.period("lastyear", today, BERLIN)[2] == "2025"
    start, end, label = stats.period("2024-2", today, BERLIN)
    assert label == "2024-02" and end - start == dt.timedelta(days=29)  # leap year
    start, end, _ = stats.period("2025", today, BERLIN)
    assert start.astimezone(UTC) == dt.datetime(2024, 12, 31, 23, tzinfo=UTC)
    for bad in ("2025-13", "1999", "yesterday", "", "2025-00"):
        with pytest.raises(ValueError):
            stats.period(bad, today, BERLIN)


# --- text --------------------------------------------------------------------------------------

def test_summary_text(fig: stats.Figures):
    text = "\n".join(stats.summary_lines(fig, NullTranslations(), "2025", lang="en"))
    assert "Figures for 2025" in text
    assert "Questions: 20, answered: 75%" in text
    assert "By topic: Housing 12, Health < 5, unknown 5" in text
    assert "By language: Arabic 12, German 5, Ukrainian < 5" in text
    assert "Newcomers: 9; by language: Arabic 7, Ukrainian < 5" in text
    assert "Newcomers by district: Altstadt 5, Sudenburg < 5, unknown < 5" in text
    assert "Guide requests: 8; median time until a guide accepts: 3 hours" in text
    assert "Cases: 8 opened, < 5 open, 6 closed" in text
    assert "Closed by outcome: Found a course 5, Found a flat < 5" in text
    assert "Appointments held: 6" in text
    assert not any(secret in text for secret in SECRETS)


def test_summary_hides_rate_and_median_behind_few_items(s: Session):
    start, end, _ = stats.period("2025-05", dt.date(2025, 6, 1), BERLIN)
    lines = stats.summary_lines(stats.figures(s, start, end, now=NOW), translations("de"),
                                "2025-05")
    assert lines[1].endswith("–")  # 4 questions: no rate
    assert lines[1].split(":")[1].strip().startswith("< 5")
    assert lines[6].endswith("–")  # nobody accepted in May: no median


# --- CSV ---------------------------------------------------------------------------------------

def test_report_csv(s: Session, fig: stats.Figures):
    data = stats.report_csv(fig, 2025, stats.monthly(s, 2025, BERLIN))
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["section", "key", "value"]
    assert all(len(r) == 3 for r in rows)
    cells = {(sec, key): value for sec, key, value in rows[1:]}
    assert len(cells) == len(rows) - 1  # one row per figure
    assert cells[("period", "year")] == "2025"
    expected = {
        ("totals", "questions"): "20", ("totals", "questions_answered"): "15",
        ("totals", "newcomers"): "9", ("totals", "requests"): "8", ("totals", "accepted"): "5",
        ("totals", "cases_opened"): "8", ("totals", "cases_open"): "< 5",
        ("totals", "cases_closed"): "6", ("totals", "appointments_held"): "6",
        ("rates", "answered"): "75 %", ("rates", "median_until_accepted"): "3.0 h",
        ("questions_by_topic", "housing"): "12", ("questions_by_topic", "health"): "< 5",
        ("questions_by_topic", "unknown"): "5",
        ("questions_by_lang", "ar"): "12", ("questions_by_lang", "uk"): "< 5",
        ("newcomers_by_lang", "ar"): "7", ("newcomers_by_lang", "uk"): "< 5",
        ("newcomers_by_district", "Altstadt"): "5", ("newcomers_by_district", "Sudenburg"): "< 5",
        ("newcomers_by_district", "unknown"): "< 5",
        ("requests_by_status", "matched"): "5", ("requests_by_status", "cancelled"): "< 5",
        ("requests_by_district", "Werder"): "< 5",
        ("cases_by_outcome", "course-found"): "5", ("cases_by_outcome", "flat-found"): "< 5",
    }
    assert {k: cells.get(k) for k in expected} == expected
    # every topic and outcome has a row, so years line up; other keys only when they occur
    assert {k for sec, k in cells if sec == "questions_by_topic"} == set(TOPICS) | {"unknown"}
    assert cells[("questions_by_topic", "emergency")] == "0"
    assert {k for sec, k in cells if sec == "cases_by_outcome"} == set(OUTCOMES)
    assert ("newcomers_by_district", "Buckau") not in cells  # only a draft named it
    # months: a housing question on the 5th of every month, 3 health in May, 5 open in July
    questions = [cells[("questions_by_month", f"{m:02d}")] for m in range(1, 13)]
    assert questions == ["< 5"] * 4 + ["< 5", "< 5", "6"] + ["< 5"] * 5
    requests = [cells[("guide_requests_by_month", f"{m:02d}")] for m in range(1, 13)]
    assert requests == ["0", "0", "7", "< 5"] + ["0"] * 8
    # the rule itself: every count is 0, 5 or more, or "< 5" (rates and the median are no counts;
    # they are hidden as "–" when fewer than five items stand behind them)
    counts = [value for sec, _, value in rows[1:] if sec not in ("period", "rates")]
    assert len(counts) == len(rows) - 4
    for value in counts:
        assert value == "< 5" or re.fullmatch(r"0|[1-9]\d*", value), value
        assert value == "< 5" or not 1 <= int(value) <= 4, value
    text = data.decode("utf-8-sig")
    assert not any(secret in text for secret in SECRETS)
    assert "Koordinatorin" not in text and "schuldet" not in text


# --- chart -------------------------------------------------------------------------------------

def _png_size(data: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(data)) as img:
        img.verify()
    with Image.open(io.BytesIO(data)) as img:
        assert img.format == "PNG"
        return img.size


def test_chart_png_opens_with_the_size_asked(fig: stats.Figures):
    png = charts.chart_png(fig, "Lotsenbot 2025", tr=translations("de"))
    assert _png_size(png) == (1200, 800)
    small = charts.chart_png(fig, "2025", width_px=640, height_px=480)
    assert _png_size(small) == (640, 480)
    empty = stats.Figures(start=fig.start, end=fig.end)
    assert _png_size(charts.chart_png(empty, "leer")) == (1200, 800)


def test_matplotlib_joins_arabic_letters():
    """The word "سلام" as typed is drawn exactly like its joined letters (initial seen, medial
    lam, final alef, isolated meem, U+FEB3 U+FEE0 U+FE8E U+FEE1) and unlike the same letters
    each standing alone: the text engine shapes Arabic script (matplotlib < 3.11 did not)."""
    import numpy as np

    def pixels(text: str) -> np.ndarray:
        figure = Figure(figsize=(3, 1), dpi=100)
        canvas = FigureCanvasAgg(figure)
        figure.text(0.1, 0.3, text, fontsize=24)
        canvas.draw()
        return np.asarray(canvas.buffer_rgba()).copy()

    typed = pixels("سلام")
    assert np.array_equal(typed, pixels("\ufeb3\ufee0\ufe8e\ufee1"))
    assert not np.array_equal(typed, pixels("\ufeb1\ufedd\ufe8d\ufee1"))


@pytest.mark.parametrize("lang", ["ar", "fa", "ps"])
def test_arabic_script_charts_are_drawn_in_the_readers_language(fig: stats.Figures, lang):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns "Glyph … missing from font(s)"
        png = charts.chart_png(fig, "2025", tr=translations(lang), lang=lang)
    assert _png_size(png) == (1200, 800)


def test_small_counts_are_drawn_as_empty_bars_labelled_below_five():
    figure = Figure()
    ax = figure.subplots()
    charts._bars(ax, "t", {"housing": 12, "health": 3, "emergency": 0}, str)
    widths = {t.get_text(): p.get_width()
              for t, p in zip(ax.get_yticklabels(), ax.patches, strict=True)}
    assert widths == {"housing": 12, "health": 0}  # zero rows are left out
    assert sorted(t.get_text() for t in ax.texts) == ["12", "< 5"]
