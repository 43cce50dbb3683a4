"""Writes that collide are retried; other errors reach the caller at once.

On PostgreSQL the errors are real ones raised by the server (``RAISE ... USING ERRCODE``),
so the test sees exactly what psycopg and SQLAlchemy make of a serialization failure.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from cocreate_widgets.store.base import WRITE_RETRIES, is_transient

RAISE = "DO $$ BEGIN RAISE EXCEPTION 'cocreate test' USING ERRCODE = '{code}'; END $$"


def failing_then_ok(failures: int, statement: str):
    """An action that fails ``failures`` times with ``statement``, then writes a workshop."""
    calls = {"n": 0}

    def action(conn: sa.Connection) -> int:
        calls["n"] += 1
        if calls["n"] <= failures:
            conn.exec_driver_sql(statement)
        return calls["n"]

    return action, calls


@pytest.mark.parametrize("code", ["40001", "40P01"])
def test_postgres_retry_errors_are_retried(postgres_store, code):
    action, calls = failing_then_ok(2, RAISE.format(code=code))
    assert postgres_store._retrying(action) == 3
    assert calls["n"] == 3


def test_postgres_other_errors_are_not_retried(postgres_store):
    action, calls = failing_then_ok(1, RAISE.format(code="22012"))
    with pytest.raises(sa.exc.DBAPIError):
        postgres_store._retrying(action)
    assert calls["n"] == 1


def test_postgres_gives_up_after_the_last_retry(postgres_store):
    action, calls = failing_then_ok(WRITE_RETRIES + 1, RAISE.format(code="40001"))
    with pytest.raises(sa.exc.OperationalError):
        postgres_store._retrying(action)
    assert calls["n"] == WRITE_RETRIES


def test_sqlite_locked_is_transient_a_syntax_error_is_not(sqlite_store):
    locked = sa.exc.OperationalError("INSERT", {}, Exception("database is locked"))
    assert is_transient(locked)
    action, calls = failing_then_ok(1, "SELEC 1")
    with pytest.raises(sa.exc.OperationalError):
        sqlite_store._retrying(action)
    assert calls["n"] == 1
