"""The export button of the console and the workbooks: runs beside the live page, shows its
progress, offers the file, and tells a failure next to the button."""

from __future__ import annotations

import base64
import re
import zipfile

import pytest

from cocreate_widgets.facilitator.console import Console
from cocreate_widgets.facilitator.export_panel import ExportPanel, file_name


@pytest.fixture
def demo(demo_store, tmp_path, monkeypatch):
    """The demo workshop in a fresh store; exports go to a temporary folder."""
    monkeypatch.setenv("COCREATE_EXPORT_DIR", str(tmp_path / "exports"))
    return demo_store, demo_store.workshop_by_code("SAMEN7")


def _finish(panel: ExportPanel) -> None:
    panel.thread.join(timeout=300)
    assert not panel.thread.is_alive()


def test_csv_export_from_the_console_offers_the_zip(demo):
    """Does the console's export tab write the zip, fill the bar and offer a download?"""
    store, workshop = demo
    console = Console(store, workshop_id=workshop.id)
    panel = console.export
    panel.format.value = "csv"
    panel.start()
    assert panel.start_button.disabled
    _finish(panel)
    assert panel.progress.value == 1.0 and not panel.start_button.disabled
    assert panel.written is not None and zipfile.is_zipfile(panel.written)
    assert "Klaar" in panel.message.value
    href = re.search(r"href='data:application/zip;base64,([^']+)'", panel.link.value)
    assert href and base64.b64decode(href.group(1)) == panel.written.read_bytes()


def test_an_unwritable_folder_is_told_not_raised(demo, tmp_path, monkeypatch):
    """Is a folder that cannot be written reported next to the button, without a traceback?"""
    store, workshop = demo
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("COCREATE_EXPORT_DIR", str(blocker / "exports"))
    panel = ExportPanel(store, "en")
    panel.show_workshop(workshop.id)
    panel.format.value = "xlsx"
    panel.start()
    _finish(panel)
    assert "Cannot write" in panel.message.value and "Traceback" not in panel.message.value
    assert panel.link.value == "" and not panel.start_button.disabled


def test_names_cannot_be_chosen_for_an_anonymous_workshop(sqlite_store):
    """Is 'with names' switched off for a workshop that stores no names?"""
    workshop = sqlite_store.create_workshop("Anoniem", anonymity="none")
    panel = ExportPanel(sqlite_store, "nl")
    panel.names.value = True
    panel.show_workshop(workshop.id)
    assert panel.names.disabled and panel.names.value is False


def test_file_names_are_safe():
    """Does a title with slashes, dots and quotes give a plain file name?"""
    assert (
        file_name("../Samen <sterk> 'rond' diabetes", "pdf", None)
        == "samen-sterk-rond-diabetes.pdf"
    )
    assert file_name("", "csv", 7) == "workshop-run7.zip"
