"""Counts, totals and scores as horizontal bars."""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.figure import Figure

from .style import (
    BAR_COLOUR,
    chart_label,
    label_lines,
    to_svg,
)


def bar_chart(
    values: Sequence[float], labels: Sequence[str], title: str = "", unit: str = ""
) -> str:
    """Horizontal bars with their value written at the end, largest first as given."""
    height = 0.8 + 0.5 * len(labels) * max(1, label_lines(labels))
    # short labels (a scale's 1-5) get a narrow figure: on a phone it is then not scaled
    # down, and its text stays as large as the page's
    longest = max(
        (len(line) for label in labels for line in chart_label(label).split("\n")), default=0
    )
    figure = Figure(figsize=(min(6.4, 3.4 + 0.09 * longest), height))
    axes = figure.add_subplot()
    positions = range(len(labels))
    axes.barh(positions, values, color=BAR_COLOUR, edgecolor="#333333", linewidth=0.4)
    top = max([float(v) for v in values] + [1.0])
    for position, value in zip(positions, values, strict=True):
        shown = f"{value:g}{(' ' + unit) if unit else ''}"
        axes.text(float(value) + top * 0.01, position, shown, va="center", fontsize=10)
    axes.set_yticks(list(positions), [chart_label(label) for label in labels])
    axes.invert_yaxis()
    axes.set_xlim(0, top * 1.15)
    axes.spines["bottom"].set_visible(False)
    axes.set_xticks([])
    if title:
        axes.set_title(chart_label(title, 70), loc="left")
    return to_svg(figure)
