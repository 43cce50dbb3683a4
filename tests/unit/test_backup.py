"""Online backup and restore: a copy taken while answers come in is sound and consistent, a
restore refuses what it should and brings an older backup up to date, and the command line
round trip works on the demo."""

from __future__ import annotations

import sqlite3
import threading
from contextlib import closing
from pathlib import Path

import pytest
import sqlalchemy as sa
from test_migrations import check_filled_rows, fill_first_schema

from cocreate_widgets.cli import main
from cocreate_widgets.store import Store
from cocreate_widgets.store import backup as backup_module
from cocreate_widgets.store.backup import BackupError, backup_database, restore_database

QUESTIONS = ("why", "what", "who")
QUESTION_SET = {"id": "shared_vision", "title": {"nl": "Visie"}, "questions": []}


def _file(store: Store) -> Path:
    return Path(store.engine.url.database)


def _filled(store: Store, people: int = 3) -> tuple[int, list[int]]:
    """A workshop with an open run and ``people`` participants who answered once."""
    workshop = store.create_workshop("Samen beter", language="nl")
    run = store.open_run(store.add_run(workshop.id, QUESTION_SET).id)
    ids = []
    for n in range(people):
        person = store.add_participant(workshop.id, pseudonym=f"P{n}", role="patient")
        store.submit_answers(run.id, person.id, {q: f"{q} {n}" for q in QUESTIONS})
        ids.append(person.id)
    return run.id, ids


def _summary(store: Store) -> list[tuple]:
    """What a facilitator sees: workshops, rosters and latest answers."""
    seen = []
    for workshop in store.workshops():
        roster = [(p.pseudonym, p.role) for p in store.roster(workshop.id)]
        answers = sorted(
            (a.run_id, a.pseudonym, a.question_id, str(a.value), a.version)
            for run in store.runs(workshop.id)
            for a in store.answers(run.id)
        )
        seen.append((workshop.join_code, workshop.title, roster, answers))
    return seen


def test_backup_while_answers_keep_coming_is_sound_and_consistent(sqlite_store, tmp_path):
    """Taken while another thread keeps submitting, does each copy open, pass the integrity
    check and hold only whole submissions, without stopping the writer?"""
    run_id, people = _filled(sqlite_store)
    writer = Store(str(sqlite_store.engine.url))  # its own engine, as another kernel has
    stop = threading.Event()
    submitted: list[int] = []
    errors: list[Exception] = []

    def keep_answering() -> None:
        try:
            while not stop.is_set():
                person = people[len(submitted) % len(people)]
                writer.submit_answers(run_id, person, {q: "x" * 200 for q in QUESTIONS})
                submitted.append(person)
        except Exception as error:  # reported by the test below
            errors.append(error)

    thread = threading.Thread(target=keep_answering)
    thread.start()
    try:
        counts = []
        for n in range(4):
            while len(submitted) < 20 * (n + 1) and thread.is_alive():
                threading.Event().wait(0.01)
            copy = backup_database(str(sqlite_store.engine.url), tmp_path / f"copy{n}.sqlite")
            with closing(sqlite3.connect(copy)) as conn:
                assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
                assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)
                per_version = conn.execute(
                    "SELECT COUNT(*) FROM responses GROUP BY participant_id, version"
                ).fetchall()
                total = conn.execute("SELECT COUNT(*) FROM responses").fetchone()[0]
            assert {row[0] for row in per_version} == {len(QUESTIONS)}  # whole submissions
            counts.append(total)
            assert not Path(f"{copy}-wal").exists()
    finally:
        stop.set()
        thread.join(timeout=30)
        writer.dispose()
    assert not errors, errors
    assert counts == sorted(counts) and counts[-1] > counts[0]  # writes went on between
    stored = sqlite_store.engine.connect()
    with stored:
        final = stored.exec_driver_sql("SELECT COUNT(*) FROM responses").scalar()
    assert final == len(QUESTIONS) * (len(people) + len(submitted))
    assert counts[-1] <= final


def test_backup_refuses_to_overwrite_unless_forced(sqlite_store, tmp_path):
    """Is an existing file kept unless --force, and a missing database named?"""
    _filled(sqlite_store)
    url = str(sqlite_store.engine.url)
    target = tmp_path / "backup.sqlite"
    target.write_text("keep me")
    with pytest.raises(BackupError, match="exists already"):
        backup_database(url, target)
    assert target.read_text() == "keep me"
    backup_database(url, target, force=True)
    with closing(sqlite3.connect(target)) as conn:
        assert conn.execute("SELECT COUNT(*) FROM participants").fetchone() == (3,)
    missing = tmp_path / "nowhere.sqlite"
    with pytest.raises(BackupError, match="there is no database"):
        backup_database(f"sqlite:///{missing}", tmp_path / "b.sqlite")
    assert not missing.exists()  # a mistyped path does not become a new database
    with pytest.raises(BackupError, match="cannot be the database itself"):
        backup_database(url, _file(sqlite_store), force=True)


def test_backup_on_each_database(database_url, tmp_path):
    """On SQLite and PostgreSQL, does a backup write a file (pg_dump's archive on a server)?"""
    store = Store(database_url)
    try:
        _filled(store)
    finally:
        store.dispose()
    target = tmp_path / "backup.dump"
    if database_url.startswith("postgresql") and backup_module.shutil.which("pg_dump") is None:
        with pytest.raises(BackupError, match="pg_dump"):
            backup_database(database_url, target)
        return
    backup_database(database_url, target)
    header = target.read_bytes()[:16]
    assert header.startswith(b"PGDMP" if database_url.startswith("postgresql") else b"SQLite")
    assert not list(tmp_path.glob("*.partial*"))


