"""What facilitators and participants see of privacy, driven from Python: the warning above
free text, consent before anything is stored, "My data" with download and withdrawal, and the
roster's download and erasure of one person."""

from __future__ import annotations

import base64
import dataclasses
import json
import re
from datetime import timedelta

import ipywidgets as widgets
from test_light_participant import heavy_modules_after

from cocreate_widgets.facilitator import Console
from cocreate_widgets.facilitator.roster import RosterPanel
from cocreate_widgets.forms import ExerciseForm
from cocreate_widgets.participant import ParticipantApp
from cocreate_widgets.store.base import utcnow

TEXT_TYPES = ("short_text", "long_text")


def downloaded(link_html: str) -> dict:
    """The JSON a download link carries (its base64 data: URL, decoded)."""
    match = re.search(
        r"href='data:application/json;charset=utf-8;base64,([A-Za-z0-9+/=]+)'", link_html
    )
    assert match, link_html
    return json.loads(base64.b64decode(match.group(1)).decode("utf-8"))


def notes_in(form: ExerciseForm) -> list:
    """The privacy notes among a form's widgets."""
    return [
        c
        for c in form.widget.children
        if isinstance(c, widgets.HTML) and "cc-privacy-note" in c.value
    ]


def roster_of(store, workshop) -> RosterPanel:
    """The console's roster panel, showing this workshop."""
    panel = RosterPanel(store, "nl")
    panel.show_workshop(workshop.id)
    return panel


def form_for(store, workshop, exercise, participant_id, lang="nl") -> ExerciseForm:
    run = store.open_run(store.add_run(workshop.id, exercise.to_dict()).id)
    return ExerciseForm(store, run, participant_id, lang)


def test_a_form_with_free_text_warns_once_above_the_first_text_field(live, vision):
    """Does one privacy note stand right above the first text field, and only once?"""
    store, workshop, _run = live
    person = store.add_participant(workshop.id, pseudonym="Anna", role="patient")
    # rated statements first, then the texts: the note must sit between them
    ordered = sorted(vision.questions, key=lambda q: q.type in TEXT_TYPES)
    form = form_for(
        store, workshop, dataclasses.replace(vision, questions=tuple(ordered)), person.id
    )
    children = list(form.widget.children)
    notes = notes_in(form)
    assert len(notes) == 1 and notes[0] is form.privacy_note
    first_text = next(q.id for q in ordered if q.type in TEXT_TYPES)
    assert children.index(form.privacy_note) == children.index(form.fields[first_text]) - 1
    note = form.privacy_note.value
    assert "Let op:" in note and "namen" in note and "role='note'" in note


def test_a_form_without_free_text_has_no_privacy_note(live, vision):
    """Is a form of only scales and choices left without the note?"""
    store, workshop, _run = live
    person = store.add_participant(workshop.id, pseudonym="Anna", role="patient")
    closed = tuple(q for q in vision.questions if q.type not in TEXT_TYPES)
    form = form_for(store, workshop, dataclasses.replace(vision, questions=closed), person.id)
    assert form.privacy_note is None
    assert notes_in(form) == []


def test_the_privacy_note_speaks_the_participants_language(live):
    """Does an English participant read the note in English?"""
    from cocreate_widgets.exercises import load_exercise_by_id

    store, workshop, _run = live
    person = store.add_participant(workshop.id, pseudonym="Ann", role="patient", language="en")
    poll = load_exercise_by_id("quick_poll")
    form = form_for(store, workshop, poll, person.id, lang="en")
    assert "Mind:" in form.privacy_note.value and "recognised" in form.privacy_note.value


def test_nothing_is_stored_before_consent_and_the_moment_is_kept(live, join):
    """Without the consent tick nobody is stored; with it, consent_at is the joining moment."""
    store, workshop, _run = live
    app = ParticipantApp(store)
    app.client.query = {"code": workshop.join_code}
    screen = app.join_screen
    screen.name_field.value = "Anna"
    screen.role_field.value = "patient"
    assert screen.join() is None
    assert screen.consent_field.error
    assert store.roster(workshop.id, include_removed=True) == []
    before = utcnow()
    person = join(ParticipantApp(store), workshop.join_code)
    after = utcnow()
    assert person.consent_at is not None
    assert before - timedelta(seconds=1) <= person.consent_at <= after + timedelta(seconds=1)


