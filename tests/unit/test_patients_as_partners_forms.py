"""Bad input in the patients-as-partners forms: a clear message per question, in the
participant's language, and crafted values (a widget message can set anything) refused."""

from __future__ import annotations

import pytest

from cocreate_widgets.answers import validate_form
from cocreate_widgets.exercises import load_exercise_by_id

GOOD = {
    "find_partner": {"themes": ["access", "carers"], "idea": "Minder wachten"},
    "leadership_skills": {
        "dialogue": 3,
        "trust_diverse": 4,
        "common_goal": 2,
        "good_questions": 5,
        "influence": 1,
        "development_goal": "Doorvragen",
    },
    "follow_energy": {
        "initiatives": [{"initiative": "Buurtkamer", "place": "", "energy": 4, "friction": 2}]
    },
    "embed_levels": {
        "activities": [{"activity": "Cliëntenraad", "level": "team", "depth": "advising"}]
    },
    "learn_share": {
        "learnings": [{"learning": "Vraag door", "audience": "own_team", "channel": "meeting"}]
    },
    "partner_agreement": {"common_goal": "Samen de wachtlijst korter"},
}

BAD = [
    # (exercise, question, value, what the Dutch message says, what the English one says)
    ("find_partner", "themes", [], "invullen", "answer"),
    (
        "find_partner",
        "themes",
        ["access", "carers", "medication", "loneliness", "information", "prevention"],
        "5",
        "5",
    ),
    ("find_partner", "themes", ["access", "<script>"], "lijst", "list"),
    ("find_partner", "idea", "   ", "invullen", "answer"),
    ("leadership_skills", "dialogue", 9, "1", "1"),
    ("leadership_skills", "influence", "veel", "getal", "number"),
    (
        "follow_energy",
        "initiatives",
        [{"initiative": "Buurtkamer", "energy": 7, "friction": 2}],
        "Energie",
        "energy",
    ),
    (
        "follow_energy",
        "initiatives",
        [{"initiative": "", "energy": 3, "friction": 2}],
        "Naam",
        "Name",
    ),
    (
        "embed_levels",
        "activities",
        [{"activity": "Raad", "level": "heaven", "depth": "advising"}],
        "Niveau",
        "level",
    ),
    (
        "embed_levels",
        "activities",
        [{"activity": "Raad", "level": "team"}],
        "inspraak",
        "participation",
    ),
    ("learn_share", "learnings", [{"learning": "x", "audience": "=HYPERLINK()"}], "Wie", "Who"),
    ("partner_agreement", "first_step_date", "32-13-2027", "datum", "date"),
]


@pytest.mark.parametrize("exercise_id", sorted(GOOD))
def test_good_answers_pass(exercise_id):
    """Does a sound answer to each new exercise pass without a message?"""
    cleaned, errors = validate_form(load_exercise_by_id(exercise_id), GOOD[exercise_id], "nl")
    assert errors == {}
    assert set(cleaned) >= set(GOOD[exercise_id])


@pytest.mark.parametrize(("exercise_id", "question_id", "value", "nl", "en"), BAD)
def test_bad_answers_get_a_message_at_their_question(exercise_id, question_id, value, nl, en):
    """Is a bad or crafted value refused at its own question, with a message in both languages,
    while the other answers stay valid?"""
    exercise = load_exercise_by_id(exercise_id)
    answers = {**GOOD[exercise_id], question_id: value}
    for lang, expected in (("nl", nl), ("en", en)):
        cleaned, errors = validate_form(exercise, answers, lang)
        assert set(errors) == {question_id}
        assert expected.lower() in errors[question_id].lower()
        assert question_id not in cleaned
