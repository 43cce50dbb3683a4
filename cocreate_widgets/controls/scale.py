"""A number on a scale, e.g. 0..10."""

from __future__ import annotations

from typing import Any

import traitlets as t

from .base import AnswerField, coerce_int, load_css, load_esm

__all__ = ["NumberScale"]


class NumberScale(AnswerField):
    """A number from ``min`` to ``max`` (``scale``): ``value`` is an int or ``None``.

    Drawn as a row of radio "chips" that wraps, with ``min_label`` and ``max_label``
    explained under it ("0 = not at all"). Ranges of more than 21 steps get a number box.
    """

    _esm = load_esm("scale.js")
    _css = load_css("scale.css")

    min = t.Int(0).tag(sync=True)
    max = t.Int(10).tag(sync=True)
    min_label = t.Unicode("").tag(sync=True)
    max_label = t.Unicode("").tag(sync=True)

    def coerce_value(self, value: Any) -> int | None:
        """An int between ``min`` and ``max``, or ``None``."""
        return coerce_int(value, self.min, self.max)

    @t.observe("min", "max")
    def _range_changed(self, _change: dict[str, Any]) -> None:
        self._recoerce()
