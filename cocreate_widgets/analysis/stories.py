"""Patterns in experience stories: which themes come up, which go together, where.

Pure functions on the stories frame of :func:`cocreate_widgets.stories.review.stories_frame`
(one row per story: ``key``, ``themes`` (list of option ids), ``neighbourhood`` (option id
or ``""``), ``status`` (pending, approved, rejected), ``masked_text`` (empty unless
approved)). Counts use every story (a theme ticked is no text and names nobody); the
stories *behind* a pattern are the approved ones only, as masked.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

import pandas as pd

from .summaries import MIN_GROUP_SIZE

APPROVED = "approved"
SMALL_GROUP = "_small"
"""The neighbourhood id under which neighbourhoods with too few stories are merged."""
NO_NEIGHBOURHOOD = "_none"
"""The neighbourhood id of stories that did not say where."""


def _theme_lists(stories: pd.DataFrame) -> list[list[str]]:
    if "themes" not in stories:
        return []
    return [list(t) if isinstance(t, list | tuple) else [] for t in stories["themes"]]


def theme_frequencies(stories: pd.DataFrame, theme_ids: Sequence[str]) -> pd.DataFrame:
    """Per theme (in the given order, then by count): ``theme``, ``stories`` (how many
    stories touch it) and ``share`` (of all stories, 0..1)."""
    lists = _theme_lists(stories)
    total = len(lists)
    rows = [(theme, sum(theme in themes for themes in lists)) for theme in theme_ids]
    frame = pd.DataFrame(rows, columns=["theme", "stories"])
    frame["share"] = frame["stories"] / total if total else 0.0
    order = {theme: i for i, theme in enumerate(theme_ids)}
    frame["_order"] = frame["theme"].map(order)
    frame = frame.sort_values(["stories", "_order"], ascending=[False, True])
    return frame.drop(columns="_order").reset_index(drop=True)


def theme_cooccurrence(stories: pd.DataFrame, theme_ids: Sequence[str]) -> pd.DataFrame:
    """A square matrix (themes x themes): how many stories touch both themes; the diagonal
    is how many touch the theme at all."""
    matrix = pd.DataFrame(0, index=list(theme_ids), columns=list(theme_ids), dtype=int)
    for themes in _theme_lists(stories):
        present = [t for t in theme_ids if t in themes]
        for theme in present:
            matrix.loc[theme, theme] += 1
        for first, second in combinations(present, 2):
            matrix.loc[first, second] += 1
            matrix.loc[second, first] += 1
    return matrix


def theme_pairs(stories: pd.DataFrame, theme_ids: Sequence[str], top: int = 5) -> pd.DataFrame:
    """The pairs of themes that occur together most often: ``first``, ``second``,
    ``stories``; only pairs that occur at least once, most frequent first."""
    matrix = theme_cooccurrence(stories, theme_ids)
    rows = [
        (first, second, int(matrix.loc[first, second]))
        for first, second in combinations(theme_ids, 2)
        if matrix.loc[first, second] > 0
    ]
    frame = pd.DataFrame(rows, columns=["first", "second", "stories"])
    return (
        frame.sort_values("stories", ascending=False, kind="stable")
        .head(top)
        .reset_index(drop=True)
    )


def themes_by_neighbourhood(
    stories: pd.DataFrame,
    theme_ids: Sequence[str],
    neighbourhood_ids: Sequence[str],
    min_stories: int = MIN_GROUP_SIZE,
) -> pd.DataFrame:
    """Themes (rows) per neighbourhood (columns): how many stories of that neighbourhood
    touch the theme, and a last row ``stories`` with the number of stories per column.

    A neighbourhood with fewer than ``min_stories`` stories is not shown apart: its stories
    are merged into the column ``_small`` (itself shown only when it reaches the minimum;
    else those stories are left out and the column ``_small`` holds ``NaN``, marked). Stories
    without a neighbourhood are the column ``_none`` under the same rule.
    """
    lists = _theme_lists(stories)
    places = list(stories["neighbourhood"]) if "neighbourhood" in stories else [""] * len(lists)
    columns: dict[str, list[list[str]]] = {}
    for place, themes in zip(places, lists, strict=True):
        place = place if place in neighbourhood_ids else NO_NEIGHBOURHOOD
        columns.setdefault(place, []).append(themes)
    shown: dict[str, list[list[str]]] = {}
    small: list[list[str]] = []
    for place in [*neighbourhood_ids, NO_NEIGHBOURHOOD]:
        group = columns.get(place, [])
        if len(group) >= min_stories:
            shown[place] = group
        else:
            small.extend(group)
    if small:
        shown[SMALL_GROUP] = small
    index = [*theme_ids, "stories"]
    frame = pd.DataFrame(index=index, dtype=float)
    for place, group in shown.items():
        if len(group) < min_stories:  # the merged small ones are still too few
            frame[place] = float("nan")
            continue
        counts = [sum(theme in themes for themes in group) for theme in theme_ids]
        frame[place] = [*counts, len(group)]
    return frame


def stories_behind(stories: pd.DataFrame, themes: Sequence[str]) -> pd.DataFrame:
    """The approved stories that touch all the given themes (one theme or a pair):
    ``key``, ``name`` (as published, when present) and ``masked_text``. Pending and rejected
    stories are never returned."""
    columns = ["key", "name", "masked_text"]
    if not len(stories):
        return pd.DataFrame(columns=columns)
    wanted = set(themes)
    mask = [
        status == APPROVED and wanted <= set(theme_list) and bool(text)
        for status, theme_list, text in zip(
            stories["status"], _theme_lists(stories), stories["masked_text"], strict=True
        )
    ]
    found = stories[mask]
    if "name" not in found:
        found = found.assign(name="")
    return found[columns].reset_index(drop=True)


def status_counts(stories: pd.DataFrame) -> pd.Series:
    """How many stories are pending, approved and rejected (in that order)."""
    statuses = ["pending", "approved", "rejected"]
    counts = stories["status"].value_counts() if len(stories) else pd.Series(dtype=int)
    return pd.Series([int(counts.get(s, 0)) for s in statuses], index=statuses, dtype=int)
