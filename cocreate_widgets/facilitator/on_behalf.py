"""Entering answers for someone without a phone: the same form, marked as entered for them."""

from __future__ import annotations

import ipywidgets as widgets

from ..forms import ExerciseForm
from ..i18n import t
from ..localtext import pick
from ..store import Store
from .panels import Panel


class OnBehalfPanel(Panel):
    """Pick a participant and an open run; fill in their form for them."""

    def __init__(self, store: Store, lang: str) -> None:
        super().__init__(store, lang)
        self.person = widgets.Dropdown(description=t("console.participant", lang))
        self.run_picker = widgets.Dropdown(description=t("console.run", lang))
        self.holder = widgets.VBox()
        self.form: ExerciseForm | None = None
        self.widget = widgets.VBox(
            [
                widgets.HTML(f"<p>{t('console.on_behalf_help', lang)}</p>"),
                widgets.HBox([self.person, self.run_picker]),
                self.button("console.open_form", self.open_form, "primary"),
                self.message,
                self.holder,
            ]
        )

    def refresh(self) -> None:
        """Update the people and open runs to choose from."""
        if self.workshop_id is None:
            return
        people = [(p.pseudonym, p.id) for p in self.store.roster(self.workshop_id)]
        runs = [
            (pick(r.title, self.lang), r.id)
            for r in self.store.runs(self.workshop_id, states=("open",))
        ]
        for dropdown, options in ((self.person, people), (self.run_picker, runs)):
            if list(dropdown.options) != options:
                keep = dropdown.value
                dropdown.options = options
                if keep in [v for _l, v in options]:
                    dropdown.value = keep

    def open_form(self) -> ExerciseForm | None:
        """Show the chosen participant's form for the chosen run."""
        if not self.person.value or not self.run_picker.value:
            self.say("console.pick_both", "warning")
            return None
        run = self.store.run(self.run_picker.value)
        self.form = ExerciseForm(
            self.store, run, self.person.value, self.lang, entered_by="facilitator"
        )
        self.holder.children = [self.form.widget]
        return self.form
