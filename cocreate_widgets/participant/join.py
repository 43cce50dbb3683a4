"""Joining a workshop: the code, a name or pseudonym, a role, consent.

Every value is checked in the kernel again, whatever the browser sent: the role must be
one of the workshop's, consent must be given, texts are cleaned and limited in length.

Guessing join codes: the kernel cannot see who is on the other end, so it bounds what it
can, the attempts on one page. After :data:`CODE_ATTEMPTS` wrong codes the code step locks
for the rest of the page's life (every page has its own kernel and store); the server bounds
the page loads per client (``serve/limits.py``). ``docs/security.md`` has the arithmetic.
"""

from __future__ import annotations

import secrets
import weakref
from collections.abc import Callable
from datetime import timedelta
from html import escape

import ipywidgets as widgets

from ..answers import clean_text
from ..controls import ChoiceGroup, TextField
from ..i18n import t
from ..localtext import pick
from ..safety import notice_html, safe_callback
from ..store import Store, UnknownJoinCode
from ..store.types import Participant, Workshop

NAME_MAX = 80
ORGANISATION_MAX = 120
#: wrong join codes one page may try before its code step locks
CODE_ATTEMPTS = 5

# Wrong codes per page, kept by the page's store (one per kernel) rather than by the screen:
# the app builds a new JoinScreen when the language changes, which must not reset the count.
_wrong_codes: weakref.WeakKeyDictionary[Store, int] = weakref.WeakKeyDictionary()


def wrong_code_count(store: Store) -> int:
    """How many wrong join codes this page (its store) has tried."""
    return _wrong_codes.get(store, 0)


def clean_name(value: object) -> str:
    """A name as typed, cleaned of control characters, single-spaced and trimmed."""
    text = clean_text(value) if isinstance(value, str) else ""
    return " ".join(text.split())


