"""The store: each test starts from an empty database and checks what it says afterwards."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from cocreate_widgets.store import (
    ParticipantRemoved,
    RecordConflict,
    RunNotOpen,
    Store,
    UnknownJoinCode,
)
from cocreate_widgets.store.base import utcnow
from cocreate_widgets.store.schema import metadata

QUESTION_SET = {"id": "shared_vision", "title": {"nl": "Visie", "en": "Vision"}, "questions": []}


@pytest.fixture
def workshop(store):
    return store.create_workshop("Samen beter", language="nl", consent_text="Ik doe mee.")


@pytest.fixture
def open_run(store, workshop):
    run = store.add_run(workshop.id, QUESTION_SET)
    return store.open_run(run.id)


def test_migrations_match_the_tables(store):
    """Do the Alembic migrations create exactly the tables the code declares?"""
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == []


def test_sqlite_runs_in_wal_mode(sqlite_store):
    """Is the embedded database in WAL mode with foreign keys on?"""
    with sqlite_store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_join_code_is_found_typed_loosely(store, workshop):
    """Does a code typed in lower case with a dash find the workshop?"""
    code = workshop.join_code
    typed = f"{code[:3].lower()}-{code[3:].lower()} "
    assert store.workshop_by_code(typed).id == workshop.id


@pytest.mark.parametrize("code", ["", "ZZZZZZ", "'; DROP TABLE workshops; --", "💥" * 3])
def test_wrong_join_code_is_refused(store, workshop, code):
    """Is a wrong code refused with UnknownJoinCode, never another error?"""
    with pytest.raises(UnknownJoinCode):
        store.workshop_by_code(code)


def test_expired_or_ended_workshop_code_is_refused(store, workshop):
    """Does an expired code, or the code of an ended workshop, stop working?"""
    store.update_workshop(workshop.id, code_expires_at=utcnow() - timedelta(minutes=1))
    with pytest.raises(UnknownJoinCode):
        store.workshop_by_code(workshop.join_code)
    store.update_workshop(workshop.id, code_expires_at=None, status="ended")
    with pytest.raises(UnknownJoinCode):
        store.workshop_by_code(workshop.join_code)


def test_roles_carry_their_side(store, workshop):
    """Does every default role belong to one of the three sides?"""
    sides = {role.id: role.side for role in workshop.roles}
    assert sides["patient"] == sides["relative"] == "patient_side"
    assert sides["doctor"] == sides["nurse"] == "care_providers"
    assert sides["municipality"] == "other_professionals"


def test_user_text_is_stored_as_plain_text(store, workshop, open_run):
    """Are markup, emoji, right-to-left text and formulas stored and read back unchanged?"""
    nasty = "<script>alert(1)</script> 😀 مرحبا =SUM(A1) $x$ Zoë"
    person = store.add_participant(workshop.id, pseudonym=nasty, role="patient")
    store.submit_answers(open_run.id, person.id, {"q": nasty})
    assert store.participant(person.id).pseudonym == nasty
    assert store.my_answers(open_run.id, person.id) == {"q": nasty}


def test_every_submitted_version_is_kept_and_the_latest_counts(store, workshop, open_run):
    """After two submissions, do the answers show the second while both stay stored?"""
    person = store.add_participant(workshop.id, pseudonym="Anna", role="patient")
    assert store.submit_answers(open_run.id, person.id, {"q": 1}) == 1
    assert store.submit_answers(open_run.id, person.id, {"q": 4}) == 2
    assert [a.value for a in store.answers(open_run.id)] == [4]
    assert [h["value"] for h in store.answer_history(open_run.id, person.id)] == [1, 4]


def test_closed_run_refuses_answers_and_keeps_earlier_ones(store, workshop, open_run):
    """Is a late answer refused while the answer given in time stays?"""
    person = store.add_participant(workshop.id, pseudonym="Bo", role="nurse")
    store.submit_answers(open_run.id, person.id, {"q": "in time"})
    store.close_run(open_run.id)
    with pytest.raises(RunNotOpen):
        store.submit_answers(open_run.id, person.id, {"q": "late"})
    with pytest.raises(RunNotOpen):
        store.save_draft(open_run.id, person.id, "q", "late draft")
    assert store.my_answers(open_run.id, person.id) == {"q": "in time"}


def test_drafts_survive_until_submit(store, workshop, open_run):
    """Is a draft kept, replaced by a newer draft, and cleared by a submission?"""
    person = store.add_participant(workshop.id, pseudonym="Cas", role="doctor")
    store.save_draft(open_run.id, person.id, "q", "eerste")
    store.save_draft(open_run.id, person.id, "q", "tweede")
    assert store.drafts(open_run.id, person.id) == {"q": "tweede"}
    store.submit_answers(open_run.id, person.id, {"q": "tweede"})
    assert store.drafts(open_run.id, person.id) == {}


def test_removed_participant_cannot_answer_and_stops_counting(store, workshop, open_run):
    """Does removing someone stop their answers counting and refuse new ones?"""
    person = store.add_participant(workshop.id, pseudonym="Dirk", role="manager")
    store.submit_answers(open_run.id, person.id, {"q": 2})
    store.remove_participant(person.id)
    assert store.answers(open_run.id) == []
    with pytest.raises(ParticipantRemoved):
        store.submit_answers(open_run.id, person.id, {"q": 3})


def test_merged_duplicate_rejoins_as_the_kept_participant(store, workshop):
    """Does the duplicate's rejoin link lead to the participant that was kept?"""
    keep = store.add_participant(workshop.id, pseudonym="Eva", role="patient")
    dup = store.add_participant(workshop.id, pseudonym="Eva2", role="patient")
    store.merge_participants(dup.id, keep.id)
    assert store.participant_by_token(workshop.id, dup.token).id == keep.id
    assert [p.id for p in store.roster(workshop.id)] == [keep.id]
    store.remove_participant(keep.id)
    assert store.participant_by_token(workshop.id, dup.token) is None


