"""The demo runs of community steps 5-7 (theme meetings, quick poll, maintaining results,
the six principles): loaded into a fresh database, every answer and record passes its own
validation, people are the community's members, and the data tell the story the workbooks
show (a gap in the plan, one overdue result, a principle that falls and one that rises)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import yaml

from cocreate_widgets.analysis.principles import (
    fell_most,
    meeting_answers,
    principle_changes,
    principles_by_meeting,
    weakest_principle,
)
from cocreate_widgets.analysis.theme_meetings import (
    meeting_plan,
    planning_gap,
    poll_score,
    poll_support,
)
from cocreate_widgets.analysis.upkeep import overdue, register_table
from cocreate_widgets.answers import AnswerError, validate_answer, validate_form
from cocreate_widgets.exercises import load_exercise_by_id
from cocreate_widgets.paths import data_dir
from cocreate_widgets.workbook import Workbook

REFERENCE_DATE = dt.date(2027, 4, 1)  # the date the notebooks use
MORE = data_dir() / "demo" / "more"
# file -> (exercise id, number of runs)
FILES = {
    "community_wave1/50_theme_meeting.yaml": ("theme_meeting", 1),
    "community_wave1/70_principles_reflection.yaml": ("principles_reflection", 2),
    "community_wave2/50_theme_meeting.yaml": ("theme_meeting", 1),
    "community_wave2/51_quick_poll.yaml": ("quick_poll", 1),
    "community_wave2/60_maintain_results.yaml": ("maintain_results", 1),
    "community_wave2/70_principles_reflection.yaml": ("principles_reflection", 2),
}


def members() -> dict[str, str]:
    """Pseudonym -> role, read from the member list at the top of community_wave1.yaml."""
    text = (MORE / "community_wave1.yaml").read_text(encoding="utf-8")
    header = "\n".join(line[1:] for line in text.splitlines() if line.startswith("#"))
    roles = {}
    groups = {"patients": "patient", "relatives": "relative", "coordinator": "coordinator"}
    for group, names in re.findall(r"(\w+):\s+((?:[^:]|\n)+?)(?=\n\s+\w+:|\Z)", header):
        if group in groups:
            for name in re.findall(r"([A-Z]\w+)(?: \([^)]*\))?(?:,|$)", names.replace("\n", " ")):
                roles[name] = groups[group]
    care = re.search(r"care:(.*?)coordinator:", header, re.S).group(1)
    for name, role in re.findall(r"([A-Z]\w+) \((\w+)", care):
        roles[name] = role
    return roles


def run_specs(name: str) -> list[dict]:
    return yaml.safe_load((MORE / name).read_text(encoding="utf-8"))["runs"]


def test_member_list_is_read():
    roles = members()
    assert roles["Anneke"] == "patient" and roles["Hans"] == "relative"
    assert roles["Eva"] == "doctor" and roles["Ilse"] == "nurse" and roles["Koen"] == "other_care"
    assert roles["Linda"] == "coordinator" and len(roles) == 16


@pytest.mark.parametrize("name", sorted(FILES))
def test_demo_files_are_valid(name):
    """Every answer passes its exercise, every record its kind, every person is a member
    with their own role."""
    exercise_id, count = FILES[name]
    specs = run_specs(name)
    assert len(specs) == count
    roles = members()
    exercise = load_exercise_by_id(exercise_id)
    for spec in specs:
        assert spec["exercise"] == exercise_id
        people = [a["who"]["pseudonym"] for a in spec["answers"]]
        assert len(people) == len(set(people)) >= 6
        for answer in spec["answers"]:
            assert roles[answer["who"]["pseudonym"]] == answer["who"]["role"]
            _cleaned, errors = validate_form(exercise, answer["values"], "nl")
            assert errors == {}, (answer["who"], errors)
        for record in spec.get("records", []):
            kind = exercise.record_kind(record["kind"])
            assert set(record["data"]) <= {f.id for f in kind.fields}
            for field in kind.fields:
                try:
                    validate_answer(field, record["data"].get(field.id), "nl")
                except AnswerError as error:  # pragma: no cover - shown when it fails
                    pytest.fail(f"{name} {record['kind']}.{field.id}: {error}")


@pytest.fixture(scope="module")
def store(demo_copy, tmp_path_factory):
    """The whole demo loaded once into a fresh SQLite file."""
    store = demo_copy(tmp_path_factory.mktemp("demo"))
    yield store
    store.dispose()


def test_principles_story(store):
    wb = Workbook("principles_reflection", store=store)
    assert wb.workshop.join_code == "PARKN3" and wb.community_id is not None
    frame = meeting_answers(store, wb.community_waves()["workshop_id"])
    table = principles_by_meeting(frame)
    assert sorted(table["meeting"].unique()) == [1, 2, 3, 4]
    assert table.groupby("meeting")["wave"].first().tolist() == [1, 1, 2, 2]
    assert weakest_principle(table)["principle"] == "co_owners"
    assert fell_most(table)["principle"] == "co_owners"
    changes = principle_changes(table).set_index("principle")["change"]
    assert changes["use_existing"] == changes.max() > 1  # the one that rises


def test_theme_meeting_plan_has_a_gap(store):
    wb = Workbook("theme_meeting", store=store)
    plan = meeting_plan(wb.record_data("theme_meeting"), REFERENCE_DATE)
    assert len(plan) == 4 and plan["status"].tolist().count("upcoming") == 1
    gap = planning_gap(plan)
    assert gap["gap"] and gap["days"] == 84
    assert len(wb.record_data("shared_knowledge")) == 3


def test_quick_poll_counts(store):
    support = poll_support(Workbook("quick_poll", store=store).answers())
    assert support["count"].tolist() == [7, 3, 2]
    assert poll_score(support) == pytest.approx(5 / 12)


def test_register_has_one_overdue_result(store):
    wb = Workbook("maintain_results", store=store)
    register = register_table(wb.record_data("maintained_result"), REFERENCE_DATE)
    assert overdue(register)["result"].tolist() == ["Kennisbank Parkinson Noord"]
    assert register["state"].tolist().count("due_soon") == 1
    assert register["state"].tolist().count("stopped") == 1