def test_server_database_without_pg_dump_says_how(monkeypatch, tmp_path):
    """Without pg_dump, is a server database's backup refused with what to do instead?"""
    monkeypatch.setattr(backup_module.shutil, "which", lambda _name: None)
    url = "postgresql+psycopg://cocreate:secret@db.example/cocreate"
    with pytest.raises(BackupError, match="pg_dump --format=custom") as raised:
        backup_database(url, tmp_path / "b.dump")
    assert "secret" not in str(raised.value)
    backup = tmp_path / "b.sqlite"
    backup.write_bytes(b"")
    with pytest.raises(BackupError, match="pg_restore"):
        restore_database(backup, url)


def test_restore_into_an_empty_database(sqlite_store, tmp_path):
    """Does a backup restored into a new file and into an empty migrated one read the same?"""
    _filled(sqlite_store)
    copy = backup_database(str(sqlite_store.engine.url), tmp_path / "backup.sqlite")
    expected = _summary(sqlite_store)
    fresh = Store(f"sqlite:///{tmp_path / 'empty.sqlite'}")
    fresh.upgrade()
    fresh.dispose()
    for target in (tmp_path / "new" / "restored.sqlite", tmp_path / "empty.sqlite"):
        result = restore_database(copy, f"sqlite:///{target}")
        assert result.from_revision == result.to_revision
        restored = Store(f"sqlite:///{target}")
        try:
            assert _summary(restored) == expected
        finally:
            restored.dispose()


def test_restore_over_data_needs_force(sqlite_store, tmp_path):
    """Is a database with data kept without --force, and replaced with it, also while a
    server's engine has it open?"""
    _filled(sqlite_store)
    copy = backup_database(str(sqlite_store.engine.url), tmp_path / "backup.sqlite")
    expected = _summary(sqlite_store)
    other = Store(f"sqlite:///{tmp_path / 'other.sqlite'}")
    try:
        other.upgrade()
        other.create_workshop("Een andere workshop")
        before = _summary(other)
        with pytest.raises(BackupError, match="holds data; --force"):
            restore_database(copy, str(other.engine.url))
        assert _summary(other) == before
        restore_database(copy, str(other.engine.url), force=True)
        assert _summary(other) == expected  # the open engine reads the restored data
        with other.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    finally:
        other.dispose()


def test_a_file_that_is_not_a_cocreate_database_is_refused(tmp_path):
    """Are a text file, another program's SQLite file and an unknown schema version refused
    with a message, and the target left alone?"""
    target = tmp_path / "target.sqlite"
    url = f"sqlite:///{target}"
    text = tmp_path / "notes.sqlite"
    text.write_text("Dit is geen database, maar wel een lang genoeg bestand. " * 20)
    with pytest.raises(BackupError, match="notes.sqlite is not a cocreate database"):
        restore_database(text, url)
    foreign = tmp_path / "foreign.sqlite"
    with closing(sqlite3.connect(foreign)) as conn, conn:
        conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)")
    with pytest.raises(BackupError, match="no cocreate tables"):
        restore_database(foreign, url)
    future = tmp_path / "future.sqlite"
    with closing(sqlite3.connect(future)) as conn, conn:
        conn.execute("CREATE TABLE workshops (id INTEGER PRIMARY KEY)")
        conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
        conn.execute("INSERT INTO alembic_version VALUES ('9999')")
    with pytest.raises(BackupError, match="schema version 9999"):
        restore_database(future, url)
    with pytest.raises(BackupError, match="does not exist"):
        restore_database(tmp_path / "absent.sqlite", url)
    assert not target.exists() or target.stat().st_size == 0
    assert {p.name for p in tmp_path.iterdir()} <= {
        "notes.sqlite",
        "foreign.sqlite",
        "future.sqlite",
        "target.sqlite",
    }


def test_older_backup_is_upgraded_when_restored(tmp_path):
    """Does a backup at the first schema revision come back at head, every row readable?"""
    old = tmp_path / "old.sqlite"
    made = fill_first_schema(f"sqlite:///{old}")
    target = tmp_path / "restored.sqlite"
    result = restore_database(old, f"sqlite:///{target}")
    assert result.from_revision == "0001" and result.to_revision != "0001"
    restored = Store(f"sqlite:///{target}")
    try:
        check_filled_rows(restored, made)
        assert "personal_results" in sa.inspect(restored.engine).get_table_names()
    finally:
        restored.dispose()
    with closing(sqlite3.connect(old)) as conn:  # the backup file itself is untouched
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)


def test_cli_round_trip_with_the_demo(demo_store, tmp_path, capsys):
    """Do `cocreate backup` and `cocreate restore` carry the demo over, and does a refused
    restore print one line and exit 1 without a traceback?"""
    source = _file(demo_store)
    backup = tmp_path / "out" / "demo-backup.sqlite"
    assert main(["backup", "--db", str(source), "--out", str(backup)]) == 0
    assert "Backup written" in capsys.readouterr().out
    target = tmp_path / "restored.sqlite"
    assert main(["restore", str(backup), "--db", str(target)]) == 0
    assert "Restored" in capsys.readouterr().out
    restored = Store(f"sqlite:///{target}")
    try:
        assert _summary(restored) == _summary(demo_store)
        assert "SAMEN7" in {w.join_code for w in restored.workshops()}
    finally:
        restored.dispose()

    assert main(["restore", str(backup), "--db", str(target)]) == 1
    assert main(["backup", "--db", str(source), "--out", str(backup)]) == 1
    assert main(["restore", str(tmp_path / "absent.sqlite"), "--db", str(target)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 3 and all(line.startswith("cocreate: ") for line in err), err
    assert "--force" in err[0] and "exists already" in err[1] and "does not exist" in err[2]
    assert main(["restore", str(backup), "--db", str(target), "--force"]) == 0
