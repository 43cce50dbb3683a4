"""Where the database is and how we connect to it.

SQLite (a file in WAL mode, with a busy timeout, and ``BEGIN IMMEDIATE`` for writes so that
two writers never deadlock on a lock upgrade) is the embedded default; PostgreSQL is chosen
by giving a ``postgresql+psycopg://`` URL in ``COCREATE_DB``.
"""

from __future__ import annotations

import os
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.pool import NullPool

BUSY_TIMEOUT_MS = 15_000


def default_database_url() -> str:
    """The database URL: ``COCREATE_DB`` (a URL or a file path), else a file in the data dir."""
    configured = os.environ.get("COCREATE_DB", "").strip()
    if configured:
        return configured if "://" in configured else f"sqlite:///{Path(configured).resolve()}"
    data_home = Path(os.environ.get("COCREATE_VAR_DIR", Path.cwd() / "var"))
    return f"sqlite:///{(data_home / 'cocreate.sqlite').resolve()}"


def make_engine(url: str | None = None, *, light: bool = False) -> sa.Engine:
    """Create an engine for ``url``.

    ``light`` is for participant kernels: on a server database they open one short
    connection per use instead of keeping a pool, so a hundred open phones never hold a
    hundred idle connections.
    """
    url = url or default_database_url()
    if url.startswith("sqlite"):
        return _sqlite_engine(url)
    if light:
        return sa.create_engine(url, poolclass=NullPool)
    return sa.create_engine(url, pool_size=3, max_overflow=2, pool_pre_ping=True)


def _sqlite_engine(url: str) -> sa.Engine:
    path = sa.make_url(url).database
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        # Hand transaction control to SQLAlchemy's "begin" event below.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(conn: sa.Connection) -> None:
        writing = conn.get_execution_options().get("cocreate_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")

    return engine
