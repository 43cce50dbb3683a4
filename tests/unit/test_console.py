"""The facilitator's console and projector, driven from Python."""

from __future__ import annotations

from cocreate_widgets.facilitator import Console, ProjectorView


def test_next_opens_the_first_draft_and_closes_the_open_run(live, vision):
    """Does 'next' close the open run and open the next one on the agenda?"""
    store, workshop, run = live
    second = store.add_run(workshop.id, vision.to_dict())
    console = Console(store, workshop_id=workshop.id)
    console.agenda.next_run()
    assert store.run(run.id).state == "closed"
    assert store.run(second.id).state == "open"


def test_console_counts_answers_per_role_as_they_arrive(live):
    """Does the roster count per role, and the agenda count answers, after a poll?"""
    store, workshop, run = live
    console = Console(store, workshop_id=workshop.id)
    nurse = store.add_participant(workshop.id, pseudonym="Nora", role="nurse")
    store.submit_answers(run.id, nurse.id, {"own_goals_steer": 4, "our_picture": "Samen"})
    console.poller.poll_once()
    assert "<td>Verpleegkundige</td><td>1</td>" in console.roster.counts.value
    assert "Nora" in console.results.output.value


def test_reveal_from_the_console_shows_no_names_on_the_projector(live):
    """After a reveal, does the projector show the result and never a pseudonym?"""
    store, workshop, run = live
    names = ["<b>Bold</b>", "Zoë", "Ahmed"]
    for name in names:
        person = store.add_participant(workshop.id, pseudonym=name, role="patient")
        store.submit_answers(run.id, person.id, {"own_goals_steer": 5, "our_picture": "x y z"})
    console = Console(store, workshop_id=workshop.id)
    console.agenda.run_picker.value = run.id
    console.agenda.free_text.value = True
    console.agenda._act("reveal")
    projector = ProjectorView(store, workshop_id=workshop.id)
    assert "cc-results" in projector.result.value
    for name in names:
        assert name not in projector.result.value
    assert "<b>" not in projector.result.value
    assert workshop.join_code in projector.join.value and "<svg" in projector.join.value


def test_create_workshop_validates_the_title(sqlite_store):
    """Is a workshop without a title refused with a message, and a good one created?"""
    console = Console(sqlite_store)
    console.setup.title.value = "   "
    assert console.setup.create() is None
    assert "titel" in console.setup.message.value
    console.setup.title.value = "Ronde 1"
    console.setup.exercises.value = ("shared_vision",)
    created = console.setup.create()
    assert created is not None and console.workshop_id == created.id
    assert [r.exercise_id for r in sqlite_store.runs(created.id)] == ["shared_vision"]


def test_timer_start_and_extend(live):
    """Do the timer buttons set and extend the countdown everyone sees?"""
    store, workshop, run = live
    console = Console(store, workshop_id=workshop.id)
    console.agenda.run_picker.value = run.id
    console.agenda.minutes.value = 2
    console.agenda.start_timer()
    first = console.agenda.countdown.ends_at
    console.agenda.extend_timer(1)
    assert first > 0 and 59 <= console.agenda.countdown.ends_at - first <= 61


def test_roster_fixes(live):
    """Can the facilitator fix a role, merge a duplicate and remove someone?"""
    store, workshop, _run = live
    anna = store.add_participant(workshop.id, pseudonym="Anna", role="patient")
    dup = store.add_participant(workshop.id, pseudonym="Anna 2", role="patient")
    bob = store.add_participant(workshop.id, pseudonym="Bob", role="patient")
    console = Console(store, workshop_id=workshop.id)
    roster = console.roster
    roster.person.value, roster.role.value = bob.id, "doctor"
    roster.change_role()
    roster.person.value, roster.merge_into.value = dup.id, anna.id
    roster.merge()
    roster.person.value = bob.id
    roster.remove()  # not confirmed yet
    assert store.participant(bob.id).active
    roster.confirm_remove.value = True
    roster.remove()
    assert [p.pseudonym for p in store.roster(workshop.id)] == ["Anna"]
    assert store.participant(bob.id).role == "doctor"


def test_decision_conflict_keeps_both_texts_visible(live):
    """When two facilitators edit one decision, is the second told and its text kept?"""
    store, workshop, _run = live
    one = Console(store, workshop_id=workshop.id).decisions
    two = Console(store, workshop_id=workshop.id).decisions
    one.fields["text"].value = "Eerste tekst"
    one.add()
    two.refresh()
    one.edit()
    two.edit()
    one.fields["text"].value = "Versie één"
    one.save()
    two.fields["text"].value = "Versie twee"
    assert two.save() is None
    assert "Versie één" in two.message.value and two.fields["text"].value == "Versie twee"
    assert two.save() is not None  # saving again, knowingly, keeps the second text
    assert [r.data["text"] for r in two.records()] == ["Versie twee"]


def test_empty_decision_is_refused_next_to_the_field(live):
    """Is an empty decision refused with the message at the field, nothing stored?"""
    store, workshop, _run = live
    decisions = Console(store, workshop_id=workshop.id).decisions
    decisions.fields["text"].value = "   "
    assert decisions.add() is None
    assert decisions.fields["text"].error == "Deze vraag moet je invullen."
    assert decisions.records() == []


def test_on_behalf_answers_are_marked(live):
    """Are answers entered by the facilitator stored as entered by the facilitator?"""
    store, workshop, run = live
    person = store.add_participant(workshop.id, pseudonym="Opa", role="patient", on_behalf=True)
    console = Console(store, workshop_id=workshop.id)
    console.on_behalf.person.value = person.id
    console.on_behalf.run_picker.value = run.id
    form = console.on_behalf.open_form()
    form.fields["own_goals_steer"].value = 3
    form.fields["shared_vision_possible"].value = "yes"
    for q in form.exercise.questions:
        if q.required and q.type == "long_text":
            form.fields[q.id].value = "Ingevuld door de begeleider"
        elif q.required and q.type == "agreement":
            form.fields[q.id].value = 3
    assert form.submit(), [f.error for f in form.fields.values()]
    assert {a.entered_by for a in store.answers(run.id)} == {"facilitator"}


def test_console_closes_the_run_when_an_autoclosing_timer_ends(live):
    """With nobody else polling, does the console close the run at zero?"""
    store, workshop, run = live
    console = Console(store, workshop_id=workshop.id)
    store.set_timer(run.id, 0.01, autoclose=True)  # under a second
    console.poller.poll_once()
    assert store.run(run.id).state == "open"
    import time

    time.sleep(1.2)
    console.poller.poll_once()
    assert store.run(run.id).state == "closed"
