"""Who joined, per role; fixes (wrong role, duplicate, remove); people without a phone;
per person, all their data to download or to erase (AVG/GDPR)."""

from __future__ import annotations

from collections import Counter
from html import escape

import ipywidgets as widgets

from ..i18n import has_key, t
from ..localtext import pick
from ..participant.join import clean_name
from ..participant.my_data import json_download_link
from ..store import Store
from ..store.types import Participant
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
        # its own list: someone taken off the roster earlier still has data to hand out or erase
        self.data_person = widgets.Dropdown(description=t("console.participant", lang))
        self.data_person.observe(self.guard(lambda _c: self._forget_download()), names="value")
        self.download_link = widgets.HTML()
        self.confirm_erase = widgets.Checkbox(description=t("privacy.confirm_erase", lang))
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
                widgets.HTML(f"<h3>{escape(t('privacy.roster_title', lang))}</h3>"),
                widgets.HBox(
                    [self.data_person, self.button("privacy.download", self.download_data)],
                    layout=widgets.Layout(flex_flow="row wrap"),
                ),
                self.download_link,
                widgets.HBox(
                    [self.confirm_erase, self.button("privacy.erase", self.erase, "danger")],
                    layout=widgets.Layout(flex_flow="row wrap"),
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
        data_options = [
            (self._data_label(p, labels), p.id)
            for p in self.store.roster(self.workshop_id, include_removed=True)
            if p.merged_into_id is None and p.erased_at is None
        ]
        for dropdown, options in (
            (self.person, people_options),
            (self.data_person, data_options),
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

    def _data_label(self, person: Participant, labels: dict[str, str]) -> str:
        label = f"{person.pseudonym} ({labels.get(person.role, person.role)})"
        if person.removed_at is not None:
            label += f" · {t('privacy.removed_marker', self.lang)}"
        return label

    def _forget_download(self) -> None:
        """Another person chosen: the previous person's download goes."""
        self.download_link.value = ""

    def download_data(self) -> None:
        """Offer everything stored about the chosen person as one JSON file."""
        if not self.data_person.value:
            self.say("privacy.choose_person", "warning")
            return
        person = self.store.participant(self.data_person.value)
        data = self.store.participant_data(person.id)
        file = f"participant-{person.id}.json"
        self.download_link.value = json_download_link(
            data, file, t("privacy.download_link", self.lang, file=file)
        )
        self.say("privacy.download_ready", "success", name=person.pseudonym)

    def erase(self) -> dict[str, int] | None:
        """Erase all data of the chosen person (after the confirmation tick); say what went."""
        if not self.data_person.value:
            self.say("privacy.choose_person", "warning")
            return None
        if not self.confirm_erase.value:
            self.say("privacy.confirm_erase_first", "warning")
            return None
        person = self.store.participant(self.data_person.value)
        counts = self.store.erase_participant(person.id)
        self.confirm_erase.value = False
        self.download_link.value = ""
        self.say(
            "privacy.erased", "success", name=person.pseudonym, counts=self.counts_text(counts)
        )
        self.refresh()
        self.data_person.value = None  # nobody chosen for the next erasure by accident
        return counts

    def counts_text(self, counts: dict[str, int]) -> str:
        """What an erasure removed, in words: "antwoorden: 3, concepten: 1"."""
        parts = []
        for table, number in counts.items():
            if not number or (table == "participants" and number == 1):
                continue  # the one roster entry goes without saying; duplicates are told
            key = f"privacy.table.{table}"
            label = t(key, self.lang) if has_key(key) else table.replace("_", " ")
            parts.append(f"{label}: {number}")
        return ", ".join(parts) or t("privacy.nothing_removed", self.lang)

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
