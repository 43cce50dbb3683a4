"""Find your ideal partner, the facilitator's side: see the matching, change it, reveal it.

The panel shows the best matching (or the one kept earlier), why each pair belongs together,
who is left and why, and lets the facilitator swap two people, add someone to a pair as a
trio or take someone out. Every change is kept at once (``keep_groups``), so the reveal,
another facilitator's screen and a restarted kernel all show the same matching.
"""

from __future__ import annotations

from html import escape

import ipywidgets as widgets
import pandas as pd

from ..analysis import answers_frame
from ..analysis.partners import (
    describe_groups,
    join_group,
    leave_group,
    match_partners,
    partner_profiles,
    swap_members,
    unmatched,
)
from ..board import board
from ..exercises.model import Exercise
from ..i18n import t
from ..localtext import pick
from ..personal.partner import THEMES, current_groups, keep_groups
from ..safety import notice_html
from ..store import Store
from ..store.types import Run
from .panels import Panel
from .reveal import reveal_run
from .tables import html_table


class PartnerMatchingPanel(Panel):
    """The matching of one ``find_partner`` run, editable until (and after) the reveal."""

    def __init__(self, store: Store, lang: str, run: Run) -> None:
        super().__init__(store, lang)
        self.run = run
        self.workshop_id = run.workshop_id
        self.exercise = Exercise.from_dict(run.question_set)
        self.groups: list[list[int]] = []
        self.profiles = pd.DataFrame()
        self.pairs = widgets.HTML()
        self.state_line = widgets.HTML()
        self.left = widgets.HTML()
        self.first = widgets.Dropdown(description=t("matching.first", lang))
        self.second = widgets.Dropdown(description=t("matching.second", lang))
        self.loner = widgets.Dropdown(description=t("matching.person", lang))
        self.group = widgets.Dropdown(description=t("matching.group", lang))
        self.leaver = widgets.Dropdown(description=t("matching.person", lang))
        self.widget = widgets.VBox(
            [
                self.state_line,
                self.pairs,
                self.left,
                widgets.HTML(f"<h4>{escape(t('matching.swap_title', lang))}</h4>"),
                widgets.HBox(
                    [self.first, self.second, self.button("matching.swap", self._swap)],
                    layout=widgets.Layout(flex_flow="row wrap"),
                ),
                widgets.HTML(f"<h4>{escape(t('matching.join_title', lang))}</h4>"),
                widgets.HBox(
                    [self.loner, self.group, self.button("matching.join", self._join)],
                    layout=widgets.Layout(flex_flow="row wrap"),
                ),
                widgets.HBox(
                    [self.leaver, self.button("matching.leave", self._leave)],
                    layout=widgets.Layout(flex_flow="row wrap"),
                ),
                widgets.HBox(
                    [
                        self.button("matching.best", self._best),
                        self.button("matching.reveal", self._reveal, "primary"),
                    ],
                    layout=widgets.Layout(flex_flow="row wrap"),
                ),
                self.message,
            ]
        )
        self.widget.add_class("cc-matching")

    def refresh(self) -> None:
        """Read the answers and the kept matching again, and redraw."""
        self.run = self.store.run(self.run.id)
        self.profiles = partner_profiles(answers_frame(self.store.answers(self.run.id)), THEMES)
        self.groups = (
            current_groups(self.store, self.run, self.profiles) if len(self.profiles) else []
        )
        described = describe_groups(self.groups, self.profiles)
        left = unmatched(self.groups, self.profiles)
        self.pairs.value = self._pairs_table(described)
        self.left.value = self._left_table(left)
        people = [
            (f"{p.pseudonym} ({self._role(p.role)})", int(p.participant_id))
            for p in self.profiles.itertuples()
        ]
        _set_options(self.first, people)
        _set_options(self.second, people)
        _set_options(self.leaver, [o for o in people if self._grouped(o[1])])
        _set_options(self.loner, [o for o in people if not self._grouped(o[1])])
        _set_options(
            self.group,
            [(t("matching.group_n", self.lang, n=i + 1), i + 1) for i in range(len(self.groups))],
        )
        revealed = self.run.state == "revealed"
        self.state_line.value = (
            notice_html(t("matching.revealed_note", self.lang), "info") if revealed else ""
        )

    def _grouped(self, participant_id: int) -> bool:
        return any(participant_id in g for g in self.groups)

    def _role(self, role: str) -> str:
        workshop = self.store.workshop(self.run.workshop_id)
        found = workshop.role(role)
        return pick(found.label, self.lang) if found else role

    def _theme_labels(self, ids: list[str]) -> str:
        labels = {o.id: pick(o.label, self.lang) for o in self.exercise.question(THEMES).options}
        return ", ".join(labels.get(i, i) for i in ids)

    def _pairs_table(self, described: pd.DataFrame) -> str:
        if not len(described):
            return f"<p class='cc-note'>{escape(t('matching.no_pairs', self.lang))}</p>"
        rows = []
        for row in described.to_dict("records"):
            who = ", ".join(
                f"{name} ({self._role(role)})"
                for name, role in zip(row["pseudonyms"], row["roles"], strict=True)
            )
            notes = []
            if row["nothing_in_common"]:
                notes.append(t("matching.nothing_in_common", self.lang))
            if not row["fits_rule"]:
                notes.append(t("matching.breaks_rule", self.lang))
            rows.append(
                (row["group"], who, self._theme_labels(row["shared"]) or "–", "; ".join(notes))
            )
        headers = [t(f"matching.col.{c}", self.lang) for c in ("group", "who", "shared", "note")]
        return html_table(headers, rows, t("matching.pairs_caption", self.lang))

    def _left_table(self, left: pd.DataFrame) -> str:
        if not len(left):
            return f"<p class='cc-note'>{escape(t('matching.everyone_paired', self.lang))}</p>"
        rows = []
        for row in left.to_dict("records"):
            suggestion = row.get("suggested_group")
            hint = (
                t("matching.suggest_join", self.lang, n=int(suggestion))
                if suggestion is not None and suggestion == suggestion
                else ""
            )
            rows.append(
                (
                    f"{row['pseudonym']} ({self._role(row['role'])})",
                    t(f"matching.reason.{row['reason']}", self.lang),
                    hint,
                )
            )
        headers = [t(f"matching.col.{c}", self.lang) for c in ("who", "why", "suggestion")]
        return html_table(headers, rows, t("matching.left_caption", self.lang))

    def _change(self, change) -> None:
        """Apply a change to the groups; a change that cannot be made is told, not raised."""
        try:
            groups = change(self.groups)
        except ValueError:
            self.say("matching.cannot", "warning")
            return
        keep_groups(self.store, self.run, groups)
        self.refresh()
        self.say("matching.kept", "success")

    def _swap(self) -> None:
        self._change(lambda g: swap_members(g, self.first.value, self.second.value))

    def _join(self) -> None:
        self._change(lambda g: join_group(g, self.loner.value, self.group.value))

    def _leave(self) -> None:
        self._change(lambda g: leave_group(g, self.leaver.value))

    def _best(self) -> None:
        self._change(lambda _g: match_partners(self.profiles))

    def _reveal(self) -> None:
        keep_groups(self.store, self.run, self.groups)
        self.run = reveal_run(self.store, self.run)
        self.refresh()
        self.say("matching.revealed", "success")


