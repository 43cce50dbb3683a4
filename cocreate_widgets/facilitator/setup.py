"""Creating a workshop (or copying one for the next wave) and choosing which one to run."""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets

from ..answers import clean_text
from ..exercises import load_exercise_by_id, usable_exercises
from ..i18n import available_languages, t
from ..localtext import pick
from ..safety import notice_html
from ..store import ANONYMITY_CHOICES, Store
from ..store.types import Workshop
from .panels import Panel

TITLE_MAX = 200
CONSENT_MAX = 5_000
COMMUNITY_MAX = 200
RETENTION_MAX_DAYS = 3650


def parse_retention(text: str) -> int | None:
    """Days typed in the retention field: empty means "until you purge"; raises ValueError
    for anything but a whole number from 1 to ``RETENTION_MAX_DAYS``."""
    cleaned = clean_text(text).strip()
    if not cleaned:
        return None
    if not cleaned.isascii() or not cleaned.isdigit():
        raise ValueError(cleaned)
    days = int(cleaned)
    if not 1 <= days <= RETENTION_MAX_DAYS:
        raise ValueError(cleaned)
    return days


class WorkshopSetupPanel(Panel):
    """Choose a workshop, create a new one, or copy the current one for a next wave."""

    def __init__(self, store: Store, lang: str, on_choose: Callable[[int | None], None]) -> None:
        super().__init__(store, lang)
        self.on_choose = on_choose
        self.picker = widgets.Dropdown(description=t("console.workshop", lang))
        self.title = widgets.Text(description=t("console.title", lang))
        self.language = widgets.Dropdown(
            options=list(available_languages()), value="nl", description=t("console.language", lang)
        )
        self.anonymity = widgets.Dropdown(
            options=[(t(f"anonymity.{a}", lang), a) for a in ANONYMITY_CHOICES],
            value="optional",
            description=t("console.anonymity", lang),
        )
        self.consent = widgets.Textarea(
            value=t("join.consent_default", lang),
            description=t("console.consent", lang),
            layout=widgets.Layout(width="100%", height="6em"),
        )
        self.retention = widgets.Text(
            description=t("console.retention", lang),
            placeholder=t("console.retention_placeholder", lang),
        )
        self.retention_error = widgets.HTML()
        # a community holds workshops over months; typing a new name starts one
        self.community = widgets.Combobox(
            description=t("console.community", lang),
            placeholder=t("console.community_placeholder", lang),
            ensure_option=False,
        )
        self.exercises = widgets.SelectMultiple(
            options=[(pick(e.title, lang), e.id) for e in usable_exercises()[0]],
            description=t("console.exercises", lang),
        )
        self.widget = widgets.VBox(
            [
                widgets.HBox([self.picker, self.button("console.choose", self.choose, "primary")]),
                self.button("console.copy_wave", self.copy_for_next_wave),
                widgets.HTML(f"<h3>{t('console.new_workshop', lang)}</h3>"),
                self.title,
                self.language,
                self.anonymity,
                self.consent,
                widgets.HBox([self.retention, self.retention_error]),
                self.community,
                self.exercises,
                self.button("console.create", self.create, "success"),
                self.message,
            ]
        )
        self.refresh()

    def refresh(self) -> None:
        """List the workshops (and the communities) to choose from."""
        names = dict(self.store.communities())
        options = [
            (
                f"{w.title} — {w.join_code} ({t('console.wave', self.lang)} {w.wave})"
                + (f" · {names[w.community_id]}" if w.community_id in names else ""),
                w.id,
            )
            for w in self.store.workshops()
        ]
        community_names = sorted(set(names.values()))
        if list(self.community.options) != community_names:
            self.community.options = community_names
        if list(self.picker.options) != options:
            self.picker.options = options
            if self.workshop_id in [v for _l, v in options]:
                self.picker.value = self.workshop_id

    def choose(self) -> None:
        """Run the workshop chosen in the list."""
        if self.picker.value:
            self.on_choose(self.picker.value)

    def create(self) -> Workshop | None:
        """Create a workshop from the form, with the chosen exercises on its agenda."""
        title = " ".join(clean_text(self.title.value).split())
        consent = clean_text(self.consent.value).strip()
        if not title:
            self.say("console.title_needed", "warning")
            return None
        community = " ".join(clean_text(self.community.value).split())
        if len(title) > TITLE_MAX or len(consent) > CONSENT_MAX or len(community) > COMMUNITY_MAX:
            self.say("console.too_long", "warning")
            return None
        try:
            retention_days = parse_retention(self.retention.value)
        except ValueError:
            self.retention_error.value = notice_html(
                t("console.retention_invalid", self.lang, most=RETENTION_MAX_DAYS), "warning"
            )
            return None
        self.retention_error.value = ""
        community_id = None
        if community:
            community_id = self.store.community_by_name(community) or self.store.create_community(
                community
            )
        workshop = self.store.create_workshop(
            title,
            language=self.language.value,
            anonymity=self.anonymity.value,
            consent_text=consent,
            community_id=community_id,
        )
        if retention_days is not None:
            self.store.set_retention(workshop.id, retention_days)
        for exercise_id in self.exercises.value:
            exercise = load_exercise_by_id(exercise_id)
            self.store.add_run(workshop.id, exercise.to_dict(), wave=workshop.wave)
        self.title.value = ""
        self.community.value = ""
        self.workshop_id = workshop.id
        self.refresh()
        self.say("console.created", "success", code=workshop.join_code)
        self.on_choose(workshop.id)
        return workshop

    def copy_for_next_wave(self) -> Workshop | None:
        """Copy the current workshop (settings and agenda) for the next wave."""
        if self.workshop_id is None:
            self.say("console.choose_first", "warning")
            return None
        old = self.store.workshop(self.workshop_id)
        workshop = self.store.copy_workshop_for_next_wave(self.workshop_id)
        if old.retention_days is not None:
            self.store.set_retention(workshop.id, old.retention_days)
        self.workshop_id = workshop.id
        self.refresh()
        self.say("console.created", "success", code=workshop.join_code)
        self.on_choose(workshop.id)
        return workshop
