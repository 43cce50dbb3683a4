"""Take the results home: the data (XLSX, CSV in a zip) and the report (HTML, PDF).

Data exports (``data.py`` describes the long table, ``bundle.py`` the summary and records)::

    from cocreate_widgets.export import export_workshop, answers_table

    export_workshop(store, workshop.id, "xlsx", Path("samen.xlsx"), lang="nl")
    frame = answers_table(store, workshop.id, lang="en", names=False)

No cell of an export becomes a formula (``safe_cells.py``); participants appear as codes
unless names are asked for.
"""

from __future__ import annotations

from .bundle import RECORD_COLUMNS, Progress
from .data import COLUMNS, ExportError, answers_table
from .files import check_output_path, export_workshop
from .safe_cells import csv_cell, neutralise

# --- report (HTML/PDF): the report's functions are imported here ---------------------------
# (kept by the report's author; the data export above does not depend on it)
from .report import report_html, write_report  # noqa: F401  # isort: skip

# --- end of report -------------------------------------------------------------------------

__all__ = [
    "COLUMNS",
    "RECORD_COLUMNS",
    "ExportError",
    "Progress",
    "answers_table",
    "check_output_path",
    "csv_cell",
    "export_workshop",
    "neutralise",
]
