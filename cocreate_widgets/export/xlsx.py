"""The XLSX export: a summary sheet, one sheet per exercise run, and the records.

Written with XlsxWriter, streaming (``constant_memory``), every cell with an explicit type:
texts with ``write_string`` (so a text that looks like a formula stays a text: see
``safe_cells.py``), numbers with ``write_number``, times as numbers with a date format (what
Excel itself stores). Each table sheet has its header frozen, an autofilter and column widths
that fit its contents. Sheet names are unique (ignoring case), at most 31 characters (UTF-16
units, as Excel counts: an emoji is two), without ``[]:*?/\\`` or control characters.

A run's sheet holds the long table of ``data.py`` without the columns that are the same on
every row of it and are given once on the summary sheet (``STATED_IN_SUMMARY``: workshop,
wave, exercise title, run state); ``exercise_id`` and ``run_id`` stay, so sheets can be
stacked. (The CSV files keep every column: they are read by programs.)
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import xlsxwriter
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from ..i18n import t
from .bundle import READ_SHARE, Bundle, RunPart, Steps, summary_pairs, summary_table
from .data import ExportError
from .safe_cells import clean_text, xlsx_text

# the same on every row of a run's sheet, and given once for it on the summary sheet
STATED_IN_SUMMARY: tuple[str, ...] = ("workshop", "wave", "exercise", "run_state")
SUMMARY_SHEET = "summary"
RECORDS_SHEET = "records"
MAX_SHEET_NAME = 31
MAX_ROWS = 1_048_576
DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
DATE_FORMAT = "yyyy-mm-dd"
MIN_WIDTH, MAX_WIDTH, WIDTH_SAMPLE = 6, 60, 1000
_EXCEL_EPOCH = np.datetime64("1899-12-30T00:00:00", "s")
_FORBIDDEN = re.compile(r"[\[\]:*?/\\\x00-\x1f]+")


class TooManyRows(ExportError):
    """A run has more rows than one Excel sheet holds (use the CSV export)."""


def write_xlsx(bundle: Bundle, path: Path, *, steps: Steps | None = None) -> Path:
    """Write the bundle as an XLSX workbook at ``path``; returns ``path``."""
    steps = steps or Steps(None, bundle.lang)
    for part in bundle.parts:
        if len(part.table) >= MAX_ROWS:
            raise TooManyRows(f"run {part.run.id} has {len(part.table)} rows")
    names = sheet_names(bundle.parts)
    book = xlsxwriter.Workbook(
        str(path),
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    formats = _Formats(book)
    _write_summary(book.add_worksheet(SUMMARY_SHEET), bundle, names, formats)
    total = len(bundle.parts) + 1
    for n, part in enumerate(bundle.parts, 1):
        steps(_share(n, total), "export.step.write", name=names[part.run.id])
        sheet = book.add_worksheet(names[part.run.id])
        _write_table(sheet, part.table.drop(columns=list(STATED_IN_SUMMARY)), formats)
    steps(_share(total, total), "export.step.write", name=RECORDS_SHEET)
    _write_table(book.add_worksheet(RECORDS_SHEET), bundle.records, formats)
    book.close()
    return path


def sheet_names(parts: tuple[RunPart, ...] | list[RunPart]) -> dict[int, str]:
    """Run id -> a unique, valid sheet name: "03 Shared vision" (position and title)."""
    taken = {SUMMARY_SHEET, RECORDS_SHEET}
    names: dict[int, str] = {}
    for part in parts:
        title = _FORBIDDEN.sub(" ", clean_text(part.title))
        base = " ".join(f"{part.run.position:02d} {title}".split()).strip("'").strip()
        name = _fit(base, MAX_SHEET_NAME) or f"run {part.run.id}"
        counter = 1
        while name.casefold() in taken:
            counter += 1
            suffix = f" ({counter})"
            name = _fit(base, MAX_SHEET_NAME - len(suffix)) + suffix
        taken.add(name.casefold())
        names[part.run.id] = name
    return names


def _fit(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` UTF-16 units (how Excel counts), without a trailing ``'``."""
    text = text[:limit]
    while len(text.encode("utf-16-le")) // 2 > limit:
        text = text[:-1]
    return text.rstrip().rstrip("'").rstrip()


