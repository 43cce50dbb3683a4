"""On PostgreSQL, a hundred open participant kernels must not hold a hundred connections."""

from __future__ import annotations

import os
import threading

import pytest
import sqlalchemy as sa

from cocreate_widgets.store import Store

pytestmark = pytest.mark.postgres


def test_hundred_polling_participants_hold_no_idle_connections(postgres_store):
    """Do 100 light stores polling at once leave no connection open between polls?"""
    store = postgres_store
    workshop = store.create_workshop("Druk")
    url = store.engine.url.render_as_string(hide_password=False)
    kernels = [Store(url, light=True) for _ in range(100)]
    errors: list[BaseException] = []

    def poll(group: list[Store]) -> None:
        try:
            for _ in range(5):
                for kernel in group:
                    kernel.change_seq(workshop.id)
        except BaseException as error:
            errors.append(error)

    # ten polls in flight at a time: kernels poll every 0.5 s and a poll takes milliseconds
    threads = [threading.Thread(target=poll, args=(kernels[i::10],)) for i in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with store.engine.connect() as conn:
        ours = conn.execute(
            sa.text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid()"
            )
        ).scalar()
    assert errors == []
    pool_limit = 5  # the facilitator-side store of this test keeps at most a small pool
    assert ours <= pool_limit, f"{ours} connections stay open"
    assert os.environ.get("COCREATE_TEST_POSTGRES")
