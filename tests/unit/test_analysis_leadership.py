"""Leadership skills: the group profile, own ratings, the trio table, development interest."""

from __future__ import annotations

import math

import pandas as pd
from answer_frames import PEOPLE, answer_frame

from cocreate_widgets.analysis.leadership import (
    SKILLS,
    development_interest,
    own_skills,
    skills_profile,
    skills_table,
    weakest_skills,
)


def frame(answers: dict[int, dict]) -> pd.DataFrame:
    return answer_frame(answers, PEOPLE)


def rated(*scores) -> dict:
    return dict(zip(SKILLS, scores, strict=False))


def test_profile_counts_means_and_spread_per_skill_in_order():
    answers = frame(
        {
            1: rated(5, 2, 4, 3, 1),
            2: rated(3, 2, 4, None, 1),
            3: rated(4, 2, 1, 3, 1),
        }
    )
    profile = skills_profile(answers)
    assert list(profile["skill"]) == list(SKILLS)
    dialogue = profile.iloc[0]
    assert dialogue["n"] == 3 and dialogue["mean"] == 4.0
    assert (dialogue["min"], dialogue["max"]) == (3.0, 5.0)
    assert math.isclose(dialogue["spread"], math.sqrt(2 / 3))  # population form
    assert profile.iloc[1]["spread"] == 0.0  # everyone agrees
    good_questions = profile.set_index("skill").loc["good_questions"]
    assert good_questions["n"] == 2  # None is no answer, not a zero
    assert good_questions["mean"] == 3.0
    assert "pseudonym" not in profile.columns  # the group without names


def test_profile_ignores_what_is_not_a_rating_and_keeps_unrated_skills():
    answers = frame(
        {
            1: {"dialogue": 0, "trust_diverse": "4", "common_goal": 2.5},
            2: {"dialogue": 6, "trust_diverse": True, "common_goal": "veel"},
        }
    )
    profile = skills_profile(answers).set_index("skill")
    assert profile.loc["dialogue", "n"] == 0  # 0 and 6 are outside 1..5
    assert math.isnan(profile.loc["dialogue", "mean"])
    assert profile.loc["trust_diverse", "n"] == 1  # "4" counts, True does not
    assert profile.loc["common_goal", "n"] == 0  # no fractions, no words
    assert profile.loc["influence"].isna()[["mean", "min", "max", "spread"]].all()


def test_profile_of_no_answers_has_every_skill_with_n_zero():
    profile = skills_profile(frame({}))
    assert list(profile["skill"]) == list(SKILLS)
    assert (profile["n"] == 0).all() and profile["mean"].isna().all()
    assert weakest_skills(profile) == []


def test_own_skills_only_the_answered_ones():
    answers = frame({1: rated(5, None, 4, 2, 1), 2: rated(1, 1, 1, 1, 1)})
    assert own_skills(answers, 1) == {
        "dialogue": 5,
        "common_goal": 4,
        "good_questions": 2,
        "influence": 1,
    }
    assert own_skills(answers, 4) == {}
    assert own_skills(frame({}), 1) == {}


def test_skills_table_has_one_row_per_participant_with_nan_for_missing():
    answers = frame(
        {
            2: rated(3, 4),
            1: {"development_goal": "Leren luisteren"},  # answered, but rated nothing
        }
    )
    table = skills_table(answers)
    assert list(table.columns) == ["participant_id", "pseudonym", "role", *SKILLS]
    assert list(table["pseudonym"]) == ["Bert", "Anna"]
    assert table.loc[0, "trust_diverse"] == 4.0
    assert math.isnan(table.loc[0, "influence"])
    assert table.loc[1, list(SKILLS)].isna().all()
    assert skills_table(frame({})).empty


def test_development_interest_one_row_per_programme_with_the_goal():
    answers = frame(
        {
            1: {"programmes": ["trio_programme"], "development_goal": "  Beter  vragen "},
            2: {"programmes": [], "development_goal": "Niets"},
            3: {"programmes": ["trio_programme", "community_ambassador"]},
            4: {"programmes": ["mentoring"], "development_goal": "Coach worden"},
        }
    )
    table = development_interest(answers)
    got = list(zip(table["programme"], table["pseudonym"], table["development_goal"], strict=True))
    assert got == [
        ("community_ambassador", "Dr. C", ""),
        ("trio_programme", "Anna", "Beter vragen"),
        ("trio_programme", "Dr. C", ""),
        ("mentoring", "Dirk", "Coach worden"),  # unknown ids after the known ones
    ]
    assert list(table.columns) == [
        "programme",
        "participant_id",
        "pseudonym",
        "role",
        "development_goal",
    ]
    assert development_interest(frame({1: {"development_goal": "x"}})).empty
    assert development_interest(frame({})).empty


def test_weakest_skills_lowest_mean_first_ties_in_profile_order():
    answers = frame({1: rated(2, 4, 2, 5), 2: rated(2, 4, 2, 3)})
    profile = skills_profile(answers)
    # dialogue and common_goal tie at 2.0, trust_diverse and good_questions at 4.0;
    # influence (unrated) is skipped
    assert weakest_skills(profile) == ["dialogue", "common_goal"]
    assert weakest_skills(profile, k=3) == ["dialogue", "common_goal", "trust_diverse"]
    assert weakest_skills(profile, k=9) == [
        "dialogue",
        "common_goal",
        "trust_diverse",
        "good_questions",
    ]
    assert weakest_skills(profile, k=0) == []


def test_a_single_participant_is_their_own_profile():
    answers = frame({3: rated(1, 2, 3, 4, 5)})
    profile = skills_profile(answers)
    assert list(profile["mean"]) == [1.0, 2.0, 3.0, 4.0, 5.0]
    assert (profile["spread"] == 0).all() and (profile["n"] == 1).all()
    assert own_skills(answers, 3) == dict(zip(SKILLS, [1, 2, 3, 4, 5], strict=True))
