"""The invisible link between the participant app and the phone's browser."""

from __future__ import annotations

from typing import Any

import traitlets as t

from .base import ControlBase, load_css, load_esm

__all__ = ["ClientContext"]


def _str_dict(value: Any, limit: int = 50) -> dict[str, str]:
    """A small dict of str -> str (other entries dropped, at most ``limit`` entries)."""
    if not isinstance(value, dict):
        return {}
    clean: dict[str, str] = {}
    for key, item in value.items():
        if len(clean) >= limit:
            break
        if isinstance(key, str) and isinstance(item, (str, int, float)) and len(key) <= 200:
            clean[key] = str(item)[:2000]
    return clean


class ClientContext(ControlBase):
    """An invisible widget for the participant app.

    On render the browser sends ``query`` (the URL's query string as a dict) and
    ``device`` (the JSON dict kept in ``localStorage["cocreate.device"]``) and sets
    ``connected``. When the kernel sets ``device`` the browser stores it, so a participant
    rejoins on the same phone; an empty dict removes it. ``lang`` sets the page language.

    The kernel should call :meth:`beat` every few seconds. When no beat arrived for
    ``stale_after`` seconds the browser shows a banner with ``texts["reconnecting"]``;
    after ``dead_after`` seconds it shows ``texts["reload"]`` and a button
    ``texts["reload_button"]`` that reloads the page. The banner goes when beats resume.
    """

    _esm = load_esm("client.js")
    _css = load_css("client.css")

    query = t.Any({}).tag(sync=True)
    device = t.Any({}).tag(sync=True)
    connected = t.Bool(False).tag(sync=True)
    heartbeat = t.Int(0).tag(sync=True)
    stale_after = t.Float(8.0).tag(sync=True)
    dead_after = t.Float(45.0).tag(sync=True)

    @t.default("query")
    def _default_query(self) -> dict[str, str]:
        return {}

    @t.default("device")
    def _default_device(self) -> dict[str, str]:
        return {}

    @t.validate("query", "device")
    def _validate_dicts(self, proposal: dict[str, Any]) -> dict[str, str]:
        return _str_dict(proposal["value"])

    def beat(self) -> int:
        """Send one heartbeat to the browser; returns the new count."""
        self.heartbeat = (self.heartbeat + 1) % 1_000_000_000
        return self.heartbeat
