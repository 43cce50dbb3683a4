"""Agreement with a statement on a five-point scale."""

from __future__ import annotations

from typing import Any

from .base import AnswerField, coerce_int, load_css, load_esm

__all__ = ["AgreementScale"]


class AgreementScale(AnswerField):
    """Five-point agreement (``agreement``): ``value`` is 1..5 (1 = strongly disagree) or None.

    The five words come from ``texts["agreement_labels"]``. Five big radio buttons in a
    row on wide screens, a vertical list on a phone.
    """

    _esm = load_esm("agreement.js")
    _css = load_css("agreement.css")

    def coerce_value(self, value: Any) -> int | None:
        """An int 1..5, or ``None``."""
        return coerce_int(value, 1, 5)
