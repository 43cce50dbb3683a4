"""Interests: the partner x theme matrix, clashes, too-small interests, financing."""

from __future__ import annotations

import math

import pandas as pd
from answer_frames import answer_frame

from cocreate_widgets.analysis.partnership_interests import (
    clashing_interests,
    financing_differences,
    interest_matrix,
    theme_key,
    too_small_interests,
)

PEOPLE = {
    1: ("Anna", "patient", "patient_side", "Vereniging"),
    2: ("Bert", "patient", "patient_side", "Vereniging"),
    3: ("Dr. C", "doctor", "care_providers", "Praktijk"),
    4: ("Dirk", "other_care", "care_providers", "Diëtist"),
    5: ("Eva", "relative", "patient_side", None),
}


def frame(answers: dict[int, dict]) -> pd.DataFrame:
    return answer_frame(answers, PEOPLE)


def items(*texts: str) -> list[dict[str, str]]:
    return [{"interest": t} for t in texts]


def test_theme_key_trims_and_ignores_case():
    assert theme_key("  Minder   OPNAMES ") == theme_key("minder opnames") == "minder opnames"


def test_interest_matrix_matches_themes_and_averages_a_partner():
    answers = frame(
        {
            1: {"organisation_interests": items("Minder opnames"), "importance": 8},
            2: {"own_interests": items(" minder  OPNAMES ", "Regie"), "importance": 6},
            3: {"organisation_interests": items("Werkdruk", "Regie"), "importance": 5},
            5: {"importance": 9},
        }
    )
    matrix = interest_matrix(answers)
    assert list(matrix.index) == ["Vereniging", "Praktijk", "Eva"]
    # Regie: two partners; the other two one partner each (a tie: first seen first)
    assert list(matrix.columns) == ["Regie", "Minder opnames", "Werkdruk"]
    assert matrix.loc["Vereniging", "Minder opnames"] == 7.0  # (8 + 6) / 2
    assert matrix.loc["Vereniging", "Regie"] == 6.0
    assert matrix.loc["Praktijk", "Regie"] == 5.0
    assert math.isnan(matrix.loc["Praktijk", "Minder opnames"])
    assert matrix.loc["Eva"].isna().all()  # answered, but named no interest


def test_interest_matrix_empty_and_single_participant():
    assert interest_matrix(frame({})).empty
    single = interest_matrix(frame({3: {"organisation_interests": items("A", "a", "B")}}))
    assert list(single.columns) == ["A", "B"]
    assert single.isna().all().all()  # no importance given: named, but no number


def test_clashes_are_mutual_first_then_yes_before_maybe():
    answers = frame(
        {
            1: {"clash": "maybe", "clash_with": ["doctor"], "clash_what": "Korte consulten"},
            3: {"clash": "yes", "clash_with": ["other_care"], "clash_what": "Verwijzingen"},
            4: {"clash": "yes", "clash_with": ["doctor", "municipality"]},
            2: {"clash": "no", "clash_with": ["doctor"]},
            5: {"clash": "yes"},
        }
    )
    table = clashing_interests(answers)
    got = list(
        zip(table["pseudonym"], table["with_role"], table["level"], table["mutual"], strict=True)
    )
    assert got == [
        ("Dr. C", "other_care", "yes", True),
        ("Dirk", "doctor", "yes", True),
        ("Dirk", "municipality", "yes", False),
        ("Eva", "", "yes", False),
        ("Anna", "doctor", "maybe", False),
    ]
    assert table.loc[0, "with_partners"] == "Diëtist"
    assert table.loc[2, "with_partners"] == ""  # nobody of that role is at the table
    assert table.loc[4, "about"] == "Korte consulten"


def test_no_clashes_and_empty_input():
    assert clashing_interests(frame({1: {"clash": "no"}})).empty
    assert clashing_interests(frame({})).empty


def test_too_small_interests_uses_the_documented_thresholds():
    answers = frame(
        {
            1: {"importance": 5, "time_worth": "hours_1_4", "own_interests": items("X")},
            2: {"importance": 4, "time_worth": "hours_5_8", "own_interests": items("X")},
            3: {"importance": 9, "time_worth": "none", "own_interests": items("X")},
            4: {"importance": 2, "time_worth": "none"},
            5: {"own_interests": items("Y")},  # no importance, no time: no verdict
        }
    )
    table = too_small_interests(answers)
    assert list(table["pseudonym"]) == ["Dirk", "Bert", "Dr. C"]
    assert list(table["reasons"]) == [
        "low_importance, little_time, no_interests",
        "low_importance",
        "little_time",
    ]
    stricter = too_small_interests(answers, threshold=6, min_time="hours_5_8")
    assert list(stricter["pseudonym"]) == ["Dirk", "Bert", "Anna", "Dr. C"]


def test_too_small_interests_ties_keep_answer_order_and_empty_input():
    answers = frame({2: {"importance": 3}, 1: {"importance": 3}})
    assert list(too_small_interests(answers)["pseudonym"]) == ["Bert", "Anna"]
    assert too_small_interests(frame({})).empty


def test_financing_differences_groups_partners():
    answers = frame(
        {
            1: {"financing": "other"},
            3: {"financing": "per_patient"},
            4: {"financing": "per_treatment"},
            5: {"financing": "other"},
            2: {"financing": ""},
        }
    )
    table = financing_differences(answers)
    assert table.to_dict("records") == [
        {"financing": "other", "n": 2, "partners": "Vereniging, Eva"},
        {"financing": "per_patient", "n": 1, "partners": "Praktijk"},
        {"financing": "per_treatment", "n": 1, "partners": "Diëtist"},
    ]
    assert financing_differences(frame({})).empty
    assert len(financing_differences(frame({3: {"financing": "budget"}}))) == 1
