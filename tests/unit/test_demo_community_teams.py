"""The demo community's project teams (second wave): every answer stored as written and
valid, only members of the community, and the story the demo tells: two teams, a third
that does not fit, and one care provider left out because the ratio is full."""

from __future__ import annotations

import pandas as pd
import pytest
import yaml

from cocreate_widgets.analysis import answers_frame
from cocreate_widgets.analysis.project_teams import (
    improvement_labels,
    solve_teams,
    team_preferences,
    team_question_set,
)
from cocreate_widgets.answers import validate_answer, validate_form
from cocreate_widgets.exercises import load_exercise_by_id
from cocreate_widgets.facilitator.team_cards import team_cards
from cocreate_widgets.paths import data_dir
from cocreate_widgets.workbook import Workbook

RUN_FILE = data_dir() / "demo" / "more" / "community_wave2" / "40_team_preferences.yaml"
WAVE1 = data_dir() / "demo" / "more" / "community_wave1.yaml"


# the community's members and roles, as listed at the top of community_wave1.yaml
MEMBERS = {
    **dict.fromkeys(["Anneke", "Gerrit", "Fatima", "Joost", "Ria", "Bram"], "patient"),
    **dict.fromkeys(["Hans", "Wil", "Sanne", "Mehmet"], "relative"),
    "Eva": "doctor",
    "Pieter": "doctor",
    "Ilse": "nurse",
    "Koen": "other_care",
    "Noor": "other_care",
    "Linda": "coordinator",
}


def spec() -> dict:
    (run,) = yaml.safe_load(RUN_FILE.read_text(encoding="utf-8"))["runs"]
    return run


@pytest.fixture(scope="module")
def store(demo_copy, tmp_path_factory):
    store = demo_copy(tmp_path_factory.mktemp("demo"))
    yield store
    store.dispose()


@pytest.fixture(scope="module")
def wb(store):
    return Workbook("team_preferences", store=store)


def test_the_members_are_those_of_the_first_wave():
    header = WAVE1.read_text(encoding="utf-8").split("title:")[0]
    for pseudonym, role in MEMBERS.items():
        assert pseudonym in header
        if role in ("doctor", "nurse", "other_care"):
            assert f"{pseudonym} ({role}" in header


def test_all_sixteen_members_answer_with_their_roles():
    answers = spec()["answers"]
    assert {a["who"]["pseudonym"]: a["who"]["role"] for a in answers} == MEMBERS


def test_the_run_is_in_the_second_wave_and_stored_as_written(wb):
    assert wb.workshop.join_code == "PARKN3" and wb.community_id is not None
    assert wb.run.state == spec()["state"] == "closed"
    stored = answers_frame(wb.store.answers(wb.run.id))
    exercise = load_exercise_by_id("team_preferences")
    for answer in spec()["answers"]:
        mine = stored[stored["pseudonym"] == answer["who"]["pseudonym"]]
        values = {
            q: v
            for q, v in zip(mine["question_id"], mine["value"], strict=True)
            if v is not None and not (isinstance(v, float) and pd.isna(v))
        }
        written = {
            q: " ".join(v.split()) if isinstance(v, str) else v for q, v in answer["values"].items()
        }
        assert values == written, answer["who"]["pseudonym"]
        cleaned, errors = validate_form(exercise, values, "nl")
        assert errors == {} and cleaned == values


def test_the_solver_makes_two_teams_and_leaves_noor_out(wb):
    labels = improvement_labels(wb.run.question_set)
    plan = solve_teams(team_preferences(wb.answers()), list(labels))
    assert list(plan.teams["improvement"]) == ["kennisbank", "coach"]
    assert list(plan.teams["size"]) == [8, 7]
    assert (plan.teams["patient_side"] >= 2 * plan.teams["care_providers"]).all()
    assert list(plan.left_out["pseudonym"]) == ["Noor"]
    assert list(plan.left_out["reason"]) == ["ratio_full"]
    codes = {p.code: p.numbers for p in plan.problems}
    assert codes["too_few_members"] == {"teams": 3, "needed": 18, "available": 16}
    assert codes["too_few_patient_side"]["available"] == 10
    assert codes["too_few_interested"] == {
        "improvement": "work_advice",
        "available": 2,
        "needed": 6,
    }
    assert codes["team_not_formed"]["improvement"] == "partner_support"


def test_two_assignments_are_recorded_and_reach_the_cards(wb):
    exercise = load_exercise_by_id("team_preferences")
    kind = exercise.record_kind("team_assignment")
    for record in spec()["records"]:
        assert record["kind"] == "team_assignment"
        for field in kind.fields:
            value = validate_answer(field, record["data"].get(field.id), "nl")
            assert value is not None or not field.required
    assignments = wb.record_data("team_assignment")
    assert len(assignments) == 2
    labels = improvement_labels(wb.run.question_set)
    plan = solve_teams(team_preferences(wb.answers()), list(labels))
    html = team_cards(plan.teams, plan.members, assignments, labels, wb.role_labels())
    assert "Manager neurologie, Ziekenhuis Noord" in html
    assert "Bestuur huisartsencoöperatie Noord" in html
    assert "nog niet ingevuld" not in html


def test_offer_run_builds_the_choices_from_the_concept_improvements(store):
    """Clicking the workbook's button puts a round on the agenda whose choices are the
    community's concept improvements (declared by improvement_proposals). Runs last: it
    adds a run to the demo database."""
    wb = Workbook("team_preferences", store=store)
    records = wb.record_data("concept_improvement")
    assert len(records) >= 2
    before = len(store.runs(wb.workshop.id))
    offer = wb.offer_run(
        lambda: team_question_set(wb.exercise.to_dict(), records), "Keuzeronde op de agenda"
    )
    offer.children[0].click()
    runs = store.runs(wb.workshop.id)
    assert len(runs) == before + 1
    labels = improvement_labels(runs[-1].question_set)
    assert list(labels.values()) == list(dict.fromkeys(records["title"]))[:50]
