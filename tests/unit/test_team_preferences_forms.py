"""Bad input in the project teams form and its assignment record: a clear message at the
question, in the participant's language, and crafted values refused."""

from __future__ import annotations

import pytest

from cocreate_widgets.answers import AnswerError, validate_answer, validate_form
from cocreate_widgets.exercises import load_exercise_by_id

GOOD = {
    "first_choice": "kennisbank",
    "second_choice": "coach",
    "third_choice": "work_advice",
    "hours": "h4",
    "remark": "Liefst op de avond",
}

BAD = [
    # (question, value, what the Dutch message says, what the English one says)
    ("first_choice", "<script>", "lijst", "list"),
    ("first_choice", ["kennisbank", "coach"], "", ""),
    ("second_choice", 3, "", ""),
    ("hours", "h100", "lijst", "list"),
    ("remark", "x" * 1001, "1000", "1000"),
    ("remark", {"html": "<b>"}, "", ""),
]


def test_good_answers_pass():
    cleaned, errors = validate_form(load_exercise_by_id("team_preferences"), GOOD, "nl")
    assert errors == {}
    assert cleaned == GOOD


def test_an_empty_form_is_allowed():
    """Someone who does not want a team (yet) may leave every choice empty."""
    cleaned, errors = validate_form(load_exercise_by_id("team_preferences"), {}, "nl")
    assert errors == {}


@pytest.mark.parametrize(("question_id", "value", "nl", "en"), BAD)
def test_bad_answers_get_a_message_at_their_question(question_id, value, nl, en):
    exercise = load_exercise_by_id("team_preferences")
    answers = {**GOOD, question_id: value}
    for lang, expected in (("nl", nl), ("en", en)):
        cleaned, errors = validate_form(exercise, answers, lang)
        assert set(errors) == {question_id}
        assert expected.lower() in errors[question_id].lower()
        assert question_id not in cleaned
        assert cleaned["hours" if question_id != "hours" else "first_choice"]  # others kept


@pytest.mark.parametrize(
    ("field_id", "value"),
    [
        ("team", ""),
        ("team", "x" * 201),
        ("points_to_discuss", "y" * 2001),
        ("start_date", "31-02-2027"),
        ("start_date", "morgen"),
    ],
)
def test_bad_assignment_fields_are_refused(field_id, value):
    kind = load_exercise_by_id("team_preferences").record_kind("team_assignment")
    field = next(f for f in kind.fields if f.id == field_id)
    with pytest.raises(AnswerError) as raised:
        validate_answer(field, value, "nl")
    assert str(raised.value)
