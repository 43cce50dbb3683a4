"""Who joined, per role; fixes (wrong role, duplicate, remove); people without a phone."""

from __future__ import annotations

from collections import Counter

import ipywidgets as widgets

from ..i18n import t
from ..localtext import pick
from ..participant.join import clean_name
from ..store import Store
from .panels import Panel
from .tables import html_table


class RosterPanel(Panel):
    """The roster with per-role counts and the facilitator's fixes."""

    def __init__(self, store: Store, lang: str) -> None:
        super().__init__(store, lang)
        self.counts = widgets.HTML()
        self.table = widgets.HTML()
        self.person = widgets.Dropdown(description=t("console.participant", lang))
        self.role = widgets.Dropdown(description=t("console.role", lang))
        self.merge_into = widgets.Dropdown(description=t("console.merge_into", lang))
        self.confirm_remove = widgets.Checkbox(description=t("console.confirm_remove", lang))
        self.new_name = widgets.Text(description=t("console.pseudonym", lang))
        self.new_role = widgets.Dropdown(description=t("console.role", lang))
        self.widget = widgets.VBox(
            [
                self.counts,
                self.table,
                widgets.HTML(f"<h3>{t('console.fix', lang)}</h3>"),
                self.person,
                widgets.HBox([self.role, self.button("console.change_role", self.change_role)]),
                widgets.HBox([self.merge_into, self.button("console.merge", self.merge)]),
                widgets.HBox(
                    [self.confirm_remove, self.button("console.remove", self.remove, "danger")]
                ),
                widgets.HTML(f"<h3>{t('console.add_without_phone', lang)}</h3>"),
                widgets.HBox([self.new_name, self.new_role, self.button("console.add", self.add)]),
                self.message,
            ]
        )

    def refresh(self) -> None:
        """Redraw the counts per role and the roster."""
        if self.workshop_id is None:
            return
        workshop = self.store.workshop(self.workshop_id)
        people = self.store.roster(self.workshop_id)
        labels = {r.id: pick(r.label, self.lang) for r in workshop.roles}
        per_role = Counter(p.role for p in people)
        counts = html_table(
            [t("console.role", self.lang), t("console.joined", self.lang)],
            [(labels.get(role, role), per_role.get(role, 0)) for role in labels]
            + [(t("console.total", self.lang), len(people))],
        )
        rows = [
            (
                p.pseudonym,
                p.name or "",
                labels.get(p.role, p.role),
                p.organisation or "",
                t("console.yes", self.lang) if p.on_behalf else "",
            )
            for p in people
        ]
        headers = [
            t(k, self.lang)
            for k in (
                "console.pseudonym",
                "console.name",
                "console.role",
                "console.organisation",
                "console.without_phone",
            )
        ]
        table = html_table(headers, rows)
        if counts != self.counts.value:
            self.counts.value = counts
        if table != self.table.value:
            self.table.value = table
        people_options = [(f"{p.pseudonym} ({labels.get(p.role, p.role)})", p.id) for p in people]
        role_options = [(label, role) for role, label in labels.items()]
        for dropdown, options in (
            (self.person, people_options),
            (self.merge_into, people_options),
            (self.role, role_options),
            (self.new_role, role_options),
        ):
            if list(dropdown.options) != options:
                keep = dropdown.value
                dropdown.options = options
                if keep in [v for _l, v in options]:
                    dropdown.value = keep

    def change_role(self) -> None:
        """Give the chosen participant another role."""
        if self.person.value and self.role.value:
            self.store.update_participant(self.person.value, role=self.role.value)
            self.say("console.saved", "success")
            self.refresh()

    def merge(self) -> None:
        """Fold the chosen participant into another entry (a duplicate join)."""
        if not self.person.value or not self.merge_into.value:
            return
        if self.person.value == self.merge_into.value:
            self.say("console.merge_same", "warning")
            return
        self.store.merge_participants(self.person.value, self.merge_into.value)
        self.say("console.saved", "success")
        self.refresh()

    def remove(self) -> None:
        """Take the chosen participant off the roster (after the confirmation tick)."""
        if not self.person.value:
            return
        if not self.confirm_remove.value:
            self.say("console.confirm_first", "warning")
            return
        self.store.remove_participant(self.person.value)
        self.confirm_remove.value = False
        self.say("console.saved", "success")
        self.refresh()

    def add(self) -> None:
        """Add someone without a phone; the facilitator enters answers for them."""
        name = clean_name(self.new_name.value)
        if not name or len(name) > 80:
            self.say("console.name_needed", "warning")
            return
        if self.workshop_id is None or not self.new_role.value:
            return
        language = self.store.workshop(self.workshop_id).language
        self.store.add_participant(
            self.workshop_id,
            pseudonym=name,
            role=self.new_role.value,
            language=language,
            on_behalf=True,
        )
        self.new_name.value = ""
        self.say("console.saved", "success")
        self.refresh()