def joined_with_answers(store, workshop, run, join, *, name="Anna"):
    """A participant app joined, with one answer sent and a draft typed after it."""
    app = ParticipantApp(store)
    person = join(app, workshop.join_code, name=name)
    form = app.follow.form
    for question in form.exercise.questions:
        if question.required and question.type == "agreement":
            form.fields[question.id].value = 3
    form.fields["shared_vision_possible"].value = "yes"
    form.fields["our_picture"].value = f"<b>Samen</b> beslissen, zegt {name}"
    form.fields["own_goals_steer"].value = 4
    assert form.submit(), [f.error for f in form.fields.values()]
    form.fields["what_is_needed"].value = "Tijd om te praten"  # a draft, not sent
    return app, person


def test_my_data_shows_answers_and_drafts_escaped_and_downloads_them(live, join):
    """Does "My data" show the participant's answer (escaped), draft and consent, and
    does its download carry the same data?"""
    store, workshop, run = live
    app, person = joined_with_answers(store, workshop, run, join)
    assert app.my_data_button.layout.display != "none"
    app.my_data_button.click()
    screen = app.my_data
    assert screen is not None and app.main.children == (screen.widget,)
    shown = screen.content.value
    assert "&lt;b&gt;Samen&lt;/b&gt; beslissen" in shown and "<b>Samen" not in shown
    assert "Tijd om te praten" in shown
    assert "Anna" in shown and "Patiënt" in shown
    assert "Toestemming gegeven op" in shown and "Akkoord?" in shown
    data = downloaded(screen.download.value)
    assert data["participant"]["pseudonym"] == "Anna"
    sent = {q["question_id"]: q["value"] for a in data["answers"] for q in a["questions"]}
    assert sent["our_picture"] == "<b>Samen</b> beslissen, zegt Anna"
    app.set_language("en")  # switching language keeps the participant on this screen
    assert app.my_data is not screen and "Your answers" in app.my_data.content.value
    app.my_data.back_button.click()
    assert app.my_data is None and app.main.children == (app.follow.widget,)


def test_withdrawing_needs_the_confirmation_step(live, join):
    """Does the first click only ask, and 'No' keep everything?"""
    store, workshop, run = live
    app, person = joined_with_answers(store, workshop, run, join)
    app.open_my_data()
    screen = app.my_data
    assert screen.withdraw() is None  # not confirmed: only the question is shown
    assert screen.confirm_step.layout.display != "none"
    screen.cancel_button.click()
    assert screen.confirm_step.layout.display == "none"
    assert store.my_answers(run.id, person.id)
    assert app.participant is not None


def test_withdrawal_erases_everything_and_the_device_forgets(live, join):
    """After withdrawing: goodbye, no answers stored, the device and the link forgotten,
    the console no longer counting them, and another participant untouched."""
    store, workshop, run = live
    other_app, other = joined_with_answers(store, workshop, run, join, name="Bob")
    app, person = joined_with_answers(store, workshop, run, join)
    device = dict(app.client.device)
    console = Console(store, workshop_id=workshop.id)
    assert "Anna" in console.roster.table.value and "zegt Anna" in console.results.output.value
    app.open_my_data()
    app.my_data.withdraw_button.click()
    app.my_data.confirm_button.click()
    assert app.withdrawn and app.participant is None
    assert app.client.device == {}
    assert "Je gegevens zijn gewist" in app.main.children[0].value
    assert app.header.value == "" and app.footer.value == ""
    assert store.my_answers(run.id, person.id) == {}
    assert store.drafts(run.id, person.id) == {}
    assert store.my_answers(run.id, other.id)  # someone else's rows stay
    console.poller.poll_once()
    assert "Anna" not in console.roster.table.value and "Bob" in console.roster.table.value
    assert "Anna" not in console.results.output.value
    assert "zegt Anna" not in console.results.output.value
    assert "zegt Bob" in console.results.output.value
    # the same phone reloaded, or the personal link opened elsewhere: not them any more
    again = ParticipantApp(store)
    again.client.device = device
    again.client.query = {"code": workshop.join_code, "p": device["token"]}
    assert again.participant is None
    # a reloaded goodbye page ignores the browser's memory and stays goodbye
    app.client.device = device
    assert app.participant is None and app.withdrawn
    app.set_language("en")
    assert "Your data has been erased" in app.main.children[0].value


def test_a_participant_erased_by_the_facilitator_is_told_and_forgotten(live, join):
    """Does the phone of someone the facilitator erased say so and forget the device?"""
    store, workshop, run = live
    app, person = joined_with_answers(store, workshop, run, join)
    store.erase_participant(person.id)
    app.poller.poll_once()
    assert app.follow.shown == ("removed",)
    assert "zijn gewist" in app.follow.status.value
    assert app.client.device == {}
    assert app.my_data_button.layout.display == "none"


