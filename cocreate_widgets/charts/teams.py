"""Project teams: stacked bars of each team's members by side, with the two-to-one target."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from matplotlib.figure import Figure

from .style import chart_label, label_lines, to_svg

SIDE_ORDER = ("patient_side", "care_providers", "other")
SIDE_COLOURS = {"patient_side": "#01665e", "care_providers": "#d8b365", "other": "#d9d9d9"}
SIDE_HATCHES = {"patient_side": "", "care_providers": "//", "other": ".."}


def team_composition_chart(
    counts: Sequence[Mapping[str, int]],
    labels: Sequence[str],
    side_labels: Mapping[str, str],
    target_label: str,
    *,
    ratio: int = 2,
    size_bounds: tuple[int, int] | None = (6, 8),
    unit: str = "",
) -> str:
    """One horizontal bar per team, stacked by side (patient side first, each segment with
    its number); a black mark at ``ratio`` times the team's care providers shows the
    two-to-one target (the patient side should reach it); dashed lines mark the size bounds."""
    height = 1.4 + 0.6 * len(labels) * max(1, label_lines(labels))
    figure = Figure(figsize=(6.8, height))
    axes = figure.add_subplot()
    positions = list(range(len(labels)))
    left = [0] * len(labels)
    for side in SIDE_ORDER:
        values = [int(c.get(side, 0)) for c in counts]
        axes.barh(
            positions,
            values,
            left=left,
            color=SIDE_COLOURS[side],
            hatch=SIDE_HATCHES[side],
            edgecolor="#333333",
            linewidth=0.5,
            label=chart_label(side_labels.get(side, side), 40),
        )
        for position, start, value in zip(positions, left, values, strict=True):
            if value:
                colour = "white" if side == "patient_side" else "black"
                axes.text(
                    start + value / 2,
                    position,
                    str(value),
                    ha="center",
                    va="center",
                    fontsize=10,
                    color=colour,
                    fontweight="bold",
                )
        left = [a + b for a, b in zip(left, values, strict=True)]
    targets = [ratio * int(c.get("care_providers", 0)) for c in counts]
    axes.scatter(
        targets,
        positions,
        marker="|",
        s=700,
        linewidths=3,
        color="black",
        zorder=3,
        label=chart_label(target_label, 40),
    )
    top = max([*left, *targets, *(size_bounds or (0, 0)), 1])
    if size_bounds:
        for bound in size_bounds:
            axes.axvline(bound, color="#555555", linestyle="--", linewidth=0.8)
    axes.set_yticks(positions, [chart_label(label) for label in labels])
    axes.invert_yaxis()
    axes.set_xlim(0, top + 0.5)
    axes.set_xlabel(unit)
    axes.legend(
        loc="upper center",
        bbox_to_anchor=(0.5, -0.18 if unit else -0.1),
        ncol=2,
        frameon=False,
        fontsize=9,
    )
    return to_svg(figure)
