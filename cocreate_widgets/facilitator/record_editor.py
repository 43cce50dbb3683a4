"""Records the group keeps together (goals, actions, risks, decisions …), edited in a table.

A record kind comes from the exercise file (``records:``); every field is checked in the
kernel like an answer. Two facilitators editing one record: the second is told what the
first saved, and keeps what they typed.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from ..answers import validate_fields
from ..exercises.model import Question, RecordKind
from ..forms import make_field, widget_value
from ..forms.readable import readable_answer
from ..i18n import t
from ..localtext import pick
from ..store import RecordConflict, Store
from ..store.types import Record
from .panels import Panel
from .tables import html_table


def decision_kind(lang: str) -> RecordKind:
    """The record every workbook has: what the group decided, in words."""
    text = {code: t("console.record_placeholder", code) for code in ("nl", "en")}
    label = {code: t("console.record", code) for code in ("nl", "en")}
    field = Question(id="text", type="long_text", label=text, required=True, settings={})
    return RecordKind(id="decision", label=label, fields=(field,))


class RecordEditor(Panel):
    """A table of the records of one kind, with a form to add, change and delete them."""

    def __init__(
        self,
        store: Store,
        lang: str,
        kind: RecordKind,
        *,
        run_id: int | None = None,
        community_id: int | None = None,
    ):
        super().__init__(store, lang)
        self.kind = kind
        self.run_id = run_id
        # a community's records (members, improvements, results) carry over its waves
        self.community_id = community_id
        self.table = widgets.HTML()
        self.fields = {f.id: make_field(f, lang) for f in kind.fields}
        self.picker = widgets.Dropdown(description=pick(kind.label, lang))
        self.editing: tuple[int, int] | None = None
        self.widget = widgets.VBox(
            [
                self.table,
                *self.fields.values(),
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
        self.widget.add_class("cc-records")

    def records(self) -> list[Record]:
        """The records of this kind, for this workshop (and run, when given), or for the
        whole community when the editor has one."""
        if self.workshop_id is None:
            return []
        if self.community_id is not None:
            return self.store.records(community_id=self.community_id, kind=self.kind.id)
        return self.store.records(
            workshop_id=self.workshop_id, kind=self.kind.id, run_id=self.run_id
        )

    def _summary(self, record: Record) -> str:
        first = self.kind.fields[0]
        return readable_answer(first, record.data.get(first.id), self.lang)[:50]

    def refresh(self) -> None:
        """Redraw the table and the list to pick from."""
        records = self.records()
        headers = [
            t("console.nr", self.lang),
            *(pick(f.label, self.lang) for f in self.kind.fields),
        ]
        rows = [
            (i + 1, *(readable_answer(f, r.data.get(f.id), self.lang) for f in self.kind.fields))
            for i, r in enumerate(records)
        ]
        html = html_table(headers, rows)
        if html != self.table.value:
            self.table.value = html
        options = [(f"{i + 1}. {self._summary(r)}", r.id) for i, r in enumerate(records)]
        if list(self.picker.options) != options:
            keep = self.picker.value
            self.picker.options = options
            ids = [value for _label, value in options]
            self.picker.value = keep if keep in ids else (ids[0] if ids else None)

    def _checked(self) -> dict[str, Any] | None:
        """The form's values, each checked in the kernel; None (with messages) if any fails."""
        values = {field_id: field.value for field_id, field in self.fields.items()}
        data, errors = validate_fields(self.kind.fields, values, self.lang)
        for field_id, field in self.fields.items():
            field.error = errors.get(field_id, "")
        if errors:
            self.say("answer.check_form", "error")
            return None
        return data

    def _clear(self) -> None:
        for field in self.fields.values():
            field.clear()
        self.editing = None

    def add(self) -> Record | None:
        """Add what the form holds as a new record."""
        data = self._checked()
        if data is None or self.workshop_id is None:
            return None
        record = self.store.add_record(
            self.kind.id,
            data,
            workshop_id=self.workshop_id,
            community_id=self.community_id,
            run_id=self.run_id,
        )
        self._clear()
        self.say("console.saved", "success")
        self.refresh()
        return record

    def edit(self) -> None:
        """Load the chosen record into the form."""
        if not self.picker.value:
            self.say("console.edit_first", "warning")
            return
        record = self.store.record(self.picker.value)
        self.editing = (record.id, record.version)
        for question in self.kind.fields:
            self.fields[question.id].value = widget_value(question, record.data.get(question.id))
        self.message.value = ""

    def save(self) -> Record | None:
        """Save the edit; if someone changed the record first, say what they saved."""
        if self.editing is None:
            self.say("console.edit_first", "warning")
            return None
        data = self._checked()
        if data is None:
            return None
        record_id, version = self.editing
        try:
            record = self.store.update_record(record_id, data, expected_version=version)
        except RecordConflict:
            current = self.store.record(record_id)
            self.editing = (record_id, current.version)
            self.say("console.record_conflict", "warning", text=self._summary(current))
            return None
        self._clear()
        self.say("console.saved", "success")
        self.refresh()
        return record

    def delete(self) -> None:
        """Delete the chosen record."""
        if self.picker.value:
            self.store.delete_record(self.picker.value)
            self._clear()
            self.say("console.saved", "success")
            self.refresh()
