"""Charts: matplotlib figures rendered to SVG text — the one chart library of the suite.

SVG keeps text as text (readable by screen readers, sharp on a projector, vector in
reports). Bars carry their numbers, and the disagree side of a Likert chart is hatched, so
a chart also reads printed in black and white. User text is escaped for mathtext (a ``$``
in a label stays a dollar sign); the SVG writer escapes it as XML.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence

import matplotlib

matplotlib.use("Agg")
from matplotlib.figure import Figure  # noqa: E402

matplotlib.rcParams.update(
    {
        "svg.fonttype": "none",
        "svg.hashsalt": "cocreate",
        "font.family": ["DejaVu Sans", "sans-serif"],
        "font.size": 11,
        "axes.spines.top": False,
        "axes.spines.right": False,
    }
)

LIKERT_COLOURS = ("#8c510a", "#d8b365", "#d9d9d9", "#5ab4ac", "#01665e")
LIKERT_HATCHES = ("//", "/", "", "", "")
BAR_COLOUR = "#01665e"
LABEL_WIDTH = 34
LABEL_MAX = 140


def chart_label(text: str, width: int = LABEL_WIDTH) -> str:
    """User text made safe and short for a chart: mathtext escaped, shortened, wrapped."""
    text = " ".join(str(text).split())
    if len(text) > LABEL_MAX:
        text = text[: LABEL_MAX - 1] + "…"
    text = text.replace("\\", "\\\\").replace("$", r"\$")
    return "\n".join(textwrap.wrap(text, width)) or " "


def _svg(figure: Figure) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    svg = buffer.getvalue()
    return svg[svg.index("<svg") :]


def likert_chart(
    counts: Sequence[Sequence[int]],
    statements: Sequence[str],
    level_labels: Sequence[str],
    title: str = "",
) -> str:
    """A diverging stacked bar per statement, its text written above it in full width.

    Disagreement goes left of the centre line (hatched), agreement right; each segment
    carries its count, so the chart reads on a phone and printed in black and white.
    """
    labels = [chart_label(s, 58) for s in statements]
    lines = [label.count("\n") + 1 for label in labels]
    height = 0.9 + sum(0.55 + 0.24 * n for n in lines)
    figure = Figure(figsize=(6.4, height))
    axes = figure.add_subplot()
    y = 0.0
    centres = []
    for label, n, row_counts in zip(labels, lines, counts, strict=True):
        y += 0.24 * n + 0.1
        axes.text(-100, y - 0.05, label, ha="left", va="bottom", fontsize=11)
        total = sum(row_counts) or 1
        shares = [c / total * 100 for c in row_counts]
        left = -(shares[0] + shares[1] + shares[2] / 2)
        for level, share in enumerate(shares):
            axes.barh(
                y + 0.2,
                share,
                height=0.36,
                left=left,
                color=LIKERT_COLOURS[level],
                hatch=LIKERT_HATCHES[level],
                edgecolor="#333333",
                linewidth=0.4,
                label=chart_label(level_labels[level], 20) if not centres else None,
            )
            if share >= 7:
                axes.text(
                    left + share / 2,
                    y + 0.2,
                    f"{row_counts[level]}",
                    ha="center",
                    va="center",
                    fontsize=10,
                    color="white" if level in (0, 4) else "black",
                )
            left += share
        centres.append(y + 0.2)
        y += 0.45
    for centre in centres:  # the centre line only through the bars, not the texts
        axes.vlines(0, centre - 0.24, centre + 0.24, color="#333333", linewidth=0.9)
    axes.set_ylim(y + 0.05, -0.05)
    axes.set_yticks([])
    axes.spines["left"].set_visible(False)
    axes.set_xlim(-100, 100)
    axes.set_xticks([-100, -50, 0, 50, 100], ["100%", "50%", "0", "50%", "100%"])
    axes.legend(
        loc="upper center",
        bbox_to_anchor=(0.5, -0.08),
        ncol=3,
        fontsize=9,
        frameon=False,
    )
    if title:
        axes.set_title(chart_label(title, 60), loc="left")
    return _svg(figure)


def bar_chart(
    values: Sequence[float], labels: Sequence[str], title: str = "", unit: str = ""
) -> str:
    """Horizontal bars with their value written at the end, largest first as given."""
    height = 0.8 + 0.5 * len(labels) * max(1, _lines(labels))
    figure = Figure(figsize=(6.4, height))
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
    return _svg(figure)


def _lines(labels: Sequence[str]) -> float:
    """Average number of wrapped lines per label, to size the figure."""
    if not labels:
        return 1.0
    return sum(chart_label(label).count("\n") + 1 for label in labels) / len(labels)
