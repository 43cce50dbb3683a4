"""The test round: a question set built from the concept records, support scores, bad input."""

from __future__ import annotations

import math

import pandas as pd
import pytest
import yaml
from answer_frames import answer_frame

from cocreate_widgets.analysis.improvements import (
    MAX_CONCEPTS,
    concept_comments,
    concept_questions,
    concept_test_question_set,
    support_scores,
)
from cocreate_widgets.exercises import load_exercise_by_id
from cocreate_widgets.exercises.schema import parse_exercise
from cocreate_widgets.workbook import Workbook

CONCEPTS = pd.DataFrame(
    {
        "record_id": [7, 8, 9],
        "title": ["Een kennisbank", "  Een vaste   coach ", "Steun voor naasten"],
        "description": ["Ervaringen delen", None, ""],
        "from_proposals": ["", "", ""],
    }
)


@pytest.fixture
def base():
    """The concept_test template as a question set."""
    return load_exercise_by_id("concept_test").to_dict()


def test_question_set_asks_each_concept_with_a_comment(base):
    """Does every concept get a choice (its title, its description as help) and a comment?"""
    built = concept_test_question_set(base, CONCEPTS)
    ids = [q["id"] for q in built["questions"]]
    assert ids == [
        "concept_1",
        "concept_1_comment",
        "concept_2",
        "concept_2_comment",
        "concept_3",
        "concept_3_comment",
    ]
    first, second = built["questions"][0], built["questions"][2]
    assert first["label"] == {"nl": "Een kennisbank", "en": "Een kennisbank"}
    assert first["help"]["nl"] == "Ervaringen delen"
    assert second["label"]["nl"] == "Een vaste coach"
    assert second["help"] == base["questions"][0]["help"]  # no description: the template's
    assert [o["id"] for o in first["options"]] == ["support", "doubts", "against"]
    assert len(base["questions"]) == 8  # the template is not changed
    # the built set is a valid exercise file
    parsed = parse_exercise(yaml.safe_dump(built, allow_unicode=True), "concept_test.yaml")
    assert [q.id for q in parsed.questions] == ids


def test_question_set_refuses_bad_input(base):
    """No titled concept, too many, or a base without template questions: a ValueError."""
    with pytest.raises(ValueError):
        concept_test_question_set(base, pd.DataFrame({"title": ["", None, "   "]}))
    with pytest.raises(ValueError):
        concept_test_question_set(base, pd.DataFrame(columns=["record_id"]))
    many = pd.DataFrame({"title": [f"Concept {i}" for i in range(MAX_CONCEPTS + 1)]})
    with pytest.raises(ValueError):
        concept_test_question_set(base, many)
    with pytest.raises(ValueError):
        concept_test_question_set({**base, "questions": []}, CONCEPTS)


def _answers(question_set, votes: dict[int, dict]) -> pd.DataFrame:
    people = {pid: (f"P{pid}", "patient" if pid % 2 else "nurse") for pid in votes}
    return answer_frame(votes, people)


def test_support_scores_count_and_score(base):
    """Is the score (support + ½ doubts) / answers, highest first, with counts and comments?"""
    built = concept_test_question_set(base, CONCEPTS)
    frame = _answers(
        built,
        {
            1: {
                "concept_1": "support",
                "concept_2": "doubts",
                "concept_2_comment": " Wie betaalt? ",
            },
            2: {"concept_1": "support", "concept_2": "against", "concept_3": "doubts"},
            3: {"concept_1": "doubts", "concept_2": "doubts", "concept_1_comment": "Ja!"},
            4: {"concept_1": "against", "concept_2": "support"},
        },
    )
    scores = support_scores(frame, built)
    assert scores["concept"].tolist() == ["Een kennisbank", "Een vaste coach", "Steun voor naasten"]
    kennis = scores.iloc[0]
    assert (kennis["support"], kennis["doubts"], kennis["against"]) == (2, 1, 1)
    assert kennis["answers"] == 4 and kennis["score"] == pytest.approx(2.5 / 4)
    assert kennis["comments"] == ["Ja!"]
    coach = scores.set_index("concept").loc["Een vaste coach"]
    assert coach["score"] == pytest.approx(2 / 4) and coach["comments"] == ["Wie betaalt?"]
    naasten = scores.set_index("concept").loc["Steun voor naasten"]
    assert naasten["answers"] == 1 and naasten["score"] == pytest.approx(0.5)


