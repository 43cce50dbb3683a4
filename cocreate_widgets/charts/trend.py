"""Means over waves (or sessions) as lines: one line per series, its value at every point.

Every series has its own marker **and** line style, so the chart reads printed in black and
white. A wave without data for a series leaves a gap in its line. The numbers are written
beside the points and nudged apart where two series are close.
"""

from __future__ import annotations

import math

import pandas as pd
from matplotlib.figure import Figure

from .style import chart_label, to_svg

TREND_COLOURS = ("#01665e", "#8c510a", "#3f007d", "#333333", "#2166ac", "#b2182b")
TREND_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
TREND_STYLES = ("-", "--", ":", "-.", (0, (5, 1, 1, 1, 1, 1)), (0, (1, 3)))


def _spread_labels(
    points: list[tuple[float, int]], gap: float, bottom: float, top: float
) -> dict[int, float]:
    """Label heights for the points at one wave: at least ``gap`` apart, centred on the
    points, kept between ``bottom`` and ``top``."""
    placed: dict[int, float] = {}
    last = -math.inf
    for value, index in sorted(points):
        placed[index] = max(value, last + gap)
        last = placed[index]
    shift = (sum(placed.values()) - sum(v for v, _ in points)) / len(points)
    shift = max(shift, max(placed.values()) - top)
    shift = min(shift, min(placed.values()) - bottom)
    return {index: y - shift for index, y in placed.items()}


def trend_chart(
    table: pd.DataFrame,
    title: str = "",
    y_label: str = "",
    y_range: tuple[float, float] = (1, 5),
    *,
    x: str = "wave",
    series: str = "series",
    value: str = "mean",
    x_label: str = "",
) -> str:
    """One line per series over the waves, with the mean written at each point.

    ``table`` has the columns ``wave``, ``series`` and ``mean`` (other names through ``x``,
    ``series`` and ``value``); series keep the order of their first row. The x axis shows
    every wave in the table, also one where no series has data; ``x_label`` names it
    (e.g. "Meting" or "Bijeenkomst").
    """
    waves = sorted(pd.unique(table[x])) if not table.empty else []
    names = list(dict.fromkeys(table[series])) if not table.empty else []
    low, high = y_range
    span = high - low
    figure = Figure(figsize=(6.4, 3.6 + 0.25 * math.ceil(len(names) / 2)))
    axes = figure.add_subplot()
    labels: dict[object, list[tuple[float, int]]] = {}
    for index, name in enumerate(names):
        rows = table[table[series] == name].groupby(x)[value].mean()
        ys = [float(rows.get(w, float("nan"))) for w in waves]
        dodge = (index - (len(names) - 1) / 2) * min(0.04, 0.2 / max(len(names), 1))
        axes.plot(
            [float(w) + dodge for w in waves],
            ys,
            color=TREND_COLOURS[index % len(TREND_COLOURS)],
            linestyle=TREND_STYLES[index % len(TREND_STYLES)],
            marker=TREND_MARKERS[index % len(TREND_MARKERS)],
            markersize=7,
            linewidth=2,
            label=chart_label(str(name), 30),
        )
        for wave, y in zip(waves, ys, strict=True):
            if not math.isnan(y):
                labels.setdefault(wave, []).append((y, index))
    for wave, points in labels.items():
        heights = _spread_labels(points, span * 0.075, low - span * 0.02, high + span * 0.05)
        for y, index in points:
            axes.annotate(
                f"{y:.1f}",
                (float(wave) + 0.2, heights[index]),
                va="center",
                fontsize=9,
                fontweight="bold",
                color=TREND_COLOURS[index % len(TREND_COLOURS)],
                bbox={"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none"},
            )
    axes.set_ylim(low - span * 0.05, high + span * 0.08)
    if waves:
        axes.set_xticks(waves, [str(w) for w in waves])
        axes.set_xlim(waves[0] - 0.3, waves[-1] + 0.6)
    if x_label:
        axes.set_xlabel(chart_label(x_label, 40))
    axes.grid(axis="y", color="#dddddd", linewidth=0.6)
    axes.set_axisbelow(True)
    if y_label:
        axes.set_ylabel(chart_label(y_label, 40))
    if names:
        axes.legend(
            loc="upper center",
            bbox_to_anchor=(0.5, -0.18),
            ncol=2,
            fontsize=9,
            frameon=False,
            handlelength=3.2,
        )
    if title:
        axes.set_title(chart_label(title, 60), loc="left")
    return to_svg(figure)
