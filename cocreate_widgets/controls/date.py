"""A date answer, with the phone's own date picker."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import traitlets as t

from .base import AnswerField, load_css, load_esm

__all__ = ["DateField"]

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def coerce_iso_date(value: Any) -> str:
    """Return ``value`` as ``YYYY-MM-DD``, or "" when it is not a real date."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    if not isinstance(value, str) or not _ISO_DATE.match(value.strip()):
        return ""
    try:
        return dt.date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        return ""


class DateField(AnswerField):
    """A date (``date``): ``value`` is an ISO date string or "" (native date input).

    ``min_date`` and ``max_date`` (ISO strings, "" for none) limit the picker; the form
    checks them again on submit.
    """

    _esm = load_esm("date.js")
    _css = load_css()

    value = t.Any("").tag(sync=True)
    min_date = t.Unicode("").tag(sync=True)
    max_date = t.Unicode("").tag(sync=True)

    def empty_value(self) -> str:
        """An unanswered date is ""."""
        return ""

    def coerce_value(self, value: Any) -> str:
        """A valid ``YYYY-MM-DD`` string (dates are converted), else ""."""
        return coerce_iso_date(value)
