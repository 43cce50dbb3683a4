"""Live results in the console: they update in place as answers arrive, no refresh button."""

from __future__ import annotations

import ipywidgets as widgets

from ..exercises.model import Exercise
from ..i18n import t
from ..localtext import pick
from ..results import render_results
from ..shared_answers import shared_answers
from ..store import Store
from .panels import Panel


class LiveResultsPanel(Panel):
    """The chosen run's results as the facilitator sees them, or as the room would."""

    def __init__(self, store: Store, lang: str) -> None:
        super().__init__(store, lang)
        self.run_picker = widgets.Dropdown(description=t("console.run", lang))
        self.room_view = widgets.Checkbox(description=t("console.room_preview", lang))
        self.output = widgets.HTML()
        self.run_picker.observe(self.guard(lambda _c: self.refresh()), names="value")
        self.room_view.observe(self.guard(lambda _c: self.refresh()), names="value")
        self.widget = widgets.VBox(
            [widgets.HBox([self.run_picker, self.room_view]), self.message, self.output]
        )
        self._last_key: tuple = ()

    def refresh(self) -> None:
        """Re-render only when the answers or the choice changed (no flicker)."""
        if self.workshop_id is None:
            return
        runs = [r for r in self.store.runs(self.workshop_id) if r.state != "draft"]
        options = [(pick(r.title, self.lang), r.id) for r in runs]
        if list(self.run_picker.options) != options:
            keep = self.run_picker.value
            self.run_picker.options = options
            ids = [r.id for r in runs]
            opened = next((r.id for r in runs if r.state == "open"), None)
            self.run_picker.value = opened or (keep if keep in ids else (ids[-1] if ids else None))
        if not self.run_picker.value:
            self.output.value = f"<p>{t('console.nothing_open', self.lang)}</p>"
            return
        run = self.store.run(self.run_picker.value)
        answers = self.store.answers(run.id)
        key = (
            run.id,
            run.state,
            self.room_view.value,
            tuple((a.participant_id, a.version) for a in answers),
        )
        if key == self._last_key:
            return
        self._last_key = key
        audience = "room" if self.room_view.value else "facilitator"
        exercise = Exercise.from_dict(run.question_set)
        if audience == "room":  # what the room may see (e.g. approved stories only)
            answers = shared_answers(self.store, run, exercise, answers)
        html = render_results(
            exercise,
            answers,
            self.lang,
            audience=audience,
            free_text=run.reveal_free_text,
            role_labels={
                r.id: pick(r.label, self.lang) for r in self.store.workshop(run.workshop_id).roles
            },
        )
        if html != self.output.value:
            self.output.value = html
