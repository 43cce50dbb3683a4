"""Choice answers: one or several options, and yes/no."""

from __future__ import annotations

from typing import Any

import traitlets as t

from .base import AnswerField, OptionsMixin, load_css, load_esm

__all__ = ["ChoiceGroup", "YesNo"]


class ChoiceGroup(OptionsMixin, AnswerField):
    """Radio buttons (``single_choice``) or checkboxes (``multiple_choice``).

    Traits: ``options`` (``[[id, label], ...]``), ``multiple`` (checkboxes),
    ``value``: the chosen option id or ``None`` when single; a list of ids (in option
    order) when multiple. An optional single choice shows a "clear choice" button.
    """

    _esm = load_esm("choice.js")
    _css = load_css()

    multiple = t.Bool(False).tag(sync=True)

    def __init__(self, **kwargs: Any) -> None:
        if "value" not in kwargs:
            kwargs["value"] = [] if kwargs.get("multiple") else None
        super().__init__(**kwargs)

    def empty_value(self) -> list[str] | None:
        """``[]`` when multiple, else ``None``."""
        return [] if self.multiple else None

    def coerce_value(self, value: Any) -> str | list[str] | None:
        """Single: a string or ``None``. Multiple: unique strings, in option order."""
        if not self.multiple:
            return value if isinstance(value, str) and value else None
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, (list, tuple)):
            return []
        picked = list(dict.fromkeys(v for v in value if isinstance(v, str) and v))
        order = {oid: i for i, oid in enumerate(self.option_ids)}
        return sorted(picked, key=lambda v: order.get(v, len(order)))

    @t.observe("multiple", "options")
    def _shape_changed(self, _change: dict[str, Any]) -> None:
        self._recoerce()


class YesNo(AnswerField):
    """A yes/no question (``yes_no``): ``value`` is ``True``, ``False`` or ``None``.

    The two words come from ``texts["yes"]`` and ``texts["no"]``.
    """

    _esm = load_esm("yesno.js")
    _css = load_css("choice.css")

    def coerce_value(self, value: Any) -> bool | None:
        """Keep ``True``/``False``; anything else becomes ``None``."""
        return value if isinstance(value, bool) else None
