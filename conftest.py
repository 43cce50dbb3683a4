"""Root pytest configuration: notebooks run against a fresh copy of the demo workshop.

nbval runs every notebook in ``workbooks/`` and ``apps/`` in a kernel that inherits this
process's environment, so the demo database is prepared once and named in ``COCREATE_DB``
before collection. The same preparation serves ``cocreate test-notebooks`` on a trainer's
folder (``cocreate_widgets.trainer.nbval_plugin``); the tests copy this database too.
"""

from __future__ import annotations

import os

from cocreate_widgets.trainer.nbval_plugin import prepare_demo_database


def pytest_configure(config) -> None:
    """Point every kernel at a fresh demo database (unless one was given)."""
    if os.environ.get("COCREATE_TEST_KEEP_DB"):
        return
    url = prepare_demo_database()
    os.environ["COCREATE_DB"] = url
    os.environ.setdefault("COCREATE_PUBLIC_URL", "http://127.0.0.1:8866/")
    os.environ["COCREATE_TEST_DEMO_DB"] = url.removeprefix("sqlite:///")  # tests copy it
