"""Agreement statements as diverging stacked bars."""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.figure import Figure

from .style import (
    LIKERT_COLOURS,
    LIKERT_HATCHES,
    chart_label,
    to_svg,
)


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
    return to_svg(figure)
