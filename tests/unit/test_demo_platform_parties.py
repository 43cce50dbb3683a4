"""The citizen platform's demo runs of 'bring parties together' and the self-check: loaded
into a fresh database, every answer and record is stored as written and passes validation,
and the data tell the story of the demo (spellings merged, every quadrant, a tip that
falls and one that rises over three checks)."""

from __future__ import annotations

import pytest
import yaml

from cocreate_widgets.analysis import answers_frame
from cocreate_widgets.analysis.platform_check import (
    check_means,
    check_table,
    fell_most,
    safe_link,
    weakest_points,
)
from cocreate_widgets.analysis.stakeholders import (
    QUADRANTS,
    invitation_counts,
    party_key,
    stakeholder_map,
)
from cocreate_widgets.answers import validate_form
from cocreate_widgets.exercises import load_exercise_by_id
from cocreate_widgets.facilitator.platform_logs import check_record
from cocreate_widgets.paths import data_dir

FILES = {"20_bring_parties.yaml": "bring_parties", "30_platform_check.yaml": "platform_check"}


def without_empty(value: object) -> object:
    """A value with the empty fields of list items left out (cleaning adds them)."""
    if isinstance(value, list):
        return [
            {k: v for k, v in item.items() if v not in (None, "")}
            if isinstance(item, dict)
            else item
            for item in value
        ]
    return value


def run_specs(name: str) -> list[dict]:
    path = data_dir() / "demo" / "more" / "platform" / name
    return yaml.safe_load(path.read_text(encoding="utf-8"))["runs"]


@pytest.fixture(scope="module")
def platform(demo_copy, tmp_path_factory):
    """The whole demo loaded once: (store, runs of the platform workshop by exercise id)."""
    store = demo_copy(tmp_path_factory.mktemp("demo"))
    workshop = store.workshop_by_code("BURGER")
    runs: dict[str, list] = {}
    for run in store.runs(workshop.id):
        runs.setdefault(run.exercise_id, []).append(run)
    yield store, runs
    store.dispose()


@pytest.mark.parametrize("name", sorted(FILES))
def test_every_answer_is_stored_as_written_and_valid(platform, name):
    store, runs = platform
    exercise = load_exercise_by_id(FILES[name])
    specs = run_specs(name)
    assert len(runs[exercise.id]) == len(specs)
    for spec, run in zip(specs, runs[exercise.id], strict=True):
        assert run.state == spec["state"]
        stored = answers_frame(store.answers(run.id))
        written = {a["who"]["pseudonym"]: a["values"] for a in spec["answers"]}
        assert set(stored["pseudonym"]) == set(written)
        for pseudonym, mine in stored.groupby("pseudonym"):
            values = {
                q: v
                for q, v in zip(mine["question_id"], mine["value"], strict=True)
                if v is not None
            }
            assert values == written[pseudonym], pseudonym
            cleaned, errors = validate_form(exercise, values, "nl")
            assert errors == {}, (pseudonym, errors)
            assert {q: without_empty(v) for q, v in cleaned.items()} == values, pseudonym


@pytest.mark.parametrize("name", sorted(FILES))
def test_every_record_is_valid_and_kept(platform, name):
    store, runs = platform
    exercise = load_exercise_by_id(FILES[name])
    for spec, run in zip(run_specs(name), runs[exercise.id], strict=True):
        for record in spec.get("records", []):
            kind = exercise.record_kind(record["kind"])
            assert set(record["data"]) <= {f.id for f in kind.fields}
            cleaned, errors = check_record(kind, record["data"], "nl")
            assert errors == {}, (kind.id, errors)
            assert {k: v for k, v in cleaned.items() if v is not None} == record["data"]
        kept = [r for r in store.records(run_id=run.id) if r.kind != "decision"]
        assert len(kept) == len(spec.get("records", []))


def test_parties_are_named_in_many_ways_and_fall_in_every_quadrant(platform):
    store, runs = platform
    (run,) = runs["bring_parties"]
    answers = answers_frame(store.answers(run.id))
    assert 8 <= answers["participant_id"].nunique() <= 10
    spellings = {
        item["party"] for items in answers["value"] if isinstance(items, list) for item in items
    }
    data = stakeholder_map(answers)
    assert 10 <= len(data) <= 14
    assert len(spellings) >= len(data) + 8  # many parties were written in several ways
    assert {party_key(s) for s in spellings} == {party_key(p) for p in data["party"]}
    assert set(data["quadrant"]) == set(QUADRANTS)
    assert data["mentions"].max() >= 3 and (data["brings"] != "").all()


def test_the_tracker_holds_every_status(platform):
    store, runs = platform
    (run,) = runs["bring_parties"]
    import pandas as pd

    records = pd.DataFrame(
        [r.data for r in store.records(run_id=run.id) if r.kind == "stakeholder"]
    )
    counts = invitation_counts(records)
    assert (counts["parties"] > 0).all()
    named = {party_key(p) for p in stakeholder_map(answers_frame(store.answers(run.id)))["party"]}
    assert {party_key(p) for p in records["party"]} <= named


def test_three_checks_show_one_tip_falling_and_one_rising(platform):
    store, runs = platform
    checks = [(r.created_at, answers_frame(store.answers(r.id))) for r in runs["platform_check"]]
    assert len(checks) == 3
    means = check_means(checks)
    table = check_table(means)
    website = table.loc["experience_website"].tolist()
    motivate = table.loc["motivate_each_other"].tolist()
    assert website == sorted(website) and website[-1] - website[0] >= 2
    assert motivate == sorted(motivate, reverse=True) and motivate[0] - motivate[-1] >= 1.5
    assert weakest_points(means, 1)["tip"].tolist() == ["motivate_each_other"]
    assert fell_most(means, 1)["tip"].tolist() == ["motivate_each_other"]


def test_logs_of_the_latest_check(platform):
    store, runs = platform
    latest = runs["platform_check"][-1]
    kinds = [r.kind for r in store.records(run_id=latest.id)]
    for kind in ("platform_activity", "progress_meeting", "lobby_contact", "example_elsewhere"):
        assert kinds.count(kind) >= 2, kind
    outcomes = {r.data["outcome"] for r in store.records(run_id=latest.id, kind="lobby_contact")}
    assert len(outcomes) >= 3
    for record in store.records(run_id=latest.id, kind="example_elsewhere"):
        link = record.data.get("link")
        assert link is None or safe_link(link) == link
