"""Online backup and restore of the database (``cocreate backup`` / ``cocreate restore``).

SQLite: the backup is taken with SQLite's online backup API in one step, so it is one
consistent snapshot while participants keep answering (WAL mode lets the writers go on). The
copy is checked (``PRAGMA integrity_check``) and written as one self-contained file.
A restore checks that the file is a sound cocreate database at a revision this version knows,
copies it into the database through the same backup API (so SQLite's own locking and WAL
keep the target sound), and then runs the migrations, so an older backup comes up to date.

PostgreSQL: the backup is ``pg_dump --format=custom`` when ``pg_dump`` is on the PATH; a
restore is left to ``pg_restore``, and the message says how.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from .engine import BUSY_TIMEOUT_MS, default_database_url

PG_RESTORE_HINT = (
    "restore a server database with `pg_restore --clean --if-exists --no-owner "
    "--dbname=postgresql://USER@HOST/DBNAME BACKUP`, then run `cocreate db upgrade`"
)


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why, for the user."""


@dataclass(frozen=True)
class RestoreResult:
    """What a restore did: the backup's schema revision and the database's after upgrading."""

    from_revision: str
    to_revision: str


def database_url(db: str | None) -> str:
    """The URL for ``--db``: a URL as given, a path as a SQLite file, none: ``COCREATE_DB``."""
    if not db:
        return default_database_url()
    return db if "://" in db else f"sqlite:///{Path(db).resolve()}"


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or ``None`` for a server database."""
    parsed = sa.make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    if not parsed.database or parsed.database == ":memory:":
        raise BackupError("an in-memory database cannot be backed up or restored")
    return Path(parsed.database).resolve()


def known_revisions() -> set[str]:
    """Every Alembic revision id that ships with this version of cocreate."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from .migrate import MIGRATIONS

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return {script.revision for script in ScriptDirectory.from_config(config).walk_revisions()}


def backup_database(url: str, target_path: Path | str, *, force: bool = False) -> Path:
    """Write a consistent copy of the database at ``url`` to ``target_path``; returns it.

    Safe while the workshop runs. Refuses to overwrite an existing file unless ``force``.
    SQLite: a checked, self-contained ``.sqlite`` file. PostgreSQL: a ``pg_dump`` custom-format
    archive (for ``pg_restore``); without ``pg_dump`` a ``BackupError`` says what to do.
    """
    target = Path(target_path).resolve()
    if target.is_dir():
        raise BackupError(f"{target} is a folder; give the backup file's name")
    if target.exists() and not force:
        raise BackupError(f"{target} exists already; give another name, or --force to replace it")
    source = sqlite_path(url)
    if source is not None and source == target:
        raise BackupError("the backup file cannot be the database itself")
    target.parent.mkdir(parents=True, exist_ok=True)
    with _temporary_beside(target) as partial:
        if source is None:
            _pg_dump(url, partial)
        else:
            _sqlite_backup(source, partial)
        os.replace(partial, target)
    return target


def restore_database(backup_path: Path | str, url: str, *, force: bool = False) -> RestoreResult:
    """Put a backup made by :func:`backup_database` back as the database at ``url``.

    Refuses when the database holds data unless ``force``, and refuses a file that is not a
    sound cocreate database at a revision this version knows. After the copy the migrations
    run, so a backup from an older version comes up to date. SQLite only: a PostgreSQL
    database is restored with ``pg_restore`` (the error message says how).
    """
    backup = Path(backup_path).resolve()
    if not backup.is_file():
        raise BackupError(f"{backup} does not exist")
    target = sqlite_path(url)
    if target is None:
        raise BackupError(f"cocreate does not restore a server database: {PG_RESTORE_HINT}")
    if target == backup:
        raise BackupError("the backup file cannot be restored onto itself")
    # Check a private copy: the backup file itself is never opened for writing, and a
    # backup in WAL mode cannot always be opened read-only.
    with tempfile.TemporaryDirectory(prefix="cocreate-restore-") as folder:
        checked = Path(folder) / backup.name
        shutil.copyfile(backup, checked)
        revision = _check_cocreate_file(checked, name=backup.name)
        if not force and _has_data(target):
            raise BackupError(
                f"the database {target} holds data; --force replaces it with the backup"
            )
        target.parent.mkdir(parents=True, exist_ok=True)
        with (
            closing(sqlite3.connect(checked)) as src,
            closing(sqlite3.connect(target, timeout=BUSY_TIMEOUT_MS / 1000)) as dst,
        ):
            try:
                src.backup(dst)
            except sqlite3.Error as error:
                raise BackupError(f"could not write {target}: {error}") from error
    from . import Store

    store = Store(f"sqlite:///{target}")
    try:
        store.upgrade()
        with store.engine.connect() as conn:
            after = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    finally:
        store.dispose()
    return RestoreResult(from_revision=revision, to_revision=str(after))


