"""The participant form, driven from Python: set values, click, read what was stored."""

from __future__ import annotations

from pathlib import Path

import pytest

from cocreate_widgets.exercises import load_exercise
from cocreate_widgets.forms import ExerciseForm
from cocreate_widgets.forms.readable import own_answers_html, readable_answer

GOOD = {
    "our_picture": "Zorg die past bij mijn leven",
    "own_goals_steer": 5,
    "decide_together": 4,
    "whole_person": 5,
    "relatives_involved": 3,
    "one_plan": 4,
    "strengths_first": 2,
    "shared_vision_possible": "partly",
}


@pytest.fixture
def form(live):
    store, workshop, run = live
    person = store.add_participant(workshop.id, pseudonym="Anna", role="patient")
    return ExerciseForm(store, run, person.id, "nl")


def fill(form, values):
    for qid, value in values.items():
        form.fields[qid].value = value


def test_submit_stores_every_answer(form):
    """Does a click on submit store the answers and say so?"""
    fill(form, GOOD)
    form.submit_button.click()
    stored = form.store.my_answers(form.run_id, form.participant_id)
    assert stored["our_picture"] == GOOD["our_picture"]
    assert stored["own_goals_steer"] == 5
    assert "opgeslagen" in form.notice.value


def test_empty_required_field_gets_a_message_next_to_it(form):
    """Is an unanswered required question refused with a Dutch message at the field?"""
    required = [q.id for q in form.exercise.questions if q.required]
    assert required, "the shared vision has required questions"
    form.submit_button.click()
    assert form.fields[required[0]].error == "Deze vraag moet je invullen."
    assert form.store.my_answers(form.run_id, form.participant_id) == {}


def test_typing_saves_a_draft_and_a_new_form_gets_it_back(form, live):
    """After typing (no submit), does a rebuilt form — a reload — show the text again?"""
    store, _workshop, run = live
    form.fields["our_picture"].value = "Half af"
    again = ExerciseForm(store, store.run(run.id), form.participant_id, "nl")
    assert again.fields["our_picture"].value == "Half af"


def test_too_long_draft_keeps_the_last_good_one(form, live):
    """Is a 1 MB paste refused with its length while the earlier draft stays?"""
    store, _workshop, run = live
    form.fields["our_picture"].value = "Eerste versie"
    form.fields["our_picture"].value = "x" * 1_000_000
    assert "1000000" in form.fields["our_picture"].error
    assert store.drafts(run.id, form.participant_id)["our_picture"] == "Eerste versie"


@pytest.mark.parametrize(
    "crafted",
    [{"bad": "dict"}, 7, 3.5, True, ["list"], "6", 99, -1],
)
def test_crafted_agreement_values_never_reach_the_store(form, crafted):
    """Does the kernel refuse any value a crafted widget message could set?"""
    fill(form, GOOD)
    form.fields["own_goals_steer"].value = 5
    form.fields["own_goals_steer"].set_trait("value", crafted)  # bypasses nothing: coerced
    form.submit()
    stored = form.store.my_answers(form.run_id, form.participant_id)
    assert stored.get("own_goals_steer") in (None, 1, 2, 3, 4, 5)
    if stored:
        assert isinstance(stored["own_goals_steer"], int)


def test_markup_and_controls_are_stored_as_plain_text(form):
    """Are HTML, $…$, emoji and control characters kept as text (controls removed)?"""
    fill(form, {**GOOD, "our_picture": "<img src=x onerror=alert(1)> $x$ 😀 שלום\x00\x07"})
    assert form.submit()
    stored = form.store.my_answers(form.run_id, form.participant_id)["our_picture"]
    assert stored == "<img src=x onerror=alert(1)> $x$ 😀 שלום"


def test_answer_after_close_is_refused_and_earlier_answer_kept(form, live):
    """When the run closes, is a late submit refused with a message, keeping the first?"""
    store, _workshop, run = live
    fill(form, GOOD)
    assert form.submit()
    store.close_run(run.id)
    form.fields["our_picture"].value = "Te laat"
    assert not form.submit()
    assert "gesloten" in form.notice.value
    assert store.my_answers(run.id, form.participant_id)["our_picture"] == GOOD["our_picture"]
    assert form.submit_button.disabled


def test_edit_until_close_creates_a_new_version(form):
    """Can a participant change a submitted answer, keeping both versions?"""
    fill(form, GOOD)
    form.submit()
    form.fields["strengths_first"].value = 5
    form.submit()
    history = form.store.answer_history(form.run_id, form.participant_id)
    assert {h["version"] for h in history} == {1, 2}
    assert form.store.my_answers(form.run_id, form.participant_id)["strengths_first"] == 5


def test_english_messages(live):
    """Does a participant who chose English get English messages?"""
    store, workshop, run = live
    person = store.add_participant(workshop.id, pseudonym="Ann", role="nurse", language="en")
    form = ExerciseForm(store, run, person.id, "en")
    form.submit()
    assert "please answer this question" in " ".join(f.error for f in form.fields.values()).lower()


# --- a list whose items hold a choice and scales ------------------------------------------

