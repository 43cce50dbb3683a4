"""Patterns in experience stories: theme counts, themes together, per neighbourhood with
small groups merged, and only approved stories behind a pattern."""

from __future__ import annotations

import math

import pandas as pd

from cocreate_widgets.analysis.stories import (
    SMALL_GROUP,
    status_counts,
    stories_behind,
    theme_cooccurrence,
    theme_frequencies,
    theme_pairs,
    themes_by_neighbourhood,
)

THEMES = ["debts", "loneliness", "housing", "desk_to_desk"]
PLACES = ["noord", "oost", "zuid"]


def _frame(rows):
    return pd.DataFrame(
        rows, columns=["key", "themes", "neighbourhood", "status", "name", "masked_text"]
    )


STORIES = _frame(
    [
        ("1:1", ["debts", "loneliness"], "noord", "approved", "Anna", "Schulden en alleen."),
        ("1:2", ["debts", "loneliness"], "noord", "pending", "Anoniem", ""),
        ("1:3", ["debts", "desk_to_desk"], "noord", "rejected", "Anoniem", ""),
        ("1:4", ["loneliness"], "oost", "approved", "Anoniem", "Niemand kwam langs."),
        ("1:5", ["housing"], "oost", "approved", "Bert", "Schimmel in huis."),
        ("1:6", ["debts", "housing"], "oost", "pending", "Anoniem", ""),
        ("1:7", ["debts"], "zuid", "approved", "Anoniem", "Brieven van de deurwaarder."),
        ("1:8", ["loneliness", "debts"], "", "approved", "Anoniem", "Alleen en rood staan."),
    ]
)


def test_theme_frequencies_count_every_story_most_first():
    """Are all stories counted per theme, the most frequent first, with their share?"""
    freq = theme_frequencies(STORIES, THEMES)
    assert freq["theme"].tolist() == ["debts", "loneliness", "housing", "desk_to_desk"]
    assert freq["stories"].tolist() == [6, 4, 2, 1]
    assert freq.loc[0, "share"] == 6 / 8


def test_cooccurrence_is_symmetric_with_counts_on_the_diagonal():
    """Does the matrix count stories touching both themes, the same both ways?"""
    matrix = theme_cooccurrence(STORIES, THEMES)
    assert matrix.loc["debts", "loneliness"] == 3 == matrix.loc["loneliness", "debts"]
    assert matrix.loc["debts", "debts"] == 6
    assert matrix.loc["loneliness", "housing"] == 0
    assert (matrix.to_numpy() == matrix.T.to_numpy()).all()
    pairs = theme_pairs(STORIES, THEMES)
    assert tuple(pairs.iloc[0][["first", "second", "stories"]]) == ("debts", "loneliness", 3)


def test_small_neighbourhoods_are_merged_and_marked():
    """Is a neighbourhood with fewer than three stories not shown apart, and the merged
    group marked empty when it is still too small?"""
    table = themes_by_neighbourhood(STORIES, THEMES, PLACES)
    assert list(table.columns) == ["noord", "oost", SMALL_GROUP]
    assert table.loc["stories", "noord"] == 3 and table.loc["debts", "noord"] == 3
    assert table.loc["housing", "oost"] == 2
    # zuid (1) and no neighbourhood (1) merged: 2 stories, still too few -> marked
    assert math.isnan(table.loc["stories", SMALL_GROUP])
    table = themes_by_neighbourhood(STORIES, THEMES, PLACES, min_stories=2)
    assert table.loc["stories", SMALL_GROUP] == 2 and "zuid" not in table.columns


def test_stories_behind_a_pattern_are_approved_ones_only():
    """Does a theme or a pair lead to the approved, masked stories only?"""
    behind = stories_behind(STORIES, ["debts", "loneliness"])
    assert behind["key"].tolist() == ["1:1", "1:8"]
    assert behind.loc[0, "masked_text"] == "Schulden en alleen."
    behind = stories_behind(STORIES, ["desk_to_desk"])
    assert behind.empty  # the only one was rejected
    assert stories_behind(STORIES.iloc[0:0], ["debts"]).empty


def test_status_counts_and_empty_frames():
    """Are statuses counted, and do empty inputs give empty, well-formed results?"""
    assert status_counts(STORIES).to_dict() == {"pending": 2, "approved": 5, "rejected": 1}
    empty = STORIES.iloc[0:0]
    assert theme_frequencies(empty, THEMES)["stories"].tolist() == [0, 0, 0, 0]
    assert theme_cooccurrence(empty, THEMES).to_numpy().sum() == 0
    assert theme_pairs(empty, THEMES).empty
    assert themes_by_neighbourhood(empty, THEMES, PLACES).shape[1] == 0
