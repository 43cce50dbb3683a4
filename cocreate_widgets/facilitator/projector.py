"""The projector view: join code, QR code, timer and revealed results — never names."""

from __future__ import annotations

from html import escape

import ipywidgets as widgets

from ..controls import Countdown
from ..i18n import t
from ..live import Poller
from ..participant.follow import epoch
from ..store import Store
from ..store.base import utcnow
from .join_info import join_link, qr_svg


class ProjectorView:
    """What the room sees on the big screen. It shows only stored, revealed results."""

    def __init__(
        self, store: Store | None = None, *, workshop_id: int | None = None, lang: str | None = None
    ):
        self.store = store or Store()
        if workshop_id is None:
            existing = self.store.workshops()
            workshop_id = existing[0].id if existing else None
        self.workshop_id = workshop_id
        self.lang = lang
        self.join = widgets.HTML()
        self.countdown = Countdown(big=True)
        self.result = widgets.HTML()
        self.widget = widgets.VBox([self.join, self.countdown, self.result])
        self.widget.add_class("cc-projector")
        self.poller = Poller(self._poll_value, lambda _v: self.refresh(), interval=0.5)
        self._shown: tuple = ()
        self.refresh()
        self.poller.last = self._poll_value()
        self.poller.start()

    def _poll_value(self) -> int:
        return self.store.change_seq(self.workshop_id) if self.workshop_id else -1

    def refresh(self) -> None:
        """Redraw from the store: the code, the timer of the open run, the latest reveal."""
        if self.workshop_id is None:
            self.join.value = f"<h1>{escape(t('console.no_workshop', self.lang or 'nl'))}</h1>"
            return
        workshop = self.store.workshop(self.workshop_id)
        lang = self.lang or workshop.language
        link = join_link(workshop)
        join_html = (
            "<div class='cc-projector-join'>"
            f"<div class='cc-qr' role='img' aria-label='{escape(t('projector.qr', lang))}'>{qr_svg(link)}</div>"
            f"<div><p class='cc-projector-howto'>{escape(t('projector.howto', lang))}</p>"
            f"<p class='cc-projector-url'>{escape(link.split('?')[0])}</p>"
            f"<p class='cc-projector-code'>{escape(t('projector.code', lang))} "
            f"<strong>{escape(workshop.join_code)}</strong></p></div></div>"
        )
        if join_html != self.join.value:
            self.join.value = join_html
        runs = self.store.runs(self.workshop_id, states=("open", "revealed"))
        open_run = next((r for r in runs if r.state == "open"), None)
        ends = epoch(open_run.timer_ends_at) if open_run else 0.0
        self.countdown.texts = {"time_left": t("timer.left", lang), "time_up": t("timer.up", lang)}
        if ends != self.countdown.ends_at:
            self.countdown.server_now = epoch(utcnow())
            self.countdown.ends_at = ends
        revealed = [r for r in runs if r.state == "revealed" and r.revealed_at]
        latest = max(revealed, key=lambda r: r.revealed_at, default=None)
        key = (latest.id, latest.revealed_at) if latest else ()
        if key != self._shown:
            self._shown = key
            self.result.value = self.store.revealed_html(latest.id, lang) if latest else ""
