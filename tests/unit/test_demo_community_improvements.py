"""The demo community's step 3 (wave 1): three theme groups' proposals in small groups, the
four concept improvements, and the test round. Loaded into a fresh database, every answer is
stored as written and valid, and the data tell the demo's story: the clustering finds the four
concepts the core team recorded, one concept is clearly supported, one meets many doubts."""

from __future__ import annotations

import pytest
import yaml

from cocreate_widgets.analysis import answers_frame
from cocreate_widgets.analysis.improvements import (
    proposal_clusters,
    proposal_rows,
    support_scores,
)
from cocreate_widgets.answers import validate_answer, validate_form
from cocreate_widgets.exercises import load_exercise_by_id
from cocreate_widgets.facilitator.theme_groups import group_answers
from cocreate_widgets.paths import data_dir
from cocreate_widgets.workbook import Workbook

FOLDER = data_dir() / "demo" / "more" / "community_wave1"
# The member list at the top of community_wave1.yaml.
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
CONCEPTS = [
    "Een kennisbank met ervaringen van patiënten en naasten",
    "Een vaste coach als eerste aanspreekpunt",
    "Steun voor partners en naasten",
    "Advies over werk en parkinson",
]


def specs(name: str) -> list[dict]:
    return yaml.safe_load((FOLDER / name).read_text(encoding="utf-8"))["runs"]


@pytest.fixture(scope="module")
def demo(demo_copy, tmp_path_factory):
    """All demos loaded once into a fresh SQLite file: (store, wave 1 workshop)."""
    store = demo_copy(tmp_path_factory.mktemp("demo"))
    yield store, store.workshop_by_code("PARKN2")
    store.dispose()


def runs_of(demo, exercise_id: str):
    store, workshop = demo
    return [r for r in store.runs(workshop.id) if r.exercise_id == exercise_id]


def test_three_theme_groups_each_with_their_own_run(demo):
    """Is every proposals run in its own small group, with the members written, and did only
    members answer it?"""
    store, workshop = demo
    written = specs("30_improvement_proposals.yaml")
    runs = runs_of(demo, "improvement_proposals")
    assert len(runs) == len(written) == 3
    groups = {g["id"]: g for g in store.workshop_small_groups(workshop.id)}
    names = {p.id: p.pseudonym for p in store.roster(workshop.id)}
    for run, spec in zip(runs, written, strict=True):
        group = groups[run.small_group_id]
        assert group["name"] == spec["small_group"]["name"]
        assert sorted(names[i] for i in group["member_ids"]) == sorted(
            spec["small_group"]["members"]
        )
        authors = set(answers_frame(store.answers(run.id))["participant_id"])
        assert authors <= set(group["member_ids"])
        assert run.state == spec["state"] == "closed"
    every = [p for g in groups.values() for p in g["member_ids"]]
    assert len(every) == len(set(every))  # nobody in two theme groups


@pytest.mark.parametrize(
    ("name", "exercise_id"),
    [
        ("30_improvement_proposals.yaml", "improvement_proposals"),
        ("31_concept_test.yaml", "concept_test"),
    ],
)
def test_answers_are_stored_as_written_and_valid(demo, name, exercise_id):
    """Does every answer come back as written, pass the form's checks, by a real member?"""
    store, _ = demo
    exercise = load_exercise_by_id(exercise_id)
    for spec, run in zip(specs(name), runs_of(demo, exercise_id), strict=True):
        stored = answers_frame(store.answers(run.id))
        written = {a["who"]["pseudonym"]: a["values"] for a in spec["answers"]}
        assert set(stored["pseudonym"]) == set(written)
        for answer in spec["answers"]:
            assert MEMBERS[answer["who"]["pseudonym"]] == answer["who"]["role"]
        for pseudonym, mine in stored.groupby("pseudonym"):
            values = {
                q: v
                for q, v in zip(mine["question_id"], mine["value"], strict=True)
                if v is not None and v == v  # a question left open is empty (None or NaN)
            }
            cleaned, errors = validate_form(exercise, values, "nl")
            assert errors == {}, (pseudonym, errors)
            assert cleaned == values == written[pseudonym], pseudonym


def test_concept_records_are_the_four_concepts_of_the_community(demo):
    """Are the four concept improvements recorded with the community, fields valid?"""
    store, workshop = demo
    kind = load_exercise_by_id("improvement_proposals").record_kind("concept_improvement")
    records = store.records(community_id=workshop.community_id, kind="concept_improvement")
    assert [r.data["title"] for r in records] == CONCEPTS
    for record in records:
        for field in kind.fields:
            assert validate_answer(field, record.data.get(field.id), "nl") is not None
    wb = Workbook("improvement_proposals", store=store, workshop_id=workshop.id)
    assert wb.record_data("concept_improvement")["title"].tolist() == CONCEPTS


def test_clustering_finds_the_concepts_the_core_team_recorded(demo):
    """With the default threshold, do the four clusters over two or more groups hold exactly
    the proposals each concept record says it merges, and the other two stay alone?"""
    store, workshop = demo
    wb = Workbook("improvement_proposals", store=store, workshop_id=workshop.id)
    proposals = proposal_rows(group_answers(wb))
    assert len(proposals) == 15 and proposals["group"].nunique() == 3
    clusters = proposal_clusters(proposals)
    found = {
        frozenset(
            f"{g}: {t}"
            for g, t in zip(proposals["group"][ids], proposals["title"][ids], strict=True)
        )
        for ids in clusters.loc[clusters["overlap"] >= 2, "proposal_ids"]
    }
    records = store.records(community_id=workshop.community_id, kind="concept_improvement")
    assert found == {frozenset(r.data["from_proposals"].split("\n")) for r in records}
    assert clusters["size"].tolist().count(1) == 2
    assert clusters.iloc[0]["overlap"] == 3  # the knowledge base came from all three groups


def test_test_round_one_clear_favourite_and_one_full_of_doubts(demo):
    """Did 12 or more people answer, is the knowledge base clearly supported and the coach
    met with doubts by more than half?"""
    store, _ = demo
    (run,) = runs_of(demo, "concept_test")
    frame = answers_frame(store.answers(run.id))
    assert frame["participant_id"].nunique() >= 12
    scores = support_scores(frame, run.question_set).set_index("concept")
    assert list(scores.index) == [CONCEPTS[0], CONCEPTS[2], CONCEPTS[3], CONCEPTS[1]]
    assert scores.loc[CONCEPTS[0], "score"] >= 0.9
    coach = scores.loc[CONCEPTS[1]]
    assert coach["doubts"] > coach["answers"] / 2
    assert all(len(c) > 0 for c in scores["comments"])
