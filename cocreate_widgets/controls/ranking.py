"""Putting options in order of preference."""

from __future__ import annotations

from typing import Any

import traitlets as t

from .base import AnswerField, OptionsMixin, load_css, load_esm

__all__ = ["RankingList"]


class RankingList(OptionsMixin, AnswerField):
    """Order the options, best first (``ranking``): ``value`` lists every option id once.

    Each item has "up" and "down" buttons (named "Move X up"); focus follows the moved
    item and a live region announces "X is now number 2". The initial value is the
    options in their given order, so an untouched ranking is a valid answer; the form
    decides whether it must have been touched.
    """

    _esm = load_esm("ranking.js")
    _css = load_css("ranking.css")

    value = t.Any().tag(sync=True)

    @t.default("value")
    def _default_value(self) -> list[str]:
        return self.option_ids

    def empty_value(self) -> list[str]:
        """The options in their given order."""
        return self.option_ids

    def coerce_value(self, value: Any) -> list[str]:
        """Known ids in the given order, each once, with missing ids appended.

        Without options, any list of strings is kept as it is.
        """
        given = [v for v in value if isinstance(v, str)] if isinstance(value, (list, tuple)) else []
        ids = self.option_ids
        if not ids:
            return list(dict.fromkeys(given))
        known = [v for v in dict.fromkeys(given) if v in ids]
        return known + [oid for oid in ids if oid not in known]

    @t.observe("options")
    def _options_changed(self, _change: dict[str, Any]) -> None:
        self._recoerce()
