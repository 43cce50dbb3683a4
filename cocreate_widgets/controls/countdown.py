"""A countdown everyone sees: counted in the browser, so the kernel sends nothing per second."""

from __future__ import annotations

import traitlets as t

from .base import ControlBase, load_css, load_esm

__all__ = ["Countdown"]


class Countdown(ControlBase):
    """Shows the time left until ``ends_at`` (seconds since the epoch, UTC; 0 hides it).

    ``server_now`` is the kernel's clock when ``ends_at`` was set, so a phone whose clock
    is off still counts down correctly. ``big`` makes it projector-sized.
    """

    _esm = load_esm("countdown.js")
    _css = load_css("countdown.css")

    ends_at = t.Float(0).tag(sync=True)
    server_now = t.Float(0).tag(sync=True)
    big = t.Bool(False).tag(sync=True)
