"""The Workbook helper that notebooks use: the run, answers by wave, records, roster."""

from __future__ import annotations

from cocreate_widgets import Workbook


def test_answers_by_wave_follow_copies_for_the_next_wave(sqlite_store, vision):
    """Do answers of an earlier wave (an earlier workshop in the chain) come back by wave?"""
    first = sqlite_store.create_workshop("Ronde 1")
    run = sqlite_store.open_run(sqlite_store.add_run(first.id, vision.to_dict()).id)
    anna = sqlite_store.add_participant(first.id, pseudonym="Anna", role="patient")
    sqlite_store.submit_answers(run.id, anna.id, {"own_goals_steer": 2})
    second = sqlite_store.copy_workshop_for_next_wave(first.id)
    run2 = sqlite_store.open_run(sqlite_store.runs(second.id)[0].id)
    bob = sqlite_store.add_participant(second.id, pseudonym="Bob", role="nurse")
    sqlite_store.submit_answers(run2.id, bob.id, {"own_goals_steer": 5})
    wb = Workbook("shared_vision", store=sqlite_store, workshop_id=second.id)
    waves = wb.answers_by_wave()
    assert sorted(waves) == [1, 2]
    assert waves[1]["value"].tolist() == [2] and waves[2]["value"].tolist() == [5]


def test_records_of_another_step_can_be_read(sqlite_store, vision):
    """Does a later step read the goals recorded by an earlier one, without retyping?"""
    workshop = sqlite_store.create_workshop("Plan")
    sqlite_store.add_run(workshop.id, vision.to_dict())
    sqlite_store.add_record("goal", {"what": "Eén plan"}, workshop_id=workshop.id)
    wb = Workbook("shared_vision", store=sqlite_store, workshop_id=workshop.id)
    assert wb.record_data("goal")["what"].tolist() == ["Eén plan"]
    assert list(wb.record_data("risk").columns) == ["record_id"]


def test_roster_has_sides_and_no_names(sqlite_store, vision):
    """Does the roster give role and side, and never the name?"""
    workshop = sqlite_store.create_workshop("Tafel", anonymity="required")
    sqlite_store.add_participant(
        workshop.id, pseudonym="Anna", name="Anna de Vries", role="relative"
    )
    wb = Workbook("shared_vision", store=sqlite_store, workshop_id=workshop.id)
    roster = wb.roster()
    assert roster[["role", "side"]].values.tolist() == [["relative", "patient_side"]]
    assert "Anna de Vries" not in roster.to_string()


def test_chart_escapes_its_description():
    """Is the text alternative of a chart escaped?"""
    html = Workbook.chart("<svg></svg>", "<b>x</b>").value
    assert "aria-label='&lt;b&gt;x&lt;/b&gt;'" in html


def test_offer_run_adds_a_run_only_when_clicked(sqlite_store, vision):
    """Does running the notebook add nothing, and a click add the run (or say why not)?"""
    workshop = sqlite_store.create_workshop("Stemmen")
    wb = Workbook("shared_vision", store=sqlite_store, workshop_id=workshop.id)

    def too_few() -> dict:
        raise ValueError("fewer than two proposals")

    refused = wb.offer_run(too_few, "Stemronde")
    refused.children[0].click()
    assert "te weinig" in refused.children[1].value
    offer = wb.offer_run(vision.to_dict, "Stemronde")
    assert sqlite_store.runs(workshop.id) == []
    offer.children[0].click()
    assert [r.exercise_id for r in sqlite_store.runs(workshop.id)] == ["shared_vision"]


def test_offer_records_adds_suggestions_once(sqlite_store):
    """Are suggested risks added on a click, checked, and not twice on a second click?"""
    import pandas as pd

    from cocreate_widgets.exercises import load_exercise_by_id

    workshop = sqlite_store.create_workshop("Plan")
    sqlite_store.add_run(workshop.id, load_exercise_by_id("plan").to_dict())
    wb = Workbook("plan", store=sqlite_store, workshop_id=workshop.id)
    rows = pd.DataFrame(
        [
            {"description": "Botsend belang", "likelihood": 3, "impact": 4, "measure": "Praten"},
            {"description": "Kapot", "likelihood": 9, "impact": 4, "measure": ""},  # out of range
        ]
    )
    offer = wb.offer_records("risk", rows, "Toevoegen")
    offer.children[0].click()
    offer.children[0].click()
    stored = sqlite_store.records(workshop_id=workshop.id, kind="risk")
    assert [r.data["description"] for r in stored] == ["Botsend belang"]
    assert stored[0].data["impact"] == 4
