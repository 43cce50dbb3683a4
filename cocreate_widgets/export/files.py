"""Write one data export to a file: check the path first, then read, then write safely.

The file appears only when it is complete: it is written next to its destination under a
temporary name and moved into place at the end, so a failed export leaves no half file (and
an earlier export at that path stays as it was). Like every temporary file it is readable by
its owner only: an export holds what people said.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Literal

from ..store import Store
from .bundle import Progress, Steps, collect
from .csv_zip import write_csv_zip
from .xlsx import write_xlsx

DataFormat = Literal["xlsx", "csv"]
WRITERS = {"xlsx": write_xlsx, "csv": write_csv_zip}


def export_workshop(
    store: Store,
    workshop_id: int,
    fmt: DataFormat,
    out: Path,
    *,
    lang: str = "nl",
    names: bool = False,
    run_id: int | None = None,
    progress: Progress | None = None,
) -> Path:
    """Write the data of a workshop (or of one run) as ``xlsx`` or ``csv`` (a zip) to ``out``.

    Participants appear as codes (``P007``) unless ``names``; an anonymous workshop
    (``anonymity == "none"``) is always exported with codes. ``progress(fraction, step)`` is
    told how far the work is, ending with ``1.0``. Raises ``OSError`` (``FileNotFoundError``,
    ``IsADirectoryError``, ``PermissionError`` …) before any work when ``out`` cannot be
    written, ``NotFound`` for an unknown workshop or run, ``ExportError`` for a run of
    another workshop. Returns ``out``.
    """
    if fmt not in WRITERS:
        raise ValueError(f"a data export is xlsx or csv, not {fmt!r}")
    out = check_output_path(Path(out))
    steps = Steps(progress, lang)
    steps(0.0, "export.step.start")
    bundle = collect(store, workshop_id, lang=lang, names=names, run_id=run_id, steps=steps)
    with replacing(out) as partial:
        WRITERS[fmt](bundle, partial, steps=steps)
    steps(1.0, "export.step.done")
    return out


def check_output_path(out: Path) -> Path:
    """``out`` if a file can be written there, else the ``OSError`` that says why."""
    out = Path(out).expanduser()
    folder = out.parent
    if out.is_dir():
        raise IsADirectoryError(errno.EISDIR, "it is a folder, not a file name", str(out))
    if not folder.exists():
        raise FileNotFoundError(errno.ENOENT, f"the folder {folder} does not exist", str(out))
    if not folder.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, f"{folder} is not a folder", str(out))
    if not os.access(folder, os.W_OK | os.X_OK) or (out.exists() and not os.access(out, os.W_OK)):
        raise PermissionError(errno.EACCES, "permission denied", str(out))
    return out


@contextmanager
def replacing(out: Path) -> Iterator[Path]:
    """A temporary path beside ``out``, moved onto ``out`` when the block ends without error."""
    handle, name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
    os.close(handle)
    partial = Path(name)
    try:
        yield partial
        os.replace(partial, out)
    finally:
        partial.unlink(missing_ok=True)
