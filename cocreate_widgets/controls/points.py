"""Sharing out points or dots over options."""

from __future__ import annotations

from typing import Any

import traitlets as t

from .base import AnswerField, OptionsMixin, coerce_int, load_css, load_esm

__all__ = ["DotVoting", "PointsAllocation"]


def _coerce_counts(value: Any, ids: list[str]) -> dict[str, int]:
    """A dict of option id -> whole number >= 0.

    With options, every option id is present (0 if missing) and unknown ids are dropped.
    """
    given = value if isinstance(value, dict) else {}
    counts: dict[str, int] = {}
    for key, raw in given.items():
        if not isinstance(key, str):
            continue
        number = coerce_int(raw)
        counts[key] = max(number, 0) if number is not None else 0
    if not ids:
        return counts
    return {oid: counts.get(oid, 0) for oid in ids}


class _CountsField(OptionsMixin, AnswerField):
    """Common part of points and dots: ``value`` is a dict option id -> int."""

    value = t.Any().tag(sync=True)

    @t.default("value")
    def _default_value(self) -> dict[str, int]:
        return dict.fromkeys(self.option_ids, 0)

    def empty_value(self) -> dict[str, int]:
        """Every option at 0."""
        return dict.fromkeys(self.option_ids, 0)

    def coerce_value(self, value: Any) -> dict[str, int]:
        """Whole numbers >= 0 for every option id."""
        return _coerce_counts(value, self.option_ids)

    @t.observe("options")
    def _options_changed(self, _change: dict[str, Any]) -> None:
        self._recoerce()

    @property
    def used(self) -> int:
        """The sum of the current value."""
        return sum(v for v in self.value.values() if isinstance(v, int))


class PointsAllocation(_CountsField):
    """Share ``total`` points (default 100) over the options (``allocation``).

    A number box per option with -/+ ``step`` buttons (default 5); "points left: 35"
    is shown in a live region and turns red below zero. ``value``: option id -> points.
    """

    _esm = load_esm("points.js")
    _css = load_css("points.css")

    total = t.Int(100).tag(sync=True)
    step = t.Int(5).tag(sync=True)

    @property
    def left(self) -> int:
        """Points still to share out (negative when too many are given)."""
        return self.total - self.used


class DotVoting(_CountsField):
    """Put ``dots`` dots on the options (``dot_voting``), at most ``max_per_option`` each.

    ``max_per_option`` 0 means no limit per option. +/- buttons per option and
    "dots left: 3" in a live region. ``value``: option id -> dots.
    """

    _esm = load_esm("dots.js")
    _css = load_css("points.css")

    dots = t.Int(5).tag(sync=True)
    max_per_option = t.Int(0).tag(sync=True)

    @property
    def left(self) -> int:
        """Dots still to place."""
        return self.dots - self.used