class JoinScreen:
    """Two steps: the join code, then who you are. Calls ``on_joined(workshop, participant)``."""

    def __init__(
        self,
        store: Store,
        lang: str,
        on_joined: Callable[[Workshop, Participant], None],
        *,
        code: str = "",
        on_workshop: Callable[[Workshop], None] | None = None,
    ) -> None:
        self.store = store
        self.on_workshop = on_workshop
        self.lang = lang
        self.on_joined = on_joined
        self.workshop: Workshop | None = None
        guard = safe_callback(lambda _e: self._show("form.unexpected", "error"))
        self.code_field = TextField(label=t("join.code", lang), max_length=0, lang=lang)
        self.code_field.help = t("join.code_help", lang)
        self.next_button = widgets.Button(description=t("join.next", lang), button_style="primary")
        self.next_button.on_click(guard(lambda _b: self.check_code()))
        self.notice = widgets.HTML()
        self.code_step = widgets.VBox([self.code_field, self.next_button])
        self.profile_step = widgets.VBox()
        self.name_field = TextField(max_length=NAME_MAX, lang=lang)
        self.role_field = ChoiceGroup(label=t("join.role", lang), required=True, lang=lang)
        self.organisation_field = TextField(
            label=t("join.organisation", lang),
            help=t("join.organisation_help", lang),
            max_length=ORGANISATION_MAX,
            lang=lang,
        )
        self.consent_text = widgets.HTML()
        self.consent_field = ChoiceGroup(
            label=t("join.consent", lang), multiple=True, required=True, lang=lang
        )
        self.join_button = widgets.Button(description=t("join.join", lang), button_style="primary")
        self.join_button.on_click(guard(lambda _b: self.join()))
        self.widget = widgets.VBox([widgets.HTML(), self.code_step, self.notice])
        self.widget.add_class("cc-join")
        self._set_title(t("join.welcome", lang))
        if self.locked:
            self._lock()
        elif code:
            self.code_field.value = str(code)[:32]
            self.check_code()

    @property
    def locked(self) -> bool:
        """True once this page has tried :data:`CODE_ATTEMPTS` wrong codes."""
        return wrong_code_count(self.store) >= CODE_ATTEMPTS

    def _lock(self) -> None:
        self.code_field.disabled = True
        self.next_button.disabled = True
        self.code_field.error = t("join.code_locked", self.lang)

    def _set_title(self, text: str) -> None:
        self.widget.children[0].value = f"<h1 class='cc-title'>{escape(text)}</h1>"

    def _show(self, key: str, kind: str = "error", **kwargs: object) -> None:
        self.notice.value = notice_html(t(key, self.lang, **kwargs), kind)

    def check_code(self) -> bool:
        """Look up the typed code; on success show the second step.

        Once the page is locked (too many wrong codes) nothing is looked up any more,
        whatever the browser sends.
        """
        if self.locked:
            self._lock()
            return False
        typed = self.code_field.value if isinstance(self.code_field.value, str) else ""
        if not typed.strip():
            self.code_field.error = t("join.code_missing", self.lang)
            return False
        try:
            self.workshop = self.store.workshop_by_code(typed)
        except UnknownJoinCode:
            _wrong_codes[self.store] = wrong_code_count(self.store) + 1
            if self.locked:
                self._lock()
            else:
                self.code_field.error = t("join.code_unknown", self.lang)
            return False
        self.code_field.error = ""
        self.notice.value = ""
        self._build_profile(self.workshop)
        if self.on_workshop is not None:
            self.on_workshop(self.workshop)
        return True

    def _build_profile(self, workshop: Workshop) -> None:
        lang = self.lang
        self._set_title(workshop.title)
        self.role_field.options = [[r.id, pick(r.label, lang)] for r in workshop.roles]
        if workshop.anonymity == "required":
            self.name_field.label = t("join.name", lang)
            self.name_field.required = True
            self.name_field.help = t("join.name_help_required", lang)
        else:
            self.name_field.label = t("join.pseudonym", lang)
            self.name_field.required = False
            self.name_field.help = t("join.pseudonym_help", lang)
        consent = workshop.consent_text or t("join.consent_default", lang)
        kept = ""
        if workshop.retention_days:
            until = workshop.created_at + timedelta(days=workshop.retention_days)
            kept = f"<p>{escape(t('join.kept_until', lang, date=until.strftime('%d-%m-%Y')))}</p>"
        self.consent_text.value = (
            f"<div class='cc-consent'><h2>{escape(t('join.consent_title', lang))}</h2>"
            f"<p>{escape(consent).replace(chr(10), '<br>')}</p>{kept}</div>"
        )
        self.consent_field.options = [["yes", t("join.consent_yes", lang)]]
        fields = [self.role_field, self.organisation_field, self.consent_text]
        if workshop.anonymity != "none":
            fields.insert(0, self.name_field)
        self.profile_step.children = [*fields, self.consent_field, self.join_button]
        self.widget.children = [self.widget.children[0], self.profile_step, self.notice]

    def join(self) -> Participant | None:
        """Check the profile in the kernel and register the participant."""
        workshop = self.workshop
        if workshop is None:
            return None
        ok = True
        name = clean_name(self.name_field.value)
        self.name_field.error = ""
        if len(name) > NAME_MAX:
            self.name_field.error = t(
                "answer.too_long", self.lang, length=len(name), limit=NAME_MAX
            )
            ok = False
        elif workshop.anonymity == "required" and not name:
            self.name_field.error = t("join.name_missing", self.lang)
            ok = False
        role = self.role_field.value
        if workshop.role(role if isinstance(role, str) else "") is None:
            self.role_field.error = t("join.role_missing", self.lang)
            ok = False
        else:
            self.role_field.error = ""
        organisation = clean_name(self.organisation_field.value)
        self.organisation_field.error = ""
        if len(organisation) > ORGANISATION_MAX:
            self.organisation_field.error = t(
                "answer.too_long", self.lang, length=len(organisation), limit=ORGANISATION_MAX
            )
            ok = False
        consent = self.consent_field.value
        if not (isinstance(consent, list) and consent == ["yes"]):
            self.consent_field.error = t("join.consent_missing", self.lang)
            ok = False
        else:
            self.consent_field.error = ""
        if not ok:
            self._show("answer.check_form")
            return None
        try:  # the workshop may have ended while the participant was typing
            workshop = self.store.workshop_by_code(workshop.join_code)
        except UnknownJoinCode:
            self._show("join.code_unknown")
            return None
        if workshop.anonymity == "none" or not name:
            pseudonym = t("join.anonymous_name", self.lang, number=secrets.randbelow(9000) + 1000)
        else:
            pseudonym = name
        participant = self.store.add_participant(
            workshop.id,
            pseudonym=pseudonym,
            name=name if workshop.anonymity == "required" else None,
            role=role,
            organisation=organisation or None,
            language=self.lang,
            consented=True,
        )
        self.on_joined(workshop, participant)
        return participant