@contextmanager
def _temporary_beside(target: Path) -> Iterator[Path]:
    """A fresh file name in ``target``'s folder (so the final rename stays on one disk)."""
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
    os.close(handle)
    path = Path(name)
    path.unlink()  # SQLite and pg_dump create it themselves
    try:
        yield path
    finally:
        for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
            leftover.unlink(missing_ok=True)


def _sqlite_backup(source: Path, partial: Path) -> None:
    if not source.is_file():
        raise BackupError(f"there is no database at {source}")
    try:
        # mode=rw: a mistyped path is an error, not a new empty database
        with (
            closing(
                sqlite3.connect(
                    f"{source.as_uri()}?mode=rw", uri=True, timeout=BUSY_TIMEOUT_MS / 1000
                )
            ) as src,
            closing(sqlite3.connect(partial)) as dst,
        ):
            src.backup(dst)  # pages=-1: one step, one read transaction, one snapshot
            dst.execute("PRAGMA journal_mode=DELETE")  # one file, no -wal beside it
            problems = _integrity_problems(dst)
    except sqlite3.DatabaseError as error:
        raise BackupError(f"could not read the database {source}: {error}") from error
    if problems:
        raise BackupError(f"the copy of {source} is not sound: {problems[0]}")


def _integrity_problems(conn: sqlite3.Connection) -> list[str]:
    rows = [row[0] for row in conn.execute("PRAGMA integrity_check").fetchall()]
    return [] if rows == ["ok"] else rows


def _check_cocreate_file(path: Path, *, name: str) -> str:
    """The Alembic revision of a cocreate database file; ``BackupError`` when it is not one."""
    not_ours = f"{name} is not a cocreate database backup"
    try:
        with closing(sqlite3.connect(path)) as conn:
            problems = _integrity_problems(conn)
            if problems:
                raise BackupError(f"{name} is damaged: {problems[0]}")
            tables = {
                row[0]
                for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            }
            if not {"alembic_version", "workshops"} <= tables:
                raise BackupError(f"{not_ours} (it has no cocreate tables)")
            revisions = [row[0] for row in conn.execute("SELECT version_num FROM alembic_version")]
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{not_ours} ({error})") from error
    if len(revisions) != 1:
        raise BackupError(f"{not_ours} (it has no single schema version)")
    if revisions[0] not in known_revisions():
        raise BackupError(
            f"{name} has schema version {revisions[0]}, which this version of cocreate does "
            "not know: restore it with the newer cocreate that made it"
        )
    return revisions[0]


def _has_data(target: Path) -> bool:
    """Whether the SQLite file holds any row outside the schema bookkeeping."""
    if not target.exists() or target.stat().st_size == 0:
        return False
    try:
        with closing(sqlite3.connect(target, timeout=BUSY_TIMEOUT_MS / 1000)) as conn:
            tables = [
                row[0]
                for row in conn.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' "
                    "AND name NOT LIKE 'sqlite_%' AND name != 'alembic_version'"
                )
            ]
            quoted = ('"' + table.replace('"', '""') + '"' for table in tables)
            return any(conn.execute(f"SELECT 1 FROM {q} LIMIT 1").fetchone() for q in quoted)
    except sqlite3.DatabaseError:
        return True  # not a database we can read: never overwrite it without --force


def _pg_dump(url: str, partial: Path) -> None:
    program = shutil.which("pg_dump")
    if program is None:
        raise BackupError(
            "pg_dump is not on the PATH: install the PostgreSQL client tools "
            "(Debian: apt install postgresql-client) and run this again, or back up the "
            "server database with `pg_dump --format=custom --file=BACKUP "
            "postgresql://USER@HOST/DBNAME` or the server's own backups"
        )
    parsed = sa.make_url(url)
    env = dict(os.environ)
    if parsed.password is not None:
        env["PGPASSWORD"] = str(parsed.password)  # not on the command line, where ps shows it
    libpq_url = parsed._replace(drivername="postgresql", password=None)
    command = [
        program,
        "--format=custom",
        "--no-owner",
        f"--file={partial}",
        f"--dbname={libpq_url.render_as_string(hide_password=False)}",
    ]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        lines = [line.strip() for line in done.stderr.splitlines() if line.strip()]
        message = lines[0].removeprefix("pg_dump: error: ") if lines else "no message"
        raise BackupError(f"pg_dump failed: {message}")
