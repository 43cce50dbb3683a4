"""A pytest plugin with the project's notebook settings, for a folder without our conftest.

``cocreate test-notebooks`` passes it with ``-p``: like the project's root ``conftest.py``
it loads the demo workshops into a fresh SQLite database and names it in ``COCREATE_DB``
before nbval starts any kernel (``COCREATE_TEST_KEEP_DB=1`` keeps the database given).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def prepare_demo_database() -> str:
    """A fresh SQLite file with every demo workshop; returns its URL."""
    from cocreate_widgets.demo import load_demo
    from cocreate_widgets.store import Store

    folder = Path(tempfile.mkdtemp(prefix="cocreate-nb-"))
    url = f"sqlite:///{folder / 'demo.sqlite'}"
    store = Store(url)
    store.upgrade()
    load_demo(store)
    store.dispose()
    return url


def pytest_configure(config) -> None:
    """Point every notebook kernel at a fresh demo database (unless one was given)."""
    if os.environ.get("COCREATE_TEST_KEEP_DB"):
        return
    os.environ["COCREATE_DB"] = prepare_demo_database()
    os.environ.setdefault("COCREATE_PUBLIC_URL", "http://127.0.0.1:8866/")
