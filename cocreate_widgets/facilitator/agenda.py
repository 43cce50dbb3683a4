"""The agenda: runs in order, and open / close / reopen / reveal / next, and the timer."""

from __future__ import annotations

import ipywidgets as widgets

from ..controls import Countdown
from ..exercises import load_exercise_by_id, usable_exercises
from ..i18n import t
from ..localtext import pick
from ..participant.follow import epoch
from ..store import Store
from ..store.base import utcnow
from ..store.types import Run
from .panels import Panel
from .reveal import reveal_run
from .tables import html_table


class AgendaPanel(Panel):
    """Which exercise is open, what comes next, and the countdown everyone sees."""

    def __init__(self, store: Store, lang: str) -> None:
        super().__init__(store, lang)
        self.table = widgets.HTML()
        self.run_picker = widgets.Dropdown(description=t("console.run", lang))
        self.free_text = widgets.Checkbox(description=t("console.reveal_free_text", lang))
        actions = [
            self.button("console.open", lambda: self._act("open"), "success"),
            self.button("console.close", lambda: self._act("close"), "warning"),
            self.button("console.reopen", lambda: self._act("reopen")),
            self.button("console.reveal", lambda: self._act("reveal"), "info"),
            self.button("console.hide", lambda: self._act("hide")),
            self.button("console.next", self.next_run, "primary"),
        ]
        self._autoclose_at = None
        self.exercise_picker = widgets.Dropdown(description=t("console.exercise", lang))
        add = self.button("console.add_exercise", self.add_exercise)
        self.minutes = widgets.BoundedIntText(
            value=5, min=1, max=180, description=t("console.minutes", lang)
        )
        self.autoclose = widgets.Checkbox(description=t("console.autoclose", lang))
        timer_buttons = [
            self.button("console.timer_start", self.start_timer),
            self.button("console.timer_plus1", lambda: self.extend_timer(1)),
            self.button("console.timer_plus5", lambda: self.extend_timer(5)),
            self.button("console.timer_stop", self.stop_timer),
        ]
        self.countdown = Countdown(
            lang=lang, texts={"time_left": t("timer.left", lang), "time_up": t("timer.up", lang)}
        )
        self.widget = widgets.VBox(
            [
                self.table,
                self.run_picker,
                widgets.HBox(actions, layout=widgets.Layout(flex_flow="row wrap")),
                self.free_text,
                self.message,
                widgets.HTML(f"<h3>{t('console.timer', lang)}</h3>"),
                widgets.HBox([self.minutes, self.autoclose]),
                widgets.HBox(timer_buttons, layout=widgets.Layout(flex_flow="row wrap")),
                self.countdown,
                widgets.HTML(f"<h3>{t('console.add_exercise', lang)}</h3>"),
                widgets.HBox([self.exercise_picker, add]),
            ]
        )
        exercises, problems = usable_exercises()
        self.exercise_picker.options = [(pick(e.title, lang), e.id) for e in exercises]
        if problems:
            self.say("console.broken_exercises", "warning", problems="; ".join(problems))
        self.choose_first(self.exercise_picker)

    def refresh(self) -> None:
        """Redraw the agenda table, the run picker and the countdown."""
        if self.workshop_id is None:
            self.table.value = ""
            self.run_picker.options = []
            return
        runs = self.store.runs(self.workshop_id)
        counts = self.store.response_counts(self.workshop_id)
        timers = [r.timer_ends_at for r in runs if r.state == "open" and r.timer_autoclose]
        self._autoclose_at = min((end for end in timers if end), default=None)
        rows = [
            (
                run.position,
                pick(run.title, self.lang),
                t(f"state.{run.state}", self.lang),
                sum(counts.get(run.id, {}).values()),
            )
            for run in runs
        ]
        headers = [
            t(k, self.lang)
            for k in ("console.nr", "console.exercise", "console.state", "console.answers")
        ]
        html = html_table(headers, rows)
        if html != self.table.value:
            self.table.value = html
        options = [
            (f"{r.position}. {pick(r.title, self.lang)} — {t(f'state.{r.state}', self.lang)}", r.id)
            for r in runs
        ]
        if list(self.run_picker.options) != options:
            keep = self.run_picker.value
            self.run_picker.options = options
            ids = [value for _label, value in options]
            preferred = next((r.id for r in runs if r.state == "open"), keep)
            self.run_picker.value = preferred if preferred in ids else (ids[0] if ids else None)
        selected = self.selected_run()
        ends = epoch(selected.timer_ends_at) if selected and selected.state == "open" else 0.0
        if ends != self.countdown.ends_at:
            self.countdown.server_now = epoch(utcnow())
            self.countdown.ends_at = ends

    def close_when_time_is_up(self) -> None:
        """Close a run whose auto-closing countdown reached zero (called on every poll tick)."""
        due = self._autoclose_at
        if due is not None and due <= utcnow() and self.workshop_id is not None:
            self._autoclose_at = None
            if self.store.close_expired_runs(self.workshop_id):
                self.refresh()

    def selected_run(self) -> Run | None:
        """The run chosen in the picker."""
        return self.store.run(self.run_picker.value) if self.run_picker.value else None

    def _act(self, action: str) -> None:
        run = self.selected_run()
        if run is None:
            self.say("console.pick_run", "warning")
            return
        if action == "open":
            self.store.open_run(run.id)
        elif action == "close":
            self.store.close_run(run.id)
        elif action == "reopen":
            self.store.reopen_run(run.id)
        elif action == "reveal":
            reveal_run(self.store, run, free_text=self.free_text.value)
        elif action == "hide":
            self.store.hide_result(run.id)
        self.say(f"console.done_{action}", "success", title=pick(run.title, self.lang))
        self.refresh()

    def next_run(self) -> Run | None:
        """Close what is open and open the first draft run after it."""
        runs = self.store.runs(self.workshop_id)
        for run in runs:
            if run.state == "open":
                self.store.close_run(run.id)
        started = [r.position for r in runs if r.state != "draft"]
        after = max(started, default=0)
        upcoming = [r for r in runs if r.state == "draft" and r.position > after] or [
            r for r in runs if r.state == "draft"
        ]
        if not upcoming:
            self.say("console.agenda_done", "info")
            self.refresh()
            return None
        opened = self.store.open_run(upcoming[0].id)
        self.say("console.done_open", "success", title=pick(opened.title, self.lang))
        self.refresh()
        return opened

    def add_exercise(self) -> Run | None:
        """Put the chosen exercise on the agenda."""
        if self.workshop_id is None or not self.exercise_picker.value:
            return None
        exercise = load_exercise_by_id(self.exercise_picker.value)
        wave = self.store.workshop(self.workshop_id).wave
        run = self.store.add_run(self.workshop_id, exercise.to_dict(), wave=wave)
        self.refresh()
        return run

    def start_timer(self) -> None:
        """Start the countdown on the chosen run."""
        run = self.selected_run()
        if run is None:
            self.say("console.pick_run", "warning")
            return
        self.store.set_timer(run.id, self.minutes.value, autoclose=self.autoclose.value)
        self.refresh()

    def extend_timer(self, minutes: int) -> None:
        """Give more time."""
        run = self.selected_run()
        if run is not None:
            self.store.extend_timer(run.id, minutes)
            self.refresh()

    def stop_timer(self) -> None:
        """Remove the countdown."""
        run = self.selected_run()
        if run is not None:
            self.store.stop_timer(run.id)
            self.refresh()
