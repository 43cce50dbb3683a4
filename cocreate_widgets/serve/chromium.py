"""Headless Chromium as the tests, benchmarks and screenshots start it on this kind of machine.

Debian's ``chromium`` (Playwright's own browser download does not work here); the flags keep
it from reaching for any network beyond the pages it is sent to.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

CHROMIUM = Path(os.environ.get("COCREATE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def launch_chromium(playwright: Any) -> Any:
    """Start Debian's Chromium through a running Playwright (``sync_playwright()``)."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS))
