"""Embedding at every level (King's Fund, "Patients as partners", 2016): how deep, where.

Exercise ``embed_levels``: under ``activities`` everyone lists activities where patients
and citizens take part, each with the ``level`` it works at (``LEVELS``: own care up to the
region) and the ``depth`` of the participation, after the participation ladder
(``DEPTHS``: informed, consulted, advising, co-creating, co-deciding).

The rules, in plain words:

- **One activity.** Two names are one activity when they are equal after trimming,
  joining inner spaces and ignoring upper/lower case (as ``energy.initiative_key``); it
  keeps the spelling seen first. Items without a name are dropped.
- **The grid** (``coverage_grid``) counts, per level and depth, the distinct activities
  placed there. The same activity named by several people in one cell counts once; one
  activity named at two cells counts in both. An item without a level or depth, or with
  one not in the grid's orders, cannot be placed and is left out. Every cell is present,
  zeros kept.
- **Depth order.** The order of ``depths`` runs from shallow to deep; the deepest depth of
  a level is the last one with at least one activity.
- **Gaps** (``coverage_gaps``) are the empty cells, by level then depth (grid order).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from .energy import initiative_key
from .frames import plain_text, question_values

LEVELS = ("own_care", "team", "department", "organisation", "region")
DEPTHS = ("informed", "consulted", "advising", "co_creating", "co_deciding")


def _placed(
    answers: pd.DataFrame, question_id: str = "activities"
) -> dict[tuple[str, str], dict[str, str]]:
    """(level, depth) -> activity key -> first spelling, in order of the answers."""
    cells: dict[tuple[str, str], dict[str, str]] = {}
    if answers.empty:
        return cells
    shown: dict[str, str] = {}
    for value in question_values(answers, question_id)["value"]:
        for item in value if isinstance(value, list) else []:
            name = plain_text(item.get("activity")) if isinstance(item, dict) else ""
            level, depth = (item.get("level"), item.get("depth")) if name else (None, None)
            if not (isinstance(level, str) and isinstance(depth, str)):
                continue
            key = initiative_key(name)
            shown.setdefault(key, name)
            cells.setdefault((level, depth), {}).setdefault(key, shown[key])
    return cells


def coverage_grid(
    answers: pd.DataFrame,
    levels: Sequence[str] = LEVELS,
    depths: Sequence[str] = DEPTHS,
    question_id: str = "activities",
) -> pd.DataFrame:
    """Levels (rows) x depths (columns): the number of distinct activities in each cell.

    All cells present, zeros kept; see the module rules for what counts.
    """
    grid = pd.DataFrame(
        0, index=pd.Index(list(levels), name="level"), columns=pd.Index(list(depths)), dtype=int
    )
    grid.columns.name = "depth"
    for (level, depth), found in _placed(answers, question_id).items():
        if level in grid.index and depth in grid.columns:
            grid.loc[level, depth] = len(found)
    return grid


def _keep_none(table: pd.DataFrame, column: str) -> pd.DataFrame:
    """The column as plain objects, so "none reached" stays None (not NaN)."""
    values = [None if pd.isna(v) else v for v in table[column]]
    table[column] = pd.Series(values, index=table.index, dtype=object)
    return table


def _deepest(row: pd.Series) -> str | None:
    reached = [depth for depth, count in row.items() if count > 0]
    return str(reached[-1]) if reached else None


def coverage_gaps(grid: pd.DataFrame) -> pd.DataFrame:
    """Every empty cell of ``coverage_grid``: level, depth, deepest_at_level.

    ``deepest_at_level`` is the deepest depth with an activity at that level, or None when
    the level has none. Rows by level, then depth, in the order of the grid.
    """
    columns = ["level", "depth", "deepest_at_level"]
    rows = [
        {"level": level, "depth": depth, "deepest_at_level": _deepest(row)}
        for level, row in grid.iterrows()
        for depth, count in row.items()
        if count == 0
    ]
    return _keep_none(pd.DataFrame(rows, columns=columns), "deepest_at_level")


def activities_in_cell(
    answers: pd.DataFrame, level: str, depth: str, question_id: str = "activities"
) -> list[str]:
    """The distinct activities placed at ``level`` and ``depth``, in order of first naming."""
    return list(_placed(answers, question_id).get((level, depth), {}).values())


def level_depth_summary(grid: pd.DataFrame) -> pd.DataFrame:
    """Per level of ``coverage_grid``: level, activities, depths_covered, deepest.

    ``activities`` sums the row (an activity placed at two depths of one level counts
    twice); ``depths_covered`` counts the depths with at least one; ``deepest`` is the
    deepest depth reached, or None.
    """
    rows = [
        {
            "level": level,
            "activities": int(row.sum()),
            "depths_covered": int((row > 0).sum()),
            "deepest": _deepest(row),
        }
        for level, row in grid.iterrows()
    ]
    table = pd.DataFrame(rows, columns=["level", "activities", "depths_covered", "deepest"])
    return _keep_none(table, "deepest")


def next_rungs(grid: pd.DataFrame) -> pd.DataFrame:
    """Per level, the next step up the ladder: the first empty depth above the deepest reached.

    A level with nothing yet starts at the lowest depth; a level that already reaches the
    top depth has no next step and is left out. These are the gaps worth working on first:
    one step at a time, where something already happens. Columns: level, depth, reached.
    """
    rows = []
    for level, row in grid.iterrows():
        depths = list(row.index)
        deepest = _deepest(row)
        start = depths.index(deepest) + 1 if deepest is not None else 0
        empty = [d for d in depths[start:] if row[d] == 0]
        if empty:
            rows.append({"level": level, "depth": empty[0], "reached": deepest})
    return _keep_none(pd.DataFrame(rows, columns=["level", "depth", "reached"]), "reached")
