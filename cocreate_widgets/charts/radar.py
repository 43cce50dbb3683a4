"""Ratings on several axes as a radar: one polygon per series (e.g. "you" and "the group").

The first series is a solid line with round markers over a light fill, the second a
dashed line with square markers and no fill, further ones other line styles and markers;
so the chart reads in black and white, and the legend under it says which is which. Every
value is written beside its own marker: on each axis the highest value just outside its
marker, the lowest just inside, any in between beside the spoke (own scores of a series of
whole numbers without decimals, means with one). A missing value (NaN) leaves a gap in its polygon, and
a series without any value is drawn as nothing (and left out of the legend). Axis labels
and series names are user text and go through ``chart_label``.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping, Sequence

from matplotlib.figure import Figure

from .style import chart_label, to_svg
from .trend import TREND_COLOURS, TREND_MARKERS, TREND_STYLES

FILL_ALPHA = (0.22, 0.0)
AXIS_WIDTH = 13
WIDTH = 3.2
OFFSET = 12  # points between a marker and its value


def _label(text: str, width: int = AXIS_WIDTH) -> str:
    """User text through ``chart_label``, wrapped between words only (no split words)."""
    safe = chart_label(str(text), 1000)
    return "\n".join(textwrap.wrap(safe, width, break_long_words=False)) or " "


def _value(value: object) -> float:
    """A value as a float; None, NA and what is not a number become NaN (skipped)."""
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return math.nan


def _number(value: float, whole: bool) -> str:
    return f"{value:.0f}" if whole else f"{value:.1f}"


def _label_places(
    points: list[tuple[float, int]], angle: float
) -> tuple[list[tuple[float, int]], list[tuple[float, float]]]:
    """Where the values of one axis are written, as offsets (points) from their markers.

    The highest value goes outside its marker along the spoke, the lowest inside (equal
    values: the earlier series inside); any values in between go beside the spoke,
    alternating sides.
    """
    ordered = sorted(points)
    # theta runs clockwise from the top: the spoke's direction in screen x and y
    out = (math.sin(angle), math.cos(angle))
    side = (math.cos(angle), -math.sin(angle))
    offsets = []
    for rank in range(len(ordered)):
        if rank == len(ordered) - 1:
            step = (OFFSET * out[0], OFFSET * out[1])
        elif rank == 0:
            step = (-OFFSET * out[0], -OFFSET * out[1])
        else:
            sign = 1 if rank % 2 else -1
            step = (sign * OFFSET * side[0], sign * OFFSET * side[1])
        offsets.append(step)
    return ordered, offsets


def radar_chart(
    series: Mapping[str, Sequence[float]],
    axis_labels: Sequence[str],
    *,
    low: float = 1,
    high: float = 5,
    title: str = "",
) -> str:
    """A radar of ``series`` (name -> one value per axis) over ``axis_labels``.

    The scale runs from ``low`` to ``high`` (rings at the whole numbers); the centre lies a
    quarter of the scale below ``low``, so a lowest rating is a small ring, not a point.
    Series keep the order of the mapping. Raises ``ValueError`` when a series does not have
    one value per axis.
    """
    labels = list(axis_labels)
    count = len(labels)
    for name, values in series.items():
        if len(values) != count:
            raise ValueError(f"series {name!r} has {len(values)} values for {count} axes")
    span = float(high - low) or 1.0
    origin = low - span / 4
    angles = [2 * math.pi * i / max(count, 1) for i in range(count)]
    names = list(series)
    figure = Figure(figsize=(WIDTH, WIDTH + 0.5 + 0.25 * math.ceil(len(names) / 2)))
    axes = figure.add_subplot(projection="polar")
    axes.set_theta_zero_location("N")
    axes.set_theta_direction(-1)
    outer = high + span * 0.06
    axes.set_ylim(origin, outer)
    rings = [r for r in range(math.ceil(low), math.floor(high) + 1)]
    axes.set_yticks(rings, [str(r) for r in rings], fontsize=8, color="#666666")
    axes.set_rlabel_position(180 / max(count, 1))
    axes.set_xticks(angles, [""] * count)
    axes.grid(color="#cccccc", linewidth=0.7)
    axes.spines["polar"].set_color("#999999")
    at_axis: dict[int, list[tuple[float, int]]] = {}
    whole: dict[int, bool] = {}  # a series of whole numbers (own ratings) shows no decimals
    for index, name in enumerate(names):
        values = [_value(v) for v in series[name]]
        if all(math.isnan(v) for v in values) or not count:
            continue
        colour = TREND_COLOURS[index % len(TREND_COLOURS)]
        closed_angles = [*angles, angles[0]]
        closed = [*values, values[0]]
        axes.plot(
            closed_angles,
            closed,
            color=colour,
            linestyle=TREND_STYLES[index % len(TREND_STYLES)],
            linewidth=2,
            marker=TREND_MARKERS[index % len(TREND_MARKERS)],
            markersize=7,
            markerfacecolor=colour if index == 0 else "white",
            markeredgewidth=1.6,
            label=chart_label(str(name), 30),
            zorder=3,
        )
        alpha = FILL_ALPHA[index] if index < len(FILL_ALPHA) else 0.0
        if alpha and not any(math.isnan(v) for v in values):
            axes.fill(angles, values, color=colour, alpha=alpha, linewidth=0, zorder=2)
        whole[index] = all(math.isnan(v) or v.is_integer() for v in values)
        for axis, value in enumerate(values):
            if not math.isnan(value):
                at_axis.setdefault(axis, []).append((value, index))
    for axis, points in at_axis.items():
        for (value, index), (dx, dy) in zip(*_label_places(points, angles[axis]), strict=True):
            axes.annotate(
                _number(value, whole[index]),
                (angles[axis], value),
                xytext=(dx, dy),
                textcoords="offset points",
                ha="center",
                va="center",
                fontsize=10,
                fontweight="bold" if index == 0 else "normal",
                fontstyle="normal" if index == 0 else "italic",
                color=TREND_COLOURS[index % len(TREND_COLOURS)],
                bbox={"boxstyle": "round,pad=0.12", "facecolor": "white", "edgecolor": "none"},
                zorder=4,
            )
    for angle, label in zip(angles, labels, strict=True):
        across = math.sin(angle)  # right of the centre > 0, left < 0
        ha = "center" if abs(across) < 0.2 else "left" if across > 0 else "right"
        up = math.cos(angle)
        va = "center" if abs(up) < 0.2 else "bottom" if up > 0 else "top"
        axes.text(
            angle,
            outer + span * 0.12,
            _label(label),
            ha=ha,
            va=va,
            fontsize=11,
            linespacing=1.15,
        )
    handles, legend_labels = axes.get_legend_handles_labels()
    if handles:
        axes.legend(
            handles,
            legend_labels,
            loc="upper center",
            bbox_to_anchor=(0.5, -0.1),
            ncol=2,
            fontsize=10,
            frameon=False,
            handlelength=3.2,
        )
    if title:
        axes.set_title(chart_label(title, 50), loc="left", pad=44, fontsize=12)
    return to_svg(figure)
