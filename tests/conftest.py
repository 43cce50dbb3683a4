"""Fixtures shared by every test: a fresh store on SQLite, and on PostgreSQL when available.

PostgreSQL runs when ``COCREATE_TEST_POSTGRES`` holds the URL of an empty database that the
tests may wipe (``.ci/run`` sets it up). Without it the PostgreSQL cases are skipped locally
and fail in CI, where a missing server is a broken setup, not a reason to pass.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa

from cocreate_widgets.store import Store

# The serving tests' stand-in notebooks are started by those tests, not run by nbval.
collect_ignore_glob = ["fixtures/*"]

POSTGRES_URL = os.environ.get("COCREATE_TEST_POSTGRES", "")
REPO = Path(__file__).resolve().parents[1]


_lock_state: dict[str, object] = {"depth": 0, "file": None}


@contextmanager
def _postgres_lock() -> Iterator[None]:
    """Hold the test database for one test: test runs side by side wipe the same database,
    so runs on one machine take turns (re-entrant within a process)."""
    if _lock_state["depth"] == 0:
        digest = hashlib.sha1(POSTGRES_URL.encode()).hexdigest()[:12]
        handle = open(Path(tempfile.gettempdir()) / f"cocreate-test-pg-{digest}.lock", "w")  # noqa: SIM115
        fcntl.flock(handle, fcntl.LOCK_EX)
        _lock_state["file"] = handle
    _lock_state["depth"] = int(_lock_state["depth"]) + 1
    try:
        yield
    finally:
        _lock_state["depth"] = int(_lock_state["depth"]) - 1
        if _lock_state["depth"] == 0:
            handle = _lock_state["file"]
            fcntl.flock(handle, fcntl.LOCK_UN)
            handle.close()
            _lock_state["file"] = None


def _fresh_postgres() -> Store:
    engine = sa.create_engine(POSTGRES_URL)
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP SCHEMA IF EXISTS public CASCADE")
        conn.exec_driver_sql("CREATE SCHEMA public")
    engine.dispose()
    store = Store(POSTGRES_URL)
    store.upgrade()
    return store


def _postgres_or_skip() -> None:
    """Skip without a test database; in CI a missing one is a failure."""
    if not POSTGRES_URL:
        if os.environ.get("CI"):
            pytest.fail("COCREATE_TEST_POSTGRES is not set in CI")
        pytest.skip("no PostgreSQL: set COCREATE_TEST_POSTGRES to run these")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request, tmp_path) -> Iterator[Store]:
    """A migrated, empty store on each database the suite runs on."""
    if request.param == "postgresql":
        _postgres_or_skip()
        with _postgres_lock():
            result = _fresh_postgres()
            yield result
            result.dispose()
        return
    result = Store(f"sqlite:///{tmp_path / 'cocreate.sqlite'}")
    result.upgrade()
    yield result
    result.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request, tmp_path) -> Iterator[str]:
    """The URL of a migrated, empty database, on each database the suite runs on."""
    if request.param == "postgresql":
        _postgres_or_skip()
        with _postgres_lock():
            _fresh_postgres().dispose()
            yield POSTGRES_URL
        return
    url = f"sqlite:///{tmp_path / 'cocreate.sqlite'}"
    store = Store(url)
    store.upgrade()
    store.dispose()
    yield url


@pytest.fixture
def postgres_store() -> Iterator[Store]:
    """A migrated, empty store on PostgreSQL only (for what only a server database shows)."""
    _postgres_or_skip()
    with _postgres_lock():
        result = _fresh_postgres()
        yield result
        result.dispose()


@pytest.fixture
def sqlite_store(tmp_path) -> Store:
    """A migrated, empty store on SQLite only (for the fast widget and form tests)."""
    result = Store(f"sqlite:///{tmp_path / 'cocreate.sqlite'}")
    result.upgrade()
    yield result
    result.dispose()


def copy_demo(source: Path, folder: Path) -> Store:
    """A store on a copy of a demo database file (SQLite's backup: safe while it is open)."""
    import sqlite3

    target = folder / "demo-copy.sqlite"
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    return Store(f"sqlite:///{target}")


@pytest.fixture(scope="session")
def demo_database_file(tmp_path_factory) -> Path:
    """A SQLite file with the whole demo loaded, made once per test session: a copy of the
    notebooks' demo database (root ``conftest.py``) when there is one, else loaded here
    (loading the demo renders every revealed result, which takes a while)."""
    from cocreate_widgets.demo import load_demo

    folder = tmp_path_factory.mktemp("demo")
    prepared = Path(os.environ.get("COCREATE_TEST_DEMO_DB", "") or folder / "absent")
    if prepared.is_file():
        copy_demo(prepared, folder).dispose()
        return folder / "demo-copy.sqlite"
    path = folder / "demo.sqlite"
    store = Store(f"sqlite:///{path}")
    store.upgrade()
    load_demo(store)
    store.dispose()
    return path


@pytest.fixture
def demo_store(demo_database_file, tmp_path) -> Store:
    """A store on a fresh copy of the demo database: a test may change it freely."""
    result = copy_demo(demo_database_file, tmp_path)
    yield result
    result.dispose()


@pytest.fixture(scope="session")
def demo_copy(demo_database_file):
    """Make a store on a fresh copy of the demo in a folder (for module-wide fixtures):
    ``store = demo_copy(tmp_path_factory.mktemp("demo"))``."""
    return lambda folder: copy_demo(demo_database_file, folder)


def make_certificate(folder: Path, common_name: str = "127.0.0.1") -> tuple[Path, Path]:
    """A self-signed certificate and its key (openssl) in ``folder``, valid for a day."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", f"/CN={common_name}", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


@pytest.fixture
def certificate(tmp_path) -> Callable[..., tuple[Path, Path]]:
    """``certificate(common_name="127.0.0.1")``: a self-signed certificate in ``tmp_path``."""
    return lambda common_name="127.0.0.1": make_certificate(tmp_path, common_name)
