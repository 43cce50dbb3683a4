"""The demo runs of the six "Patients as partners" exercises: loaded into a fresh database,
every answer is stored as written, passes the exercise's own validation, and the data tell
the story the demo is meant to show (an odd one out, four energy quadrants, empty boxes)."""

from __future__ import annotations

import itertools

import pytest
import yaml

from cocreate_widgets.analysis import answers_frame
from cocreate_widgets.analysis.embedding import coverage_gaps, coverage_grid
from cocreate_widgets.analysis.energy import QUADRANTS, energy_map_data
from cocreate_widgets.analysis.partners import (
    agreements_by_group,
    can_pair,
    describe_groups,
    match_partners,
    partner_profiles,
    unmatched,
)
from cocreate_widgets.answers import validate_answer, validate_form
from cocreate_widgets.exercises import load_exercise_by_id
from cocreate_widgets.paths import data_dir

# file -> (exercise id, final state)
FILES = {
    "70_find_partner.yaml": ("find_partner", "revealed"),
    "71_partner_agreement.yaml": ("partner_agreement", "closed"),
    "72_leadership_skills.yaml": ("leadership_skills", "revealed"),
    "73_learn_share.yaml": ("learn_share", "revealed"),
    "74_follow_energy.yaml": ("follow_energy", "revealed"),
    "75_embed_levels.yaml": ("embed_levels", "revealed"),
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
NEW = {
    "Karin": ("manager", "Zorggroep Midden"),
    "Youssef": ("coordinator", "Wijkteam Centrum"),
    "Els": ("patient", None),
    "Tom": ("nurse", "Ziekenhuis Rijnstad"),
}
PEOPLE = {**KNOWN, **NEW}
EXPECTED_RECORDS = {
    "leadership_skills": {"development": 2},
    "learn_share": {"exchange_session": 1},
    "follow_energy": {"join_initiative": 1},
    "embed_levels": {"embed_action": 1},
}


def run_spec(name: str) -> dict:
    path = data_dir() / "demo" / "runs" / name
    (run,) = yaml.safe_load(path.read_text(encoding="utf-8"))["runs"]
    return run


@pytest.fixture(scope="module")
def demo(demo_copy, tmp_path_factory):
    """The whole demo loaded once into a fresh SQLite file: (store, runs by exercise id)."""
    store = demo_copy(tmp_path_factory.mktemp("demo"))
    workshop = store.workshop_by_code("SAMEN7")
    runs = {run.exercise_id: run for run in store.runs(workshop.id)}
    yield store, runs
    store.dispose()


def frame(demo, exercise_id: str):
    store, runs = demo
    return answers_frame(store.answers(runs[exercise_id].id))


@pytest.mark.parametrize("name", sorted(FILES))
def test_every_answer_is_stored_as_written(demo, name):
    store, runs = demo
    exercise_id, state = FILES[name]
    spec = run_spec(name)
    assert spec["exercise"] == exercise_id and spec["state"] == state
    run = runs[exercise_id]
    assert run.state == state
    stored = frame(demo, exercise_id)
    written = {a["who"]["pseudonym"]: a["values"] for a in spec["answers"]}
    assert set(stored["pseudonym"]) == set(written)
    assert stored["participant_id"].nunique() == len(written)
    for pseudonym, values in written.items():
        mine = stored[stored["pseudonym"] == pseudonym]
        got = {
            q: v for q, v in zip(mine["question_id"], mine["value"], strict=True) if v is not None
        }
        assert got == values, pseudonym


@pytest.mark.parametrize("name", sorted(FILES))
def test_every_stored_answer_passes_validation(demo, name):
    exercise_id, _ = FILES[name]
    exercise = load_exercise_by_id(exercise_id)
    stored = frame(demo, exercise_id)
    for pseudonym, mine in stored.groupby("pseudonym"):
        values = dict(zip(mine["question_id"], mine["value"], strict=True))
        cleaned, errors = validate_form(exercise, values, "nl")
        assert errors == {}, (pseudonym, errors)
        # Nothing is dropped or changed by cleaning: the demo holds what the app would store.
        assert cleaned == {q: v for q, v in values.items() if v is not None}, pseudonym


@pytest.mark.parametrize("name", sorted(FILES))
def test_people_and_records(demo, name):
    store, runs = demo
    exercise_id, _ = FILES[name]
    exercise = load_exercise_by_id(exercise_id)
    spec = run_spec(name)
    for answer in spec["answers"]:
        who = answer["who"]
        assert (who["role"], who.get("organisation")) == PEOPLE[who["pseudonym"]]
    assert 9 <= len(spec["answers"]) <= 11 or exercise_id == "partner_agreement"
    for record in spec.get("records", []):
        kind = exercise.record_kind(record["kind"])
        assert set(record["data"]) <= {f.id for f in kind.fields}
        for field in kind.fields:
            value = validate_answer(field, record["data"].get(field.id), "nl")
            assert value is not None or not field.required, (kind.id, field.id)
    kept = store.records(run_id=runs[exercise_id].id)
    counts = {k: sum(r.kind == k for r in kept) for k in {r.kind for r in kept}}
    counts.pop("partner_matching", None)
    assert counts == EXPECTED_RECORDS.get(exercise_id, {})


def test_new_people_appear_only_in_these_runs():
    for path in sorted((data_dir() / "demo" / "runs").glob("*.yaml")):
        if path.name in FILES:
            continue
        text = path.read_text(encoding="utf-8")
        assert not [p for p in NEW if f"pseudonym: {p}" in text], path.name


def test_find_partner_leaves_one_odd_one_out(demo):
    profiles = partner_profiles(frame(demo, "find_partner"))
    assert len(profiles) == 11 and len(profiles) % 2 == 1
    groups = match_partners(profiles)
    described = describe_groups(groups, profiles)
    assert len(groups) == 5
    assert described["n_shared"].between(1, 3).all()
    assert set(described["n_shared"]) == {1, 2, 3}
    left = unmatched(groups, profiles)
    assert list(left["pseudonym"]) == ["Youssef"] and list(left["reason"]) == ["odd_one_out"]
    people = profiles.to_dict("records")
    nothing = [
        (a["pseudonym"], b["pseudonym"])
        for a, b in itertools.combinations(people, 2)
        if can_pair(a["role"], a["side"], b["role"], b["side"])
        and not set(a["themes"]) & set(b["themes"])
    ]
    assert ("Fatima", "Dr. Jansen") in nothing


def test_partner_agreement_per_pair(demo):
    groups = match_partners(partner_profiles(frame(demo, "find_partner")))
    agreements = agreements_by_group(
        frame(demo, "partner_agreement"), groups, ["common_goal", "first_step"]
    )
    answered = sorted(len(goals) for goals in agreements["common_goal"])
    assert answered == [0, 1, 1, 1, 2]  # one pair empty, one pair both, the rest one phone
    both = agreements.loc[[len(g) == 2 for g in agreements["common_goal"]], "common_goal"]
    (first, _), (second, _) = both.iloc[0]
    assert {first, second} == {"Marja", "Sanne"}


def test_energy_map_covers_all_four_quadrants(demo):
    data = energy_map_data(frame(demo, "follow_energy"))
    assert set(data["quadrant"]) == set(QUADRANTS)
    assert set(data["mentions"]) == {1, 2, 3, 4, 5}
    top = data.iloc[0]
    assert (top["initiative"], top["mentions"], top["quadrant"]) == (
        "Buurtkamer De Klaproos",
        5,
        "go",
    )
    spellings = {
        item["initiative"]
        for value in frame(demo, "follow_energy").query("question_id == 'initiatives'")["value"]
        for item in value
        if item["initiative"].casefold() == "buurtkamer de klaproos"
    }
    assert len(spellings) > 1  # written differently, counted as one


def test_embed_grid_has_the_gaps_of_real_life(demo):
    grid = coverage_grid(frame(demo, "embed_levels"))
    assert not coverage_gaps(grid).empty
    assert grid.loc["region", "informed"] > 0
    assert grid.loc["region"].drop("informed").eq(0).all()
    assert grid.loc[["department", "organisation", "region"], "co_deciding"].eq(0).all()
    assert grid.loc[["own_care", "team"], "co_deciding"].gt(0).all()
