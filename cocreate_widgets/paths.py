"""Where the data files live."""

from __future__ import annotations

import os
from pathlib import Path

DATA_DIR_ENV = "COCREATE_DATA_DIR"


def data_dir() -> Path:
    """Return the data directory: env ``COCREATE_DATA_DIR``, else ``<repo>/data``."""
    configured = os.environ.get(DATA_DIR_ENV)
    if configured:
        return Path(configured).expanduser()
    return Path(__file__).resolve().parents[1] / "data"


def exercises_dir(base: Path | str | None = None) -> Path:
    """Return the folder of exercise files (``<data dir>/exercises``)."""
    return Path(base if base is not None else data_dir()) / "exercises"
