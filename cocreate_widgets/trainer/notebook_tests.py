"""``cocreate test-notebooks [PATH]``: nbval on a trainer's folder, with the project's settings.

pytest runs in a subprocess with ``--nbval-lax`` (only cells starting with
``# NBVAL_CHECK_OUTPUT`` compare their output), without any ``conftest.py`` of the folder's
parents, and with :mod:`.nbval_plugin`, which prepares the demo database as the project's
root ``conftest.py`` does. When the folder has its own ``exercises/`` (``new-exercise
--dir``), the kernels get a copy of the app's data dir with those exercises added
(``COCREATE_DATA_DIR``), so a notebook finds both the project's and the trainer's exercises.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from ..paths import DATA_DIR_ENV, data_dir
from .locations import own_exercise_dir, workbooks_dir

PLUGIN = "cocreate_widgets.trainer.nbval_plugin"


def nbval_command(path: Path) -> list[str]:
    """The pytest command line for the notebooks under ``path``."""
    return [
        sys.executable,
        "-m",
        "pytest",
        "-p",
        "no:cacheprovider",
        "-p",
        PLUGIN,
        "--noconftest",
        "--nbval-lax",
        "-q",
        str(path),
    ]


def merged_data_dir(own: Path, into: Path) -> Path:
    """A copy of the app's data dir with a trainer's exercises added; returns its path."""
    target = into / "data"
    shutil.copytree(data_dir(), target)
    for exercise in own.glob("*.yaml"):
        shutil.copy2(exercise, target / "exercises" / exercise.name)
    return target


def run_nbval(path: Path | None = None) -> int:
    """Run nbval on ``path`` (default: the project's workbooks); pytest's exit code."""
    path = Path(path) if path is not None else workbooks_dir()
    if not path.exists():
        print(f"cocreate: {path} does not exist", file=sys.stderr)
        return 4
    folder = path if path.is_dir() else path.parent
    env = dict(os.environ)
    with tempfile.TemporaryDirectory(prefix="cocreate-trainer-") as scratch:
        own = own_exercise_dir(folder)
        if own is not None:
            env[DATA_DIR_ENV] = str(merged_data_dir(own, Path(scratch)))
        return subprocess.call(nbval_command(path.resolve()), cwd=folder, env=env)
