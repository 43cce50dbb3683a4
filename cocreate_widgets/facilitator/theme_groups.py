"""Theme groups, the facilitator's side: name the main themes, put each participant in one,
and give every group its own run of the proposals exercise.

Saving makes one small group per theme (``store.create_small_group``) and puts one run of
the exercise on the agenda per group (a run with ``small_group_id``): each phone shows only
its own group's form, while the core team later reads all groups' proposals together
(:func:`group_answers`). Theme names are checked before anything is saved; a group that is
saved stays, and a second save only adds new themes.
"""

from __future__ import annotations

import copy
from html import escape

import ipywidgets as widgets
import pandas as pd

from ..analysis import answers_frame
from ..answers import clean_text
from ..exercises.model import Exercise
from ..i18n import t
from ..localtext import pick
from ..safety import notice_html
from ..store import Store
from .panels import Panel
from .tables import html_table

MAX_THEME_LENGTH = 80
MAX_THEMES = 12


class ThemeNameError(ValueError):
    """Theme names that cannot be saved; ``key`` and ``values`` make the message."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


def _same(name: str) -> str:
    return " ".join(name.split()).casefold()


def check_theme_names(text: str, taken: list[str] | tuple[str, ...] = ()) -> list[str]:
    """The theme names typed one per line, spaces tidied, blank lines skipped.

    Raises :class:`ThemeNameError` when there is no name, more than ``MAX_THEMES``, a name
    longer than ``MAX_THEME_LENGTH``, a name twice (case and spaces do not count) or a name
    of a group already saved (``taken``).
    """
    names = [" ".join(line.split()) for line in clean_text(str(text or "")).splitlines()]
    names = [n for n in names if n]
    if not names:
        raise ThemeNameError("theme_groups.error.none")
    if len(names) > MAX_THEMES:
        raise ThemeNameError("theme_groups.error.too_many", n=MAX_THEMES)
    seen: set[str] = {_same(n) for n in taken}
    for name in names:
        if len(name) > MAX_THEME_LENGTH:
            raise ThemeNameError("theme_groups.error.too_long", name=name[:30], n=MAX_THEME_LENGTH)
        if _same(name) in seen:
            raise ThemeNameError("theme_groups.error.twice", name=name)
        seen.add(_same(name))
    return names


def mixed_assignment(people: pd.DataFrame, themes: list[str]) -> dict[int, str]:
    """A suggestion: participants spread over the themes so every group mixes the sides.

    ``people`` has ``participant_id`` and ``side``; they are dealt out side by side (patients'
    side first), each to the theme with the fewest people so far (ties: the first theme).
    """
    if not themes or not len(people):
        return {}
    counts = dict.fromkeys(themes, 0)
    result: dict[int, str] = {}
    order = {"patient_side": 0, "care_providers": 1}
    ranked = sorted(
        people.to_dict("records"),
        key=lambda p: (order.get(p.get("side"), 2), p["participant_id"]),
    )
    for person in ranked:
        theme = min(themes, key=lambda name: counts[name])
        result[int(person["participant_id"])] = theme
        counts[theme] += 1
    return result


def group_question_set(question_set: dict, group_name: str) -> dict:
    """A copy of the question set whose title names the group (on the agenda and the phone)."""
    result = copy.deepcopy(question_set)
    result["title"] = {lang: f"{text} · {group_name}" for lang, text in result["title"].items()}
    return result


class ThemeGroupsPanel(Panel):
    """Theme names, a drop-down per participant, and saving the groups with their runs."""

    def __init__(self, store: Store, lang: str, exercise: Exercise) -> None:
        super().__init__(store, lang)
        self.exercise = exercise
        self.themes = widgets.Textarea(
            description=t("theme_groups.themes", lang),
            placeholder=t("theme_groups.themes_placeholder", lang),
            rows=4,
            layout=widgets.Layout(width="34em"),
        )
        self.themes_message = widgets.HTML()
        self.people = widgets.VBox()
        self.people.add_class("cc-theme-people")
        self.choices: dict[int, widgets.Dropdown] = {}
        self.open_now = widgets.Checkbox(value=False, description=t("theme_groups.open_now", lang))
        self.saved = widgets.HTML()
        self.names: list[str] = []
        self.apply_button = self.button("theme_groups.apply", self._apply)
        self.suggest_button = self.button("theme_groups.suggest", self._suggest)
        self.save_button = self.button("theme_groups.save", self._save, "primary")
        self.widget = widgets.VBox(
            [
                self.saved,
                widgets.HTML(f"<h4>{escape(t('theme_groups.title', lang))}</h4>"),
                self.themes,
                self.themes_message,
                widgets.HBox(
                    [self.apply_button, self.suggest_button],
                    layout=widgets.Layout(flex_flow="row wrap"),
                ),
                self.people,
                self.open_now,
                self.save_button,
                self.message,
            ]
        )
        self.widget.add_class("cc-theme-groups")

    def _roster(self) -> pd.DataFrame:
        workshop = self.store.workshop(self.workshop_id)
        sides = {r.id: r.side for r in workshop.roles}
        labels = {r.id: pick(r.label, self.lang) for r in workshop.roles}
        rows = [
            (p.id, p.pseudonym, labels.get(p.role, p.role), sides.get(p.role, ""))
            for p in self.store.roster(self.workshop_id)
        ]
        return pd.DataFrame(rows, columns=["participant_id", "pseudonym", "role", "side"])

    def _saved_groups(self) -> list[dict]:
        groups = self.store.workshop_small_groups(self.workshop_id)
        runs = {
            r.small_group_id
            for r in self.store.runs(self.workshop_id)
            if r.exercise_id == self.exercise.id and r.small_group_id is not None
        }
        return [g for g in groups if g["id"] in runs]

    def refresh(self) -> None:
        """Read the roster and the saved groups again; a choice already made is kept."""
        if self.workshop_id is None:
            return
        roster = self._roster()
        names = {p.id: p.pseudonym for p in self.store.roster(self.workshop_id)}
        saved = self._saved_groups()
        if saved:
            rows = [
                (g["name"], ", ".join(names.get(i, "?") for i in g["member_ids"])) for g in saved
            ]
            headers = [t("theme_groups.col.group", self.lang), t("theme_groups.col.who", self.lang)]
            self.saved.value = html_table(headers, rows, t("theme_groups.saved_caption", self.lang))
        else:
            self.saved.value = ""
        for person in roster.itertuples():
            if person.participant_id not in self.choices:
                self.choices[person.participant_id] = widgets.Dropdown(
                    description=f"{person.pseudonym} ({person.role})"
                )
        present = set(roster["participant_id"])
        self.choices = {pid: d for pid, d in self.choices.items() if pid in present}
        self._set_theme_options()
        children = tuple(self.choices.values())
        if self.people.children != children:
            for dropdown in children:  # room for the name and for the theme
                dropdown.style.description_width = "initial"
                dropdown.layout.width = "34em"
            self.people.children = children

    def _set_theme_options(self) -> None:
        options = [(t("theme_groups.no_theme", self.lang), ""), *((n, n) for n in self.names)]
        for dropdown in self.choices.values():
            if list(dropdown.options) != options:
                keep = dropdown.value
                dropdown.options = options
                dropdown.value = keep if keep in self.names else ""

    def _read_names(self) -> bool:
        """Check the typed theme names; tell what is wrong next to the field."""
        try:
            taken = [g["name"] for g in self._saved_groups()]
            self.names = check_theme_names(self.themes.value, taken)
        except ThemeNameError as error:
            self.themes_message.value = notice_html(
                t(error.key, self.lang, **error.values), "error"
            )
            return False
        self.themes_message.value = ""
        self._set_theme_options()
        return True

    def _apply(self) -> None:
        if self._read_names():
            self.say("theme_groups.applied", "info", n=len(self.names))

    def _suggest(self) -> None:
        if not self._read_names():
            return
        for participant_id, theme in mixed_assignment(self._roster(), self.names).items():
            if participant_id in self.choices:
                self.choices[participant_id].value = theme
        self.say("theme_groups.suggested", "info")

    def assignment(self) -> dict[str, list[int]]:
        """Theme name -> the participant ids chosen for it (in roster order)."""
        result: dict[str, list[int]] = {n: [] for n in self.names}
        for participant_id, dropdown in self.choices.items():
            if dropdown.value in result:
                result[dropdown.value].append(participant_id)
        return result

    def _save(self) -> None:
        if self.workshop_id is None:
            self.say("workbook.no_workshop", "warning")
            return
        if not self._read_names():
            self.say("theme_groups.not_saved", "error")
            return
        groups = self.assignment()
        empty = [name for name, members in groups.items() if not members]
        if empty:
            self.say("theme_groups.error.empty_group", "error", name=empty[0])
            return
        workshop = self.store.workshop(self.workshop_id)
        question_set = self.exercise.to_dict()
        for name, members in groups.items():
            group_id = self.store.create_small_group(self.workshop_id, name, members)
            run = self.store.add_run(
                self.workshop_id,
                group_question_set(question_set, name),
                wave=workshop.wave,
                small_group_id=group_id,
            )
            if self.open_now.value:
                self.store.open_run(run.id)
        self.themes.value = ""
        self.names = []
        self.refresh()
        self.say("theme_groups.saved", "success", n=len(groups))


def theme_groups(workbook) -> widgets.Widget:
    """The theme groups panel of a workbook's workshop, kept current as people join."""
    if workbook.workshop is None:
        return widgets.HTML(notice_html(t("workbook.no_workshop", workbook.lang), "warning"))
    return workbook.follow(ThemeGroupsPanel(workbook.store, workbook.lang, workbook.exercise))


