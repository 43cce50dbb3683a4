"""Continuous evaluation: pulse trend, weakest points, feedback per side, suggestions."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from cocreate_widgets.analysis.evaluation import (
    feedback_trend,
    pulse_trend,
    suggestions,
    weakest_points,
)

SIDES = {
    "patient": "patient_side",
    "relative": "patient_side",
    "doctor": "care_providers",
    "nurse": "care_providers",
    "municipality": "other_professionals",
}


def frame(*answers: tuple[int, str, str, object]) -> pd.DataFrame:
    """Rows of (participant id, role, question id, value)."""
    rows = [
        {
            "participant_id": pid,
            "pseudonym": f"P{pid}",
            "role": role,
            "side": SIDES[role],
            "organisation": None,
            "question_id": qid,
            "value": value,
        }
        for pid, role, qid, value in answers
    ]
    return pd.DataFrame(
        rows,
        columns=[
            "participant_id",
            "pseudonym",
            "role",
            "side",
            "organisation",
            "question_id",
            "value",
        ],
    )


def test_pulse_trend_mean_spread_n_and_an_empty_wave():
    waves = {
        2: frame((1, "patient", "trust", 2), (2, "doctor", "trust", 4), (3, "nurse", "trust", 3)),
        1: frame((1, "patient", "trust", 4), (2, "doctor", "energy", 5)),
        3: frame(),
    }
    table = pulse_trend(waves, ["trust", "energy"])
    assert list(zip(table["wave"], table["question_id"], table["n"], strict=True)) == [
        (1, "trust", 1),
        (1, "energy", 1),
        (2, "trust", 3),
        (2, "energy", 0),
        (3, "trust", 0),
        (3, "energy", 0),
    ]
    assert table.loc[2, "mean"] == 3.0
    assert table.loc[2, "spread"] == pytest.approx(math.sqrt(2 / 3))
    assert table.loc[0, "spread"] == 0.0  # a single answer has no spread
    assert table.loc[[3, 4, 5], "mean"].isna().all()


def test_pulse_trend_of_nothing():
    assert pulse_trend({}, ["trust"]).empty


def trend(rows: list[tuple[int, str, int, float, float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["wave", "question_id", "n", "mean", "spread"])


def test_weakest_points_low_falling_split_and_ties():
    table = trend(
        [
            (1, "progress", 5, 4.0, 0.5),
            (1, "trust", 5, 3.0, 0.5),
            (2, "progress", 5, 3.4, 0.5),  # fell 0.6
            (2, "trust", 5, 2.8, 0.4),  # low, fell 0.2 only
            (2, "energy", 5, 2.8, 1.5),  # low and split, no earlier wave
            (2, "commitment", 5, 3.6, 0.2),  # fine
            (3, "progress", 0, math.nan, math.nan),  # an empty wave is skipped
        ]
    )
    weak = weakest_points(table)
    assert list(weak["question_id"]) == ["trust", "energy", "progress"]
    assert list(weak["reasons"]) == ["low", "low, split", "falling"]
    assert set(weak["wave"]) == {2}
    assert weak.loc[2, "change"] == pytest.approx(-0.6)
    assert math.isnan(weak.loc[1, "change"])


def test_weakest_points_compares_with_the_last_wave_that_had_answers():
    table = trend(
        [
            (1, "trust", 4, 4.5, 0.5),
            (2, "trust", 0, math.nan, math.nan),
            (3, "trust", 4, 3.5, 0.5),
        ]
    )
    weak = weakest_points(table)
    assert list(weak["reasons"]) == ["falling"] and weak.loc[0, "change"] == -1.0


def test_weakest_points_nothing_to_flag_or_no_answers():
    assert weakest_points(trend([(1, "trust", 3, 4.0, 0.1)])).empty
    assert weakest_points(trend([(1, "trust", 0, math.nan, math.nan)])).empty


def test_feedback_trend_per_side_with_all_and_gaps():
    sessions = {
        1: frame(
            (1, "patient", "heard", 2),
            (2, "relative", "heard", 3),
            (3, "doctor", "heard", 5),
            (4, "municipality", "heard", 4),
        ),
        2: frame((1, "patient", "heard", 4), (3, "doctor", "heard", 4)),
    }
    table = feedback_trend(sessions, ["heard"])
    assert (
        list(table["side"]) == ["all", "patient_side", "care_providers", "other_professionals"] * 2
    )
    first = table[table["session"] == 1].set_index("side")
    assert first.loc["all", "mean"] == 3.5 and first.loc["all", "n"] == 4
    assert first.loc["patient_side", "mean"] == 2.5
    second = table[table["session"] == 2].set_index("side")
    assert second.loc["other_professionals", "n"] == 0
    assert math.isnan(second.loc["other_professionals", "mean"])


def test_feedback_trend_hides_small_groups_but_not_the_whole():
    sessions = {1: frame((1, "patient", "heard", 2), (3, "doctor", "heard", 4))}
    table = feedback_trend(sessions, ["heard"], by="role", min_group_size=3).set_index("role")
    assert list(table.index) == ["all", "doctor", "patient"]
    assert table.loc["all", "mean"] == 3.0
    assert table.loc["doctor", "n"] == 1 and math.isnan(table.loc["doctor", "mean"])


def test_feedback_trend_empty_sessions():
    table = feedback_trend({1: frame()}, ["heard"])
    assert list(table["side"]) == ["all"] and table.loc[0, "n"] == 0


def test_suggestions_merge_case_insensitively_and_drop_empty_ones():
    sessions = {
        1: frame(
            (1, "patient", "improve", "Minder vaktaal.\n\nMeer pauzes"),
            (2, "relative", "improve", "  minder   VAKTAAL "),
            (3, "doctor", "improve", "Minder vaktaal!"),
            (4, "municipality", "improve", "   "),
            (4, "municipality", "heard", 4),
        ),
        2: frame((1, "patient", "improve", "- Meer pauzes")),
        3: frame(),
    }
    table = suggestions(sessions, "improve")
    assert table.to_dict("records") == [
        {
            "session": 1,
            "side": "patient_side, care_providers",
            "suggestion": "Minder vaktaal.",
            "count": 3,
        },
        {"session": 1, "side": "patient_side", "suggestion": "Meer pauzes", "count": 1},
        {"session": 2, "side": "patient_side", "suggestion": "Meer pauzes", "count": 1},
    ]


def test_suggestions_ties_keep_answer_order_and_empty_input():
    sessions = {1: frame((3, "doctor", "improve", "B"), (1, "patient", "improve", "A"))}
    assert list(suggestions(sessions, "improve")["suggestion"]) == ["B", "A"]
    assert suggestions({}, "improve").empty
    assert list(suggestions({}, "improve", by="role").columns) == [
        "session",
        "role",
        "suggestion",
        "count",
    ]
