"""A list of items the participant can extend, e.g. goals, each with a few fields."""

from __future__ import annotations

from typing import Any

import traitlets as t

from .base import AnswerField, coerce_int, load_css, load_esm
from .date import coerce_iso_date

__all__ = ["RepeatingList", "normalize_fields"]


def normalize_fields(raw: Any) -> list[dict[str, Any]]:
    """Turn field specs into ``[{id, label, multiline, max_length, type}, ...]``.

    ``type`` is "text" (default) or "date"; specs without an id, and repeated ids, are
    skipped.
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
        kind = spec.get("type", "text")
        label = spec.get("label", fid)
        result.append(
            {
                "id": fid,
                "label": label if isinstance(label, str) else str(label),
                "multiline": bool(spec.get("multiline", False)),
                "max_length": coerce_int(spec.get("max_length"), 0) or 0,
                "type": "date" if kind == "date" else "text",
            }
        )
    return result


class RepeatingList(AnswerField):
    """Several items of the same small form (``repeating_list``).

    Traits: ``fields`` (``[{id, label, multiline, max_length, type}]``), ``value`` (one
    dict field id -> text per item), ``min_items``, ``max_items`` (0: no limit),
    ``item_label`` ("Goal {n}"; "" uses ``texts["item_label"]``) and ``item_errors``
    (one dict field id -> message per item). An "add another" button (disabled at
    ``max_items``) and a "remove" button per item, named after the item ("Remove Goal 2").

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
    def _default_value(self) -> list[dict[str, str]]:
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

    def blank_item(self) -> dict[str, str]:
        """An item with every field empty."""
        return {f["id"]: "" for f in self.fields}

    def empty_value(self) -> list[dict[str, str]]:
        """``max(min_items, 1)`` blank items."""
        return [self.blank_item() for _ in range(max(self.min_items, 1))]

    def coerce_value(self, value: Any) -> list[dict[str, str]]:
        """A list of dicts with a string for every field (unknown keys dropped)."""
        if not isinstance(value, (list, tuple)):
            return []
        ids = [f["id"] for f in self.fields]
        kinds = {f["id"]: f["type"] for f in self.fields}
        items: list[dict[str, str]] = []
        for item in value:
            if not isinstance(item, dict):
                continue
            if not ids:
                items.append(
                    {k: v for k, v in item.items() if isinstance(k, str) and isinstance(v, str)}
                )
                continue
            clean: dict[str, str] = {}
            for fid in ids:
                raw = item.get(fid, "")
                if kinds[fid] == "date":
                    clean[fid] = coerce_iso_date(raw)
                else:
                    clean[fid] = raw if isinstance(raw, str) else ""
            items.append(clean)
        return items

    def filled_items(self) -> list[dict[str, str]]:
        """The items in which at least one field is not blank."""
        return [item for item in self.value if any(v.strip() for v in item.values())]

    @t.observe("fields")
    def _fields_changed(self, _change: dict[str, Any]) -> None:
        self._recoerce()