def test_support_scores_ignore_bad_values_and_show_unanswered_concepts(base):
    """Are unknown options, numbers and empty answers not counted, and a concept without
    answers kept with an empty score (last)?"""
    built = concept_test_question_set(base, CONCEPTS)
    frame = _answers(
        built,
        {
            1: {"concept_1": "maybe", "concept_2": 3, "concept_3": None},
            2: {"concept_1": "support", "concept_2": ["support"], "concept_3": ""},
        },
    )
    scores = support_scores(frame, built).set_index("concept")
    assert scores.loc["Een kennisbank", "answers"] == 1
    assert scores.loc["Een kennisbank", "score"] == 1.0
    assert scores.loc["Een vaste coach", "answers"] == 0
    assert math.isnan(scores.loc["Een vaste coach", "score"])
    empty = support_scores(pd.DataFrame(), built)
    assert empty["answers"].tolist() == [0, 0, 0]


def test_comments_carry_the_view_and_role_never_a_name(base):
    """Does each comment come with its concept, the writer's view and role, no pseudonym?"""
    built = concept_test_question_set(base, CONCEPTS)
    frame = _answers(built, {1: {"concept_2": "doubts", "concept_2_comment": "Te duur"}})
    comments = concept_comments(frame, built)
    assert comments.to_dict("records") == [
        {"concept": "Een vaste coach", "view": "doubts", "role": "patient", "comment": "Te duur"}
    ]
    assert "pseudonym" not in comments.columns
    several = _answers(
        built,
        {
            1: {"concept_2": "against", "concept_2_comment": "Nee"},
            2: {"concept_1": "doubts", "concept_1_comment": "Misschien"},
            3: {"concept_2": "support", "concept_2_comment": "Ja"},
        },
    )
    ordered = concept_comments(several, built)
    assert ordered["comment"].tolist() == ["Misschien", "Ja", "Nee"]  # concept, then view
    assert concept_comments(pd.DataFrame(), built).empty


def test_concept_questions_of_the_template_are_the_four_demo_concepts(base):
    """Does the template ask about the four concepts the demo records name, in English too?"""
    concepts = concept_questions(base)
    assert concepts["concept"].tolist() == [
        "Een kennisbank met ervaringen van patiënten en naasten",
        "Een vaste coach als eerste aanspreekpunt",
        "Steun voor partners en naasten",
        "Advies over werk en parkinson",
    ]
    assert (
        concept_questions(base, "en")["concept"].iloc[1]
        == "A regular coach as first point of contact"
    )


def test_offer_run_builds_the_round_from_the_concept_records(sqlite_store):
    """Clicking the button: is a concept_test run with the recorded concepts on the agenda,
    and without records is it refused next to the button?"""
    store = sqlite_store
    community = store.create_community("Community")
    workshop = store.create_workshop("Ronde 1", consent_text="Akkoord?", community_id=community)
    proposals = Workbook("improvement_proposals", store=store, workshop_id=workshop.id)
    test = Workbook("concept_test", store=store, workshop_id=workshop.id)

    def build():
        return concept_test_question_set(
            test.exercise.to_dict(), proposals.record_data("concept_improvement")
        )

    offer = test.offer_run(build, "Toetsronde")
    offer.children[0].click()
    assert "nog niet" in offer.children[1].value
    assert store.runs(workshop.id) == []
    for title in ("Een kennisbank", "<b>Een coach</b>"):
        store.add_record(
            "concept_improvement",
            {"title": title, "description": "", "from_proposals": ""},
            workshop_id=workshop.id,
            community_id=community,
        )
    offer.children[0].click()
    runs = store.runs(workshop.id)
    assert [r.exercise_id for r in runs] == ["concept_test"]
    labels = [q["label"]["nl"] for q in runs[0].question_set["questions"]]
    assert labels[0] == "Een kennisbank" and labels[2] == "<b>Een coach</b>"
