"""The demo runs of partnership steps 2 and 4 fit their exercises, answer by answer."""

from __future__ import annotations

import pandas as pd
import pytest
import yaml

from cocreate_widgets.analysis.partnership_plan import mandate_warnings, plan_gaps, timeline
from cocreate_widgets.answers import validate_answer, validate_form
from cocreate_widgets.exercises import load_exercise_by_id
from cocreate_widgets.paths import data_dir

FILES = ("20_ambition_goals.yaml", "21_ambition_vote.yaml", "40_plan.yaml")
PEOPLE = {
    "Marja": "patient",
    "Henk": "patient",
    "Fatima": "relative",
    "Dr. Jansen": "doctor",
    "Sanne": "nurse",
    "Peter": "other_care",
    "Ilse": "municipality",
}


def runs(name: str) -> list[dict]:
    path = data_dir() / "demo" / "runs" / name
    return yaml.safe_load(path.read_text(encoding="utf-8"))["runs"]


@pytest.mark.parametrize("name", FILES)
def test_every_demo_answer_is_valid(name):
    for run in runs(name):
        exercise = load_exercise_by_id(run["exercise"])
        assert run["state"] in ("open", "closed", "revealed")
        assert run["answers"], "a demo run has answers"
        for answer in run["answers"]:
            who = answer["who"]
            assert PEOPLE[who["pseudonym"]] == who["role"]
            unknown = set(answer["values"]) - set(exercise.question_ids)
            assert not unknown, f"{who['pseudonym']}: unknown questions {unknown}"
            _, errors = validate_form(exercise, answer["values"], "nl")
            assert errors == {}, f"{who['pseudonym']}: {errors}"


@pytest.mark.parametrize("name", FILES)
def test_every_demo_record_is_valid(name):
    for run in runs(name):
        exercise = load_exercise_by_id(run["exercise"])
        for record in run.get("records", []):
            kind = exercise.record_kind(record["kind"])
            fields = {f.id: f for f in kind.fields}
            assert set(record["data"]) <= set(fields), record
            for field in kind.fields:
                validate_answer(field, record["data"].get(field.id), "nl")


def test_the_demo_is_the_story_the_brief_asks_for():
    vote = runs("21_ambition_vote.yaml")[0]
    assert len(vote["answers"]) == 7
    assert len([r for r in vote["records"] if r["kind"] == "goal"]) == 3
    plan = runs("40_plan.yaml")[0]
    records = pd.DataFrame(plan["records"])

    def kind(name: str) -> pd.DataFrame:
        return pd.DataFrame(list(records.loc[records["kind"] == name, "data"]))

    actions = timeline(kind("action"))
    assert len(actions) == 6 and not actions["missing_dates"].any()
    assert actions["start"].dt.year.eq(2027).all() and actions["end"].dt.year.eq(2027).all()
    assert len(kind("risk")) == 5 and len(kind("precondition")) >= 4
    assert list(mandate_warnings(kind("mandate"))["delegate"]) == ["Sanne"]
    goals = pd.DataFrame([r["data"] for r in vote["records"]])
    gaps = plan_gaps(goals, kind("action"))
    assert list(gaps["action"]) == ["Kookgroep in het buurthuis starten"]