def _share(n: int, total: int) -> float:
    return READ_SHARE + (1 - READ_SHARE) * (n - 1) / total


class _Formats:
    def __init__(self, book: Workbook) -> None:
        self.header = book.add_format({"bold": True, "bottom": 1})
        self.label = book.add_format({"bold": True})
        self.datetime = book.add_format({"num_format": DATETIME_FORMAT})
        self.date = book.add_format({"num_format": DATE_FORMAT})


def _write_summary(
    sheet: Worksheet, bundle: Bundle, names: dict[int, str], formats: _Formats
) -> None:
    pairs = summary_pairs(bundle)
    for row, (label, value) in enumerate(pairs):
        sheet.write_string(row, 0, xlsx_text(label), formats.label)
        _write_value(sheet, row, 1, value, formats)
    heading = len(pairs) + 1
    sheet.write_string(
        heading, 0, xlsx_text(t("export.summary.exercises", bundle.lang)), formats.label
    )
    table = summary_table(bundle, names, "sheet")
    widths = _write_table(sheet, table, formats, first_row=heading + 1, filtered=False)
    label_width = max(len(label) for label, _ in pairs) + 2
    sheet.set_column(0, 0, max(widths[0], min(label_width, MAX_WIDTH)))
    sheet.set_column(1, 1, max(widths[1], MAX_WIDTH // 2))


def _write_value(sheet: Worksheet, row: int, col: int, value: Any, formats: _Formats) -> None:
    if isinstance(value, datetime):
        sheet.write_datetime(row, col, value, formats.datetime)
    elif isinstance(value, date):
        sheet.write_datetime(row, col, value, formats.date)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        sheet.write_number(row, col, value)
    elif value is not None:
        sheet.write_string(row, col, xlsx_text(str(value)))


def _write_table(
    sheet: Worksheet,
    frame: pd.DataFrame,
    formats: _Formats,
    *,
    first_row: int = 0,
    filtered: bool = True,
) -> list[float]:
    """Write a frame as a typed table (header row first); returns the column widths set."""
    columns = [_column(sheet, frame[name], formats) for name in frame.columns]
    for col, name in enumerate(frame.columns):
        sheet.write_string(first_row, col, str(name), formats.header)
    widths = [
        _width(str(name), values, kind)
        for name, (_, values, _, kind) in zip(frame.columns, columns, strict=True)
    ]
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width)
    if filtered:
        sheet.freeze_panes(first_row + 1, 0)
        sheet.autofilter(first_row, 0, first_row + len(frame), max(len(columns) - 1, 0))
    cells = [(col, write, values, fmt) for col, (write, values, fmt, _) in enumerate(columns)]
    for index in range(len(frame)):
        row = first_row + 1 + index
        for col, write, values, fmt in cells:
            value = values[index]
            if value is not None:
                write(row, col, value, fmt)
    return widths


def _column(
    sheet: Worksheet, series: pd.Series, formats: _Formats
) -> tuple[Callable[..., int], list[Any], Any, str]:
    """How to write one column: the writer, the prepared values (None: leave empty), format."""
    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        stamps = series.to_numpy(dtype="datetime64[s]")
        serial = (stamps - _EXCEL_EPOCH) / np.timedelta64(1, "D")
        values = [None if np.isnan(v) else float(v) for v in serial]
        return sheet.write_number, values, formats.datetime, "datetime"
    if pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series):
        values = [None if v is pd.NA or v != v else v for v in series.tolist()]
        return sheet.write_number, values, None, "number"
    values = [_text(v) for v in series.tolist()]
    return sheet.write_string, values, None, "text"


def _text(value: Any) -> str | None:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    text = xlsx_text(value if isinstance(value, str) else str(value))
    return text or None


def _width(header: str, values: list[Any], kind: str) -> float:
    if kind == "datetime":
        return max(len(header), len("2000-01-01 00:00:00")) + 2
    sample = [v for v in values[:WIDTH_SAMPLE] if v is not None]
    if kind == "number":
        longest = max((len(f"{v:g}") for v in sample), default=0)
    else:
        longest = max((max(map(len, v.split("\n"))) for v in sample), default=0)
    return float(min(MAX_WIDTH, max(MIN_WIDTH, len(header), longest) + 2))
