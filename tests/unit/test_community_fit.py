"""Is a community the right approach? Support per condition, weak conditions, the verdict
and the suggested decision, on small hand-made answer frames."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest
from answer_frames import answer_frame

from cocreate_widgets.analysis.community_fit import (
    CONDITIONS,
    condition_support,
    decision_suggestion,
    fit_verdict,
    likert_counts,
    reasons_given,
    respondent_count,
    weak_conditions,
)

SIDED = {
    1: ("Anna", "patient", "patient_side"),
    2: ("Bert", "relative", "patient_side"),
    3: ("Carla", "patient", "patient_side"),
    4: ("Dr. D", "doctor", "care_providers"),
    5: ("Els", "nurse", "care_providers"),
    6: ("Frank", "other_care", "care_providers"),
}


def all_conditions(score: int) -> dict:
    return dict.fromkeys(CONDITIONS, score)


def frame(answers: dict) -> pd.DataFrame:
    return answer_frame(answers, SIDED)


def test_everyone_agrees_everywhere_so_it_fits():
    answers = frame({pid: all_conditions(5) for pid in SIDED})
    support = condition_support(answers)
    assert list(support["condition"]) == list(CONDITIONS)
    assert (support["n"] == 6).all() and (support["mean"] == 5).all()
    assert (support["agree"] == 1).all() and not support["weak"].any()
    assert fit_verdict(support) == ("fits", [])


def test_low_mean_is_weak_for_reason_low():
    answers = frame({pid: {**all_conditions(5), "possibilities": 2} for pid in SIDED})
    support = condition_support(answers).set_index("condition")
    assert support.loc["possibilities", "weak_reason"] == "low"
    assert weak_conditions(support.reset_index()) == ["possibilities"]
    assert fit_verdict(support.reset_index()) == ("fits_partly", ["possibilities"])


def test_many_unsure_with_a_good_mean_is_few_agree():
    # 5,5,5,3,3,3: mean 4.0 but only half agrees
    scores = {1: 5, 2: 5, 3: 5, 4: 3, 5: 3, 6: 3}
    answers = frame({pid: {**all_conditions(5), "human_view": s} for pid, s in scores.items()})
    row = condition_support(answers).set_index("condition").loc["human_view"]
    assert row["mean"] == 4.0 and row["agree"] == 0.5
    assert row["weak_reason"] == "few_agree"


def test_one_side_behind_is_weak_even_when_the_whole_room_agrees():
    # patient side 5,5,5 (mean 5), care providers 4,2,2 (mean 2.67): overall 3.83, 4 of 6 agree
    scores = {1: 5, 2: 5, 3: 5, 4: 4, 5: 2, 6: 2}
    answers = frame({pid: {**all_conditions(5), "equal_knowledge": s} for pid, s in scores.items()})
    row = condition_support(answers).set_index("condition").loc["equal_knowledge"]
    assert row["mean_patient_side"] == 5.0
    assert row["mean_care_providers"] == pytest.approx(8 / 3)
    assert row["weak_reason"] == "side_behind"


def test_a_side_under_three_answers_is_not_shown_nor_judged():
    people = {**SIDED, 7: ("Gem", "municipality", "other_professionals")}
    answers = answer_frame(
        {**{pid: all_conditions(5) for pid in SIDED}, 7: all_conditions(1)}, people
    )
    support = condition_support(answers)
    assert support["mean_other_professionals"].isna().all()  # one person: never singled out
    assert not support["weak"].any()  # 6 of 7 agree, mean 4.4


def test_three_weak_conditions_do_not_fit_yet_with_the_reasons_in_order():
    weak = {"match_life": 1, "possibilities": 2, "human_view": 2}
    answers = frame({pid: {**all_conditions(5), **weak} for pid in SIDED})
    verdict, reasons = fit_verdict(condition_support(answers))
    assert verdict == "not_yet"
    assert reasons == ["match_life", "possibilities", "human_view"]


def test_empty_and_tiny_inputs_give_too_few_and_no_crash():
    empty = condition_support(
        pd.DataFrame(columns=["participant_id", "side", "question_id", "value"])
    )
    assert (empty["n"] == 0).all() and empty["mean"].isna().all() and not empty["weak"].any()
    assert fit_verdict(empty) == ("too_few", [])
    two = frame({1: all_conditions(1), 2: all_conditions(1)})
    assert fit_verdict(condition_support(two)) == ("too_few", [])
    assert fit_verdict(condition_support(two), respondents=3)[0] == "not_yet"


def test_invalid_ratings_are_left_out():
    answers = frame(
        {
            1: {"match_life": 7},
            2: {"match_life": "veel"},
            3: {"match_life": True},
            4: {"match_life": 4.5},
            5: {"match_life": 4},
            6: {"match_life": None},
        }
    )
    row = condition_support(answers).set_index("condition").loc["match_life"]
    assert row["n"] == 1 and row["mean"] == 4.0
    assert respondent_count(answers) == 1


def test_likert_counts_per_level_and_reasons_without_names():
    answers = frame(
        {
            1: {"match_life": 5, "why": "  Omdat\n het moet "},
            2: {"match_life": 1},
            4: {"match_life": 5, "why": ""},
        }
    )
    counts = likert_counts(answers)
    assert counts[0] == [1, 0, 0, 0, 2] and counts[1] == [0, 0, 0, 0, 0]
    texts = reasons_given(answers)
    assert texts.to_dict("records") == [{"side": "patient_side", "text": "Omdat het moet"}]
    assert "pseudonym" not in texts.columns


def test_suggested_decision_follows_the_verdict():
    words = {"human_view": "naar de mens kijken", "match_life": "past bij het leven"}
    day = dt.date(2026, 9, 3)
    go = decision_suggestion("fits", [], words.get, day)
    assert go.to_dict("records") == [{"decision": "go", "reasons": "", "date": "2026-09-03"}]
    partly = decision_suggestion("fits_partly", ["match_life", "human_view"], words.get, day)
    assert partly.loc[0, "decision"] == "not_yet"
    assert partly.loc[0, "reasons"] == "past bij het leven; naar de mens kijken"
    assert decision_suggestion("too_few", [], words.get, day).empty
    assert math.isnan(condition_support(frame({}))["mean"].iloc[0])