LIST_ITEMS = load_exercise(Path(__file__).parent / "fixtures" / "list_items.yaml")


@pytest.fixture
def list_run(store):
    """The list_items exercise open in a workshop: (store, run, participant id)."""
    workshop = store.create_workshop("Lijst", consent_text="Akkoord?")
    run = store.open_run(store.add_run(workshop.id, LIST_ITEMS.to_dict()).id)
    person = store.add_participant(workshop.id, pseudonym="Anna", role="patient")
    return store, run, person.id


def test_list_with_choice_and_scales_is_stored_as_ids_and_numbers(list_run):
    """Does a submitted list keep option ids and whole numbers (and show them as words)?"""
    store, run, pid = list_run
    form = ExerciseForm(store, run, pid, "nl")
    widget = form.fields["initiatives"]
    assert [f["type"] for f in widget.fields] == ["text", "choice", "scale", "scale"]
    assert widget.fields[1]["options"][1] == {"id": "region", "label": "Regio"}
    assert widget.item_label == "Initiatief {n}"  # numbered, as in the messages
    widget.value = [
        {"name": "Buurtkamer", "level": "region", "energy": 4, "friction": 0},
        {"name": "", "level": "", "energy": None, "friction": None},
    ]
    assert form.submit()
    stored = store.my_answers(run.id, pid)["initiatives"]
    assert stored == [{"name": "Buurtkamer", "level": "region", "energy": 4, "friction": 0}]
    html = own_answers_html(LIST_ITEMS, {"initiatives": stored}, "nl")
    assert "Niveau: Regio" in html and "Energie: 4" in html and "Wrijving: 0" in html
    assert "region" not in html


def test_half_filled_list_draft_comes_back_after_a_reload(list_run):
    """Is a draft with a choice and a scale (the required name not yet typed) restored?"""
    store, run, pid = list_run
    form = ExerciseForm(store, run, pid, "en")
    value = [
        {"name": "Garden", "level": "team", "energy": 5, "friction": None},
        {"name": "", "level": "region", "energy": None, "friction": 3},
    ]
    form.fields["initiatives"].value = value
    assert form.fields["initiatives"].error == ""
    assert form.fields["initiatives"].item_errors == [{}, {}]
    assert store.drafts(run.id, pid)["initiatives"] == value
    again = ExerciseForm(store, store.run(run.id), pid, "en")
    assert again.fields["initiatives"].value == value
    assert isinstance(again.fields["initiatives"].value[0]["energy"], int)


def test_missing_and_wrong_item_fields_get_messages_next_to_them(list_run):
    """Are a missing level and an unknown option refused, each message at its own field?"""
    store, run, pid = list_run
    form = ExerciseForm(store, run, pid, "nl")
    widget = form.fields["initiatives"]
    widget.value = [
        {"name": "", "level": "", "energy": None, "friction": None},
        {"name": "Moestuin", "level": "", "energy": 2, "friction": None},
    ]
    assert not form.submit()
    assert widget.error == "Initiatief 1, Niveau: Deze vraag moet je invullen."
    assert widget.item_errors == [{}, {"level": "Deze vraag moet je invullen."}]
    assert store.my_answers(run.id, pid) == {}
    # A crafted message past the widget: the kernel's check refuses it and keeps the draft.
    assert not form.save_draft("initiatives", [{"name": "x", "level": "boss", "energy": 7}])
    assert widget.error == "Initiatief 1, Niveau: Kies een van de antwoorden uit de lijst."
    assert widget.item_errors == [
        {
            "level": "Kies een van de antwoorden uit de lijst.",
            "energy": "Kies een getal van 1 tot en met 5.",
        }
    ]
    assert store.drafts(run.id, pid)["initiatives"][0]["name"] == "Moestuin"
    widget.value = [{"name": "Moestuin", "level": "team", "energy": 2, "friction": None}]
    assert widget.item_errors == [{}] and widget.error == ""
    assert form.submit()


def test_crafted_list_values_never_reach_the_store(list_run):
    """Does a crafted widget message with a foreign option or number store nothing wrong?"""
    store, run, pid = list_run
    form = ExerciseForm(store, run, pid, "en")
    widget = form.fields["initiatives"]
    widget.set_trait("value", [{"name": "x", "level": "<b>", "energy": 99, "friction": -1}])
    assert widget.value == [{"name": "x", "level": "", "energy": None, "friction": None}]
    assert not form.submit()
    assert widget.item_errors[0]["level"] == "Please answer this question."
    assert store.my_answers(run.id, pid) == {}


def test_own_answers_show_labels_escaped():
    """Is an option label with markup shown as text in the participant's own answers?"""
    value = [{"name": "<i>x</i>", "level": "bold", "energy": 1, "friction": None}]
    assert readable_answer(LIST_ITEMS.question("initiatives"), value, "en") == (
        "Name: <i>x</i>; Level: <b>Bold</b>; Energy: 1"
    )
    html = own_answers_html(LIST_ITEMS, {"initiatives": value}, "en")
    assert "Level: &lt;b&gt;Bold&lt;/b&gt;" in html and "&lt;i&gt;x&lt;/i&gt;" in html
    assert "<b>" not in html and "<i>" not in html
