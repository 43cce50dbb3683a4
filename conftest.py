"""Root pytest configuration: notebooks run against a fresh copy of the demo workshop.

nbval runs every notebook in ``workbooks/`` and ``apps/`` in a kernel that inherits this
process's environment, so the demo database is prepared once and named in ``COCREATE_DB``
before collection.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def pytest_configure(config) -> None:
    """Point every kernel at a fresh demo database (unless one was given)."""
    if os.environ.get("COCREATE_TEST_KEEP_DB"):
        return
    folder = Path(tempfile.mkdtemp(prefix="cocreate-nb-"))
    url = f"sqlite:///{folder / 'demo.sqlite'}"
    from cocreate_widgets.demo import load_demo
    from cocreate_widgets.store import Store

    store = Store(url)
    store.upgrade()
    load_demo(store)
    store.dispose()
    os.environ["COCREATE_DB"] = url
    os.environ.setdefault("COCREATE_PUBLIC_URL", "http://127.0.0.1:8866/")
