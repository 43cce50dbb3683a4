"""Clean and check one answer for one question (pure functions: no widgets, no database).

The value may come from a crafted widget message, so anything can arrive: every wrong value
raises :class:`AnswerError` with a message in the participant's language, never another
exception. The answer values per type are listed in ``docs/architecture.md``.
"""

from __future__ import annotations

import datetime as dt
import math
import operator
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from .exercises.model import MAX_TEXT_LENGTH, Exercise, Question
from .i18n import t
from .localtext import pick

AGREEMENT_MIN = 1
AGREEMENT_MAX = 5

# C0 controls except tab (09) and newline (0A; CR is turned into LF first), DEL, and C1.
_CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x84\x86-\x9f]")
_LINE_SEP_RE = re.compile("\r\n?|[\x85\u2028\u2029]")
_SURROGATE_RE = re.compile("[\ud800-\udfff]")
_LONE_SURROGATE_RE = re.compile(
    "[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]"
)
_VISIBLE_RE = re.compile("[^\\s\x00-\x08\x0b-\x1f\x7f-\x84\x86-\x9f]")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SPACE_RUN_RE = re.compile(r"[ \t]*\n[ \t\n]*")

# The value of one field of one item of a repeating list: a text or an option id (str),
# a number on a scale (int), or None for a scale left empty.
ItemValue = str | int | None


