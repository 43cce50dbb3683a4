"""Where the project keeps things, and where a trainer's own folder keeps them."""

from __future__ import annotations

import os
from pathlib import Path

from ..paths import data_dir, exercises_dir

PACKAGE_DIR = Path(__file__).resolve().parents[1]


def project_root() -> Path:
    """The repository (or installation) folder that holds ``workbooks/`` and ``data/``."""
    return PACKAGE_DIR.parent


def workbooks_dir() -> Path:
    """The project's workbooks folder."""
    return project_root() / "workbooks"


def project_exercise_dir() -> Path:
    """The exercises the app loads: ``<data dir>/exercises`` (``COCREATE_DATA_DIR`` honoured)."""
    return exercises_dir(data_dir())


def shown(path: Path) -> str:
    """A path as a trainer reads it: relative to the current folder when it is inside it."""
    try:
        return os.path.relpath(path) if Path.cwd() in path.resolve().parents else str(path)
    except (OSError, ValueError):
        return str(path)


def own_exercise_dir(folder: Path) -> Path | None:
    """A trainer's folder's ``exercises/`` (as ``new-exercise --dir`` makes it), if any."""
    candidate = folder / "exercises"
    if candidate.is_dir() and candidate.resolve() != project_exercise_dir().resolve():
        return candidate
    return None
