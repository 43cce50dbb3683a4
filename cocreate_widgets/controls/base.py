"""Shared base classes and helpers for the cocreate controls.

Every control is a :class:`FrontEndModule` (anywidget's protocol) whose front end is a plain ES module in
``controls/static/``. The module ``common.js`` (helpers) and the stylesheet ``common.css`` are
put in front of each widget's own file, so no build step and no network are needed.

A crafted widget message can set any synced trait. Values coming from the browser are
therefore coerced lightly and never raise: a bad value becomes the empty value. The form
layer validates every answer again on submit.
"""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path
from typing import Any

import traitlets as t

from .frontend import FrontEndModule
from .texts import DEFAULT_LANG, default_texts

__all__ = [
    "STATIC_DIR",
    "AnswerField",
    "ControlBase",
    "coerce_int",
    "OptionsMixin",
    "load_css",
    "load_esm",
    "normalize_options",
    "read_static",
]

log = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).parent / "static"


@cache
def read_static(name: str) -> str:
    """Return the text of ``controls/static/<name>``."""
    return (STATIC_DIR / name).read_text(encoding="utf-8")


def load_esm(name: str) -> str:
    """Return the ES module for a widget: ``common.js`` followed by ``name``."""
    return read_static("common.js") + "\n" + read_static(name)


def load_css(name: str | None = None) -> str:
    """Return the stylesheet for a widget: ``common.css`` followed by ``name`` (if any)."""
    css = read_static("common.css")
    return css + "\n" + read_static(name) if name else css


def _text(value: Any) -> str:
    """Return ``value`` as a string for labels and ids (``None`` becomes "")."""
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)


def normalize_options(raw: Any) -> list[list[str]]:
    """Turn options into ``[[id, label], ...]``.

    Accepts ``[id, label]`` pairs, ``{"id": ..., "label": ...}`` dicts and plain strings
    (used as both id and label). Anything else is skipped; duplicate ids keep the first.
    """
    result: list[list[str]] = []
    seen: set[str] = set()
    if not isinstance(raw, (list, tuple)):
        return result
    for item in raw:
        if isinstance(item, str):
            oid, label = item, item
        elif isinstance(item, dict):
            oid, label = _text(item.get("id")), _text(item.get("label", item.get("id")))
        elif isinstance(item, (list, tuple)) and len(item) >= 2:
            oid, label = _text(item[0]), _text(item[1])
        else:
            continue
        if oid and oid not in seen:
            seen.add(oid)
            result.append([oid, label])
    return result


def coerce_int(value: Any, lo: int | None = None, hi: int | None = None) -> int | None:
    """Return ``value`` as an int within ``lo``..``hi``, or ``None``.

    Accepts ints, integral floats and digit strings; booleans and the rest give ``None``.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    elif isinstance(value, str) and value.strip().lstrip("-").isdigit():
        value = int(value.strip())
    if not isinstance(value, int):
        return None
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        return None
    return value


class ControlBase(FrontEndModule):
    """Base of every control: translated interface strings and the language.

    ``texts`` always holds the defaults for ``lang`` with the strings passed in on top, so
    the browser never needs a hard-coded word.
    """

    texts = t.Dict().tag(sync=True)
    lang = t.Unicode(DEFAULT_LANG).tag(sync=True)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if not self.texts:
            self.texts = {}  # the validator fills in the defaults for ``lang``

    @t.validate("texts")
    def _validate_texts(self, proposal: dict[str, Any]) -> dict[str, Any]:
        given = proposal["value"] if isinstance(proposal["value"], dict) else {}
        merged = default_texts(self.lang)
        merged.update({k: v for k, v in given.items() if isinstance(k, str)})
        return merged

    @t.observe("lang")
    def _lang_changed(self, change: dict[str, Any]) -> None:
        old = default_texts(change["old"])
        overrides = {k: v for k, v in self.texts.items() if old.get(k) != v}
        self.texts = overrides


class AnswerField(ControlBase):
    """Base of every answer field: label, help, required, disabled, error and value.

    Subclasses set a tolerant ``value`` trait and implement :meth:`coerce_value`, which turns
    whatever arrived into a value of the right shape or the empty value; it must not raise.
    """

    label = t.Unicode("").tag(sync=True)
    help = t.Unicode("").tag(sync=True)
    required = t.Bool(False).tag(sync=True)
    disabled = t.Bool(False).tag(sync=True)
    error = t.Unicode("").tag(sync=True)
    value = t.Any(None).tag(sync=True)

    def empty_value(self) -> Any:
        """Return the value of an unanswered field."""
        return None

    def coerce_value(self, value: Any) -> Any:
        """Return ``value`` in the shape of this field (override in subclasses)."""
        return value

    def clear(self) -> None:
        """Reset the field to its empty value and drop any error message."""
        self.value = self.empty_value()
        self.error = ""

    @t.validate("value")
    def _validate_value(self, proposal: dict[str, Any]) -> Any:
        try:
            return self.coerce_value(proposal["value"])
        except Exception:  # a crafted message must never break the comm
            log.warning("%s: ignored a malformed value", type(self).__name__, exc_info=True)
            return self.empty_value()

    def _recoerce(self) -> None:
        """Coerce the current value again (after options or limits change)."""
        try:
            self.value = self.coerce_value(self.value)
        except Exception:
            log.warning("%s: value reset", type(self).__name__, exc_info=True)
            self.value = self.empty_value()


class OptionsMixin(t.HasTraits):
    """Adds ``options``: a list of ``[id, label]`` pairs, normalised on every set."""

    options = t.Any([]).tag(sync=True)

    @t.validate("options")
    def _validate_options(self, proposal: dict[str, Any]) -> list[list[str]]:
        return normalize_options(proposal["value"])

    @property
    def option_ids(self) -> list[str]:
        """The option ids, in the order shown."""
        return [oid for oid, _label in self.options]
