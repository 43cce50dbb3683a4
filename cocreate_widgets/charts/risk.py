"""Risks on a 5 × 5 grid: likelihood across, impact up, each risk a numbered marker.

Takes the output of ``analysis.partnership_plan.risk_table`` (or raw risk records, which it
scores first). The cells are shaded by level (low, medium, high: see ``RISK_BANDS``) from
light to dark, with a hatch for high, so the levels also read in grey. The numbers in the
grid are explained in a legend under it; user text goes through ``chart_label``.
"""

from __future__ import annotations

import math

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle

from ..analysis.partnership_plan import risk_level, risk_table
from .style import chart_label, to_svg

# Light to dark in grey as well: white-ish, light orange, dark orange-red.
LEVEL_FILL = {"low": "#f2f2f2", "medium": "#fdd49e", "high": "#e07b5f"}
LEVEL_HATCH = {"low": "", "medium": "", "high": "//"}
TEXTS = {
    "nl": {
        "likelihood": "Kans (1 = klein, 5 = groot)",
        "impact": "Gevolg (1 = klein, 5 = groot)",
        "low": "laag (1–4)",
        "medium": "midden (5–9)",
        "high": "hoog (10–25)",
        "unplaced": "niet ingeschat",
        "score": "score",
    },
    "en": {
        "likelihood": "Likelihood (1 = low, 5 = high)",
        "impact": "Impact (1 = small, 5 = large)",
        "low": "low (1–4)",
        "medium": "medium (5–9)",
        "high": "high (10–25)",
        "unplaced": "not assessed",
        "score": "score",
    },
}
LEGEND_WIDTH = 52
WIDTH = 5.0


def _offsets(count: int) -> list[tuple[float, float]]:
    """Places for ``count`` markers inside one cell: a small grid around the centre."""
    side = math.ceil(math.sqrt(count))
    rows = math.ceil(count / side)
    step = 0.8 / side
    places = []
    for i in range(count):
        row, col = divmod(i, side)
        in_row = min(side, count - row * side)
        places.append(((col - (in_row - 1) / 2) * step, ((rows - 1) / 2 - row) * step))
    return places


def risk_matrix(risks: pd.DataFrame, title: str = "", *, lang: str = "nl") -> str:
    """The 5 × 5 risk matrix with numbered markers and a legend number → description.

    A risk that has no likelihood or impact is not placed, but is listed in the legend as
    not assessed. ``lang`` (``nl`` or ``en``) chooses the words the chart writes itself.
    """
    words = TEXTS.get(lang, TEXTS["en"])
    table = risks if "score" in risks.columns else risk_table(risks)
    table = table.sort_values("number", kind="stable").reset_index(drop=True)
    legend_lines = []
    for _, row in table.iterrows():
        text = chart_label(row["description"] or "—", LEGEND_WIDTH)
        if pd.isna(row["score"]):
            suffix = f" ({words['unplaced']})"
        else:
            suffix = f" ({words['score']} {int(row['score'])})"
        first, *rest = (text + suffix).split("\n")
        legend_lines.append(f"{int(row['number'])}.  {first}")
        legend_lines.extend(f"     {line}" for line in rest)
    legend_height = 0.22 * len(legend_lines) + 0.2
    figure = Figure(figsize=(WIDTH, WIDTH + 0.9 + legend_height))
    grid = figure.add_gridspec(
        2, 1, height_ratios=[WIDTH + 0.4, max(legend_height, 0.1)], hspace=0.12
    )
    axes = figure.add_subplot(grid[0])
    for likelihood in range(1, 6):
        for impact in range(1, 6):
            level = risk_level(likelihood * impact)
            axes.add_patch(
                Rectangle(
                    (likelihood - 0.5, impact - 0.5),
                    1,
                    1,
                    facecolor=LEVEL_FILL[level],
                    hatch=LEVEL_HATCH[level],
                    edgecolor="#666666",
                    linewidth=0.8,
                )
            )
    placed = table[table["score"].notna()]
    for (likelihood, impact), cell in placed.groupby(["likelihood", "impact"], sort=False):
        for (dx, dy), number in zip(_offsets(len(cell)), cell["number"], strict=True):
            size = 15 if len(cell) == 1 else 12 if len(cell) <= 4 else 9
            axes.plot(
                int(likelihood) + dx,
                int(impact) + dy,
                marker="o",
                markersize=size * 1.6,
                markerfacecolor="#ffffff",
                markeredgecolor="#000000",
                markeredgewidth=1.2,
            )
            axes.text(
                int(likelihood) + dx,
                int(impact) + dy,
                str(int(number)),
                ha="center",
                va="center",
                fontsize=size - 1,
                fontweight="bold",
            )
    axes.set_xlim(0.5, 5.5)
    axes.set_ylim(0.5, 5.5)
    axes.set_aspect("equal")
    axes.set_xticks(range(1, 6))
    axes.set_yticks(range(1, 6))
    axes.tick_params(length=0, labelsize=10)
    for side in ("top", "right", "bottom", "left"):
        axes.spines[side].set_visible(False)
    axes.set_xlabel(words["likelihood"], fontsize=10)
    axes.set_ylabel(words["impact"], fontsize=10)
    handles = [
        Patch(
            facecolor=LEVEL_FILL[level],
            hatch=LEVEL_HATCH[level],
            edgecolor="#666666",
            label=words[level],
        )
        for level in ("low", "medium", "high")
    ]
    axes.legend(
        handles=handles,
        loc="lower left",
        bbox_to_anchor=(0.0, 1.0),
        ncol=3,
        frameon=False,
        fontsize=9.5,
        handlelength=1.6,
    )
    if title:
        axes.set_title(chart_label(title, 50), loc="left", pad=28)
    notes = figure.add_subplot(grid[1])
    notes.axis("off")
    notes.text(
        0.0,
        1.0,
        "\n".join(legend_lines),
        ha="left",
        va="top",
        fontsize=10,
        linespacing=1.35,
        transform=notes.transAxes,
    )
    return to_svg(figure)
