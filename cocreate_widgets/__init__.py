"""cocreate_widgets: facilitation workbooks for co-creation in care.

What notebooks use comes from here. The participant app imports only what a participant
needs; the facilitator's parts (pandas, charts) load on first use.

Apps (one call each, shown as the notebook's output):

- :func:`participant_app` — join, consent, follow the facilitator.
- :func:`facilitator_console` — run a workshop live.
- :func:`projector_view` — the big screen: code, QR code, timer, revealed results.

For workbooks: :class:`Workbook`; the analysis functions (:func:`answers_frame`,
:func:`statement_consensus`, :func:`answers_side_by_side`, :func:`rating_distribution`,
:func:`choice_counts`, :func:`ranking_scores`, :func:`totals`, :func:`word_counts`); the
charts (:func:`likert_chart`, :func:`bar_chart`); and :func:`render_results`. Data: :class:`Store`, :func:`load_exercise_by_id`.
"""

from __future__ import annotations

import importlib
from typing import Any

import ipywidgets as widgets

from .store import Store
from .theme import stylesheet

__version__ = "0.1.0"

_LAZY = {
    "list_exercises": "cocreate_widgets.exercises",
    "load_exercise": "cocreate_widgets.exercises",
    "load_exercise_by_id": "cocreate_widgets.exercises",
    "Workbook": "cocreate_widgets.workbook",
    "render_results": "cocreate_widgets.results",
    "Console": "cocreate_widgets.facilitator",
    "ProjectorView": "cocreate_widgets.facilitator",
    "reveal_run": "cocreate_widgets.facilitator",
    "load_demo": "cocreate_widgets.demo",
    "ParticipantApp": "cocreate_widgets.participant",
    "ExerciseForm": "cocreate_widgets.forms",
    "answers_frame": "cocreate_widgets.analysis",
    "answers_side_by_side": "cocreate_widgets.analysis",
    "statement_consensus": "cocreate_widgets.analysis",
    "rating_distribution": "cocreate_widgets.analysis",
    "choice_counts": "cocreate_widgets.analysis",
    "ranking_scores": "cocreate_widgets.analysis",
    "totals": "cocreate_widgets.analysis",
    "word_counts": "cocreate_widgets.analysis",
    "likert_chart": "cocreate_widgets.charts",
    "bar_chart": "cocreate_widgets.charts",
    "feedback_trend": "cocreate_widgets.analysis",
    "pulse_trend": "cocreate_widgets.analysis",
    "suggestions": "cocreate_widgets.analysis",
    "weakest_points": "cocreate_widgets.analysis",
    "goals_from_ambitions": "cocreate_widgets.analysis",
    "prioritise": "cocreate_widgets.analysis",
    "proposed_ambitions": "cocreate_widgets.analysis",
    "top_ambitions": "cocreate_widgets.analysis",
    "vote_question_set": "cocreate_widgets.analysis",
    "clashing_interests": "cocreate_widgets.analysis",
    "financing_differences": "cocreate_widgets.analysis",
    "interest_matrix": "cocreate_widgets.analysis",
    "too_small_interests": "cocreate_widgets.analysis",
    "mandate_warnings": "cocreate_widgets.analysis",
    "plan_gaps": "cocreate_widgets.analysis",
    "precondition_status": "cocreate_widgets.analysis",
    "risk_table": "cocreate_widgets.analysis",
    "risks_from_interests": "cocreate_widgets.analysis",
    "timeline": "cocreate_widgets.analysis",
    "missing_parties": "cocreate_widgets.analysis",
    "table_coverage": "cocreate_widgets.analysis",
    "MIN_GROUP_SIZE": "cocreate_widgets.analysis",
    "TRIO_PLACES": "cocreate_widgets.analysis",
    "agreements_by_group": "cocreate_widgets.analysis",
    "can_pair": "cocreate_widgets.analysis",
    "describe_groups": "cocreate_widgets.analysis",
    "describe_trios": "cocreate_widgets.analysis",
    "join_group": "cocreate_widgets.analysis",
    "leave_group": "cocreate_widgets.analysis",
    "match_partners": "cocreate_widgets.analysis",
    "max_pairs": "cocreate_widgets.analysis",
    "partner_profiles": "cocreate_widgets.analysis",
    "propose_trios": "cocreate_widgets.analysis",
    "swap_members": "cocreate_widgets.analysis",
    "unmatched": "cocreate_widgets.analysis",
    "gantt_chart": "cocreate_widgets.charts",
    "heatmap": "cocreate_widgets.charts",
    "risk_matrix": "cocreate_widgets.charts",
    "trend_chart": "cocreate_widgets.charts",
    "activities_in_cell": "cocreate_widgets.analysis",
    "audience_channel_matrix": "cocreate_widgets.analysis",
    "coverage_gaps": "cocreate_widgets.analysis",
    "coverage_grid": "cocreate_widgets.analysis",
    "development_interest": "cocreate_widgets.analysis",
    "energy_map_data": "cocreate_widgets.analysis",
    "exchange_candidates": "cocreate_widgets.analysis",
    "initiative_key": "cocreate_widgets.analysis",
    "initiatives_to_join": "cocreate_widgets.analysis",
    "learning_board": "cocreate_widgets.analysis",
    "learning_items": "cocreate_widgets.analysis",
    "level_depth_summary": "cocreate_widgets.analysis",
    "own_skills": "cocreate_widgets.analysis",
    "skills_profile": "cocreate_widgets.analysis",
    "skills_table": "cocreate_widgets.analysis",
    "ways_to_work_differently": "cocreate_widgets.analysis",
    "weakest_skills": "cocreate_widgets.analysis",
    "energy_map": "cocreate_widgets.charts",
    "radar_chart": "cocreate_widgets.charts",
    "SKILLS": "cocreate_widgets.analysis",
    "development_tracks": "cocreate_widgets.analysis",
    "next_rungs": "cocreate_widgets.analysis",
    "trio_profiles": "cocreate_widgets.analysis",
    "board": "cocreate_widgets.board",
    "board_from": "cocreate_widgets.board",
    "agreement_board": "cocreate_widgets.facilitator.partner_matching",
    "matching_groups": "cocreate_widgets.facilitator.partner_matching",
    "partner_matching": "cocreate_widgets.facilitator.partner_matching",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    if name == "analysis":
        return importlib.import_module("cocreate_widgets.analysis")
    raise AttributeError(name)


def participant_app(store: Store | None = None, lang: str | None = None) -> widgets.VBox:
    """The participant app as one widget (what ``apps/participant.ipynb`` shows).

    ``lang`` defaults to ``COCREATE_LANG`` (set by ``cocreate serve --lang``), then to the
    workshop's language once the code is known; the participant can switch any time.
    """
    from .participant import ParticipantApp

    app = ParticipantApp(store or Store(light=True), lang=lang)
    box = widgets.VBox([stylesheet(), app.widget])
    box.app = app  # keeps the app (and its poller) alive with the widget
    return box


def facilitator_console(workshop_id: int | None = None, lang: str = "nl") -> widgets.VBox:
    """The facilitator's console as one widget."""
    from .facilitator import Console

    store = Store()
    store.upgrade()
    console = Console(store, workshop_id=workshop_id, lang=lang)
    box = widgets.VBox([stylesheet(), console.widget])
    box.console = console
    return box


def projector_view(workshop_id: int | None = None, lang: str | None = None) -> widgets.VBox:
    """The projector view as one widget."""
    from .facilitator import ProjectorView

    view = ProjectorView(Store(), workshop_id=workshop_id, lang=lang)
    box = widgets.VBox([stylesheet(), view.widget])
    box.view = view
    return box


__all__ = [
    "Console",
    "ExerciseForm",
    "MIN_GROUP_SIZE",
    "ParticipantApp",
    "ProjectorView",
    "SKILLS",
    "Store",
    "TRIO_PLACES",
    "Workbook",
    "activities_in_cell",
    "agreement_board",
    "agreements_by_group",
    "answers_frame",
    "answers_side_by_side",
    "audience_channel_matrix",
    "bar_chart",
    "board",
    "board_from",
    "can_pair",
    "choice_counts",
    "clashing_interests",
    "coverage_gaps",
    "coverage_grid",
    "describe_groups",
    "describe_trios",
    "development_interest",
    "development_tracks",
    "energy_map",
    "energy_map_data",
    "exchange_candidates",
    "facilitator_console",
    "feedback_trend",
    "financing_differences",
    "gantt_chart",
    "goals_from_ambitions",
    "heatmap",
    "initiative_key",
    "initiatives_to_join",
    "interest_matrix",
    "join_group",
    "learning_board",
    "learning_items",
    "leave_group",
    "level_depth_summary",
    "likert_chart",
    "list_exercises",
    "load_demo",
    "load_exercise",
    "load_exercise_by_id",
    "mandate_warnings",
    "match_partners",
    "matching_groups",
    "max_pairs",
    "missing_parties",
    "next_rungs",
    "own_skills",
    "participant_app",
    "partner_matching",
    "partner_profiles",
    "plan_gaps",
    "precondition_status",
    "prioritise",
    "projector_view",
    "propose_trios",
    "proposed_ambitions",
    "pulse_trend",
    "radar_chart",
    "ranking_scores",
    "rating_distribution",
    "render_results",
    "reveal_run",
    "risk_matrix",
    "risk_table",
    "risks_from_interests",
    "skills_profile",
    "skills_table",
    "statement_consensus",
    "stylesheet",
    "suggestions",
    "swap_members",
    "table_coverage",
    "timeline",
    "too_small_interests",
    "top_ambitions",
    "totals",
    "trend_chart",
    "trio_profiles",
    "unmatched",
    "vote_question_set",
    "ways_to_work_differently",
    "weakest_points",
    "weakest_skills",
    "word_counts",
]
