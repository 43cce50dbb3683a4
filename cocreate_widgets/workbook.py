"""What a workbook notebook uses: the exercise, its run in the current workshop, its answers.

A workbook stays short because this does the work::

    wb = Workbook("shared_vision")
    wb.live_results()          # updates as answers arrive
    wb.answers()               # long DataFrame for the analysis
    wb.decisions()             # what the group decided, editable together
"""

from __future__ import annotations

import os
from html import escape

import ipywidgets as widgets
import pandas as pd

from .analysis import answers_frame
from .answers import validate_fields
from .exercises import load_exercise_by_id
from .exercises.model import Exercise
from .facilitator.live_results import LiveResultsPanel
from .facilitator.panels import tidy
from .facilitator.record_editor import RecordEditor, decision_kind
from .forms import make_field
from .i18n import t
from .live import Poller
from .localtext import pick
from .safety import notice_html, safe_callback
from .store import Store
from .store.types import Run, Workshop
from .theme import stylesheet


class Workbook:
    """One exercise in one workshop (``COCREATE_WORKSHOP``, else the newest that has it)."""

    def __init__(
        self,
        exercise_id: str,
        *,
        store: Store | None = None,
        workshop_id: int | None = None,
        lang: str = "nl",
    ) -> None:
        self.store = store or Store()
        self.lang = lang
        self.exercise: Exercise = load_exercise_by_id(exercise_id)
        self.workshop: Workshop | None = self._find_workshop(workshop_id)
        self.run: Run | None = self._find_run()
        # in a community, records (members, improvements, teams) carry over the waves
        self.community_id: int | None = self.workshop.community_id if self.workshop else None

    def _find_workshop(self, workshop_id: int | None) -> Workshop | None:
        if workshop_id is None and os.environ.get("COCREATE_WORKSHOP", "").isdigit():
            workshop_id = int(os.environ["COCREATE_WORKSHOP"])
        if workshop_id is not None:
            return self.store.workshop(workshop_id)
        workshops = self.store.workshops()  # newest first
        for workshop in workshops:
            if any(r.exercise_id == self.exercise.id for r in self.store.runs(workshop.id)):
                return workshop
        return workshops[0] if workshops else None

    def _find_run(self) -> Run | None:
        if self.workshop is None:
            return None
        runs = [r for r in self.store.runs(self.workshop.id) if r.exercise_id == self.exercise.id]
        return runs[-1] if runs else None

    def introduction(self) -> widgets.HTML:
        """The stylesheet, the exercise's title, intro and source, and which workshop is shown."""
        where = (
            t(
                "workbook.workshop",
                self.lang,
                title=self.workshop.title,
                code=self.workshop.join_code,
            )
            if self.workshop
            else t("workbook.no_workshop", self.lang)
        )
        html = (
            f"<div class='cc-workbook'><p>{escape(pick(self.exercise.intro, self.lang))}</p>"
            f"<p><em>{escape(t('workbook.source', self.lang))}: "
            f"{escape(pick(self.exercise.source, self.lang))}</em></p>"
            f"<p>{escape(where)}</p></div>"
        )
        return widgets.VBox([stylesheet(), widgets.HTML(html)])

    def form_preview(self) -> widgets.VBox:
        """The participant's form as it looks on a phone (a preview: nothing is saved)."""
        fields = [make_field(q, self.lang) for q in self.exercise.questions]
        box = widgets.VBox(fields, layout=widgets.Layout(max_width="420px"))
        box.add_class("cc-participant")
        return box

    def answers(self) -> pd.DataFrame:
        """The latest answers of the run as a long DataFrame (empty without a run)."""
        return answers_frame(self.store.answers(self.run.id) if self.run else [])

    def follow(self, panel) -> widgets.VBox:
        """Show a console panel for this workshop, kept current as the database changes."""
        if self.workshop is not None:
            panel.show_workshop(self.workshop.id)
            workshop_id = self.workshop.id
            poller = Poller(
                lambda: self.store.poll_state(workshop_id), panel.guard(lambda _v: panel.refresh())
            )
            poller.last = poller.read()
            poller.start()
            panel.poller = poller  # lives as long as the panel
        return tidy(panel.widget)

    def live_results(self) -> widgets.VBox:
        """The run's results, updating by themselves while answers arrive."""
        panel = LiveResultsPanel(self.store, self.lang)
        if self.workshop is not None and self.run is not None:
            panel.workshop_id = self.workshop.id
            panel.refresh()
            panel.run_picker.value = self.run.id
        return self.follow(panel)

    def decisions(self) -> widgets.VBox:
        """What the group decided in this exercise, to add to and edit together."""
        run_id = self.run.id if self.run else None
        return self.follow(
            RecordEditor(self.store, self.lang, decision_kind(self.lang), run_id=run_id)
        )

    def records(self, kind_id: str) -> widgets.VBox:
        """The exercise's records of one kind (e.g. ``goal``), to add to and edit together."""
        kind = self.exercise.record_kind(kind_id)
        run_id = self.run.id if self.run else None
        return self.follow(
            RecordEditor(self.store, self.lang, kind, run_id=run_id, community_id=self.community_id)
        )

    def record_data(self, kind_id: str) -> pd.DataFrame:
        """The workshop's records of one kind as a DataFrame, one row per record.

        Any kind can be read, also one declared by another step (the plan reads the goals
        of the ambition step), so nothing is typed twice. In a community, the records of
        all its waves count.
        """
        if self.workshop is None:
            return pd.DataFrame(columns=["record_id"])
        records = self._records(kind_id)
        frame = pd.DataFrame([{"record_id": r.id, **r.data} for r in records])
        return frame if len(frame) else pd.DataFrame(columns=["record_id"])

    def _records(self, kind_id: str) -> list:
        if self.community_id is not None:
            return self.store.records(community_id=self.community_id, kind=kind_id)
        return self.store.records(workshop_id=self.workshop.id, kind=kind_id)

    def community_waves(self) -> pd.DataFrame:
        """The community's workshops (waves), oldest first: wave, title, date, join code;
        only this workshop outside a community, empty without a workshop."""
        columns = ["workshop_id", "wave", "title", "date", "join_code"]
        if self.workshop is None:
            return pd.DataFrame(columns=columns)
        shops = (
            self.store.community_workshops(self.community_id)
            if self.community_id is not None
            else [self.workshop]
        )
        rows = [(w.id, w.wave, w.title, w.created_at.date(), w.join_code) for w in shops]
        return pd.DataFrame(rows, columns=columns)

    def roster(self) -> pd.DataFrame:
        """Who takes part: pseudonym, role, side and organisation (no names)."""
        columns = ["participant_id", "pseudonym", "role", "side", "organisation"]
        if self.workshop is None:
            return pd.DataFrame(columns=columns)
        sides = {r.id: r.side for r in self.workshop.roles}
        rows = [
            (p.id, p.pseudonym, p.role, sides.get(p.role, "other_professionals"), p.organisation)
            for p in self.store.roster(self.workshop.id)
        ]
        return pd.DataFrame(rows, columns=columns)

    def roles(self) -> list[dict]:
        """The workshop's roles with their side and labels."""
        if self.workshop is None:
            return []
        return [{"id": r.id, "side": r.side, "label": r.label} for r in self.workshop.roles]

    def role_labels(self) -> dict[str, str]:
        """Role id -> label in the workbook's language (to print tables people can read)."""
        return {r["id"]: pick(r["label"], self.lang) for r in self.roles()}

    def answers_by_wave(self) -> dict[int, pd.DataFrame]:
        """The answers of every run of this exercise, by wave (a repeated check or session).

        Runs of earlier workshops in the chain of waves (copied for a next wave) count too.
        """
        result: dict[int, pd.DataFrame] = {}
        workshop = self.workshop
        while workshop is not None:
            for run in self.store.runs(workshop.id):
                if run.exercise_id == self.exercise.id and run.state != "draft":
                    result.setdefault(run.wave, answers_frame(self.store.answers(run.id)))
            previous = workshop.previous_workshop_id
            workshop = self.store.workshop(previous) if previous else None
        return dict(sorted(result.items()))

    def add_run(self, question_set: dict) -> Run | None:
        """Put a run with this question set on the workshop's agenda (e.g. a vote built
        from the proposals); the facilitator opens it from the console."""
        if self.workshop is None:
            return None
        return self.store.add_run(self.workshop.id, question_set, wave=self.workshop.wave)

    def option_labels(self, question_id: str, field_id: str | None = None) -> dict[str, str]:
        """Option id -> label (in the workbook's language) of one of the exercise's questions,
        or of one choice field of a list question's items (``field_id``)."""
        question = self.exercise.question(question_id)
        if field_id is not None:
            question = next(f for f in question.fields if f.id == field_id)
        return {o.id: pick(o.label, self.lang) for o in question.options}

    def text(self, key: str, **values: object) -> str:
        """A text of the message catalogues in the workbook's language (e.g. a reason code's
        explanation: ``wb.text("matching.reason." + code)``)."""
        return t(key, self.lang, **values)

    def offer_run(self, build_question_set, label: str) -> widgets.VBox:
        """A button that puts a run on the agenda, its question set built when clicked
        (e.g. the vote from the proposals so far); running the notebook adds nothing.

        ``build_question_set`` is a function without arguments; a ``ValueError`` it raises
        (too few proposals) is told next to the button.
        """
        button = widgets.Button(description=label, button_style="primary")
        button.layout.width = "auto"
        message = widgets.HTML()

        def add(_button) -> None:
            try:
                question_set = build_question_set()
            except ValueError:
                message.value = notice_html(t("workbook.run_not_ready", self.lang), "warning")
                return
            run = self.add_run(question_set)
            key = "workbook.run_added" if run else "workbook.no_workshop"
            message.value = notice_html(t(key, self.lang), "success" if run else "warning")

        button.on_click(safe_callback(lambda _e: None)(add))
        return widgets.VBox([button, message])

    def offer_records(self, kind_id: str, rows: pd.DataFrame, label: str) -> widgets.VBox:
        """A button that adds suggested records (e.g. risks from step 3) of this exercise's kind.

        Only the kind's fields are kept, each checked like an answer; a suggestion whose
        first field is already recorded is not added twice.
        """
        kind = self.exercise.record_kind(kind_id)
        button = widgets.Button(description=label, button_style="primary")
        button.layout.width = "auto"
        message = widgets.HTML()

        def add(_button) -> None:
            if self.workshop is None:
                message.value = notice_html(t("workbook.no_workshop", self.lang), "warning")
                return
            first = kind.fields[0].id
            existing = {str(r.data.get(first, "")).casefold() for r in self._records(kind_id)}
            added = 0
            for row in rows.to_dict("records"):
                if str(row.get(first, "")).casefold() in existing:
                    continue
                # a DataFrame's empty cell is NaN: offered as "no value"
                values = {k: None if isinstance(v, float) and v != v else v for k, v in row.items()}
                data, errors = validate_fields(kind.fields, values, self.lang)
                if errors:
                    continue
                self.store.add_record(
                    kind_id,
                    data,
                    workshop_id=self.workshop.id,
                    community_id=self.community_id,
                    run_id=self.run.id if self.run else None,
                )
                added += 1
            message.value = notice_html(t("workbook.records_added", self.lang, n=added), "success")

        button.on_click(safe_callback(lambda _e: None)(add))
        return widgets.VBox([button, message])

    def export(self) -> widgets.Widget:
        """An export button: the report or the data of the workshop, or of this exercise."""
        from .facilitator.export_panel import export_panel

        return export_panel(self)

    @staticmethod
    def chart(svg: str, description: str) -> widgets.HTML:
        """Show a chart (SVG from :mod:`cocreate_widgets.charts`) with its text alternative."""
        from .charts import figure_html

        return widgets.HTML(figure_html(svg, description))
