"""Take the results home: a report (HTML, PDF) or the data (XLSX, CSV) with a progress bar.

The export runs in a thread of its own, so the live results, the timer and the other panels
keep following the room while a large workshop is written. The finished file is kept under
``var/exports/`` (or ``COCREATE_EXPORT_DIR``) and offered as a download link in the page.
"""

from __future__ import annotations

import base64
import os
import re
import threading
from html import escape
from pathlib import Path

import ipywidgets as widgets

from ..i18n import t
from ..safety import notice_html
from ..store import Store
from .panels import Panel, tidy

EXPORT_DIR_ENV = "COCREATE_EXPORT_DIR"
FORMATS = ("pdf", "html", "xlsx", "csv")
SUFFIX = {"pdf": ".pdf", "html": ".html", "xlsx": ".xlsx", "csv": ".zip"}
MIME = {
    "pdf": "application/pdf",
    "html": "text/html",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "application/zip",
}
# a download link carries the file in the page; beyond this size only the path is shown
MAX_LINK_BYTES = 40 * 1024 * 1024


def export_dir() -> Path:
    """Where exports are written: ``COCREATE_EXPORT_DIR``, else ``<repo>/var/exports``."""
    configured = os.environ.get(EXPORT_DIR_ENV)
    if configured:
        return Path(configured).expanduser()
    return Path(__file__).resolve().parents[2] / "var" / "exports"


def export_file(store: Store, workshop_id: int, fmt: str, out: Path, **options) -> Path:
    """Write one export: a report (``html``/``pdf``) or the data (``xlsx``/``csv``)."""
    if fmt in ("html", "pdf"):
        from ..export.report import write_report

        return write_report(store, workshop_id, fmt, out, **options)
    from ..export import export_workshop

    return export_workshop(store, workshop_id, fmt, out, **options)


def file_name(title: str, fmt: str, run_id: int | None) -> str:
    """A safe file name from the workshop's title: letters, digits and dashes only."""
    stem = re.sub(r"[^\w-]+", "-", title, flags=re.ASCII).strip("-").lower()[:60] or "workshop"
    return f"{stem}{f'-run{run_id}' if run_id else ''}{SUFFIX[fmt]}"


class ExportPanel(Panel):
    """Choose a format, names or not, and export; the page stays live meanwhile."""

    def __init__(self, store: Store, lang: str, *, run_id: int | None = None) -> None:
        super().__init__(store, lang)
        self.run_id = run_id
        self.format = widgets.Dropdown(
            options=[(t(f"export.format.{f}", lang), f) for f in FORMATS],
            value="pdf",
            description=t("export.format", lang),
        )
        self.names = widgets.Checkbox(value=False, description=t("export.names", lang))
        self.only_run = widgets.Checkbox(
            value=run_id is not None, description=t("export.only_exercise", lang)
        )
        self.only_run.layout.display = "" if run_id is not None else "none"
        self.start_button = self.button("export.start", self.start, "primary")
        self.progress = widgets.FloatProgress(value=0.0, min=0.0, max=1.0)
        self.progress.layout.display = "none"
        self.step = widgets.HTML()
        self.link = widgets.HTML()
        self.thread: threading.Thread | None = None
        self.written: Path | None = None
        self.widget = widgets.VBox(
            [
                widgets.HBox(
                    [self.format, self.names, self.only_run, self.start_button],
                    layout=widgets.Layout(flex_flow="row wrap"),
                ),
                self.progress,
                self.step,
                self.message,
                self.link,
            ]
        )
        self.widget.add_class("cc-export")

    def refresh(self) -> None:
        """Names can only be exported from a workshop that asks for them."""
        if self.workshop_id is None:
            return
        workshop = self.store.workshop(self.workshop_id)
        self.names.disabled = workshop.anonymity == "none"
        if self.names.disabled:
            self.names.value = False

    def start(self) -> None:
        """Start the export in a thread; the button waits until it is done."""
        if self.workshop_id is None:
            self.say("workbook.no_workshop", "warning")
            return
        if self.thread is not None and self.thread.is_alive():
            return
        workshop = self.store.workshop(self.workshop_id)
        fmt = self.format.value
        run_id = self.run_id if self.only_run.value else None
        out = export_dir() / file_name(workshop.title, fmt, run_id)
        options = {"lang": self.lang, "names": bool(self.names.value), "run_id": run_id}
        self.start_button.disabled = True
        self.progress.layout.display = ""
        self.progress.value = 0.0
        self.message.value = self.link.value = ""
        self.thread = threading.Thread(
            target=self._run, args=(workshop.id, fmt, out, options), daemon=True
        )
        self.thread.start()

    def _progress(self, fraction: float, step: str) -> None:
        self.progress.value = max(0.0, min(1.0, float(fraction)))
        self.step.value = f"<span class='cc-n'>{escape(step)}</span>"

    def _run(self, workshop_id: int, fmt: str, out: Path, options: dict) -> None:
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            self.written = export_file(
                self.store, workshop_id, fmt, out, progress=self._progress, **options
            )
            self.progress.value = 1.0
            self.say("export.done", "success", path=str(self.written))
            self.link.value = self._link(self.written, fmt)
        except OSError:
            self.say("export.cannot_write", "error", path=str(out))
        except Exception as error:  # noqa: BLE001 - told next to the button, never a traceback
            self._on_error(error)
        finally:
            self.start_button.disabled = False

    def _link(self, path: Path, fmt: str) -> str:
        if path.stat().st_size > MAX_LINK_BYTES:
            return ""
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        return (
            f"<a class='cc-download' download='{escape(path.name)}' "
            f"href='data:{MIME[fmt]};base64,{data}'>{escape(t('export.download', self.lang))}"
            f" ({escape(path.name)})</a>"
        )


def export_panel(workbook) -> widgets.Widget:
    """The export button of a workbook: the whole workshop, or only this exercise."""
    panel = ExportPanel(
        workbook.store, workbook.lang, run_id=workbook.run.id if workbook.run else None
    )
    if workbook.workshop is None:
        return widgets.HTML(notice_html(t("workbook.no_workshop", workbook.lang), "warning"))
    panel.show_workshop(workbook.workshop.id)
    return tidy(panel.widget)
