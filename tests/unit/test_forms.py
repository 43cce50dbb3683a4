"""The participant form, driven from Python: set values, click, read what was stored."""

from __future__ import annotations

import pytest

from cocreate_widgets.forms import ExerciseForm

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
