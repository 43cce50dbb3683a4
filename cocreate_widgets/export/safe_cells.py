"""Safe by construction: no cell of a data export ever becomes a formula.

Every text a person typed (answers, pseudonyms, record fields, titles) is data. A spreadsheet
program must show it, never run it:

* **CSV** has no cell types, so Excel and LibreOffice guess: a text starting with ``=``,
  ``+``, ``-``, ``@``, a tab or a carriage return may be taken for a formula. Such a text gets
  a leading apostrophe (the usual OWASP neutralisation) — :func:`csv_cell`.
* **XLSX** has cell types: a text is written as a *string* cell, exactly as it is, and never
  as a formula (``xlsx.py`` only calls XlsxWriter's ``write_string``). :func:`xlsx_text` only
  shortens a text beyond Excel's cell limit.

Both first pass a text through :func:`clean_text`, which drops NUL and replaces lone
surrogates (neither can be written as UTF-8 or XML); everything else — emoji, right-to-left
text, combining characters, tabs and line ends — comes out unchanged.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import pandas as pd

FORMULA_STARTS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet program may read as the start of a formula in a CSV cell."""

EXCEL_CELL_LIMIT = 32_767
"""The most characters (UTF-16 code units) one Excel cell holds."""

CUT_MARK = " …"
CSV_DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S"

_UNWRITABLE = re.compile("[\x00\ud800-\udfff]")


def clean_text(text: str) -> str:
    """The text without NUL, and with lone surrogates replaced by U+FFFD."""
    if _UNWRITABLE.search(text) is None:
        return text
    return _UNWRITABLE.sub(lambda m: "" if m.group() == "\x00" else "\ufffd", text)


def neutralise(text: str) -> str:
    """A text that no spreadsheet program reads as a formula: ``'`` before a risky start."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_cell(value: Any) -> str:
    """One CSV cell: a neutralised text, a number, a date and time, or ``""`` for nothing."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, str):
        return neutralise(clean_text(value))
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime):
        return "" if value != value else value.strftime(CSV_DATETIME_FORMAT)
    if isinstance(value, int | float):
        return str(value)
    return neutralise(clean_text(str(value)))


def xlsx_text(text: str) -> str:
    """The text for a string cell: cleaned, and cut (ending in " …") beyond Excel's limit."""
    text = clean_text(text)
    if len(text) * 2 <= EXCEL_CELL_LIMIT or _utf16_length(text) <= EXCEL_CELL_LIMIT:
        return text
    room = EXCEL_CELL_LIMIT - len(CUT_MARK)
    kept = text[:room]
    while _utf16_length(kept) > room:
        kept = kept[:-1]
    return kept + CUT_MARK


def _utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2
