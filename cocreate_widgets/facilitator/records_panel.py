"""Records the group decides on, edited together; a conflicting edit is caught, not lost."""

from __future__ import annotations

import ipywidgets as widgets

from ..answers import clean_text
from ..i18n import t
from ..store import RecordConflict, Store
from .panels import Panel
from .tables import html_table

RECORD_TEXT_MAX = 10_000


class RecordsPanel(Panel):
    """A list of records of one kind (e.g. ``decision``) with add, edit and delete."""

    def __init__(self, store: Store, lang: str, kind: str = "decision", run_id: int | None = None):
        super().__init__(store, lang)
        self.kind = kind
        self.run_id = run_id
        self.table = widgets.HTML()
        self.picker = widgets.Dropdown(description=t("console.record", lang))
        self.text = widgets.Textarea(
            placeholder=t("console.record_placeholder", lang),
            layout=widgets.Layout(width="100%", height="6em"),
        )
        self.editing: tuple[int, int] | None = None
        self.widget = widgets.VBox(
            [
                self.table,
                self.text,
                widgets.HBox(
                    [
                        self.button("console.add", self.add, "primary"),
                        self.picker,
                        self.button("console.edit", self.edit),
                        self.button("console.save", self.save, "success"),
                        self.button("console.delete", self.delete, "danger"),
                    ],
                    layout=widgets.Layout(flex_flow="row wrap"),
                ),
                self.message,
            ]
        )

    def _records(self):
        return self.store.records(workshop_id=self.workshop_id, kind=self.kind, run_id=self.run_id)

    def refresh(self) -> None:
        """Redraw the list."""
        if self.workshop_id is None:
            return
        records = self._records()
        html = html_table(
            [t("console.nr", self.lang), t("console.record", self.lang)],
            [(i + 1, r.data.get("text", "")) for i, r in enumerate(records)],
        )
        if html != self.table.value:
            self.table.value = html
        options = [(f"{i + 1}. {r.data.get('text', '')[:40]}", r.id) for i, r in enumerate(records)]
        if list(self.picker.options) != options:
            keep = self.picker.value
            self.picker.options = options
            if keep in [v for _l, v in options]:
                self.picker.value = keep

    def _text(self) -> str | None:
        text = clean_text(self.text.value).strip()
        if not text:
            self.say("console.record_empty", "warning")
            return None
        if len(text) > RECORD_TEXT_MAX:
            self.say("answer.too_long", "error", length=len(text), limit=RECORD_TEXT_MAX)
            return None
        return text

    def add(self) -> None:
        """Add the typed text as a new record."""
        text = self._text()
        if text is None or self.workshop_id is None:
            return
        self.store.add_record(
            self.kind, {"text": text}, workshop_id=self.workshop_id, run_id=self.run_id
        )
        self.text.value = ""
        self.editing = None
        self.say("console.saved", "success")
        self.refresh()

    def edit(self) -> None:
        """Load the chosen record into the text box to change it."""
        if not self.picker.value:
            return
        record = self.store.record(self.picker.value)
        self.editing = (record.id, record.version)
        self.text.value = record.data.get("text", "")

    def save(self) -> None:
        """Save the edit; if someone else changed it first, show theirs and keep ours typed."""
        if self.editing is None:
            self.say("console.edit_first", "warning")
            return
        text = self._text()
        if text is None:
            return
        record_id, version = self.editing
        try:
            self.store.update_record(record_id, {"text": text}, expected_version=version)
        except RecordConflict:
            current = self.store.record(record_id)
            self.editing = (record_id, current.version)
            self.say("console.record_conflict", "warning", text=current.data.get("text", ""))
            return
        self.editing = None
        self.text.value = ""
        self.say("console.saved", "success")
        self.refresh()

    def delete(self) -> None:
        """Delete the chosen record."""
        if self.picker.value:
            self.store.delete_record(self.picker.value)
            self.editing = None
            self.say("console.saved", "success")
            self.refresh()