def _set_options(dropdown: widgets.Dropdown, options: list[tuple[str, int]]) -> None:
    """New options, keeping the selection when it is still there (else nothing selected)."""
    if list(dropdown.options) == options:
        return
    keep = dropdown.value
    dropdown.options = options
    dropdown.value = keep if any(v == keep for _, v in options) else None


def partner_matching(workbook) -> widgets.Widget:
    """The matching panel of a workbook's ``find_partner`` run, kept current as answers arrive."""
    if workbook.run is None:
        return widgets.HTML(notice_html(t("workbook.no_run", workbook.lang), "warning"))
    return workbook.follow(PartnerMatchingPanel(workbook.store, workbook.lang, workbook.run))


def matching_groups(workbook) -> list[list[int]]:
    """The groups of a workbook's ``find_partner`` run: kept by the facilitator, else the best."""
    if workbook.run is None:
        return []
    profiles = partner_profiles(workbook.answers(), THEMES)
    return current_groups(workbook.store, workbook.run, profiles) if len(profiles) else []


def agreement_board(agreements: pd.DataFrame, names: list[str], labels: dict[str, str], lang: str):
    """Per pair a column of what they agreed, each answer with its question and who wrote it,
    so two versions of one pair stand side by side. ``agreements`` comes from
    :func:`~cocreate_widgets.analysis.partners.agreements_by_group`; ``names`` names each
    group; ``labels`` maps the question ids to show to their labels."""
    columns: dict[str, list[tuple[str, str]]] = {}
    for row, name in zip(agreements.to_dict("records"), names, strict=True):
        heading = t("matching.group_n", lang, n=row["group"]) + f": {name}"
        columns[heading] = [
            (str(value), f"{label} · {who or '?'}")
            for qid, label in labels.items()
            for who, value in row[qid]
        ]
    return board(columns, t("matching.agreement_empty", lang), t("matching.agreements", lang))
