"""After joining: the participant's screen follows what the facilitator opens and reveals.

The form of an open run stays the same object while the run stays open, so nothing typed is
lost when the screen refreshes; a closed run keeps its answers visible but disabled; a
revealed run shows what the facilitator released, and what this participant alone sees of it
(their partner, their own profile), all rendered and stored on the facilitator's side (this
kernel needs no pandas and no plotting).
"""

from __future__ import annotations

import calendar
from html import escape

import ipywidgets as widgets

from ..controls import Countdown
from ..exercises.model import Exercise
from ..forms import ExerciseForm
from ..forms.readable import own_answers_html
from ..i18n import t
from ..localtext import pick
from ..safety import notice_html, safe_callback
from ..store import NotFound, Store
from ..store.base import utcnow
from ..store.types import Participant, Run, Workshop


def epoch(moment) -> float:
    """A naive UTC datetime as seconds since the epoch (0 for None)."""
    return float(calendar.timegm(moment.timetuple())) if moment else 0.0


class FollowScreen:
    """The screen of a joined participant; ``refresh()`` redraws it from the store."""

    def __init__(self, store: Store, workshop: Workshop, participant: Participant, lang: str):
        self.store = store
        self.workshop = workshop
        self.participant = participant
        self.lang = lang
        self.form: ExerciseForm | None = None
        self.chosen_run_id: int | None = None
        self.countdown = Countdown(
            lang=lang,
            texts={"time_left": t("timer.left", lang), "time_up": t("timer.up", lang)},
        )
        self.status = widgets.HTML()
        self.body = widgets.VBox()
        self.widget = widgets.VBox([self.countdown, self.status, self.body])
        self.widget.add_class("cc-follow")
        self.shown: tuple = ()

    def refresh(self) -> None:
        """Decide what to show: one open form, a choice of forms, a result, or waiting."""
        me = self.store.participant_by_token(self.workshop.id, self.participant.token)
        if me is None:
            key = "privacy.erased_notice" if self._erased() else "form.removed"
            self._show_only(notice_html(t(key, self.lang), "error"), ("removed",))
            return
        self.participant = me
        my_groups = self.store.small_groups_of(me.id)
        runs = [
            r
            for r in self.store.runs(self.workshop.id, states=("open", "closed", "revealed"))
            if r.small_group_id is None or r.small_group_id in my_groups
        ]
        if self._timer_passed(runs):
            self.store.close_expired_runs(self.workshop.id)
            runs = [r if r.state != "open" else self.store.run(r.id) for r in runs]
        open_runs = [r for r in runs if r.state == "open"]
        chosen = next((r for r in open_runs if r.id == self.chosen_run_id), None)
        if len(open_runs) == 1:
            chosen = open_runs[0]
        if chosen is not None:
            self._show_form(chosen)
        elif open_runs:
            self._show_choice(open_runs)
        else:
            self._show_idle(runs)

    def _erased(self) -> bool:
        """Whether the participant's data was erased (not only taken off the roster)."""
        try:
            return self.store.participant(self.participant.id).erased_at is not None
        except NotFound:
            return True

    @staticmethod
    def _timer_passed(runs: list[Run]) -> bool:
        now = utcnow()
        return any(
            r.state == "open" and r.timer_autoclose and r.timer_ends_at and r.timer_ends_at <= now
            for r in runs
        )

    def _show_only(self, html: str, key: tuple) -> None:
        if self.shown == key:
            return
        self.shown = key
        self.form = None
        self.countdown.ends_at = 0
        self.status.value = html
        self.body.children = []

    def _set_timer(self, run: Run | None) -> None:
        ends = epoch(run.timer_ends_at) if run is not None and run.state == "open" else 0.0
        if ends != self.countdown.ends_at:
            self.countdown.server_now = epoch(utcnow())
            self.countdown.ends_at = ends

    def _show_form(self, run: Run) -> None:
        self._set_timer(run)
        if self.form is None or self.form.run_id != run.id:
            self.form = ExerciseForm(self.store, run, self.participant.id, self.lang)
            title = pick(Exercise.from_dict(run.question_set).title, self.lang)
            self.status.value = f"<h2 class='cc-run-title'>{escape(title)}</h2>"
            self.body.children = [self.form.widget]
        elif self.form.submit_button.disabled:
            self.form.set_open()
        self.shown = ("form", run.id)

    def _show_choice(self, open_runs: list[Run]) -> None:
        key = ("choice", tuple(r.id for r in open_runs))
        self._set_timer(None)
        if self.shown == key:
            return
        self.shown = key
        self.form = None
        self.status.value = f"<h2>{escape(t('follow.choose', self.lang))}</h2>"
        buttons = []
        for run in open_runs:
            button = widgets.Button(
                description=pick(run.title, self.lang)[:60], layout=widgets.Layout(width="100%")
            )
            button.on_click(safe_callback(lambda _e: None)(self._choose_for(run.id)))
            buttons.append(button)
        self.body.children = buttons

    def _choose_for(self, run_id: int):
        def choose(_button) -> None:
            self.chosen_run_id = run_id
            self.refresh()

        return choose

    def _show_idle(self, runs: list[Run]) -> None:
        """No open run: the latest revealed result, else the closed form, else waiting."""
        self._set_timer(None)
        revealed = [r for r in runs if r.state == "revealed" and r.revealed_at]
        latest = max(revealed, key=lambda r: r.revealed_at, default=None)
        if latest is not None:
            key = ("revealed", latest.id, latest.revealed_at)
            if self.shown != key:
                self.shown = key
                self.form = None
                result = self.store.revealed_html(latest.id, self.lang) or ""
                personal = self.store.personal_html(latest.id, self.participant.id, self.lang)
                mine = own_answers_html(
                    Exercise.from_dict(latest.question_set),
                    self.store.my_answers(latest.id, self.participant.id),
                    self.lang,
                )
                self.status.value = notice_html(t("follow.revealed", self.lang), "info")
                shown = [widgets.HTML(result), widgets.HTML(mine)]
                if personal:
                    shown.insert(0, widgets.HTML(personal))
                self.body.children = shown
            return
        if self.form is not None and any(r.id == self.form.run_id for r in runs):
            if not self.form.submit_button.disabled:
                self.form.set_closed()
            self.shown = ("closed", self.form.run_id)
            return
        self._show_only(notice_html(t("follow.waiting", self.lang), "info"), ("waiting",))