def group_answers(workbook) -> pd.DataFrame:
    """The answers of every run of the workbook's exercise in its workshop (all theme
    groups), as one answers frame with ``group`` (the small group's name, "" for a run of
    the whole room) and ``run_id``, in agenda order and by pseudonym within a run. Draft runs
    are left out."""
    frames = []
    if workbook.workshop is not None:
        names = {
            g["id"]: g["name"] for g in workbook.store.workshop_small_groups(workbook.workshop.id)
        }
        for run in workbook.store.runs(workbook.workshop.id):
            if run.exercise_id != workbook.exercise.id or run.state == "draft":
                continue
            frame = answers_frame(workbook.store.answers(run.id))
            frame = frame.sort_values(["pseudonym", "participant_id"], kind="stable")
            frames.append(frame.assign(group=names.get(run.small_group_id, ""), run_id=run.id))
    if not frames:
        return answers_frame([]).assign(group=pd.Series(dtype=str), run_id=pd.Series(dtype=int))
    return pd.concat(frames, ignore_index=True)


__all__ = [
    "MAX_THEMES",
    "MAX_THEME_LENGTH",
    "ThemeGroupsPanel",
    "ThemeNameError",
    "check_theme_names",
    "group_answers",
    "group_question_set",
    "mixed_assignment",
    "theme_groups",
]
