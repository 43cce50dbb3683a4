"""From a question to its answer widget: one control per question type."""

from __future__ import annotations

from typing import Any

from ..controls import (
    AgreementScale,
    AnswerField,
    ChoiceGroup,
    DateField,
    DotVoting,
    NumberScale,
    PointsAllocation,
    RankingList,
    RepeatingList,
    TextField,
    YesNo,
)
from ..exercises.model import Question
from ..localtext import pick


def _options(question: Question, lang: str) -> list[list[str]]:
    return [[o.id, pick(o.label, lang)] for o in question.options]


def _repeating_field(field: Question, lang: str) -> dict[str, Any]:
    """One item field as the ``RepeatingList`` widget expects it, texts in ``lang``."""
    spec: dict[str, Any] = {
        "id": field.id,
        "label": pick(field.label, lang),
        "required": field.required,
    }
    if field.type in ("short_text", "long_text"):
        spec.update(
            type="text",
            multiline=field.type == "long_text",
            max_length=int(field.setting("max_length") or 0),
        )
    elif field.type == "single_choice":
        spec.update(
            type="choice",
            options=[{"id": o.id, "label": pick(o.label, lang)} for o in field.options],
        )
    elif field.type == "scale":
        spec.update(
            type="scale",
            min=int(field.setting("min")),
            max=int(field.setting("max")),
            min_label=pick(field.setting("min_label") or {}, lang),
            max_label=pick(field.setting("max_label") or {}, lang),
        )
    else:
        spec["type"] = "date"
    return spec


def _repeating_fields(question: Question, lang: str) -> list[dict[str, Any]]:
    return [_repeating_field(f, lang) for f in question.fields]


def _item_label(question: Question, lang: str) -> str:
    """The name of one item with its number, e.g. "Action {n}" ("" for the widget's own).

    The number tells the items apart, for the remove buttons and for the messages, which
    say "Action 2, What: ...".
    """
    label = pick(question.setting("item_label") or {}, lang)
    if not label or "{n}" in label:
        return label
    return label + " {n}"


def make_field(question: Question, lang: str) -> AnswerField:
    """The widget for ``question`` in ``lang``, with its label, help and settings."""
    common = {
        "label": pick(question.label, lang),
        "help": pick(question.help, lang) if question.help else "",
        "required": question.required,
        "lang": lang,
    }
    kind = question.type
    if kind in ("short_text", "long_text"):
        return TextField(
            multiline=kind == "long_text",
            max_length=int(question.setting("max_length")),
            **common,
        )
    if kind in ("single_choice", "multiple_choice"):
        return ChoiceGroup(
            options=_options(question, lang), multiple=kind == "multiple_choice", **common
        )
    if kind == "yes_no":
        return YesNo(**common)
    if kind == "agreement":
        return AgreementScale(**common)
    if kind == "scale":
        return NumberScale(
            min=int(question.setting("min")),
            max=int(question.setting("max")),
            min_label=pick(question.setting("min_label") or {}, lang),
            max_label=pick(question.setting("max_label") or {}, lang),
            **common,
        )
    if kind == "ranking":
        return RankingList(options=_options(question, lang), **common)
    if kind == "allocation":
        return PointsAllocation(
            options=_options(question, lang), total=int(question.setting("total")), **common
        )
    if kind == "dot_voting":
        return DotVoting(
            options=_options(question, lang),
            dots=int(question.setting("dots")),
            max_per_option=int(question.setting("max_per_option") or 0),
            **common,
        )
    if kind == "date":
        return DateField(
            min_date=question.setting("min_date") or "",
            max_date=question.setting("max_date") or "",
            **common,
        )
    if kind == "repeating_list":
        return RepeatingList(
            fields=_repeating_fields(question, lang),
            min_items=int(question.setting("min_items") or 0),
            max_items=int(question.setting("max_items") or 20),
            item_label=_item_label(question, lang),
            **common,
        )
    raise ValueError(f"no widget for question type {kind!r}")


def widget_value(question: Question, value: Any) -> Any:
    """A stored answer as the widget expects it (empty answers become the widget's empty)."""
    if value is None:
        return {"short_text": "", "long_text": "", "date": ""}.get(question.type)
    return value
