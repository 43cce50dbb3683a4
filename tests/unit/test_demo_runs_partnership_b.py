"""The demo answers of who is at the table, interests, collaboration check and session
feedback: every answer and every record passes the exercise's own validation."""

from __future__ import annotations

import pytest
import yaml

from cocreate_widgets.answers import validate_answer, validate_form
from cocreate_widgets.exercises import load_exercise_by_id
from cocreate_widgets.paths import data_dir

FILES = {
    "10_who_is_at_the_table.yaml": "who_is_at_the_table",
    "30_interests.yaml": "interests",
    "50_collaboration_check.yaml": "collaboration_check",
    "60_session_feedback.yaml": "session_feedback",
}
KNOWN = {
    "Marja": ("patient", "Patiëntenvereniging"),
    "Henk": ("patient", "Patiëntenvereniging"),
    "Fatima": ("relative", None),
    "Dr. Jansen": ("doctor", "Huisartsenpraktijk De Linde"),
    "Sanne": ("nurse", "Thuiszorg Oost"),
    "Peter": ("other_care", "Diëtistenpraktijk Noord"),
    "Ilse": ("municipality", "Gemeente"),
}


def runs(name: str) -> list[dict]:
    path = data_dir() / "demo" / "runs" / name
    return yaml.safe_load(path.read_text(encoding="utf-8"))["runs"]


@pytest.mark.parametrize("name", sorted(FILES))
def test_every_demo_answer_is_valid(name):
    exercise = load_exercise_by_id(FILES[name])
    for run in runs(name):
        assert run["exercise"] == exercise.id
        assert run["state"] in {"open", "closed", "revealed"}
        for answer in run["answers"]:
            who = answer["who"]
            assert (who["role"], who.get("organisation")) == KNOWN[who["pseudonym"]]
            assert set(answer["values"]) <= set(exercise.question_ids), who
            cleaned, errors = validate_form(exercise, answer["values"], "nl")
            assert errors == {}, (who["pseudonym"], errors)
            assert set(cleaned) == set(answer["values"]), who["pseudonym"]  # none dropped


@pytest.mark.parametrize("name", sorted(FILES))
def test_every_demo_record_fits_its_kind(name):
    exercise = load_exercise_by_id(FILES[name])
    for run in runs(name):
        for record in run.get("records", []):
            kind = exercise.record_kind(record["kind"])
            assert set(record["data"]) <= {f.id for f in kind.fields}
            for field in kind.fields:
                value = validate_answer(field, record["data"].get(field.id), "nl")
                assert value is not None or not field.required, (kind.id, field.id)


@pytest.mark.parametrize(
    ("name", "waves"),
    [("50_collaboration_check.yaml", [1, 2, 3]), ("60_session_feedback.yaml", [1, 2, 3])],
)
def test_repeated_exercises_have_three_waves(name, waves):
    assert [run["wave"] for run in runs(name)] == waves
