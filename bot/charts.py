"""One PNG overview of a period's figures for coordinators (matplotlib, no display needed).

Built on matplotlib.figure.Figure with the Agg canvas and never through pyplot: pyplot keeps a
global figure registry and picks a GUI backend, neither of which belongs in a bot that renders
from worker threads. Small counts are drawn as empty bars labelled "< 5", so the exact number
cannot be read off the bar length either.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from gettext import NullTranslations

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from bot import stats
from bot.messages import Tr, topic_name
from bot.stats import Figures

#: Fixed so that width_px × height_px is exactly the size of the PNG.
DPI = 100
TOP_DISTRICTS = 10
BAR_COLOUR = "#2f6f9f"
#: Fixed margins in pixels instead of matplotlib's constrained layout, which measured every text
#: and took half of the rendering time; labels are shortened to fit instead.
TITLE_PX, PANEL_TITLE_PX, LABEL_PX, VALUE_PX, GAP_PX = 48, 30, 200, 48, 16
LABEL_CHARS = 26
MIN_SLOTS = 6  # so two bars are not drawn as wide as half the panel


def _short(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[:LABEL_CHARS - 1] + "…"


def _bars(ax: Axes, title: str, counts: dict[str, int], name: Callable[[str], str],
          limit: int | None = None) -> None:
    items = stats.ranked(counts, limit)
    ax.set_title(title, fontsize=11, loc="left")
    ax.set_xticks([])
    for side in ("top", "right", "bottom"):
        ax.spines[side].set_visible(False)
    if not items:
        ax.set_yticks([])
        ax.text(0.5, 0.5, "0", ha="center", va="center", transform=ax.transAxes, fontsize=14,
                color="grey")
        return
    items.reverse()  # barh draws from the bottom: largest on top
    values = [0 if stats.small(n) else n for _, n in items]
    bars = ax.barh(range(len(items)), values, color=BAR_COLOUR, height=0.7)
    ax.set_yticks(range(len(items)), [_short(name(k)) for k, _ in items], fontsize=9)
    ax.tick_params(axis="y", length=0)
    ax.bar_label(bars, labels=[stats.show(n) for _, n in items], padding=3, fontsize=9)
    ax.set_xlim(0, max(max(values), 1))
    ax.set_ylim(len(items) - max(len(items), MIN_SLOTS) - 0.5, len(items) - 0.5)


def _panels(figure: Figure, width_px: int, height_px: int) -> list[Axes]:
    """Four axes in reading order, each leaving room for its labels (positions in pixels)."""
    col_w, row_h = width_px / 2, (height_px - TITLE_PX) / 2
    label = min(LABEL_PX, col_w * 0.4)
    axes = []
    for row in range(2):
        for col in range(2):
            left = col * col_w + label
            top = TITLE_PX + row * row_h + PANEL_TITLE_PX
            w = col_w - label - VALUE_PX
            h = row_h - PANEL_TITLE_PX - GAP_PX
            axes.append(figure.add_axes((left / width_px, 1 - (top + h) / height_px,
                                         w / width_px, h / height_px)))
    return axes


def chart_png(fig: Figures, title: str, width_px: int = 1200, height_px: int = 800, *,
              tr: Tr | None = None, lang: str = "de") -> bytes:
    """A 2×2 overview: questions by topic and by language, newcomers by district (top ten
    known districts), closed cases by outcome. Panel titles and names in the reader's language.
    """
    from bot.messages_guides import outcome_name

    tr = tr or NullTranslations()
    _ = tr.gettext

    def known(fn: Callable[[str], str]) -> Callable[[str], str]:
        return lambda k: _("unknown") if k == stats.UNKNOWN else fn(k)

    figure = Figure(figsize=(width_px / DPI, height_px / DPI), dpi=DPI)
    FigureCanvasAgg(figure)
    figure.text(0.5, 1 - (TITLE_PX / 2) / height_px, title, ha="center", va="center",
                fontsize=14, fontweight="bold")
    a, b, c, d = _panels(figure, width_px, height_px)
    _bars(a, _("Questions by topic"), fig.questions_by_topic, known(lambda k: topic_name(tr, k)))
    _bars(b, _("Questions by language"), fig.questions_by_lang,
          known(lambda k: stats.language_name(k, lang)))
    districts = {k: n for k, n in fig.newcomers_by_district.items() if k != stats.UNKNOWN}
    _bars(c, _("Newcomers by district"), districts, str, TOP_DISTRICTS)
    _bars(d, _("Closed cases by outcome"), fig.cases_by_outcome,
          known(lambda k: outcome_name(tr, k)))
    buf = io.BytesIO()
    figure.savefig(buf, format="png", dpi=DPI)
    return buf.getvalue()
