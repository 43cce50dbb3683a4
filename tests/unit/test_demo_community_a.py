"""The demo community's first three steps (right approach, core team, needs survey in two
waves): loaded into a fresh database, every answer stored as written and valid, the records
kept with the community, and the data tell the story the demo files describe."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from cocreate_widgets.analysis import answers_frame
from cocreate_widgets.analysis.community_fit import (
    condition_support,
    fit_verdict,
    respondent_count,
)
from cocreate_widgets.analysis.community_needs import (
    MERGED,
    compare_waves,
    need_shares,
    needs_by_group,
    needs_coming_back,
    priority_history,
)
from cocreate_widgets.analysis.community_team import (
    core_team_candidates,
    days_since_last_update,
    not_yet_in_register,
    team_composition,
    team_verdict,
    update_overdue,
)
from cocreate_widgets.answers import validate_answer, validate_form
from cocreate_widgets.exercises import load_exercise_by_id
from cocreate_widgets.paths import data_dir
from cocreate_widgets.store import Store
from cocreate_widgets.workbook import Workbook

MEMBERS = {
    "Anneke": "patient", "Gerrit": "patient", "Fatima": "patient", "Joost": "patient",
    "Ria": "patient", "Bram": "patient", "Hans": "relative", "Wil": "relative",
    "Sanne": "relative", "Mehmet": "relative", "Eva": "doctor", "Pieter": "doctor",
    "Ilse": "nurse", "Koen": "other_care", "Noor": "other_care", "Linda": "coordinator",
}  # fmt: skip
FILES = {
    ("community_wave1", "00_right_approach.yaml"): "right_approach",
    ("community_wave1", "10_core_team.yaml"): "core_team",
    ("community_wave1", "20_needs_survey.yaml"): "needs_survey",
    ("community_wave2", "20_needs_survey.yaml"): "needs_survey",
}
CODES = {"community_wave1": "PARKN2", "community_wave2": "PARKN3"}


def run_spec(folder: str, name: str) -> dict:
    path = data_dir() / "demo" / "more" / folder / name
    (run,) = yaml.safe_load(path.read_text(encoding="utf-8"))["runs"]
    return run


@pytest.fixture(scope="module")
def store(demo_copy, tmp_path_factory):
    result = demo_copy(tmp_path_factory.mktemp("demo"))
    yield result
    result.dispose()


def run_of(store: Store, folder: str, exercise_id: str):
    workshop = store.workshop_by_code(CODES[folder])
    (run,) = [r for r in store.runs(workshop.id) if r.exercise_id == exercise_id]
    return run


def frame(store: Store, folder: str, exercise_id: str):
    return answers_frame(store.answers(run_of(store, folder, exercise_id).id))


@pytest.mark.parametrize(("folder", "name"), sorted(FILES))
def test_answers_are_stored_as_written_valid_and_by_members(store, folder, name):
    exercise_id = FILES[(folder, name)]
    exercise = load_exercise_by_id(exercise_id)
    spec = run_spec(folder, name)
    assert spec["exercise"] == exercise_id
    assert 10 <= len(spec["answers"]) <= 14
    written = {a["who"]["pseudonym"]: a["values"] for a in spec["answers"]}
    for answer in spec["answers"]:
        assert MEMBERS[answer["who"]["pseudonym"]] == answer["who"]["role"]
    stored = frame(store, folder, exercise_id)
    assert set(stored["pseudonym"]) == set(written)
    for pseudonym, mine in stored.groupby("pseudonym"):
        values = {
            q: v for q, v in zip(mine["question_id"], mine["value"], strict=True) if v is not None
        }
        assert values == written[pseudonym]
        cleaned, errors = validate_form(exercise, values, "nl")
        assert errors == {} and cleaned == values, pseudonym
    for record in spec.get("records", []):
        for field in exercise.record_kind(record["kind"]).fields:
            validate_answer(field, record["data"].get(field.id), "nl")


def test_records_belong_to_the_community(store):
    workshop = store.workshop_by_code("PARKN3")
    counts = {
        kind: len(store.records(community_id=workshop.community_id, kind=kind))
        for kind in ("approach_decision", "core_member", "community_update", "priority_need")
    }
    assert counts == {
        "approach_decision": 1,
        "core_member": 5,
        "community_update": 2,
        "priority_need": 5,
    }


def test_the_approach_fits_partly_for_the_two_weak_conditions(store):
    answers = frame(store, "community_wave1", "right_approach")
    support = condition_support(answers)
    verdict, reasons = fit_verdict(support, respondent_count(answers))
    assert (verdict, reasons) == ("fits_partly", ["equal_knowledge", "human_view"])
    weak = support.set_index("condition")["weak_reason"]
    assert weak["equal_knowledge"] == "side_behind" and weak["human_view"] == "few_agree"
    (decision,) = store.records(
        community_id=store.workshop_by_code("PARKN2").community_id, kind="approach_decision"
    )
    assert decision.data["decision"] == "go"  # the group chose to start all the same


def test_the_core_team_misses_a_doctor_and_eva_is_the_candidate(store):
    wb = Workbook("core_team", store=store)
    members = wb.record_data("core_member")
    composition = team_composition(members)
    assert team_verdict(composition) == "warnings"
    assert composition.loc[~composition["met"], "requirement"].tolist() == ["doctor"]
    candidates = core_team_candidates(frame(store, "community_wave1", "core_team"))
    assert sorted(candidates["name"]) == ["Anneke", "Eva", "Hans", "Ilse", "Joost", "Linda"]
    assert not_yet_in_register(candidates, members)["name"].tolist() == ["Eva"]
    updates = wb.record_data("community_update")
    assert days_since_last_update(updates, dt.date(2026, 11, 23)) == 49
    assert update_overdue(days_since_last_update(updates, dt.date(2026, 12, 15)))


def test_needs_wave_one_groups_and_priorities(store):
    wb = Workbook("needs_survey", store=store)
    waves = wb.answers_by_wave()
    assert sorted(waves) == [1, 2]
    by_phase = needs_by_group(waves[1], "phase").set_index("group")
    assert by_phase.loc[MERGED, "n"] == 1 and not by_phase.loc[MERGED, "shown"]  # Fatima alone
    assert "working" not in by_phase.index
    by_role = needs_by_group(waves[1], "role").set_index("group")
    assert by_role.loc["patient", "n"] == 6 and by_role.loc["relative", "n"] == 4
    labels = wb.option_labels("top_needs")
    shares = need_shares(waves[1], list(labels)).set_index("need")["chosen"]
    assert shares.nlargest(3).index.tolist() == ["info_course", "one_contact", "support_relatives"]
    history = priority_history(wb.record_data("priority_need"), labels)
    assert sorted(history.loc[history["decision"] == "chosen", "need"]) == [
        "info_course", "one_contact", "support_relatives"]  # fmt: skip
    assert sorted(history.loc[history["decision"] == "set_aside", "need"]) == [
        "exercise", "intimacy"]  # fmt: skip


def test_needs_shift_in_wave_two_and_exercise_comes_back(store):
    wb = Workbook("needs_survey", store=store)
    waves = wb.answers_by_wave()
    labels = wb.option_labels("top_needs")
    comparison = compare_waves(
        need_shares(waves[1], list(labels)), need_shares(waves[2], list(labels))
    )
    trend = comparison.set_index("item")["trend"]
    assert trend["info_course"] == "fell"
    assert trend["exercise"] == "rose" and trend["fatigue"] == "rose"
    assert trend["home_help"] == "new"
    assert trend["intimacy"] == "steady"
    back = needs_coming_back(comparison, wb.record_data("priority_need"), 2, labels)
    assert back["item"].tolist() == ["exercise"]
