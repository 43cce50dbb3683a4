"""Two waves side by side per item, as a dumbbell: where it was, where it is now.

One row per item (a need, a life area): its name written above the row in full width (so
it reads on a phone), a line from the earlier wave's value to the later one's, a hollow
circle for the earlier wave and a filled square for the later, and both numbers written
beside their marker — the lower number left of its marker, the higher one right, so the
two never overlap. Shape (not colour alone) tells the waves apart, so the chart reads
printed in black and white. An item missing in one wave shows only the other marker.
``describe_waves`` gives the same content as text for screen readers and the report.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from .style import chart_label, to_svg

BEFORE_COLOUR = "#8c510a"
AFTER_COLOUR = "#01665e"
LINE_COLOUR = "#777777"
ROW_LABEL_WIDTH = 58


def _value(value: object) -> float:
    number = pd.to_numeric(value, errors="coerce")
    return math.nan if pd.isna(number) else float(number)


def _shown(value: float, number_format: str) -> str:
    return number_format.format(value)


def wave_dumbbell(
    table: pd.DataFrame,
    before_label: str,
    after_label: str,
    title: str = "",
    value_label: str = "",
    value_range: tuple[float, float] = (0, 100),
    *,
    item: str = "item",
    before: str = "before",
    after: str = "after",
    number_format: str = "{:.0f}",
) -> str:
    """A dumbbell per row of ``table`` (columns ``item``, ``before``, ``after``; other names
    through the keywords), in the table's order; see the module docstring.

    ``before_label`` and ``after_label`` name the waves in the legend ("Ronde 1"),
    ``value_label`` the axis ("% dat het koos"). Values outside ``value_range`` widen it.
    The ring is drawn larger than the square, so an unchanged value shows both.
    """
    names = [chart_label(str(name), ROW_LABEL_WIDTH) for name in table[item]] if len(table) else []
    olds = [_value(v) for v in table[before]] if len(table) else []
    news = [_value(v) for v in table[after]] if len(table) else []
    finite = [v for v in olds + news if not math.isnan(v)]
    low = min([value_range[0], *finite])
    high = max([value_range[1], *finite])
    span = (high - low) or 1.0
    lines = [name.count("\n") + 1 for name in names]
    height = 1.1 + sum(0.5 + 0.22 * n for n in lines) + (0.3 if title else 0)
    figure = Figure(figsize=(6.4, max(height, 1.6)))
    axes = figure.add_subplot()
    y = 0.0
    pad = span * 0.025
    for name, n, old, new in zip(names, lines, olds, news, strict=True):
        y += 0.22 * n + 0.08
        axes.text(low - span * 0.02, y - 0.04, name, ha="left", va="bottom", fontsize=11)
        row = y + 0.2
        if not math.isnan(old) and not math.isnan(new):
            axes.plot([old, new], [row, row], color=LINE_COLOUR, linewidth=2.5, zorder=1)
        known = [(v, kind) for v, kind in ((old, "before"), (new, "after")) if not math.isnan(v)]
        for value, kind in known:
            axes.plot(
                [value],
                [row],
                marker="o" if kind == "before" else "s",
                markersize=12 if kind == "before" else 8,  # an equal pair still shows the ring
                markerfacecolor="none" if kind == "before" else AFTER_COLOUR,
                markeredgecolor=BEFORE_COLOUR if kind == "before" else AFTER_COLOUR,
                markeredgewidth=2,
                linestyle="none",
                zorder=3 if kind == "before" else 2,
            )
        ordered = sorted(known, key=lambda pair: (pair[0], pair[1] == "after"))
        for position, (value, kind) in enumerate(ordered):
            left = position == 0 and len(ordered) == 2
            axes.text(
                value - pad * 1.8 if left else value + pad * 1.8,
                row,
                _shown(value, number_format),
                ha="right" if left else "left",
                va="center",
                fontsize=10,
                fontweight="bold",
                color=BEFORE_COLOUR if kind == "before" else AFTER_COLOUR,
            )
        y += 0.42
    axes.set_ylim(max(y, 0.5) + 0.05, -0.05)
    axes.set_yticks([])
    axes.spines["left"].set_visible(False)
    axes.set_xlim(low - span * 0.08, high + span * 0.1)
    axes.grid(axis="x", color="#dddddd", linewidth=0.6)
    axes.set_axisbelow(True)
    if value_label:
        axes.set_xlabel(chart_label(value_label, 50))
    legend = [
        Line2D(
            [],
            [],
            marker="o",
            markersize=12,
            markerfacecolor="none",
            markeredgecolor=BEFORE_COLOUR,
            markeredgewidth=2,
            linestyle="none",
            label=chart_label(before_label, 25),
        ),
        Line2D(
            [],
            [],
            marker="s",
            markersize=8,
            markerfacecolor=AFTER_COLOUR,
            markeredgecolor=AFTER_COLOUR,
            linestyle="none",
            label=chart_label(after_label, 25),
        ),
    ]
    plot_height = figure.get_figheight() * (figure.subplotpars.top - figure.subplotpars.bottom)
    below = (0.6 if value_label else 0.35) / plot_height  # a fixed distance under the axis
    axes.legend(
        handles=legend,
        loc="upper center",
        bbox_to_anchor=(0.5, -below),
        ncol=2,
        fontsize=10,
        frameon=False,
    )
    if title:
        axes.set_title(chart_label(title, 60), loc="left")
    return to_svg(figure)


def describe_waves(
    table: pd.DataFrame,
    intro: str,
    *,
    item: str = "item",
    before: str = "before",
    after: str = "after",
    number_format: str = "{:.0f}",
    missing: str = "–",
) -> str:
    """The chart as text: ``intro`` then "item: before → after" per row, joined by "; "
    (a value missing in one wave is written as ``missing``)."""
    parts = []
    for name, old, new in zip(
        table.get(item, []), table.get(before, []), table.get(after, []), strict=True
    ):
        shown: Sequence[str] = [
            missing if math.isnan(_value(v)) else _shown(_value(v), number_format)
            for v in (old, new)
        ]
        parts.append(f"{' '.join(str(name).split())}: {shown[0]} → {shown[1]}")
    return f"{intro} {'; '.join(parts)}".strip()
