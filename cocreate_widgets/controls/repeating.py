"""A list of items the participant can extend, e.g. goals, each with a few fields."""

from __future__ import annotations

from typing import Any

import traitlets as t

from .base import AnswerField, coerce_int, load_css, load_esm, normalize_options
from .date import coerce_iso_date

__all__ = ["RepeatingList", "normalize_fields"]

# The value of one field in one item: text, date or option id (str), number (int), or
# None for a scale left empty.
ItemValue = str | int | None

SCALE_LIMIT = 1000  # a scale runs from -SCALE_LIMIT to SCALE_LIMIT at most (as in the files)
_KINDS = {
    "text": "text",
    "short_text": "text",
    "long_text": "text",
    "date": "date",
    "choice": "choice",
    "single_choice": "choice",
    "scale": "scale",
}


def _label(value: Any, default: str) -> str:
    """A label as a string (``default`` for none)."""
    if value is None:
        return default
    return value if isinstance(value, str) else str(value)


def _scale_spec(spec: dict[str, Any]) -> dict[str, Any]:
    """``min``, ``max`` (min below max, 0..10 when unusable) and the two end labels."""
    low = coerce_int(spec.get("min"), -SCALE_LIMIT, SCALE_LIMIT)
    high = coerce_int(spec.get("max"), -SCALE_LIMIT, SCALE_LIMIT)
    low = 0 if low is None else low
    high = 10 if high is None else high
    if low >= high:
        low, high = 0, 10
    return {
        "min": low,
        "max": high,
        "min_label": _label(spec.get("min_label"), ""),
        "max_label": _label(spec.get("max_label"), ""),
    }


def normalize_fields(raw: Any) -> list[dict[str, Any]]:
    """Turn field specs into ``[{id, label, type, required, ...}, ...]`` for the browser.

    ``type`` is "text" (default; with ``multiline`` and ``max_length``), "date", "choice"
    (with ``options``: ``[{id, label}]``) or "scale" (with ``min``, ``max``, ``min_label``,
    ``max_label``). The question type names (``short_text``, ``single_choice``, ...) are
    accepted too. Specs without an id, and repeated ids, are skipped.
    """
    result: list[dict[str, Any]] = []
    seen: set[str] = set()
    if not isinstance(raw, (list, tuple)):
        return result
    for spec in raw:
        if not isinstance(spec, dict):
            continue
        fid = spec.get("id")
        if not isinstance(fid, str) or not fid or fid in seen:
            continue
        seen.add(fid)
        raw_kind = spec.get("type", "text")
        kind = _KINDS.get(raw_kind, "text") if isinstance(raw_kind, str) else "text"
        field: dict[str, Any] = {
            "id": fid,
            "label": _label(spec.get("label"), fid),
            "type": kind,
            "required": bool(spec.get("required", False)),
            "multiline": kind == "text" and bool(spec.get("multiline", False)),
            "max_length": (coerce_int(spec.get("max_length"), 0) or 0) if kind == "text" else 0,
        }
        if kind == "choice":
            options = normalize_options(spec.get("options"))
            field["options"] = [{"id": oid, "label": label} for oid, label in options]
        elif kind == "scale":
            field.update(_scale_spec(spec))
        result.append(field)
    return result


def _coerce_item_value(field: dict[str, Any], raw: Any) -> ItemValue:
    """One field of one item in its shape; anything that does not fit becomes empty."""
    kind = field["type"]
    if kind == "date":
        return coerce_iso_date(raw)
    if kind == "choice":
        ids = {option["id"] for option in field["options"]}
        return raw if isinstance(raw, str) and raw in ids else ""
    if kind == "scale":
        return coerce_int(raw, field["min"], field["max"])
    return raw if isinstance(raw, str) else ""


def _is_filled(value: Any) -> bool:
    """Whether one field of an item holds something (a number, also 0, always counts)."""
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    return True


class RepeatingList(AnswerField):
    """Several items of the same small form (``repeating_list``).

    Traits: ``fields`` (see :func:`normalize_fields`), ``value`` (one dict field id ->
    value per item: a text, date or option id as str, a scale number as int or ``None``),
    ``min_items``, ``max_items`` (0: no limit), ``item_label`` ("Goal {n}"; "" uses
    ``texts["item_label"]``) and ``item_errors`` (one dict field id -> message per item,
    shown next to that field). An "add another" button (disabled at ``max_items``) and a
    "remove" button per item, named after the item ("Remove Goal 2"). A choice or a scale
    is a native ``<select>``.

    A new list starts with ``max(min_items, 1)`` blank items; :meth:`filled_items`
    drops the blank ones.
    """

    _esm = load_esm("repeating.js")
    _css = load_css("repeating.css")

    fields = t.Any([]).tag(sync=True)
    value = t.Any().tag(sync=True)
    min_items = t.Int(0).tag(sync=True)
    max_items = t.Int(0).tag(sync=True)
    item_label = t.Unicode("").tag(sync=True)
    item_errors = t.Any([]).tag(sync=True)

    @t.default("value")
    def _default_value(self) -> list[dict[str, ItemValue]]:
        return self.empty_value()

    @t.validate("fields")
    def _validate_fields(self, proposal: dict[str, Any]) -> list[dict[str, Any]]:
        return normalize_fields(proposal["value"])

    @t.validate("item_errors")
    def _validate_item_errors(self, proposal: dict[str, Any]) -> list[dict[str, str]]:
        raw = proposal["value"]
        if not isinstance(raw, (list, tuple)):
            return []
        return [
            {str(k): str(v) for k, v in item.items() if v} if isinstance(item, dict) else {}
            for item in raw
        ]

    def blank_item(self) -> dict[str, ItemValue]:
        """An item with every field empty ("" for text and choice, ``None`` for a scale)."""
        return {f["id"]: None if f["type"] == "scale" else "" for f in self.fields}

    def empty_value(self) -> list[dict[str, ItemValue]]:
        """``max(min_items, 1)`` blank items."""
        return [self.blank_item() for _ in range(max(self.min_items, 1))]

    def coerce_value(self, value: Any) -> list[dict[str, ItemValue]]:
        """A list of dicts with a value of the right shape for every field.

        Unknown keys are dropped; a text or date that is not a string becomes "", a choice
        that is not one of the option ids "", a scale that is not a whole number in range
        ``None``.
        """
        if not isinstance(value, (list, tuple)):
            return []
        fields = self.fields
        items: list[dict[str, ItemValue]] = []
        for item in value:
            if not isinstance(item, dict):
                continue
            if not fields:
                items.append(
                    {k: v for k, v in item.items() if isinstance(k, str) and isinstance(v, str)}
                )
                continue
            items.append({f["id"]: _coerce_item_value(f, item.get(f["id"])) for f in fields})
        return items

    def filled_items(self) -> list[dict[str, ItemValue]]:
        """The items in which at least one field is not blank (a chosen 0 is not blank)."""
        return [item for item in self.value if any(_is_filled(v) for v in item.values())]

    @t.observe("fields")
    def _fields_changed(self, _change: dict[str, Any]) -> None:
        self._recoerce()
