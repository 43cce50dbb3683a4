"""The participant's form for one run: drafts saved while typing, checked and submitted.

Every value is checked again in the kernel (a browser can send anything), drafts are kept
in the store so a lost connection or a reload loses nothing, and messages appear next to
the field in the participant's language.
"""

from __future__ import annotations

from html import escape
from typing import Any

import ipywidgets as widgets

from ..answers import AnswerError, draft_rules, item_errors, validate_answer, validate_form
from ..controls import AnswerField, RepeatingList
from ..exercises.model import Exercise, Question
from ..i18n import t
from ..localtext import pick
from ..safety import notice_html, safe_callback
from ..store import ParticipantRemoved, RunNotOpen, Store
from ..store.types import Run
from .fields import make_field, widget_value

FREE_TEXT_TYPES = ("short_text", "long_text")


def is_free_text(question: Question) -> bool:
    """Whether people write their own words here: a text, or a list with a text field."""
    if question.type in FREE_TEXT_TYPES:
        return True
    return question.type == "repeating_list" and any(
        field.type in FREE_TEXT_TYPES for field in question.fields
    )


def privacy_note(lang: str) -> widgets.HTML:
    """The one notice above a form's first free-text field: stories can identify people.

    A word in bold ("Let op:") and a border say it is a warning, not the colour alone.
    """
    return widgets.HTML(
        "<div class='cc-notice cc-notice-warning cc-privacy-note' role='note'>"
        f"<strong>{escape(t('privacy.note_title', lang))}</strong> "
        f"{escape(t('privacy.free_text_note', lang))}</div>"
    )


class ExerciseForm:
    """The form of one run for one participant (or entered for them by the facilitator).

    ``fields`` maps question ids to widgets; ``submit_button.click()`` submits; ``notice``
    shows the outcome. ``widget`` is what a notebook displays.
    """

    def __init__(
        self,
        store: Store,
        run: Run,
        participant_id: int,
        lang: str,
        *,
        entered_by: str = "participant",
    ) -> None:
        self.store = store
        self.run_id = run.id
        self.participant_id = participant_id
        self.lang = lang
        self.entered_by = entered_by
        self.exercise = Exercise.from_dict(run.question_set)
        self.fields: dict[str, AnswerField] = {
            q.id: make_field(q, lang) for q in self.exercise.questions
        }
        self.submitted_version: int | None = None
        self.notice = widgets.HTML()
        self.submit_button = widgets.Button(
            description=t("form.submit", lang), button_style="primary", icon=""
        )
        self.submit_button.add_class("cc-submit")
        guard = safe_callback(lambda _e: self._show("form.unexpected", "error"))
        self.submit_button.on_click(guard(lambda _b: self.submit()))
        self._loading = True
        self._load_saved()
        for qid, field in self.fields.items():
            field.observe(guard(self._on_change_for(qid)), names="value")
        self._loading = False
        intro = pick(self.exercise.intro, lang)
        header = widgets.HTML(
            f"<div class='cc-intro'><p>{escape(intro)}</p></div>" if intro else ""
        )
        shown: list[widgets.Widget] = list(self.fields.values())
        first_text = next(
            (i for i, q in enumerate(self.exercise.questions) if is_free_text(q)), None
        )
        self.privacy_note: widgets.HTML | None = None
        if first_text is not None:
            self.privacy_note = privacy_note(lang)
            shown.insert(first_text, self.privacy_note)
        self.widget = widgets.VBox(
            [header, *shown, self.notice, self.submit_button],
            layout=widgets.Layout(width="100%", max_width="720px"),
        )
        self.widget.add_class("cc-form")
        if run.state != "open":
            self.set_closed()

    def _load_saved(self) -> None:
        """Fill the fields: the latest submission, with newer drafts on top."""
        saved = self.store.my_answers(self.run_id, self.participant_id)
        if saved:
            self.submitted_version = 1
        saved.update(self.store.drafts(self.run_id, self.participant_id))
        for question in self.exercise.questions:
            if question.id in saved:
                self.fields[question.id].value = widget_value(question, saved[question.id])
        if self.submitted_version:
            self._show("form.edit_hint", "info")

    def _on_change_for(self, qid: str):
        def on_change(change: dict[str, Any]) -> None:
            if not self._loading:
                self.save_draft(qid, change["new"])

        return on_change

    def save_draft(self, qid: str, value: Any) -> bool:
        """Check one answer lightly and keep it as a draft; returns whether it was kept.

        Nothing is required yet (:func:`draft_rules`), so a half-filled list item is kept.
        A value that does not fit (e.g. too long, not an option) shows its message, next to
        the item field for a list, and is not kept, so the last good draft stays.
        """
        question = draft_rules(self.exercise.question(qid))
        field = self.fields[qid]
        self._show_item_errors(qid, value, draft=True)
        try:
            cleaned = validate_answer(question, value, self.lang)
        except AnswerError as error:
            field.error = error.message
            return False
        field.error = ""
        return self._store_or_explain(
            lambda: self.store.save_draft(self.run_id, self.participant_id, qid, cleaned)
        )

    def _show_item_errors(self, qid: str, value: Any, *, draft: bool) -> None:
        """Put the messages of a list's items next to their fields (no-op for other fields)."""
        field = self.fields[qid]
        if isinstance(field, RepeatingList):
            question = self.exercise.question(qid)
            if draft:
                question = draft_rules(question)
            field.item_errors = item_errors(question, value, self.lang)

    def _store_or_explain(self, write) -> bool:
        """Run a write; a closed run or a removed participant is told, not raised."""
        try:
            write()
        except RunNotOpen:
            self.set_closed()
            return False
        except ParticipantRemoved:
            self._show("form.removed", "error")
            return False
        return True

    def values(self) -> dict[str, Any]:
        """What the fields hold now, question id -> value."""
        return {qid: field.value for qid, field in self.fields.items()}

    def submit(self) -> bool:
        """Check every answer in the kernel and store them; messages go next to the fields."""
        cleaned, errors = validate_form(self.exercise, self.values(), self.lang)
        for qid, field in self.fields.items():
            field.error = errors.get(qid, "")
            self._show_item_errors(qid, field.value, draft=False)
        if errors:
            self._show("answer.check_form", "error")
            return False
        answers = {q.id: cleaned.get(q.id) for q in self.exercise.questions}

        def write() -> None:
            self.submitted_version = self.store.submit_answers(
                self.run_id, self.participant_id, answers, entered_by=self.entered_by
            )

        if not self._store_or_explain(write):
            return False
        self._show("form.saved", "success")
        self.submit_button.description = t("form.update", self.lang)
        return True

    def set_closed(self) -> None:
        """The run closed: nothing more can be sent; what was sent stays."""
        for field in self.fields.values():
            field.disabled = True
        self.submit_button.disabled = True
        self._show("form.closed_saved" if self.submitted_version else "form.closed", "warning")

    def set_open(self) -> None:
        """The run (re)opened: fields can be changed again."""
        for field in self.fields.values():
            field.disabled = False
        self.submit_button.disabled = False
        self.notice.value = ""

    def _show(self, key: str, kind: str) -> None:
        self.notice.value = notice_html(t(key, self.lang), kind)