def test_roster_downloads_one_persons_data(live):
    """Does the roster's download carry the chosen person's answers and no one else's?"""
    store, workshop, run = live
    anna = store.add_participant(workshop.id, pseudonym="Anna", role="patient")
    bob = store.add_participant(workshop.id, pseudonym="Bob", role="nurse")
    store.submit_answers(run.id, anna.id, {"our_picture": "Anna's beeld"})
    store.submit_answers(run.id, bob.id, {"our_picture": "Bobs beeld"})
    roster = roster_of(store, workshop)
    roster.data_person.value = anna.id
    roster.download_data()
    data = downloaded(roster.download_link.value)
    assert data["participant"]["pseudonym"] == "Anna"
    values = json.dumps(data)
    assert "Anna's beeld" in values and "Bobs beeld" not in values
    assert "klaar" in roster.message.value
    roster.data_person.value = bob.id  # another person: the first person's file goes
    assert roster.download_link.value == ""


def test_roster_erases_only_after_the_tick_and_says_what_went(live):
    """Is erasure refused without the tick, and afterwards told in counts, roster redrawn?"""
    store, workshop, run = live
    anna = store.add_participant(workshop.id, pseudonym="Anna", role="patient")
    bob = store.add_participant(workshop.id, pseudonym="Bob", role="nurse")
    store.submit_answers(run.id, anna.id, {"our_picture": "Eerste"})
    store.submit_answers(run.id, anna.id, {"our_picture": "Tweede"})
    store.submit_answers(run.id, bob.id, {"our_picture": "Van Bob"})
    roster = roster_of(store, workshop)
    roster.data_person.value = anna.id
    assert roster.erase() is None
    assert "Vink eerst" in roster.message.value
    assert store.my_answers(run.id, anna.id)
    roster.confirm_erase.value = True
    counts = roster.erase()
    assert counts is not None and sum(counts.values()) >= 2
    message = roster.message.value
    assert "Anna" in message and "gewist" in message and "antwoorden: " in message
    assert roster.confirm_erase.value is False and roster.data_person.value is None
    assert "inschrijvingen" not in message  # the one roster entry goes without saying
    assert "Anna" not in roster.table.value and "Bob" in roster.table.value
    assert anna.id not in [value for _label, value in roster.data_person.options]
    assert store.my_answers(run.id, anna.id) == {}
    assert store.my_answers(run.id, bob.id) == {"our_picture": "Van Bob"}


def test_roster_can_erase_someone_taken_off_the_roster_earlier(live):
    """Can the data of a removed person still be downloaded and erased?"""
    store, workshop, run = live
    anna = store.add_participant(workshop.id, pseudonym="Anna", role="patient")
    store.submit_answers(run.id, anna.id, {"our_picture": "Weg"})
    store.remove_participant(anna.id)
    roster = roster_of(store, workshop)
    labels = dict((value, label) for label, value in roster.data_person.options)
    assert "van de lijst gehaald" in labels[anna.id]
    roster.data_person.value = anna.id
    roster.confirm_erase.value = True
    assert roster.erase() is not None
    assert store.my_answers(run.id, anna.id) == {}


def test_roster_erasure_failure_is_a_message_not_a_traceback(live, monkeypatch):
    """When the store fails, does the facilitator read a sentence and nothing break?"""
    store, workshop, _run = live
    anna = store.add_participant(workshop.id, pseudonym="Anna", role="patient")
    roster = roster_of(store, workshop)
    roster.data_person.value = anna.id
    roster.confirm_erase.value = True

    def broken(_participant_id):
        raise RuntimeError("disk gone")

    monkeypatch.setattr(store, "erase_participant", broken)
    erase_button = next(
        b
        for box in roster.widget.children
        for b in getattr(box, "children", ())
        if getattr(b, "description", "") == "Alles wissen"
    )
    erase_button.click()
    assert "Er ging iets mis" in roster.message.value
    assert store.participant(anna.id).active


def test_my_data_keeps_the_participant_kernel_light(sqlite_store):
    """Does opening "My data" and withdrawing, in a fresh process, leave heavy modules out?"""
    steps = """
app.follow.form.fields["our_picture"].value = "Samen"
app.open_my_data()
assert "Samen" in app.my_data.content.value
app.my_data.ask_withdraw()
assert app.my_data.withdraw() is not None and app.withdrawn
"""
    assert heavy_modules_after(sqlite_store, steps) == ""
