"""The CSV export: a zip with ``summary.csv``, one CSV per exercise run, and ``records.csv``.

Every file is UTF-8 with a byte order mark (so Excel reads the accents and emoji right),
comma-separated, quoted where needed (RFC 4180, ``\\r\\n`` line ends). Every text cell passes
:func:`~cocreate_widgets.export.safe_cells.csv_cell`: one that a spreadsheet program could
take for a formula starts with an apostrophe. Times are ``YYYY-MM-DD HH:MM:SS`` in UTC.

A run's file is named after its place on the agenda and its exercise id
(``03_shared_vision.csv``): ASCII only, so every unzip tool shows the same names.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from ..i18n import t
from .bundle import READ_SHARE, Bundle, RunPart, Steps, summary_pairs, summary_table
from .safe_cells import CSV_DATETIME_FORMAT, csv_cell

SUMMARY_FILE = "summary.csv"
RECORDS_FILE = "records.csv"
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9_-]+")


def write_csv_zip(bundle: Bundle, path: Path, *, steps: Steps | None = None) -> Path:
    """Write the bundle as a zip of CSV files at ``path``; returns ``path``."""
    steps = steps or Steps(None, bundle.lang)
    names = file_names(bundle.parts)
    total = len(bundle.parts) + 1
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        _write(archive, SUMMARY_FILE, _summary_rows(bundle, names))
        for n, part in enumerate(bundle.parts, 1):
            steps(
                READ_SHARE + (1 - READ_SHARE) * (n - 1) / total,
                "export.step.write",
                name=names[part.run.id],
            )
            _write(archive, names[part.run.id], frame_rows(part.table))
        steps(
            READ_SHARE + (1 - READ_SHARE) * (total - 1) / total,
            "export.step.write",
            name=RECORDS_FILE,
        )
        _write(archive, RECORDS_FILE, frame_rows(bundle.records))
    return path


def file_names(parts: Sequence[RunPart]) -> dict[int, str]:
    """Run id -> a unique, safe file name in the zip: ``03_shared_vision.csv``."""
    taken = {SUMMARY_FILE, RECORDS_FILE}
    names: dict[int, str] = {}
    for part in parts:
        stem = _UNSAFE_NAME.sub("_", part.run.exercise_id).strip("_")[:60] or "run"
        name = f"{part.run.position:02d}_{stem}.csv"
        if name in taken:
            name = f"{part.run.position:02d}_{stem}_run{part.run.id}.csv"
        taken.add(name)
        names[part.run.id] = name
    return names


def frame_rows(frame: pd.DataFrame) -> Iterable[list[Any]]:
    """The header, then every row of the frame, as plain values."""
    yield list(frame.columns)
    columns = [_plain(frame[name]) for name in frame.columns]
    yield from (list(row) for row in zip(*columns, strict=True))


def _plain(series: pd.Series) -> list[Any]:
    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        texts = series.dt.strftime(CSV_DATETIME_FORMAT)
        return [None if pd.isna(v) else v for v in texts]
    return series.tolist()


def _summary_rows(bundle: Bundle, names: dict[int, str]) -> Iterable[list[Any]]:
    yield from ([label, value] for label, value in summary_pairs(bundle))
    yield []
    yield [t("export.summary.exercises", bundle.lang)]
    yield from frame_rows(summary_table(bundle, names, "file"))


def _write(archive: zipfile.ZipFile, name: str, rows: Iterable[list[Any]]) -> None:
    with (
        archive.open(name, "w") as raw,
        io.TextIOWrapper(raw, encoding="utf-8-sig", newline="") as text,
    ):
        writer = csv.writer(text)
        writer.writerows([csv_cell(v) for v in row] for row in rows)
