"""The facilitator's console: one screen to run a workshop live.

Panels for the workshop, the agenda and timer, live results, the roster, answers entered for
someone, and decisions. One poller follows the database and redraws what changed.
"""

from __future__ import annotations

from html import escape

import ipywidgets as widgets

from ..i18n import t
from ..live import Poller
from ..store import Store
from .agenda import AgendaPanel
from .export_panel import ExportPanel
from .join_info import join_link
from .live_results import LiveResultsPanel
from .on_behalf import OnBehalfPanel
from .panels import tidy
from .record_editor import RecordEditor, decision_kind
from .roster import RosterPanel
from .setup import WorkshopSetupPanel


class Console:
    """The facilitator's console for one workshop at a time."""

    def __init__(
        self, store: Store | None = None, *, workshop_id: int | None = None, lang: str = "nl"
    ) -> None:
        self.store = store or Store()
        self.lang = lang
        self.header = widgets.HTML()
        self.setup = WorkshopSetupPanel(self.store, lang, self.show_workshop)
        self.agenda = AgendaPanel(self.store, lang)
        self.results = LiveResultsPanel(self.store, lang)
        self.roster = RosterPanel(self.store, lang)
        self.on_behalf = OnBehalfPanel(self.store, lang)
        self.decisions = RecordEditor(self.store, lang, decision_kind(lang))
        self.export = ExportPanel(self.store, lang)
        self.panels = [
            self.agenda,
            self.results,
            self.roster,
            self.on_behalf,
            self.decisions,
            self.setup,
            self.export,
        ]
        self.tabs = widgets.Tab(children=[tidy(p.widget) for p in self.panels])
        for index, key in enumerate(
            (
                "console.tab_agenda",
                "console.tab_results",
                "console.tab_roster",
                "console.tab_on_behalf",
                "console.tab_decisions",
                "console.tab_workshop",
                "console.tab_export",
            )
        ):
            self.tabs.set_title(index, t(key, lang))
        self.widget = widgets.VBox([self.header, self.tabs])
        self.widget.add_class("cc-console")
        self.poller = Poller(
            self._poll_value,
            self.setup.guard(self._on_change),
            interval=0.5,
            on_tick=self.agenda.guard(self.agenda.close_when_time_is_up),
        )
        self.workshop_id: int | None = None
        if workshop_id is None:
            existing = self.store.workshops()
            workshop_id = existing[0].id if existing else None
        self.show_workshop(workshop_id)

    def show_workshop(self, workshop_id: int | None) -> None:
        """Run this workshop in the console."""
        self.workshop_id = workshop_id
        for panel in self.panels:
            panel.workshop_id = workshop_id
        self.refresh()
        if workshop_id is None:
            self.tabs.selected_index = len(self.panels) - 1
        self.poller.last = self._poll_value()
        self.poller.start()

    def _poll_value(self):
        return self.store.poll_state(self.workshop_id) if self.workshop_id else None

    def _on_change(self, _value) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Redraw every panel (each changes only what differs)."""
        if self.workshop_id is not None:
            workshop = self.store.workshop(self.workshop_id)
            self.header.value = (
                f"<div class='cc-header'><h1>{escape(workshop.title)}</h1>"
                f"<p>{escape(t('console.code', self.lang))}: <strong>{escape(workshop.join_code)}"
                f"</strong> · <a href='{escape(join_link(workshop))}' target='_blank' rel='noopener'>"
                f"{escape(join_link(workshop))}</a></p></div>"
            )
        else:
            self.header.value = f"<h1>{escape(t('console.no_workshop', self.lang))}</h1>"
        for panel in self.panels:
            panel.guard(panel.refresh)()  # one failing panel must not stop the others
