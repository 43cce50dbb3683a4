"""The energy map: initiatives by friction (across) and energy (up), sized by mentions.

Takes the output of ``analysis.energy.energy_map_data``. Friction runs from 1 to 5 across,
energy from 1 to 5 up; dashed lines at 3 split the map into the four quadrants, whose names
(already translated) stand in the corners: ``go`` top left, ``push`` top right, ``wake``
bottom left, ``park`` bottom right. A marker's area grows with the number of mentions, and
a size legend above the map gives the scale.

The ``max_labels`` most mentioned initiatives (then the most energy) carry their name; the
others carry a number, explained in a key under the map, where initiatives that cannot be
placed (no energy or friction rated) are listed too, with a dash. Names and numbers are
placed one by one beside their marker where they cover no other label, marker or corner
name, with a thin leader line when they had to move further away. Initiatives on the same
spot are set slightly apart around it. Markers are light with a dark edge and the text is
black, so the map reads in black and white. User text goes through ``chart_label``.

``quadrant_map`` draws any such map (e.g. parties by interest and power) from the names of
its columns and its corner names; ``energy_map`` is that map for initiatives.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping

import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.transforms import Bbox

from .style import chart_label, to_svg

MARKER_FILL = "#8fcfc6"
MARKER_EDGE = "#01665e"
MAX_AREA = 520.0  # points², for the most mentioned initiative
MIN_AREA = 36.0
MAX_LABELS = 10
LABEL_WIDTH = 18
KEY_WIDTH = 46
WIDTH = 5.0
LOW, HIGH, MIDDLE = 1, 5, 3
CORNERS = {
    "go": (LOW - 0.42, HIGH + 0.42, "left", "top"),
    "push": (HIGH + 0.42, HIGH + 0.42, "right", "top"),
    "wake": (LOW - 0.42, LOW - 0.42, "left", "bottom"),
    "park": (HIGH + 0.42, LOW - 0.42, "right", "bottom"),
}
# The same corners by place, for any quadrant map, and where each energy quadrant sits.
ENERGY_CORNERS = {
    "go": "top_left",
    "push": "top_right",
    "wake": "bottom_left",
    "park": "bottom_right",
}
CORNER_PLACES = {ENERGY_CORNERS[code]: place for code, place in CORNERS.items()}
# Where a label may go, as an angle from its marker (degrees, 0 = right, 90 = up), in the
# order they are tried: beside, above or below, then the diagonals and in between.
DIRECTIONS = (0, 180, 90, 270, 45, 135, 315, 225, 22.5, 157.5, 337.5, 202.5, 67.5, 112.5)
DIRECTIONS += (292.5, 247.5)
STEPS = (0, 8, 16, 28, 42, 60, 80)  # points beyond the marker's edge, nearest first
CROSSING = 400.0  # cost of a leader line across another marker, in square pixels
AMBIGUOUS = 1500.0  # cost of a label nearer to another marker than to its own
COVER = 5.0  # cost of a square pixel covered (markers, corner names; labels count thrice)
LABEL_SIZE = 10


def _label(text: object, width: int = LABEL_WIDTH) -> str:
    """User text through ``chart_label``, wrapped between words only (no split words)."""
    safe = chart_label(str(text), 1000)
    return "\n".join(textwrap.wrap(safe, width, break_long_words=False)) or " "


def _area(mentions: float, most: float) -> float:
    return max(MIN_AREA, MAX_AREA * float(mentions) / max(float(most), 1.0))


def _spots(points: list[tuple[float, float]], radius: float = 0.2) -> list[tuple[float, float]]:
    """Points on the same spot set apart on a small circle around it (others untouched)."""
    groups: dict[tuple[float, float], list[int]] = {}
    for index, (x, y) in enumerate(points):
        groups.setdefault((round(x, 1), round(y, 1)), []).append(index)
    moved = list(points)
    for members in groups.values():
        if len(members) < 2:
            continue
        for turn, index in enumerate(members):
            angle = math.pi / 2 + 2 * math.pi * turn / len(members)
            x, y = points[index]
            moved[index] = (x + radius * math.cos(angle), y + radius * math.sin(angle))
    return moved


def _overlap(box: Bbox, others: list[Bbox]) -> float:
    total = 0.0
    for other in others:
        width = min(box.x1, other.x1) - max(box.x0, other.x0)
        height = min(box.y1, other.y1) - max(box.y0, other.y0)
        if width > 0 and height > 0:
            total += width * height
    return total


def _outside(box: Bbox, frame: Bbox) -> float:
    width = max(0.0, frame.x0 - box.x0) + max(0.0, box.x1 - frame.x1)
    height = max(0.0, frame.y0 - box.y0) + max(0.0, box.y1 - frame.y1)
    return (width + height) * 1000.0


def _crossings(start: tuple[float, float], box: Bbox, markers: list[Bbox]) -> int:
    """How many markers the leader line from ``start`` to ``box`` would cross."""
    end_x = min(max(start[0], box.x0), box.x1)
    end_y = min(max(start[1], box.y0), box.y1)
    samples = [
        (start[0] + (end_x - start[0]) * t / 16, start[1] + (end_y - start[1]) * t / 16)
        for t in range(4, 17)
    ]
    return sum(any(marker.contains(x, y) for x, y in samples) for marker in markers)


def _distance(point: tuple[float, float], box: Bbox) -> float:
    dx = max(box.x0 - point[0], 0.0, point[0] - box.x1)
    dy = max(box.y0 - point[1], 0.0, point[1] - box.y1)
    return math.hypot(dx, dy)


def _closer(own: Bbox, box: Bbox, markers: list[Bbox], margin: float = 0.0) -> int:
    """How many other markers lie closer to the label than its own (edge to label), or
    less than ``margin`` further away: a reader could take the label for theirs."""

    def gap(marker: Bbox) -> float:
        return _distance(tuple(marker.get_points().mean(axis=0)), box) - marker.width / 2

    mine = gap(own)
    return sum(gap(marker) < mine + margin for marker in markers)


def _place(
    own: Bbox,
    size: tuple[float, float],
    gap: float,
    taken: list[Bbox],
    markers: list[Bbox],
    labels: list[Bbox],
    frame: Bbox,
    scale: float = 1.0,
) -> tuple[float, float, str, str, Bbox]:
    """The first free place for a label of ``size`` (pixels) beside its marker ``own``.

    Free means: covering no box in ``taken`` (other ``labels`` count thrice), inside
    ``frame``, nearer to its own marker than to any of the other ``markers`` (by a margin
    when there is no leader line), with a leader line that crosses none of them nor the
    ``labels`` placed before. Tries every direction
    of ``DIRECTIONS`` close by, then ``STEPS`` further away (``scale``: pixels per point;
    ``gap``: pixels from the centre to just beyond the marker). Returns the offset (pixels), the
    alignment and the label's box; when no place is free, the one that costs least.
    """
    width, height = size
    anchor = tuple(own.get_points().mean(axis=0))
    best = None
    for step in STEPS:
        for degrees in DIRECTIONS:
            dx, dy = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
            distance = gap + step * scale
            ox, oy = dx * distance, dy * distance
            ha = "left" if dx > 0.35 else "right" if dx < -0.35 else "center"
            va = "bottom" if dy > 0.35 else "top" if dy < -0.35 else "center"
            x, y = anchor[0] + ox, anchor[1] + oy
            x0 = {"left": x, "right": x - width, "center": x - width / 2}[ha]
            y0 = {"bottom": y, "top": y - height, "center": y - height / 2}[va]
            box = Bbox.from_bounds(x0 - 3, y0 - 2.5, width + 6, height + 5)
            cost = COVER * (_overlap(box, taken) + 2 * _overlap(box, labels)) + _outside(box, frame)
            cost += CROSSING * _crossings(anchor, box, [*markers, *labels])
            cost += AMBIGUOUS * _closer(own, box, markers, 0 if step else 6 * scale)
            if best is None or cost < best[0]:
                best = (cost, ox, oy, ha, va, box)
            if cost == 0:
                return ox, oy, ha, va, box
    assert best is not None
    return best[1:]


def energy_map(
    data: pd.DataFrame,
    *,
    x_label: str,
    y_label: str,
    quadrant_labels: Mapping[str, str],
    title: str = "",
    size_label: str = "",
    unplaced_label: str = "",
    max_labels: int = MAX_LABELS,
) -> str:
    """The energy map of ``data`` (initiative, energy, friction, mentions) as SVG.

    ``x_label`` names friction, ``y_label`` energy; ``quadrant_labels`` maps the quadrant
    codes (``go``, ``push``, ``wake``, ``park``) to their names; ``size_label`` heads the
    size legend (e.g. "Named by"); ``unplaced_label`` follows initiatives in the key that
    have no place on the map (e.g. "not rated"). See the module docstring for the layout;
    drawn by ``quadrant_map``.
    """
    return quadrant_map(
        data,
        name_column="initiative",
        x_column="friction",
        y_column="energy",
        size_column="mentions",
        x_label=x_label,
        y_label=y_label,
        corner_labels={
            ENERGY_CORNERS[code]: label
            for code, label in quadrant_labels.items()
            if code in ENERGY_CORNERS
        },
        title=title,
        size_label=size_label,
        unplaced_label=unplaced_label,
        max_labels=max_labels,
    )


def quadrant_map(
    data: pd.DataFrame,
    *,
    name_column: str,
    x_column: str,
    y_column: str,
    size_column: str = "mentions",
    x_label: str,
    y_label: str,
    corner_labels: Mapping[str, str],
    title: str = "",
    size_label: str = "",
    unplaced_label: str = "",
    max_labels: int = MAX_LABELS,
    x_middle: float = MIDDLE,
    y_middle: float = MIDDLE,
) -> str:
    """A 1–5 by 1–5 map of named things split into four quadrants, as SVG.

    ``data`` has a row per thing: its name (``name_column``), its place across
    (``x_column``) and up (``y_column``), and a count that sizes its marker
    (``size_column``, 1 when the column is missing). Dashed lines at ``x_middle`` and
    ``y_middle`` split the map; ``corner_labels`` maps the corners (``top_left``,
    ``top_right``, ``bottom_left``, ``bottom_right``) to their names (already translated).
    ``size_label`` heads the size legend; ``unplaced_label`` follows things in the key that
    have no place on the map. The layout is that of the energy map (module docstring).
    """
    source = data.reset_index(drop=True)
    rows = pd.DataFrame(
        {
            "_name": source[name_column] if name_column in source else pd.Series(dtype=object),
            "_y": source[y_column] if y_column in source else pd.Series(dtype=float),
            "_x": source[x_column] if x_column in source else pd.Series(dtype=float),
            "_size": source.get(size_column, 1),
        },
        index=source.index,
    )
    rows["_size"] = pd.to_numeric(rows["_size"], errors="coerce").fillna(1)
    for column in ("_y", "_x"):
        rows[column] = pd.to_numeric(rows[column], errors="coerce")
    rows = rows.assign(_first=range(len(rows)))
    rows = rows.sort_values(
        ["_size", "_y", "_first"], ascending=[False, False, True], kind="stable"
    )
    placed = rows[rows["_y"].notna() & rows["_x"].notna()]
    unplaced = rows[rows["_y"].isna() | rows["_x"].isna()]
    named = placed.head(max(max_labels, 0))
    numbered = placed.iloc[len(named) :]

    key_lines: list[str] = []
    for number, name in enumerate(numbered["_name"], start=1):
        first, *rest = chart_label(name, KEY_WIDTH).split("\n")
        key_lines.append(f"{number}.  {first}")
        key_lines.extend(f"      {line}" for line in rest)
    suffix = f" ({chart_label(unplaced_label, 40)})" if unplaced_label else ""
    for name in unplaced["_name"]:
        first, *rest = (chart_label(name, KEY_WIDTH) + suffix).split("\n")
        key_lines.append(f"–   {first}")
        key_lines.extend(f"      {line}" for line in rest)
    key_height = 0.22 * len(key_lines) + 0.25 if key_lines else 0.0

    figure = Figure(figsize=(WIDTH, WIDTH + 0.9 + key_height))
    FigureCanvasAgg(figure)
    if key_lines:
        grid = figure.add_gridspec(2, 1, height_ratios=[WIDTH + 0.3, key_height], hspace=0.18)
        axes = figure.add_subplot(grid[0])
    else:
        axes = figure.add_subplot()
    axes.set_xlim(LOW - 0.5, HIGH + 0.5)
    axes.set_ylim(LOW - 0.5, HIGH + 0.5)
    axes.set_xticks(range(LOW, HIGH + 1))
    axes.set_yticks(range(LOW, HIGH + 1))
    axes.tick_params(labelsize=10)
    axes.axvline(x_middle, color="#888888", linestyle="--", linewidth=1, zorder=1)
    axes.axhline(y_middle, color="#888888", linestyle="--", linewidth=1, zorder=1)
    axes.set_xlabel(chart_label(x_label, 50), fontsize=10.5)
    axes.set_ylabel(chart_label(y_label, 40), fontsize=10.5)
    corner_texts = []
    for corner, (x, y, ha, va) in CORNER_PLACES.items():
        if corner_labels.get(corner):
            corner_texts.append(
                axes.text(
                    x,
                    y,
                    chart_label(corner_labels[corner], 16),
                    ha=ha,
                    va=va,
                    fontsize=10,
                    fontweight="bold",
                    color="#6b6b6b",
                    zorder=1,
                )
            )

    most = float(rows["_size"].max()) if len(rows) else 1.0
    spots = _spots(list(zip(placed["_x"], placed["_y"], strict=True)))
    areas = [_area(m, most) for m in placed["_size"]]
    if spots:
        axes.scatter(
            [x for x, _ in spots],
            [y for _, y in spots],
            s=areas,
            facecolor=MARKER_FILL,
            edgecolor=MARKER_EDGE,
            linewidth=1.2,
            alpha=0.85,
            zorder=3,
        )
    if len(rows):
        sizes = sorted({1, math.ceil(most / 2), int(most)})
        handles = [
            axes.scatter(
                [],
                [],
                s=_area(m, most),
                facecolor=MARKER_FILL,
                edgecolor=MARKER_EDGE,
                linewidth=1.2,
            )
            for m in sizes
        ]
        axes.legend(
            handles,
            [str(m) for m in sizes],
            title=chart_label(size_label, 40) if size_label else None,
            loc="lower left",
            bbox_to_anchor=(0.0, 1.0),
            ncol=len(sizes),
            frameon=False,
            fontsize=9.5,
            title_fontsize=9.5,
            alignment="left",
            borderaxespad=0.5,
            scatterpoints=1,
        )

    renderer = figure.canvas.get_renderer()
    to_pixels = figure.dpi / 72.0
    frame = axes.get_window_extent(renderer)
    centres = [axes.transData.transform(spot) for spot in spots]
    taken = [text.get_window_extent(renderer).expanded(1.05, 1.1) for text in corner_texts]
    markers = []
    for (cx, cy), area in zip(centres, areas, strict=True):
        radius = math.sqrt(area) / 2 * to_pixels
        markers.append(Bbox.from_bounds(cx - radius, cy - radius, 2 * radius, 2 * radius))
    taken += markers
    placed_labels: list[Bbox] = []
    labels = [_label(name) for name in named["_name"]]
    labels += [str(n) for n in range(1, len(numbered) + 1)]
    for index, label in enumerate(labels):
        bold = index >= len(named)
        probe = axes.text(0, 0, label, fontsize=LABEL_SIZE, fontweight="bold" if bold else "normal")
        extent = probe.get_window_extent(renderer)
        probe.remove()
        radius = math.sqrt(areas[index]) / 2 * to_pixels
        gap = radius + 3 * to_pixels
        others = markers[:index] + markers[index + 1 :]
        ox, oy, ha, va, box = _place(
            markers[index],
            (extent.width, extent.height),
            gap,
            taken,
            others,
            placed_labels,
            frame,
            to_pixels,
        )
        taken.append(box)
        placed_labels.append(box)
        far = math.hypot(ox, oy) > gap + 1
        axes.annotate(
            label,
            spots[index],
            xytext=(ox / to_pixels, oy / to_pixels),
            textcoords="offset points",
            ha=ha,
            va=va,
            fontsize=LABEL_SIZE,
            fontweight="bold" if bold else "normal",
            linespacing=1.1,
            zorder=4,
            bbox={
                "boxstyle": "square,pad=0.05",
                "facecolor": "white",
                "alpha": 0.8,
                "linewidth": 0,
            },
            arrowprops=(
                {
                    "arrowstyle": "-",
                    "color": "#555555",
                    "linewidth": 0.7,
                    "shrinkA": 0,
                    "shrinkB": radius / to_pixels,
                }
                if far
                else None
            ),
        )
    if title:
        axes.set_title(chart_label(title, 50), loc="left", pad=46 if len(rows) else 10)
    if key_lines:
        notes = figure.add_subplot(grid[1])
        notes.axis("off")
        notes.text(
            0.0,
            1.0,
            "\n".join(key_lines),
            ha="left",
            va="top",
            fontsize=10,
            linespacing=1.35,
            transform=notes.transAxes,
        )
    return to_svg(figure)
