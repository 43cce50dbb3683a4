"""A table of numbers as a heatmap: rows x columns, the number written in every cell.

The shading runs from light to dark on one hue, so it also reads in grey scale; the number
in each cell carries the meaning, the shade only helps the eye. Empty cells (NaN) stay white
with a dash, so even the lowest number stands apart from "nothing". Row and column labels
are user text and go through ``chart_label``. A wide matrix (more than ``MAX_COLUMNS``
columns and more columns than rows) is drawn turned a quarter, so its long side runs down
the page: that reads on a phone and a projector alike.
"""

from __future__ import annotations

import math
import textwrap

import pandas as pd
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure

from .style import chart_label, to_svg

HEAT_COLOURS = LinearSegmentedColormap.from_list("cocreate_heat", ["#d3ebe8", "#01665e"])
EMPTY_MARK = "–"
COLUMN_WIDTH = 14
ROW_WIDTH = 26
MAX_COLUMNS = 5


def _label(text: object, width: int) -> str:
    """User text through ``chart_label``, wrapped between words only (no split names)."""
    safe = chart_label(str(text), 1000)
    return "\n".join(textwrap.wrap(safe, width, break_long_words=False)) or " "


def _number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".") if value % 1 else f"{value:.0f}"


def heatmap(matrix: pd.DataFrame, title: str = "", value_label: str = "") -> str:
    """The matrix as shaded cells with their number; ``value_label`` says what the number is.

    Column labels sit above the cells (wrapped, and slanted when there are many); the
    shade scale runs from the smallest to the largest number in the matrix. A wide matrix
    is drawn transposed (see the module docstring).
    """
    if matrix.shape[1] > max(MAX_COLUMNS, matrix.shape[0]):
        matrix = matrix.T
    rows = [_label(r, ROW_WIDTH) for r in matrix.index]
    columns = [_label(c, COLUMN_WIDTH) for c in matrix.columns]
    values = matrix.to_numpy(dtype=float) if matrix.size else None
    n_rows, n_cols = max(len(rows), 1), max(len(columns), 1)
    slanted = n_cols > 6
    head_lines = max([c.count("\n") + 1 for c in columns] + [1])
    head = 0.35 + (1.2 if slanted else 0.2 * head_lines)
    width = min(max(2.4 + 0.95 * n_cols, 4.0), 12.0)
    height = 0.9 + head + 0.45 * n_rows + (0.3 if title else 0) + (0.3 if value_label else 0)
    figure = Figure(figsize=(width, height))
    axes = figure.add_subplot()
    finite = [v for v in (values.ravel() if values is not None else []) if not math.isnan(v)]
    low, high = (min(finite), max(finite)) if finite else (0.0, 1.0)
    if high == low:
        low, high = low - 1, high + 1
    if values is not None:
        axes.imshow(values, cmap=HEAT_COLOURS, vmin=low, vmax=high, aspect="auto")
        for i in range(values.shape[0]):
            for j in range(values.shape[1]):
                value = values[i, j]
                if math.isnan(value):
                    axes.text(j, i, EMPTY_MARK, ha="center", va="center", color="#555555")
                    continue
                dark = (value - low) / (high - low) > 0.55
                axes.text(
                    j,
                    i,
                    _number(value),
                    ha="center",
                    va="center",
                    fontsize=11,
                    fontweight="bold",
                    color="white" if dark else "black",
                )
    axes.set_xlim(-0.5, n_cols - 0.5)
    axes.set_ylim(n_rows - 0.5, -0.5)
    axes.set_xticks(range(len(columns)), columns, fontsize=9)
    axes.xaxis.tick_top()
    if slanted:
        for label in axes.get_xticklabels():
            label.set_rotation(40)
            label.set_ha("left")
            label.set_rotation_mode("anchor")
    axes.set_yticks(range(len(rows)), rows, fontsize=10)
    axes.tick_params(length=0)
    for spine in axes.spines.values():
        spine.set_visible(False)
    axes.set_xticks([x - 0.5 for x in range(1, n_cols)], minor=True)
    axes.set_yticks([y - 0.5 for y in range(1, n_rows)], minor=True)
    axes.grid(which="minor", color="white", linewidth=2)
    axes.tick_params(which="minor", length=0)
    if title:
        axes.set_title(chart_label(title, 60), loc="left", fontsize=12, pad=10)
    if value_label:
        axes.set_xlabel(chart_label(value_label, 70), fontsize=10, color="#333333")
    return to_svg(figure)