def test_counts_per_role(store, workshop, open_run):
    """Does the console count submitted participants per role?"""
    for name, role in [("A", "patient"), ("B", "patient"), ("C", "nurse")]:
        person = store.add_participant(workshop.id, pseudonym=name, role=role)
        store.submit_answers(open_run.id, person.id, {"q": 1, "r": 2})
    assert store.response_counts(workshop.id) == {open_run.id: {"patient": 2, "nurse": 1}}


def test_poll_state_grows_on_every_change(store, workshop, open_run):
    """Does the polled state change when a run changes and when an answer arrives?"""
    before = store.poll_state(workshop.id)
    person = store.add_participant(workshop.id, pseudonym="F", role="patient")
    after_join = store.poll_state(workshop.id)
    store.submit_answers(open_run.id, person.id, {"q": 1})
    after_answer = store.poll_state(workshop.id)
    assert after_join.change_seq > before.change_seq
    assert after_answer.last_response_id > after_join.last_response_id


def test_reveal_closes_and_stores_result_per_language(store, workshop, open_run):
    """Does a reveal close the run and keep the result for each language?"""
    store.reveal_run(open_run.id, {"nl": "<p>groep</p>", "en": "<p>group</p>"})
    assert store.run(open_run.id).state == "revealed"
    assert store.revealed_html(open_run.id, "en") == "<p>group</p>"
    assert store.revealed_html(open_run.id, "fr") in {"<p>groep</p>", "<p>group</p>"}


def test_personal_results_are_kept_per_participant_and_hidden_with_the_run(
    store, workshop, open_run
):
    """Does each participant get their own part of a reveal, gone again when it is hidden?"""
    anna = store.add_participant(workshop.id, pseudonym="Anna", role="patient")
    bert = store.add_participant(workshop.id, pseudonym="Bert", role="nurse")
    personal = {anna.id: {"nl": "<p>Bert</p>", "en": "<p>Bert (en)</p>"}}
    store.reveal_run(open_run.id, {"nl": "<p>groep</p>"}, personal)
    assert store.personal_html(open_run.id, anna.id, "en") == "<p>Bert (en)</p>"
    assert store.personal_html(open_run.id, anna.id, "fr") in {"<p>Bert</p>", "<p>Bert (en)</p>"}
    assert store.personal_html(open_run.id, bert.id, "nl") is None
    store.reveal_run(open_run.id, {"nl": "<p>groep</p>"}, {bert.id: {"nl": "<p>Anna</p>"}})
    assert store.personal_html(open_run.id, anna.id, "nl") is None
    store.hide_result(open_run.id)
    assert store.personal_html(open_run.id, bert.id, "nl") is None


def test_timer_autoclose(store, workshop, open_run):
    """Does an auto-closing timer close the run once it has passed, and only then?"""
    store.set_timer(open_run.id, 5, autoclose=True)
    assert store.close_expired_runs(workshop.id) == 0
    later = utcnow() + timedelta(minutes=6)
    assert store.close_expired_runs(workshop.id, now=later) == 1
    assert store.run(open_run.id).state == "closed"


def test_extend_timer_adds_time(store, workshop, open_run):
    """Does extending add minutes to the end time?"""
    first = store.set_timer(open_run.id, 2).timer_ends_at
    second = store.extend_timer(open_run.id, 3).timer_ends_at
    assert timedelta(minutes=2, seconds=59) < second - first < timedelta(minutes=3, seconds=1)


def test_record_edit_conflict(store, workshop):
    """Is an edit made from an old version refused, keeping the first edit?"""
    record = store.add_record("goal", {"what": "a"}, workshop_id=workshop.id)
    store.update_record(record.id, {"what": "b"}, expected_version=1)
    with pytest.raises(RecordConflict):
        store.update_record(record.id, {"what": "c"}, expected_version=1)
    assert store.record(record.id).data == {"what": "b"}


def test_copy_for_next_wave_keeps_agenda(store, workshop, open_run):
    """Does a copy for the next wave have the same agenda as drafts, one wave later?"""
    copy = store.copy_workshop_for_next_wave(workshop.id)
    assert copy.wave == 2 and copy.previous_workshop_id == workshop.id
    assert copy.join_code != workshop.join_code
    assert [(r.exercise_id, r.state) for r in store.runs(copy.id)] == [("shared_vision", "draft")]


def test_two_tabs_submitting_at_once_both_land(store, workshop, open_run):
    """Do two simultaneous submissions of one participant each get their own version?"""
    person = store.add_participant(workshop.id, pseudonym="G", role="patient")
    other = Store(store.engine.url.render_as_string(hide_password=False))
    versions: list[int] = []
    errors: list[BaseException] = []

    def submit(target: Store, value: int) -> None:
        try:
            for i in range(10):
                versions.append(target.submit_answers(open_run.id, person.id, {"q": value + i}))
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=submit, args=(s, n)) for s, n in [(store, 0), (other, 100)]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    other.dispose()
    assert errors == []
    assert sorted(versions) == list(range(1, 21))
    with store.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM responses")).scalar() == 20
