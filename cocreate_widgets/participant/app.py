"""The participant app: one notebook, served alone by the participants' server.

It joins (code typed, or ``?code=`` in the link), remembers the participant on the device
(and through a personal link ``?code=…&p=…``), then follows the facilitator by polling the
database. A heartbeat lets the page show "reconnecting" when the connection drops. Once
joined, "My data" shows what is stored about the participant; withdrawing consent there
erases it all and makes the device forget them.
"""

from __future__ import annotations

import os
from html import escape
from urllib.parse import urlencode

import ipywidgets as widgets

from ..controls import ClientContext
from ..i18n import available_languages, t
from ..live import Poller
from ..safety import notice_html, safe_callback
from ..store import Store, UnknownJoinCode
from ..store.types import Participant, Workshop
from .follow import FollowScreen
from .join import JoinScreen
from .my_data import MyDataScreen, goodbye_html

HEARTBEAT_EVERY = 4  # polls between heartbeats (0.5 s each)
LANGUAGE_NAMES = {"nl": "Nederlands", "en": "English"}


def personal_link(public_url: str, workshop: Workshop, participant: Participant) -> str:
    """The link that brings this participant back, on this or another device."""
    query = urlencode({"code": workshop.join_code, "p": participant.token})
    return f"{public_url.rstrip('/')}/?{query}" if public_url else f"?{query}"


