"""Partnership step 2: proposed ambitions, the vote question set, priorities and goals."""

from __future__ import annotations

import pandas as pd
import pytest

from cocreate_widgets.analysis.frames import COLUMNS
from cocreate_widgets.analysis.partnership_goals import (
    GOAL_FIELDS,
    goals_from_ambitions,
    merge_key,
    prioritise,
    proposed_ambitions,
    safe_id,
    top_ambitions,
    vote_question_set,
)
from cocreate_widgets.answers import validate_form
from cocreate_widgets.exercises import load_exercise_by_id
from cocreate_widgets.exercises.model import Exercise


def frame(rows: list[tuple[int, str, str, object]]) -> pd.DataFrame:
    """A long answers frame from (participant id, pseudonym, question id, value)."""
    records = [
        {
            "participant_id": pid,
            "pseudonym": name,
            "role": "patient",
            "side": "patient_side",
            "organisation": None,
            "question_id": qid,
            "value": value,
            "version": 1,
            "submitted_at": None,
            "entered_by": None,
        }
        for pid, name, qid, value in rows
    ]
    return pd.DataFrame(records, columns=COLUMNS)


def item(ambition: str, brings: str = "") -> dict[str, str]:
    return {"ambition": ambition, "brings_patient": brings}


# --- proposed_ambitions ------------------------------------------------------------------


def test_similar_ambitions_merge_and_are_counted_per_person():
    answers = frame(
        [
            (1, "Marja", "ambitions", [item("Eén plan", "Minder vragen"), item("Cursus")]),
            (2, "Henk", "ambitions", [item("  één   PLAN. ", "Overzicht")]),
            (3, "Sanne", "ambitions", [item("Cursus", "Minder vragen"), item("cursus")]),
            (4, "Ilse", "other_question", [item("Eén plan")]),
        ]
    )
    table = proposed_ambitions(answers, "ambitions")
    assert list(table["ambition"]) == ["Eén plan", "Cursus"]
    assert list(table["count"]) == [2, 2]  # Sanne's two "cursus" items count once
    assert table.loc[0, "proposed_by"] == "Marja, Henk"
    assert table.loc[0, "brings_patient"] == "Minder vragen\nOverzicht"
    assert table.loc[1, "proposed_by"] == "Marja, Sanne"
    assert table.loc[1, "brings_patient"] == "Minder vragen"


def test_most_proposed_first_and_empty_items_skipped():
    answers = frame(
        [
            (1, "A", "ambitions", [item("Alleen"), item("   "), {"brings_patient": "x"}]),
            (2, "B", "ambitions", [item("Samen")]),
            (3, "C", "ambitions", [item("samen")]),
        ]
    )
    table = proposed_ambitions(answers, "ambitions")
    assert list(table["ambition"]) == ["Samen", "Alleen"]
    assert list(table["count"]) == [2, 1]


def test_proposed_ambitions_of_nobody_is_an_empty_table():
    table = proposed_ambitions(frame([]), "ambitions")
    assert table.empty
    assert list(table.columns) == ["ambition", "key", "brings_patient", "proposed_by", "count"]


def test_merge_key_rules():
    assert merge_key("  Eén   plan!! ") == merge_key("één plan") == "een plan"
    assert merge_key(None) == ""
    assert merge_key("plan 2") != merge_key("plan")


# --- vote_question_set -------------------------------------------------------------------


def test_safe_ids_are_plain_and_unique():
    taken: set[str] = set()
    assert safe_id("Eén zorgplan!", taken) == "een_zorgplan"
    assert safe_id("één  ZORGPLAN", taken) == "een_zorgplan_2"
    assert safe_id("🎉 !!", taken) == "option"
    assert safe_id("<b>$x$</b>", taken) == "b_x_b"
    assert len(safe_id("x" * 100)) == 40


def test_vote_question_set_offers_the_ambitions_and_leaves_the_base_alone():
    base = load_exercise_by_id("ambition_vote").to_dict()
    before = repr(base)
    ambitions = pd.DataFrame({"ambition": ["Eén plan", "Eén plan!", "<b>$x$</b>"]})
    result = vote_question_set(base, ambitions, "allocation", total=10)
    assert repr(base) == before
    question = next(q for q in result["questions"] if q["id"] == "priority")
    assert [o["id"] for o in question["options"]] == ["een_plan", "een_plan_2", "b_x_b"]
    assert question["options"][2]["label"] == {"nl": "<b>$x$</b>", "en": "<b>$x$</b>"}
    assert question["type"] == "allocation" and question["total"] == 10
    exercise = Exercise.from_dict(result)
    cleaned, errors = validate_form(
        exercise, {"priority": {"een_plan": 4, "een_plan_2": 6, "b_x_b": 0}}, "nl"
    )
    assert errors == {} and cleaned["priority"]["een_plan_2"] == 6


def test_vote_question_set_as_dot_voting_drops_the_points_total():
    base = load_exercise_by_id("ambition_vote").to_dict()
    ambitions = pd.DataFrame({"ambition": ["Een", "Twee"]})
    result = vote_question_set(base, ambitions, "dot_voting", dots=5, max_per_option=2)
    question = next(q for q in result["questions"] if q["id"] == "priority")
    assert question["type"] == "dot_voting"
    assert "total" not in question and (question["dots"], question["max_per_option"]) == (5, 2)
    _, errors = validate_form(Exercise.from_dict(result), {"priority": {"een": 3}}, "en")
    assert "priority" in errors  # more than 2 dots on one ambition


