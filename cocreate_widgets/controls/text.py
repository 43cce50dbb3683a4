"""Free-text answers: one line or several."""

from __future__ import annotations

from typing import Any

import traitlets as t

from .base import AnswerField, load_css, load_esm

__all__ = ["TextField"]


class TextField(AnswerField):
    """A text answer (``short_text`` / ``long_text``) with a character counter.

    Traits: ``value`` (str), ``multiline`` (a textarea instead of one line),
    ``max_length`` (shown as "120 / 2000"; 0 hides the counter; a limit above 2000 shows
    its counter only from 80 % on), ``placeholder``.
    The browser sends the text about 400 ms after typing stops and at once when the
    field loses focus, so drafts can be saved while the participant types. A longer text
    is never cut off: the counter turns into a warning and the form judges it.
    """

    _esm = load_esm("text.js")
    _css = load_css()

    value = t.Any("").tag(sync=True)
    multiline = t.Bool(False).tag(sync=True)
    max_length = t.Int(10000).tag(sync=True)
    placeholder = t.Unicode("").tag(sync=True)

    def empty_value(self) -> str:
        """An unanswered text field holds ""."""
        return ""

    def coerce_value(self, value: Any) -> str:
        """Keep strings; ``None`` and other types become ""."""
        return value if isinstance(value, str) else ""