class ParticipantApp:
    """Join, then follow. ``widget`` is what the notebook displays."""

    def __init__(self, store: Store | None = None, *, lang: str | None = None) -> None:
        self.store = store or Store(light=True)
        lang = lang or os.environ.get("COCREATE_LANG", "nl")
        self.lang = lang if lang in available_languages() else "nl"
        self.language_chosen = False  # once the participant picks, the workshop's stops counting
        self.workshop: Workshop | None = None
        self.participant: Participant | None = None
        self.follow: FollowScreen | None = None
        self.my_data: MyDataScreen | None = None
        self.withdrawn = False  # consent withdrawn: everything erased, nothing to rejoin
        self.client = ClientContext(lang=self.lang, texts=self._client_texts())
        self.language = widgets.ToggleButtons(
            options=[(LANGUAGE_NAMES.get(code, code), code) for code in available_languages()],
            value=self.lang,
            style={"button_width": "auto"},
        )
        self.language.add_class("cc-language")
        self.header = widgets.HTML()
        self.main = widgets.VBox()
        self.footer = widgets.HTML()
        self.my_data_button = widgets.Button(
            description=t("privacy.my_data", self.lang), icon="user"
        )
        self.my_data_button.add_class("cc-my-data-button")
        # a quiet footer action, not a second "send" button under the form
        self.my_data_button.layout = widgets.Layout(
            width="auto", align_self="flex-start", margin="2.5em 0 0 0"
        )
        self.my_data_button.layout.display = "none"
        self.widget = widgets.VBox(
            [
                self.client,
                self.language,
                self.header,
                self.main,
                self.my_data_button,
                self.footer,
            ],
            layout=widgets.Layout(width="100%", max_width="720px", margin="0 auto"),
        )
        self.widget.add_class("cc-participant")
        guard = safe_callback(self._on_error)
        self.language.observe(guard(self._language_picked), names="value")
        self.client.observe(guard(lambda _c: self.start_from_client()), names=["query", "device"])
        self.my_data_button.on_click(guard(lambda _b: self.open_my_data()))
        self.poller = Poller(self._poll_value, guard(self._on_poll), on_tick=self._heartbeat)
        self._ticks = 0
        self.join_screen = self._join_screen()
        self.main.children = [self.join_screen.widget]
        # The heartbeat runs from the start: a participant slowly typing the code must not
        # see "reconnecting". Before joining, the poll reads nothing (no workshop yet).
        self.poller.start()

    def _join_screen(self, code: str = "") -> JoinScreen:
        return JoinScreen(
            self.store, self.lang, self._joined, code=code, on_workshop=self._workshop_found
        )

    def _workshop_found(self, workshop: Workshop) -> None:
        """Speak the workshop's language, unless the participant already chose one."""
        if not self.language_chosen and workshop.language != self.lang:
            self._programmatic_language(workshop.language)

    def _programmatic_language(self, lang: str) -> None:
        chosen = self.language_chosen
        self.language.value = lang
        self.language_chosen = chosen

    def _language_picked(self, change: dict) -> None:
        self.language_chosen = True
        self.set_language(change["new"])

    def _client_texts(self) -> dict[str, str]:
        return {
            key: t(f"client.{key}", self.lang)
            for key in ("reconnecting", "reload", "reload_button")
        }

    def _on_error(self, _error: BaseException) -> None:
        self.footer.value = notice_html(t("form.unexpected", self.lang), "error")

    def start_from_client(self) -> None:
        """The browser told us the link and the device memory: rejoin or prefill the code."""
        query = self.client.query if isinstance(self.client.query, dict) else {}
        device = self.client.device if isinstance(self.client.device, dict) else {}
        if self.participant is not None or self.withdrawn:
            return
        code = str(query.get("code") or device.get("code") or "")[:32]
        token = str(query.get("p") or "") or str(device.get("token") or "")
        lang = str(query.get("lang") or device.get("lang") or "")
        if lang in available_languages() and lang != self.lang:
            self._programmatic_language(lang)
        if code and token and self.rejoin(code, token):
            return
        if code and self.join_screen.workshop is None:
            self.join_screen.code_field.value = code
            self.join_screen.check_code()

    def rejoin(self, code: str, token: str) -> bool:
        """Come back as an earlier participant (same device or personal link)."""
        try:
            workshop = self.store.workshop_by_code(code)
        except UnknownJoinCode:
            return False
        participant = self.store.participant_by_token(workshop.id, token[:64])
        if participant is None:
            return False
        self._joined(workshop, participant)
        return True

    def _joined(self, workshop: Workshop, participant: Participant) -> None:
        self.workshop, self.participant = workshop, participant
        self.client.device = {
            "code": workshop.join_code,
            "token": participant.token,
            "lang": self.lang,
        }
        self.follow = FollowScreen(self.store, workshop, participant, self.lang)
        self.main.children = [self.follow.widget]
        self.my_data_button.layout.display = ""
        self._draw_header()
        self.follow.refresh()
        self.poller.last = self._poll_value()
        self.poller.start()

    def open_my_data(self) -> None:
        """Show what is stored about the participant, with download and withdrawal."""
        if self.participant is None:
            return
        self.my_data = MyDataScreen(
            self.store,
            self.participant.id,
            self.lang,
            on_back=self.close_my_data,
            on_withdrawn=self._withdrawn,
        )
        self.main.children = [self.my_data.widget]
        self.my_data_button.layout.display = "none"

    def close_my_data(self) -> None:
        """Back from "My data" to the workshop."""
        self.my_data = None
        if self.follow is None:
            return
        self.main.children = [self.follow.widget]
        self.my_data_button.layout.display = ""
        self.follow.refresh()

    def _forget(self) -> None:
        """Nothing of the participant stays on this device or in this page."""
        self.client.device = {}
        self.workshop = self.participant = self.follow = self.my_data = None
        self.header.value = self.footer.value = ""
        self.my_data_button.layout.display = "none"

    def _withdrawn(self, _counts: dict[str, int]) -> None:
        """Consent withdrawn and everything erased: say goodbye, forget the device."""
        self.withdrawn = True
        self._forget()
        self.main.children = [widgets.HTML(goodbye_html(self.lang))]

    def _draw_header(self) -> None:
        workshop, me = self.workshop, self.participant
        if workshop is None or me is None:
            return
        role = workshop.role(me.role)
        role_label = role.label.get(self.lang, me.role) if role else me.role
        self.header.value = (
            f"<div class='cc-header'><h1 class='cc-title'>{escape(workshop.title)}</h1>"
            f"<p>{escape(t('follow.you_are', self.lang, name=me.pseudonym, role=role_label))}</p></div>"
        )
        link = personal_link(os.environ.get("COCREATE_PUBLIC_URL", ""), workshop, me)
        self.footer.value = (
            f"<details class='cc-personal-link'><summary>{escape(t('follow.link_title', self.lang))}"
            f"</summary><p>{escape(t('follow.link_help', self.lang))}</p>"
            f"<p><a href='{escape(link)}'>{escape(link)}</a></p></details>"
        )

    def _poll_value(self) -> int:
        return self.store.change_seq(self.workshop.id) if self.workshop else -1

    def _on_poll(self, _value: int) -> None:
        if self.follow is None:
            return
        self.follow.refresh()
        if self.follow.shown == ("removed",):
            # taken off the roster or erased: the device must not try to rejoin
            self.client.device = {}
            self.my_data = None
            self.main.children = [self.follow.widget]
            self.my_data_button.layout.display = "none"
            return
        self._draw_header()

    def _heartbeat(self) -> None:
        self._ticks += 1
        if self._ticks % HEARTBEAT_EVERY == 0:
            self.client.heartbeat = self.client.heartbeat + 1

    def set_language(self, lang: str) -> None:
        """Switch the participant's language; a half-filled form keeps its drafts."""
        if lang not in available_languages():
            return
        self.lang = lang
        self.client.lang = lang
        self.client.texts = self._client_texts()
        self.my_data_button.description = t("privacy.my_data", lang)
        if self.withdrawn:
            self.main.children = [widgets.HTML(goodbye_html(lang))]
            return
        if self.participant is None:
            code = self.join_screen.code_field.value if self.join_screen.workshop else ""
            self.join_screen = self._join_screen(code)
            self.main.children = [self.join_screen.widget]
            return
        self.store.update_participant(self.participant.id, language=lang)
        self.client.device = {**self.client.device, "lang": lang}
        self.follow = FollowScreen(self.store, self.workshop, self.participant, lang)
        self.main.children = [self.follow.widget]
        self._draw_header()
        self.follow.refresh()
        if self.my_data is not None and self.follow.shown != ("removed",):
            self.open_my_data()