def test_vote_question_set_refuses_too_few_ambitions_and_unknown_methods():
    base = load_exercise_by_id("ambition_vote").to_dict()
    with pytest.raises(ValueError, match="two"):
        vote_question_set(base, pd.DataFrame({"ambition": ["Alleen"]}))
    with pytest.raises(ValueError, match="method"):
        vote_question_set(base, pd.DataFrame({"ambition": ["a", "b"]}), "ranking")
    with pytest.raises(ValueError, match="no question"):
        vote_question_set(base, pd.DataFrame({"ambition": ["a", "b"]}), question_id="nope")


def test_demo_ambitions_give_the_default_options_of_the_vote_file():
    """The options in ambition_vote.yaml are what vote_question_set makes of the demo."""
    import yaml

    from cocreate_widgets.paths import data_dir

    spec = yaml.safe_load((data_dir() / "demo/runs/20_ambition_goals.yaml").read_text("utf-8"))
    rows = [
        (i, a["who"]["pseudonym"], "ambitions", a["values"]["ambitions"])
        for i, a in enumerate(spec["runs"][0]["answers"])
    ]
    table = proposed_ambitions(frame(rows), "ambitions")
    assert len(table) == 5
    base = load_exercise_by_id("ambition_vote").to_dict()
    made = vote_question_set(base, table)
    file_ids = {o["id"] for o in base["questions"][0]["options"]}
    assert {o["id"] for o in made["questions"][0]["options"]} == file_ids


# --- prioritise and top_ambitions ----------------------------------------------------------

OPTIONS = ["a", "b", "c", "d"]


def votes() -> pd.DataFrame:
    return frame(
        [
            (1, "P1", "priority", {"a": 60, "b": 40, "c": 0, "d": 0}),
            (2, "P2", "priority", {"a": 20, "b": 40, "c": 40, "d": 0}),
            (3, "P3", "priority", {"a": 20, "b": 20, "c": 60, "d": 0}),
        ]
    )


def test_prioritise_totals_supporters_ranks_with_ties_and_shares():
    table = prioritise(votes(), "priority", OPTIONS, labels={"a": "Plan A"})
    assert list(table["option_id"]) == ["a", "b", "c", "d"]
    assert list(table["points"]) == [100, 100, 100, 0]
    assert list(table["rank"]) == [1, 1, 1, 4]
    assert list(table["supporters"]) == [3, 3, 2, 0]
    assert list(table["label"]) == ["Plan A", "b", "c", "d"]
    assert table["share"].tolist() == pytest.approx([1 / 3, 1 / 3, 1 / 3, 0.0])


def test_prioritise_ranks_skip_after_a_tie():
    answers = frame(
        [
            (1, "P1", "priority", {"a": 5, "b": 3, "c": 3, "d": 1}),
        ]
    )
    table = prioritise(answers, "priority", OPTIONS)
    assert list(zip(table["option_id"], table["rank"], strict=True)) == [
        ("a", 1),
        ("b", 2),
        ("c", 2),
        ("d", 4),
    ]


def test_prioritise_with_dots_a_single_participant_and_nobody():
    one = frame([(1, "P1", "priority", {"c": 2, "a": 1})])
    table = prioritise(one, "priority", OPTIONS, "dot_voting")
    assert list(table["option_id"]) == ["c", "a", "b", "d"]
    assert list(table["points"]) == [2, 1, 0, 0]
    assert list(table["supporters"]) == [1, 1, 0, 0]
    assert table["share"].tolist() == pytest.approx([2 / 3, 1 / 3, 0, 0])
    empty = prioritise(frame([]), "priority", OPTIONS)
    assert list(empty["points"]) == [0, 0, 0, 0]
    assert list(empty["rank"]) == [1, 1, 1, 1]
    assert list(empty["share"]) == [0.0, 0.0, 0.0, 0.0]
    with pytest.raises(ValueError):
        prioritise(one, "priority", OPTIONS, "ranking")


def test_top_ambitions_keeps_ties_at_the_cut_and_drops_unvoted():
    answers = frame([(1, "P1", "priority", {"a": 5, "b": 3, "c": 3, "d": 0})])
    table = prioritise(answers, "priority", OPTIONS)
    assert list(top_ambitions(table, 2)["option_id"]) == ["a", "b", "c"]
    assert list(top_ambitions(table, 1)["option_id"]) == ["a"]
    assert list(top_ambitions(table, 10)["option_id"]) == ["a", "b", "c"]  # never "d"
    assert top_ambitions(table, 0).empty
    assert top_ambitions(prioritise(frame([]), "priority", OPTIONS)).empty


def test_goals_from_ambitions_gives_goal_rows_to_complete():
    answers = frame([(1, "P1", "priority", {"a": 5, "b": 3, "c": 3, "d": 0})])
    labels = {"a": "Eén plan", "b": "Cursus", "c": "Steun", "d": "Wijk"}
    top = top_ambitions(prioritise(answers, "priority", OPTIONS, labels=labels), 1)
    goals = goals_from_ambitions(top)
    assert list(goals.columns) == list(GOAL_FIELDS)
    assert goals.to_dict("records") == [
        {"what": "Eén plan", "measure": "", "target": "", "by_when": "", "owner": ""}
    ]
    assert goals_from_ambitions(top.iloc[0:0]).empty
