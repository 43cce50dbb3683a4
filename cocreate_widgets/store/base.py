"""The store's foundation: engine, read and write transactions, clock, change counter."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

import sqlalchemy as sa

from .engine import make_engine
from .schema import workshops

WRITE_RETRIES = 5
#: PostgreSQL's "try again" errors: serialization failure, deadlock detected
RETRY_SQLSTATES = ("40001", "40P01")


def utcnow() -> datetime:
    """The current time in UTC, without tzinfo (stored the same on SQLite and PostgreSQL)."""
    return datetime.now(UTC).replace(tzinfo=None)


def is_transient(error: sa.exc.DBAPIError) -> bool:
    """True for a write error that a retry of the whole transaction can cure."""
    if error.connection_invalidated:
        return True
    if getattr(error.orig, "sqlstate", None) in RETRY_SQLSTATES:
        return True
    return isinstance(error, sa.exc.OperationalError) and "locked" in str(error)


class StoreBase:
    """Holds the engine and hands out transactions; the mixins build the façade on it."""

    def __init__(self, url: str | None = None, *, light: bool = False) -> None:
        self.engine = make_engine(url, light=light)

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    @contextmanager
    def _read(self) -> Iterator[sa.Connection]:
        with self.engine.connect() as conn, conn.begin():
            yield conn

    @contextmanager
    def _write(self) -> Iterator[sa.Connection]:
        with (
            self.engine.connect().execution_options(cocreate_write=True) as conn,
            conn.begin(),
        ):
            yield conn

    def _retrying(self, action):
        """Run ``action(conn)`` in a write transaction, retried when writers collide.

        Two tabs of one participant submitting at once collide on the unique version on
        PostgreSQL; SQLite's busy timeout may expire under a burst; PostgreSQL may ask for a
        retry (serialization failure, deadlock) or drop a connection (a server restart).
        All of these are retried; anything else is raised at once.
        """
        for attempt in range(WRITE_RETRIES):
            try:
                with self._write() as conn:
                    return action(conn)
            except sa.exc.IntegrityError:
                if attempt == WRITE_RETRIES - 1:
                    raise
            except sa.exc.DBAPIError as error:
                if not is_transient(error) or attempt == WRITE_RETRIES - 1:
                    raise
            time.sleep(0.05 * (attempt + 1))
        raise AssertionError("unreachable")

    @staticmethod
    def _bump(conn: sa.Connection, workshop_id: int) -> None:
        """Tell every polling kernel of this workshop that something changed."""
        conn.execute(
            sa.update(workshops)
            .where(workshops.c.id == workshop_id)
            .values(change_seq=workshops.c.change_seq + 1)
        )

    def dispose(self) -> None:
        """Close pooled connections (tests, and before a process forks)."""
        self.engine.dispose()