class AnswerError(ValueError):
    """An answer that cannot be accepted; ``message`` is already in the participant's language."""

    def __init__(self, message: str, key: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.key = key


def _error(key: str, lang: str, **kwargs: object) -> AnswerError:
    return AnswerError(t(key, lang, **kwargs), key)


def clean_text(s: str) -> str:
    """Remove control characters (keep tab and newline), unify line ends, replace lone surrogates.

    Line ends (``\\r\\n``, ``\\r``, U+0085, U+2028, U+2029) become ``\\n``; a lone surrogate
    becomes U+FFFD (a valid surrogate pair is joined). Everything else is kept as literal text:
    emoji, right-to-left scripts, accents, ``$...$``, ``<script>``.
    """
    if _SURROGATE_RE.search(s):
        s = _LONE_SURROGATE_RE.sub("\ufffd", s)
        if _SURROGATE_RE.search(s):  # only valid pairs are left: join them
            s = s.encode("utf-16-le", "surrogatepass").decode("utf-16-le")
    s = _LINE_SEP_RE.sub("\n", s)
    return _CONTROL_RE.sub("", s)


def _as_int(value: Any) -> int | None:
    """An int from an int (or an integral, finite float); ``None`` for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer():
            return int(value)
        return None
    try:
        return operator.index(value)
    except TypeError:
        return None


def _str_list(value: Any, lang: str) -> list[str]:
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise _error("answer.wrong_type", lang)
    return list(value)


def is_empty(question: Question, value: Any) -> bool:
    """Whether ``value`` counts as no answer at all (never raises)."""
    if value is None:
        return True
    if isinstance(value, str):
        return _VISIBLE_RE.search(value) is None
    if isinstance(value, list | tuple):
        if question.type == "repeating_list":
            return all(_item_is_empty(question, item) for item in value)
        return len(value) == 0
    if isinstance(value, Mapping):
        if question.type in ("allocation", "dot_voting"):
            return all(_as_int(v) == 0 for v in value.values())
        return len(value) == 0
    return False


def _item_is_empty(question: Question, item: Any) -> bool:
    if not isinstance(item, Mapping):
        return item is None
    fields = {f.id: f for f in question.fields}
    return all(
        k in fields and is_empty(fields[k], v) if isinstance(k, str) else False
        for k, v in item.items()
    )


def validate_answer(question: Question, value: Any, lang: str) -> Any:
    """Return the cleaned answer to ``question``; ``None`` if empty and not required.

    Raises :class:`AnswerError` (message in ``lang``) for a required answer left empty and for
    every value that does not fit the question.
    """
    if is_empty(question, value):
        if question.required:
            raise _error("answer.required", lang)
        return None
    check = _CHECKS.get(question.type)
    if check is None:
        raise _error("answer.wrong_type", lang)
    return check(question, value, lang)


def _text(question: Question, value: Any, lang: str) -> str:
    if not isinstance(value, str):
        raise _error("answer.wrong_type", lang)
    limit = _as_int(question.setting("max_length")) or MAX_TEXT_LENGTH
    text = clean_text(value).strip()
    if question.type != "long_text":
        text = _SPACE_RUN_RE.sub(" ", text)
    if len(text) > limit:
        raise _error("answer.too_long", lang, length=len(text), limit=limit)
    return text


def _single_choice(question: Question, value: Any, lang: str) -> str:
    if not isinstance(value, str):
        raise _error("answer.wrong_type", lang)
    if value not in question.option_ids:
        raise _error("answer.unknown_option", lang)
    return value


def _check_ids(question: Question, chosen: list[str], lang: str) -> None:
    ids = set(question.option_ids)
    if any(c not in ids for c in chosen):
        raise _error("answer.unknown_option", lang)
    if len(set(chosen)) != len(chosen):
        raise _error("answer.duplicate_option", lang)


def _multiple_choice(question: Question, value: Any, lang: str) -> list[str]:
    chosen = _str_list(value, lang)
    _check_ids(question, chosen, lang)
    low = _as_int(question.setting("min_selected")) or 0
    high = _as_int(question.setting("max_selected")) or len(question.options)
    if len(chosen) < low:
        raise _error("answer.too_few_selected", lang, min=low)
    if len(chosen) > high:
        raise _error("answer.too_many_selected", lang, max=high)
    return [oid for oid in question.option_ids if oid in chosen]


def _agreement(question: Question, value: Any, lang: str) -> int:
    number = _as_int(value)
    if number is None or not AGREEMENT_MIN <= number <= AGREEMENT_MAX:
        raise _error("answer.choose_agreement", lang)
    return number


def _scale_bounds(question: Question) -> tuple[int, int]:
    """The lowest and highest number of a scale (0 and 10 when not set)."""
    low = _as_int(question.setting("min"))
    high = _as_int(question.setting("max"))
    return (0 if low is None else low, 10 if high is None else high)


def _scale(question: Question, value: Any, lang: str) -> int:
    low, high = _scale_bounds(question)
    number = _as_int(value)
    if number is None:
        raise _error("answer.not_a_number", lang)
    if not low <= number <= high:
        raise _error("answer.out_of_range", lang, min=low, max=high)
    return number


def _ranking(question: Question, value: Any, lang: str) -> list[str]:
    order = _str_list(value, lang)
    _check_ids(question, order, lang)
    if len(order) != len(question.options):
        raise _error("answer.ranking_incomplete", lang, count=len(question.options))
    return order


def _counts(question: Question, value: Any, lang: str, cap: int, cap_key: str) -> dict[str, int]:
    """Check a mapping option id -> whole number in 0..cap; return it for every option."""
    if not isinstance(value, Mapping):
        raise _error("answer.wrong_type", lang)
    ids = set(question.option_ids)
    counts = dict.fromkeys(question.option_ids, 0)
    for key, raw in value.items():
        if not isinstance(key, str) or key not in ids:
            raise _error("answer.unknown_option", lang)
        number = _as_int(raw)
        if number is None:
            raise _error("answer.not_a_number", lang)
        if number < 0:
            raise _error("answer.negative", lang)
        if number > cap:
            raise _error(cap_key, lang, total=cap, max=cap)
        counts[key] = number
    return counts


def _allocation(question: Question, value: Any, lang: str) -> dict[str, int]:
    total = _as_int(question.setting("total")) or 100
    counts = _counts(question, value, lang, total, "answer.too_many_points")
    used = sum(counts.values())
    if used != total:
        raise _error("answer.allocation_total", lang, used=used, total=total)
    return counts


def _dot_voting(question: Question, value: Any, lang: str) -> dict[str, int]:
    dots = _as_int(question.setting("dots")) or 3
    per = _as_int(question.setting("max_per_option")) or dots
    counts = _counts(question, value, lang, per, "answer.too_many_dots_per_option")
    used = sum(counts.values())
    if used > dots:
        raise _error("answer.too_many_dots", lang, used=used, dots=dots)
    return counts


def _yes_no(question: Question, value: Any, lang: str) -> bool:
    if not isinstance(value, bool):
        raise _error("answer.yes_or_no", lang)
    return value


def _parse_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return None
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _DATE_RE.match(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _date(question: Question, value: Any, lang: str) -> str:
    day = _parse_date(value)
    if day is None:
        raise _error("answer.date_invalid", lang)
    low = _parse_date(question.setting("min_date"))
    high = _parse_date(question.setting("max_date"))
    if low is not None and day < low:
        raise _error("answer.date_too_early", lang, date=low.isoformat())
    if high is not None and day > high:
        raise _error("answer.date_too_late", lang, date=high.isoformat())
    return day.isoformat()


def _empty_item_value(field: Question) -> ItemValue:
    """What an item stores for a field left empty: ``None`` for a scale, else ""."""
    return None if field.type == "scale" else ""


def _check_item_field(field: Question, value: Any, lang: str) -> ItemValue:
    """Check one field of one item.

    Choices and scales in an item are picked from a list, so any wrong value gets the
    message of that list (choose one of the answers, choose a number from min to max).
    """
    try:
        result = validate_answer(field, value, lang)
    except AnswerError as exc:
        if field.type == "scale" and exc.key == "answer.not_a_number":
            low, high = _scale_bounds(field)
            raise _error("answer.out_of_range", lang, min=low, max=high) from None
        if field.type == "single_choice" and exc.key == "answer.wrong_type":
            raise _error("answer.unknown_option", lang) from None
        raise
    return _empty_item_value(field) if result is None else result


def _is_item(item: Any, field_ids: set[str]) -> bool:
    """Whether ``item`` is a mapping of known field ids (anything else is malformed)."""
    return isinstance(item, Mapping) and all(isinstance(k, str) and k in field_ids for k in item)


def _repeating_list(question: Question, value: Any, lang: str) -> list[dict[str, ItemValue]]:
    if not isinstance(value, list | tuple):
        raise _error("answer.wrong_type", lang)
    fields = question.fields
    field_ids = {f.id for f in fields}
    low = _as_int(question.setting("min_items")) or 0
    high = _as_int(question.setting("max_items")) or 20
    item_word = pick(question.setting("item_label") or {}, lang) or t("repeating_list.item", lang)
    items: list[dict[str, ItemValue]] = []
    for item in value:
        if item is None:
            continue
        if not _is_item(item, field_ids):
            raise _error("answer.wrong_type", lang)
        if _item_is_empty(question, item):
            continue
        if len(items) >= high:
            raise _error("answer.too_many_items", lang, max=high)
        cleaned: dict[str, ItemValue] = {}
        for f in fields:
            try:
                cleaned[f.id] = _check_item_field(f, item.get(f.id), lang)
            except AnswerError as exc:
                message = t(
                    "answer.in_item",
                    lang,
                    item=item_word,
                    number=len(items) + 1,
                    field=pick(f.label, lang),
                    message=exc.message,
                )
                raise AnswerError(message, exc.key) from None
        items.append(cleaned)
    if len(items) < low:
        raise _error("answer.too_few_items", lang, min=low)
    if not items:
        if question.required:
            raise _error("answer.required", lang)
        return []
    return items


def item_errors(question: Question, value: Any, lang: str) -> list[dict[str, str]]:
    """The messages of a ``repeating_list`` per item and field, to show next to each field.

    One dict (field id -> message in ``lang``) per entry of ``value``, at the same
    positions as the widget's items; blank and malformed items get ``{}`` (the list's own
    message covers them). Empty for any other question or value.
    """
    if question.type != "repeating_list" or not isinstance(value, list | tuple):
        return []
    field_ids = {f.id for f in question.fields}
    # A crafted list can be huge; the widget never shows more than max_items (<= 100).
    limit = 2 * (_as_int(question.setting("max_items")) or 20) + 10
    result: list[dict[str, str]] = []
    for item in value[:limit]:
        messages: dict[str, str] = {}
        if _is_item(item, field_ids) and not _item_is_empty(question, item):
            for f in question.fields:
                try:
                    _check_item_field(f, item.get(f.id), lang)
                except AnswerError as exc:
                    messages[f.id] = exc.message
        result.append(messages)
    return result


def draft_rules(question: Question) -> Question:
    """``question`` with the rules a draft is checked by: nothing is required yet.

    Neither the answer nor a field of an item is required, and a list needs no minimum
    number of items: a draft holds what is filled in so far, and only a value that does
    not fit (too long, not an option, out of range) is refused.
    """
    settings = dict(question.settings)
    if question.type == "repeating_list":
        settings["fields"] = tuple(replace(f, required=False) for f in question.fields)
        settings["min_items"] = 0
    return replace(question, required=False, settings=settings)


_CHECKS: dict[str, Callable[[Question, Any, str], Any]] = {
    "short_text": _text,
    "long_text": _text,
    "single_choice": _single_choice,
    "multiple_choice": _multiple_choice,
    "agreement": _agreement,
    "scale": _scale,
    "ranking": _ranking,
    "allocation": _allocation,
    "dot_voting": _dot_voting,
    "yes_no": _yes_no,
    "date": _date,
    "repeating_list": _repeating_list,
}


def validate_form(
    exercise: Exercise, answers: Mapping[str, Any], lang: str
) -> tuple[dict[str, Any], dict[str, str]]:
    """Check every question of ``exercise``; return (cleaned answers, messages by question id).

    Cleaned answers hold only the questions that were answered and are valid; answers to
    ids that are not questions of the exercise are ignored.
    """
    cleaned, errors = validate_fields(exercise.questions, answers, lang)
    return {qid: value for qid, value in cleaned.items() if value is not None}, errors


def validate_fields(
    fields: Sequence[Question], values: Mapping[str, Any], lang: str
) -> tuple[dict[str, Any], dict[str, str]]:
    """Check each field (a question, or a record kind's field) against ``values``; return
    (cleaned values of the valid fields, messages by field id). A record is checked this
    way wherever it is made: the record editor, a button's suggestions, the tests."""
    if not isinstance(values, Mapping):
        values = {}
    cleaned: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for field in fields:
        try:
            cleaned[field.id] = validate_answer(field, values.get(field.id), lang)
        except AnswerError as exc:
            errors[field.id] = exc.message
    return cleaned, errors


__all__ = [
    "AnswerError",
    "ItemValue",
    "clean_text",
    "draft_rules",
    "is_empty",
    "item_errors",
    "validate_answer",
    "validate_fields",
    "validate_form",
]
