"""Many writers at once, and a writer that dies mid-transaction (issue 10, reliability).

Each writer is its own process with its own ``Store``, as participant kernels are: threads
in one process would share SQLite's locks and PostgreSQL's pool and hide what a room of
phones does to the database.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
import traceback

import pytest
import sqlalchemy as sa

from cocreate_widgets.store import Store

WRITERS = 50
SUBMISSIONS = 100
QUESTIONS = ("q1", "q2")
QUESTION_SET = {"id": "shared_vision", "title": {"nl": "Visie", "en": "Vision"}, "questions": []}
# a story larger than SQLite's page cache (2 MB by default), so the killed writer's
# uncommitted pages are already spilled into the WAL file when it dies
BIG_STORY = "Mijn verhaal. " * 300_000


def _context() -> multiprocessing.context.BaseContext:
    """Processes started fresh (no forked database handles); forkserver where there is one,
    with the store imported once in the server, not in each of fifty children (Python 3.11's
    forkserver does not get the test's ``sys.path``, so it preloads what it can find)."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__, "pytest", "cocreate_widgets.store"])
    return context


def _sent(participant: int, step: int) -> dict[str, object]:
    """What participant ``participant`` sends at submission ``step`` (1-based)."""
    return {"q1": f"deelnemer {participant} versie {step}", "q2": step}


def _participant_phone(url, run_id, number, participant_id, ready, go, report) -> None:
    """One phone: type (a draft), send (a submission), a hundred times over."""
    announced = False
    try:
        # a pooled store: one connection per phone, not one per transaction, so that on
        # PostgreSQL the test measures writing rather than 20,000 connection handshakes
        store = Store(url)
        ready.put(number)
        announced = True
        go.wait(120)
        for step in range(1, SUBMISSIONS + 1):
            answers = _sent(number, step)
            store.save_draft(run_id, participant_id, "q1", f"typt {step}")
            version = store.submit_answers(run_id, participant_id, answers)
            if version != step:
                raise AssertionError(f"submission {step} got version {version}")
        store.dispose()
        report.put((number, None))
    except BaseException:  # noqa: BLE001 - sent to the test, which fails with it
        if not announced:
            ready.put(number)
        report.put((number, traceback.format_exc()))


def _write_and_hang(url, run_id, participant_id, inside) -> None:
    """Submit through the store's own write path, and hang inside the transaction."""
    store = Store(url, light=True)

    def hang(conn, cursor, statement, parameters, context, executemany) -> None:
        if statement.lstrip().upper().startswith("INSERT INTO RESPONSES"):
            inside.set()
            time.sleep(600)  # until SIGKILLed

    sa.event.listen(store.engine, "after_cursor_execute", hang)
    store.submit_answers(run_id, participant_id, {"story": BIG_STORY})


@pytest.fixture
def room(database_url):
    """A workshop with an open run: (url, store, workshop, run)."""
    store = Store(database_url)
    workshop = store.create_workshop("Volle zaal", consent_text="Ik doe mee.")
    run = store.open_run(store.add_run(workshop.id, QUESTION_SET).id)
    yield database_url, store, workshop, run
    store.dispose()


def _sqlite_integrity(store: Store) -> list[str]:
    with store.engine.connect() as conn:
        return [row[0] for row in conn.exec_driver_sql("PRAGMA integrity_check")]


def test_fifty_phones_submitting_a_hundred_times_store_every_row_once(room):
    """Do 50 processes × 100 submissions store every version once, with no error reaching
    a participant, the last answer sent counting, and the database sound afterwards?"""
    url, store, workshop, run = room
    people = [
        store.add_participant(workshop.id, pseudonym=f"P{n}", role="patient").id
        for n in range(WRITERS)
    ]
    context = _context()
    ready, report, go = context.Queue(), context.Queue(), context.Event()
    phones = [
        context.Process(
            target=_participant_phone,
            args=(url, run.id, n, person, ready, go, report),
            daemon=True,
        )
        for n, person in enumerate(people)
    ]
    try:
        for phone in phones:
            phone.start()
        for _ in phones:  # everyone connected: then all start typing at once
            ready.get(timeout=120)
        started = time.monotonic()
        go.set()
        outcomes = dict(report.get(timeout=300) for _ in phones)
        elapsed = time.monotonic() - started
        for phone in phones:
            phone.join(30)
    finally:
        for phone in phones:
            if phone.is_alive():
                phone.kill()
    failures = {n: error for n, error in outcomes.items() if error}
    assert not failures, "\n".join(f"phone {n}:\n{e}" for n, e in sorted(failures.items()))
    assert [phone.exitcode for phone in phones] == [0] * WRITERS

    with store.engine.connect() as conn:
        total = conn.execute(sa.text("SELECT count(*) FROM responses")).scalar()
        versions = conn.execute(
            sa.text(
                "SELECT participant_id, question_id, count(*), count(DISTINCT version), "
                "min(version), max(version) FROM responses WHERE run_id = :run "
                "GROUP BY participant_id, question_id"
            ),
            {"run": run.id},
        ).all()
        drafts_left = conn.execute(sa.text("SELECT count(*) FROM drafts")).scalar()
    assert total == WRITERS * SUBMISSIONS * len(QUESTIONS)
    expected = (SUBMISSIONS, SUBMISSIONS, 1, SUBMISSIONS)
    assert {(p, q): tuple(rest) for p, q, *rest in versions} == {
        (p, q): expected for p in people for q in QUESTIONS
    }
    assert drafts_left == 0  # every draft was followed by a submission, which clears it
    for n, person in enumerate(people):
        assert store.my_answers(run.id, person) == _sent(n, SUBMISSIONS)
    if store.dialect == "sqlite":
        assert _sqlite_integrity(store) == ["ok"]
    print(f"{WRITERS}x{SUBMISSIONS} on {store.dialect}: {elapsed:.1f} s")


def test_writer_killed_mid_transaction_leaves_the_database_sound(room):
    """When a writer is SIGKILLed holding the write lock, does its row vanish, the writer
    waiting behind it go on, and the database stay sound with no lock left?"""
    url, store, workshop, run = room
    person = store.add_participant(workshop.id, pseudonym="Anna", role="patient")
    other = store.add_participant(workshop.id, pseudonym="Bram", role="nurse")
    context = _context()
    inside = context.Event()
    writer = context.Process(
        target=_write_and_hang, args=(url, run.id, person.id, inside), daemon=True
    )
    second_tab = Store(url, light=True)
    landed: list[int] = []
    errors: list[BaseException] = []

    def submit_from_second_tab() -> None:
        try:
            landed.append(second_tab.submit_answers(run.id, person.id, {"story": "bewaard"}))
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    waiter = threading.Thread(target=submit_from_second_tab, daemon=True)
    try:
        writer.start()
        assert inside.wait(120), "the writer never reached its insert"
        if store.dialect == "sqlite":  # the uncommitted story is on disk, not only in memory
            wal = sa.make_url(url).database + "-wal"
            assert os.path.getsize(wal) > len(BIG_STORY) // 2
        # the same participant's other tab: blocked behind the write lock (SQLite) or the
        # uncommitted version 1 (PostgreSQL)
        waiter.start()
        time.sleep(0.5)
        assert waiter.is_alive(), "the second tab did not wait for the held transaction"
        os.kill(writer.pid, signal.SIGKILL)
        writer.join(30)
        waiter.join(60)
    finally:
        if writer.is_alive():
            writer.kill()
    assert writer.exitcode == -signal.SIGKILL
    assert not waiter.is_alive(), "the second tab is still waiting after the kill"
    assert errors == []
    assert landed == [1]

    # the others go on: a fresh writer, a draft, a submission of someone else
    store.save_draft(run.id, other.id, "story", "half")
    assert store.submit_answers(run.id, other.id, {"story": "ook bewaard"}) == 1
    assert store.submit_answers(run.id, person.id, {"story": "tweede"}) == 2
    history = store.answer_history(run.id, person.id)
    assert [(h["version"], h["value"]) for h in history] == [(1, "bewaard"), (2, "tweede")]
    second_tab.dispose()

    if store.dialect == "sqlite":
        assert _sqlite_integrity(store) == ["ok"]
    else:
        with store.engine.connect() as conn:
            held = conn.execute(
                sa.text(
                    "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                    "WHERE a.datname = current_database() AND l.pid <> pg_backend_pid() "
                    "AND a.backend_type = 'client backend'"
                )
            ).scalar()
            stuck = conn.execute(
                sa.text(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND state LIKE 'idle in transaction%' AND pid <> pg_backend_pid()"
                )
            ).scalar()
        assert (held, stuck) == (0, 0)
