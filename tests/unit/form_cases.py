"""Checks shared by the bad-input tables of every workbook's question sets and record kinds.

Each table module lists sound answers (``GOOD``) and bad ones with the words the message must
hold in Dutch and English; these helpers do the asserting, the same way for every exercise.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cocreate_widgets.answers import validate_fields, validate_form
from cocreate_widgets.exercises import load_exercise_by_id
from cocreate_widgets.exercises.model import RecordKind


def assert_good_answers(exercise_id: str, good: dict[str, Any]) -> None:
    """A sound answer to the exercise passes without a message, every answer kept."""
    cleaned, errors = validate_form(load_exercise_by_id(exercise_id), good, "nl")
    assert errors == {}
    assert set(cleaned) >= set(good)


def assert_bad_answer(
    exercise_id: str, good: dict[str, Any], question_id: str, value: Any, nl: str, en: str
) -> None:
    """A bad or crafted value is refused at its own question, with a message holding ``nl``
    / ``en`` in each language, while the other answers stay valid."""
    exercise = load_exercise_by_id(exercise_id)
    answers = {**good, question_id: value}
    for lang, expected in (("nl", nl), ("en", en)):
        cleaned, errors = validate_form(exercise, answers, lang)
        assert set(errors) == {question_id}
        assert expected.lower() in errors[question_id].lower(), errors[question_id]
        assert question_id not in cleaned
        assert set(cleaned) >= set(good) - {question_id}


RecordCheck = Callable[[RecordKind, dict[str, Any], str], tuple[dict, dict[str, str]]]


def record_errors(
    exercise_id: str, kind_id: str, data: dict[str, Any], lang: str, check: RecordCheck | None
) -> dict[str, str]:
    """Field id -> message for every field of the record kind that refuses its value, as the
    editor checks it (``check``: an editor's own checker, e.g. one that also checks links)."""
    kind = load_exercise_by_id(exercise_id).record_kind(kind_id)
    if check is not None:
        return check(kind, data, lang)[1]
    return validate_fields(kind.fields, data, lang)[1]


def assert_good_record(
    exercise_id: str, kind_id: str, data: dict[str, Any], check: RecordCheck | None = None
) -> None:
    """A sound record fills every field of its kind and passes each."""
    kind = load_exercise_by_id(exercise_id).record_kind(kind_id)
    assert {f.id for f in kind.fields} >= set(data)
    assert record_errors(exercise_id, kind_id, data, "nl", check) == {}


def assert_bad_record_field(
    exercise_id: str,
    kind_id: str,
    good: dict[str, Any],
    field_id: str,
    value: Any,
    nl: str,
    en: str,
    check: RecordCheck | None = None,
) -> None:
    """A bad value of one record field is refused at that field only, in both languages."""
    data = {**good, field_id: value}
    for lang, expected in (("nl", nl), ("en", en)):
        errors = record_errors(exercise_id, kind_id, data, lang, check)
        assert set(errors) == {field_id}
        assert expected.lower() in errors[field_id].lower(), errors[field_id]


def form_table_tests(
    good: dict[str, dict[str, Any]],
    bad: list[tuple],
    good_records: dict[tuple[str, str], dict[str, Any]] | None = None,
    bad_records: list[tuple] | None = None,
    check: RecordCheck | None = None,
) -> tuple[Callable[..., None], ...]:
    """The table tests of a module, made from its tables: assign them to ``test_`` names::

        test_good_answers, test_bad_answers, test_good_records, test_bad_records = (
            form_table_tests(GOOD, BAD, GOOD_RECORDS, BAD_RECORDS)
        )

    ``bad`` rows are (exercise, question, value, Dutch words, English words); ``bad_records``
    rows (exercise, kind, field, value, Dutch words, English words).
    """
    import pytest

    @pytest.mark.parametrize("exercise_id", sorted(good))
    def good_answers(exercise_id: str) -> None:
        """Does a sound answer to each exercise pass without a message?"""
        assert_good_answers(exercise_id, good[exercise_id])

    @pytest.mark.parametrize(("exercise_id", "question_id", "value", "nl", "en"), bad)
    def bad_answers(exercise_id: str, question_id: str, value: Any, nl: str, en: str) -> None:
        """Is a bad or crafted value refused at its own question, in both languages?"""
        assert_bad_answer(exercise_id, good[exercise_id], question_id, value, nl, en)

    if good_records is None:
        return good_answers, bad_answers

    @pytest.mark.parametrize(("exercise_id", "kind_id"), sorted(good_records))
    def good_records_pass(exercise_id: str, kind_id: str) -> None:
        """Does a sound record of each kind pass every field?"""
        assert_good_record(exercise_id, kind_id, good_records[(exercise_id, kind_id)], check)

    @pytest.mark.parametrize(
        ("exercise_id", "kind_id", "field_id", "value", "nl", "en"), bad_records or []
    )
    def bad_record_fields(
        exercise_id: str, kind_id: str, field_id: str, value: Any, nl: str, en: str
    ) -> None:
        """Is a bad record field refused at that field only, in both languages?"""
        data = good_records[(exercise_id, kind_id)]
        assert_bad_record_field(exercise_id, kind_id, data, field_id, value, nl, en, check)

    return good_answers, bad_answers, good_records_pass, bad_record_fields
