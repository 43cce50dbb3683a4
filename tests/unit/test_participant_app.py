"""The participant app, driven from Python: join, follow, rejoin, reveal."""

from __future__ import annotations

from cocreate_widgets.facilitator import reveal_run
from cocreate_widgets.participant import ParticipantApp


def test_join_with_code_in_link_shows_the_open_form(live, join):
    """Does ?code= in the link lead, after the profile, straight to the open form?"""
    store, workshop, run = live
    app = ParticipantApp(store)
    person = join(app, workshop.join_code.lower())
    assert person is not None and person.role == "patient"
    assert app.follow.form is not None and app.follow.form.run_id == run.id
    assert app.client.device["token"] == person.token


def test_wrong_code_says_so_next_to_the_field(live):
    """Is a wrong code answered with a message at the code field?"""
    store, _workshop, _run = live
    app = ParticipantApp(store)
    app.join_screen.code_field.value = "NOPE99"
    app.join_screen.next_button.click()
    assert "kennen we niet" in app.join_screen.code_field.error
    assert app.participant is None


def test_crafted_role_and_missing_consent_are_refused(live, join):
    """Does the kernel refuse a role that is not offered and a join without consent?"""
    store, workshop, _run = live
    app = ParticipantApp(store)
    app.client.query = {"code": workshop.join_code}
    screen = app.join_screen
    screen.role_field.set_trait("options", [["admin", "admin"]])
    screen.role_field.value = "admin"
    assert screen.join() is None
    assert screen.role_field.error and screen.consent_field.error
    assert store.roster(workshop.id) == []


def test_rejoin_on_the_same_device_brings_answers_and_drafts_back(live, join):
    """After a lost kernel, does the device memory rejoin with the draft in place?"""
    store, workshop, run = live
    first = ParticipantApp(store)
    person = join(first, workshop.join_code)
    first.follow.form.fields["our_picture"].value = "Bijna klaar"
    device = dict(first.client.device)
    second = ParticipantApp(store)  # a new kernel after a reload
    second.client.device = device
    second.client.query = {}
    assert second.participant is not None and second.participant.id == person.id
    assert second.follow.form.fields["our_picture"].value == "Bijna klaar"


def test_screen_follows_close_and_reveal(live, join):
    """Does the screen switch by itself from the form to the closed state to the result?"""
    store, workshop, run = live
    app = ParticipantApp(store)
    join(app, workshop.join_code)
    others = [store.add_participant(workshop.id, pseudonym=n, role="nurse") for n in "ABC"]
    for other in others:
        store.submit_answers(run.id, other.id, {"own_goals_steer": 4})
    store.close_run(run.id)
    app.poller.poll_once()
    assert app.follow.form.submit_button.disabled
    reveal_run(store, store.run(run.id))
    app.poller.poll_once()
    assert app.follow.shown[0] == "revealed"
    shown = app.follow.body.children[0].value
    assert "cc-results" in shown and "A" not in [p.pseudonym for p in []]
    for other in others:
        assert f">{other.pseudonym}<" not in shown


def test_removed_participant_is_told(live, join):
    """Does a participant taken off the roster see a message instead of the form?"""
    store, workshop, _run = live
    app = ParticipantApp(store)
    person = join(app, workshop.join_code)
    store.remove_participant(person.id)
    app.poller.poll_once()
    assert app.follow.shown == ("removed",)


def test_language_switch_keeps_the_draft(live, join):
    """Does switching to English keep what was typed?"""
    store, workshop, _run = live
    app = ParticipantApp(store)
    join(app, workshop.join_code)
    app.follow.form.fields["our_picture"].value = "Mijn beeld"
    app.language.value = "en"
    assert app.follow.form.lang == "en"
    assert app.follow.form.fields["our_picture"].value == "Mijn beeld"
    assert app.client.lang == "en"


def test_anonymous_workshop_stores_no_name(sqlite_store, vision, join):
    """In a workshop without names, is no name stored, only a generated pseudonym?"""
    workshop = sqlite_store.create_workshop("Anoniem", anonymity="none")
    app = ParticipantApp(sqlite_store)
    person = join(app, workshop.join_code, name="Echte Naam")
    assert person.name is None and "Echte Naam" not in person.pseudonym


def test_app_speaks_the_workshop_language_until_the_participant_chooses(sqlite_store, join):
    """Does an English workshop switch the join screen to English, unless Dutch was picked?"""
    workshop = sqlite_store.create_workshop("English one", language="en")
    app = ParticipantApp(sqlite_store, lang="nl")
    app.client.query = {"code": workshop.join_code}
    assert app.lang == "en" and app.join_screen.role_field.label == "Who are you in this workshop?"
    other = ParticipantApp(sqlite_store, lang="nl")
    other.language.value = "nl"
    other.language.value = "en"
    other.language.value = "nl"  # an explicit choice
    other.client.query = {"code": workshop.join_code}
    assert other.lang == "nl"


def test_after_the_reveal_participants_see_their_own_answers(live, join):
    """Below the group result, does a participant find their own answers in words?"""
    store, workshop, run = live
    app = ParticipantApp(store)
    me = join(app, workshop.join_code)
    store.submit_answers(run.id, me.id, {"own_goals_steer": 4, "our_picture": "<i>mijn</i>"})
    reveal_run(store, store.run(run.id))
    app.poller.poll_once()
    mine = app.follow.body.children[1].value
    assert "Eens" in mine and "&lt;i&gt;mijn&lt;/i&gt;" in mine


def test_personal_link_rejoins_on_another_device(live, join):
    """Does the personal link (?code=…&p=…) bring the participant back elsewhere?"""
    store, workshop, run = live
    phone = ParticipantApp(store)
    me = join(phone, workshop.join_code)
    phone.follow.form.fields["our_picture"].value = "Op de telefoon begonnen"
    laptop = ParticipantApp(store)  # no device memory here
    laptop.client.query = {"code": workshop.join_code, "p": me.token}
    assert laptop.participant is not None and laptop.participant.id == me.id
    assert laptop.follow.form.fields["our_picture"].value == "Op de telefoon begonnen"
    stranger = ParticipantApp(store)
    stranger.client.query = {"code": workshop.join_code, "p": "guessed-token"}
    assert stranger.participant is None and stranger.join_screen.workshop is not None


def test_heartbeat_runs_before_joining(sqlite_store):
    """Does the page get heartbeats on the join screen too, so it never shows 'reconnecting'?"""
    app = ParticipantApp(sqlite_store)
    before = app.client.heartbeat
    for _ in range(8):
        app.poller.poll_once()
    assert app.participant is None and app.client.heartbeat >= before + 2
