"""Answers: cleaning, every question type, hostile input, messages in Dutch and English."""

from __future__ import annotations

import math
import time
from pathlib import Path

import pytest

from cocreate_widgets.answers import (
    AnswerError,
    clean_text,
    draft_rules,
    is_empty,
    item_errors,
    validate_answer,
    validate_form,
)
from cocreate_widgets.exercises import Question, load_exercise
from cocreate_widgets.i18n import t

EXERCISE = load_exercise(Path(__file__).parent / "fixtures" / "all_types.yaml")
LIST = load_exercise(Path(__file__).parent / "fixtures" / "list_items.yaml")
INITIATIVES = LIST.question("initiatives")


def q(qid: str) -> Question:
    return EXERCISE.question(qid)


def error(qid: str, value, lang: str = "en") -> AnswerError:
    with pytest.raises(AnswerError) as info:
        validate_answer(q(qid), value, lang)
    assert isinstance(info.value.message, str) and info.value.message
    assert str(info.value) == info.value.message
    return info.value


# --- clean_text ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("a\x00b", "ab"),
        ("bell\x07 esc\x1b[31m del\x7f c1\x9b", "bell esc[31m del c1"),
        ("tab\tand\nnewline", "tab\tand\nnewline"),
        ("windows\r\nmac\rend", "windows\nmac\nend"),
        ("nel\x85ls\u2028ps\u2029", "nel\nls\nps\n"),
        ("lone \ud800 high", "lone \ufffd high"),
        ("lone \udc00 low", "lone \ufffd low"),
        ("pair \ud83d\ude00 joined", "pair \U0001f600 joined"),
        ("\ud800\ud800\udc00\udc00", "\ufffd\U00010000\ufffd"),
        ("emoji 👩🏽‍⚕️ 🎉", "emoji 👩🏽‍⚕️ 🎉"),
        ("שלום עליכם مرحبا", "שלום עליכם مرحبا"),
        ("Patiënt, café, naïef, Ærø", "Patiënt, café, naïef, Ærø"),
        ("$x^2$ and $$\\sum$$", "$x^2$ and $$\\sum$$"),
        ("<script>alert(1)</script>", "<script>alert(1)</script>"),
        ('<img src=x onerror="alert(1)">', '<img src=x onerror="alert(1)">'),
    ],
)
def test_clean_text(raw, clean):
    assert clean_text(raw) == clean


def test_clean_text_result_is_valid_utf8():
    cleaned = clean_text("a\ud800\udbff\udfffb\x00")
    assert cleaned.encode("utf-8").decode("utf-8") == cleaned


# --- text ---------------------------------------------------------------------------------


def test_text_is_cleaned_and_stripped():
    assert validate_answer(q("story"), "  Line one\r\nline\x00 two  \n", "nl") == (
        "Line one\nline two"
    )


def test_short_text_is_one_line():
    assert validate_answer(q("name"), "Anna\n  de Vries", "nl") == "Anna de Vries"


@pytest.mark.parametrize(
    "text",
    ["<script>alert('x')</script>", '<img src=x onerror="alert(1)">', "$5 + $6$", "🙂 אב ü"],
)
def test_markup_and_scripts_are_kept_as_literal_text(text):
    assert validate_answer(q("story"), text, "en") == text


def test_required_text_left_empty():
    assert error("name", None, "nl").message == t("answer.required", "nl")
    assert error("name", "  \n\t ", "en").message == t("answer.required", "en")
    assert error("name", "\x00\x01", "en").key == "answer.required"


def test_optional_text_left_empty_is_none():
    assert validate_answer(q("story"), "", "nl") is None
    assert validate_answer(q("story"), None, "nl") is None


def test_text_over_the_limit_says_length_and_limit():
    exc = error("name", "x" * 41, "nl")
    assert exc.key == "answer.too_long"
    assert "41" in exc.message and "40" in exc.message
    exc = error("name", "x" * 41, "en")
    assert "41 characters" in exc.message and "limit is 40" in exc.message


def test_emoji_count_as_one_character_each():
    assert validate_answer(q("name"), "🙂" * 40, "en") == "🙂" * 40


def test_control_characters_do_not_count_towards_the_limit():
    assert validate_answer(q("name"), "a\x00" * 40, "en") == "a" * 40


def test_one_megabyte_paste_is_refused_quickly():
    big = "ä" * 1_000_000
    start = time.perf_counter()
    exc = error("story", big, "en")
    assert time.perf_counter() - start < 1.0
    assert "1000000" in exc.message and "10000" in exc.message


def test_one_megabyte_of_control_characters_is_fast_too():
    big = "\x00\r\n\ud800" * 250_000
    start = time.perf_counter()
    exc = error("story", big, "en")
    assert time.perf_counter() - start < 1.0
    assert exc.key == "answer.too_long"


# --- choices ------------------------------------------------------------------------------


def test_single_choice():
    assert validate_answer(q("role"), "relative", "nl") == "relative"
    assert error("role", "admin").key == "answer.unknown_option"
    assert error("role", "").key == "answer.required"


def test_multiple_choice_is_returned_in_option_order():
    assert validate_answer(q("topics"), ["ict", "time"], "nl") == ["time", "ict"]


@pytest.mark.parametrize(
    ("value", "key"),
    [
        (["time", "money", "ict"], "answer.too_many_selected"),
        (["time", "time"], "answer.duplicate_option"),
        (["nope"], "answer.unknown_option"),
        ("time", "answer.wrong_type"),
        ([1], "answer.wrong_type"),
        ({"time": True}, "answer.wrong_type"),
    ],
)
def test_multiple_choice_refused(value, key):
    assert error("topics", value).key == key


def test_too_many_selected_names_the_maximum():
    assert error("topics", ["time", "money", "ict"], "nl").message == "Kies er niet meer dan 2."


def test_min_selected():
    question = Question(
        id="m",
        type="multiple_choice",
        label={"nl": "V", "en": "Q"},
        options=q("topics").options,
        settings={"min_selected": 2, "max_selected": 3},
    )
    assert error_for(question, ["time"]).key == "answer.too_few_selected"
    assert validate_answer(question, [], "en") is None


def error_for(question: Question, value, lang: str = "en") -> AnswerError:
    with pytest.raises(AnswerError) as info:
        validate_answer(question, value, lang)
    return info.value


# --- numbers ------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [1, 3, 5, 4.0])
def test_agreement_good(value):
    assert validate_answer(q("own_goals"), value, "nl") == int(value)
    assert type(validate_answer(q("own_goals"), value, "nl")) is int


@pytest.mark.parametrize(
    "value",
    [
        0,
        6,
        -1,
        2.5,
        math.nan,
        math.inf,
        True,
        False,
        "3",
        [3],
        {"v": 3},
        pytest.param(10**5000, id="huge"),
    ],
)
def test_agreement_refused(value):
    assert error("own_goals", value).key == "answer.choose_agreement"


def test_scale():
    assert validate_answer(q("energy"), 7, "en") == 7
    exc = error("energy", 8, "nl")
    assert exc.message == "Kies een getal van 1 tot en met 7."
    assert error("energy", 0).key == "answer.out_of_range"
    assert error("energy", -(10**100)).key == "answer.out_of_range"
    assert error("energy", "7").key == "answer.not_a_number"
    assert error("energy", math.nan).key == "answer.not_a_number"
    assert error("energy", True).key == "answer.not_a_number"


def test_scale_zero_is_an_answer():
    question = Question(id="s", type="scale", label={"nl": "V", "en": "Q"}, required=True)
    assert validate_answer(question, 0, "en") == 0
    assert validate_answer(question, 10, "en") == 10


# --- ranking, allocation, dot voting ------------------------------------------------------


def test_ranking():
    assert validate_answer(q("priorities"), ["c", "a", "b"], "en") == ["c", "a", "b"]
    assert error("priorities", ["a", "b"]).key == "answer.ranking_incomplete"
    assert "3" in error("priorities", ["a", "b"], "nl").message
    assert error("priorities", ["a", "a", "b"]).key == "answer.duplicate_option"
    assert error("priorities", ["a", "b", "z"]).key == "answer.unknown_option"
    assert error("priorities", {"a": 1}).key == "answer.wrong_type"


def test_allocation():
    assert validate_answer(q("budget"), {"a": 10}, "en") == {"a": 10, "b": 0}
    assert validate_answer(q("budget"), {"b": 4.0, "a": 6}, "en") == {"a": 6, "b": 4}
    exc = error("budget", {"a": 3, "b": 4}, "en")
    assert exc.message == ("You have handed out 7 of the 10 points. Hand out exactly 10 points.")
    assert "7 van de 10" in error("budget", {"a": 3, "b": 4}, "nl").message


@pytest.mark.parametrize(
    ("value", "key"),
    [
        ({"a": -5, "b": 15}, "answer.negative"),
        ({"a": 11, "b": -1}, "answer.too_many_points"),
        ({"a": 10**4000, "b": 0}, "answer.too_many_points"),
        ({"a": "10"}, "answer.not_a_number"),
        ({"a": math.nan}, "answer.not_a_number"),
        ({"a": True, "b": 9}, "answer.not_a_number"),
        ({"z": 10}, "answer.unknown_option"),
        ([["a", 10]], "answer.wrong_type"),
        ("a=10", "answer.wrong_type"),
    ],
)
def test_allocation_refused(value, key):
    assert error("budget", value).key == key


def test_minimum_counts_apply_only_once_something_is_given():
    # not required: no answer at all is fine; use required: true to demand one
    assert validate_answer(q("actions"), [{}, {"what": ""}], "en") is None
    assert validate_answer(q("topics"), [], "en") is None


def test_all_zero_allocation_counts_as_empty():
    assert is_empty(q("budget"), {"a": 0, "b": 0})
    assert validate_answer(q("budget"), {"a": 0, "b": 0}, "en") is None


def test_dot_voting():
    assert validate_answer(q("dots"), {"a": 2, "c": 1}, "en") == {"a": 2, "b": 0, "c": 1}
    assert validate_answer(q("dots"), {"b": 1}, "en") == {"a": 0, "b": 1, "c": 0}
    exc = error("dots", {"a": 2, "b": 2}, "nl")
    assert exc.key == "answer.too_many_dots" and "4" in exc.message and "3" in exc.message
    assert error("dots", {"a": 3}).key == "answer.too_many_dots_per_option"
    assert error("dots", {"a": -1, "b": 2}).key == "answer.negative"
    assert error("dots", {"x": 1}).key == "answer.unknown_option"


# --- yes/no, date -------------------------------------------------------------------------


def test_yes_no():
    assert validate_answer(q("continue"), False, "en") is False
    assert validate_answer(q("continue"), True, "en") is True
    for value in (0, 1, "yes", "true", [True]):
        assert error("continue", value).key == "answer.yes_or_no"


def test_date():
    assert validate_answer(q("start"), "2025-02-28", "en") == "2025-02-28"
    assert validate_answer(q("start"), " 2024-01-01 ", "en") == "2024-01-01"
    assert error("start", "2023-12-31", "en").message == "Pick a date on or after 2024-01-01."
    assert error("start", "2031-01-01", "nl").message == "Kies een datum op of voor 2030-12-31."
    for value in ("2025-02-30", "20250101", "2025-W01", "01-02-2025", "2025-1-1", 20250101, [1]):
        assert error("start", value).key == "answer.date_invalid"


# --- repeating list -----------------------------------------------------------------------


def test_repeating_list_drops_empty_items_and_fills_fields():
    value = [
        {"what": " Plan the next meeting ", "when": "2025-03-01"},
        {},
        {"what": "", "who": "  "},
        None,
        {"what": "Call the GP", "who": "Ann"},
    ]
    assert validate_answer(q("actions"), value, "en") == [
        {"what": "Plan the next meeting", "who": "", "when": "2025-03-01"},
        {"what": "Call the GP", "who": "Ann", "when": ""},
    ]


def test_repeating_list_names_item_and_field():
    exc = error("actions", [{"what": "ok"}, {"who": "Ann"}], "nl")
    assert exc.message == "Actie 2, Wat: Deze vraag moet je invullen."
    exc = error("actions", [{"what": "ok", "when": "soon"}], "en")
    assert exc.message.startswith("Action 1, When: ")
    assert exc.key == "answer.date_invalid"


def test_repeating_list_counts_items():
    question = Question(
        id="l",
        type="repeating_list",
        label={"nl": "V", "en": "Q"},
        settings={"fields": q("actions").fields, "min_items": 2, "max_items": 3},
    )
    assert error_for(question, [{"what": "x"}, {"what": ""}]).key == "answer.too_few_items"
    assert error_for(question, [{"what": "x"}], "nl").message == "Vul er minstens 2 in."
    four = [{"what": str(i)} for i in range(4)]
    assert error("actions", four, "en").message == "You can fill in no more than 3."


@pytest.mark.parametrize(
    "value",
    [
        [{"what": "x", "hack": "y"}],
        [{"what": {"nested": 1}}],
        ["just text"],
        [[{"what": "x"}]],
        {"what": "x"},
        "x",
    ],
)
def test_repeating_list_refuses_wrong_shapes(value):
    assert error("actions", value).key == "answer.wrong_type"


def test_huge_repeating_list_stops_early():
    many = [{"what": "x"}] * 1_000_000
    start = time.perf_counter()
    assert error("actions", many).key == "answer.too_many_items"
    assert time.perf_counter() - start < 1.0


# --- repeating list with a choice and scales -----------------------------------------------


def list_error(value, lang: str = "en") -> AnswerError:
    with pytest.raises(AnswerError) as info:
        validate_answer(INITIATIVES, value, lang)
    return info.value


def test_list_items_store_the_option_id_and_the_number():
    """Is a choice kept as its option id, a scale as an int, an empty scale as None?"""
    value = [
        {"name": " Buurtkamer ", "level": "region", "energy": 4, "friction": 0},
        {"name": "", "level": "", "energy": None, "friction": None},
        {"name": "Moestuin", "level": "team", "energy": 5.0},
    ]
    cleaned = validate_answer(INITIATIVES, value, "nl")
    assert cleaned == [
        {"name": "Buurtkamer", "level": "region", "energy": 4, "friction": 0},
        {"name": "Moestuin", "level": "team", "energy": 5, "friction": None},
    ]
    assert type(cleaned[1]["energy"]) is int


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("nl", "Initiatief 1, Niveau: Kies een van de antwoorden uit de lijst."),
        ("en", "Initiative 1, Level: Please choose one of the answers in the list."),
    ],
)
@pytest.mark.parametrize("level", ["boss", "TEAM", 1, ["team"], {"id": "team"}, True])
def test_unknown_option_in_an_item_names_item_and_field(level, lang, message):
    """Is an option id that is not in the field (or no id at all) refused per item?"""
    exc = list_error([{"name": "x", "level": level, "energy": 3}], lang)
    assert exc.message == message
    assert exc.key == "answer.unknown_option"


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("nl", "Initiatief 2, Energie: Kies een getal van 1 tot en met 5."),
        ("en", "Initiative 2, Energy: Choose a number from 1 to 5."),
    ],
)
@pytest.mark.parametrize("energy", [0, 6, -1, 4.5, "4", True, [4], math.nan, 10**100])
def test_scale_in_an_item_out_of_range_or_not_a_whole_number(energy, lang, message):
    """Is a number outside min..max, or anything not a whole number, refused with the range?"""
    good = {"name": "ok", "level": "team", "energy": 3}
    exc = list_error([good, {"name": "x", "level": "team", "energy": energy}], lang)
    assert exc.message == message
    assert exc.key == "answer.out_of_range"


def test_required_choice_and_scale_in_an_item():
    """Must a required choice and a required scale be filled in every item?"""
    exc = list_error([{"name": "x", "energy": 2}], "nl")
    assert exc.message == "Initiatief 1, Niveau: Deze vraag moet je invullen."
    exc = list_error([{"name": "x", "level": "team", "energy": None}], "en")
    assert exc.message == "Initiative 1, Energy: Please answer this question."
    # The optional scale may stay empty; its lowest number 0 is an answer, not empty.
    done = validate_answer(INITIATIVES, [{"name": "x", "level": "team", "energy": 1}], "en")
    assert done[0]["friction"] is None
    assert not is_empty(INITIATIVES, [{"friction": 0}])
    assert list_error([{"friction": 0}]).message.startswith("Initiative 1, Name: ")


def test_item_errors_sit_at_the_position_of_the_item_and_field():
    """Does every wrong field get its own message, at the widget's item position?"""
    value = [
        {"name": "ok", "level": "team", "energy": 3},
        {"name": "", "level": "", "energy": None},
        {"name": "x", "level": "boss", "energy": 9},
        "junk",
    ]
    assert item_errors(INITIATIVES, value, "en") == [
        {},
        {},
        {
            "level": "Please choose one of the answers in the list.",
            "energy": "Choose a number from 1 to 5.",
        },
        {},
    ]
    dutch = item_errors(INITIATIVES, [{"level": "team"}], "nl")
    assert dutch == [
        {"name": "Deze vraag moet je invullen.", "energy": "Deze vraag moet je invullen."}
    ]
    assert item_errors(q("name"), "text", "en") == []
    assert len(item_errors(INITIATIVES, [{"name": "x"}] * 100_000, "en")) < 100


def test_draft_rules_keep_a_half_filled_item_but_not_a_wrong_value():
    """Is a draft with only a level chosen kept, while an unknown option is still refused?"""
    draft = draft_rules(INITIATIVES)
    assert validate_answer(draft, [{"level": "region"}], "en") == [
        {"name": "", "level": "region", "energy": None, "friction": None}
    ]
    assert INITIATIVES.fields[1].required  # the question itself is unchanged
    with pytest.raises(AnswerError) as info:
        validate_answer(draft, [{"level": "boss"}], "en")
    assert info.value.key == "answer.unknown_option"
    assert item_errors(draft, [{"level": "region"}], "en") == [{}]


# --- crafted values of every kind never raise anything but AnswerError --------------------

CRAFTED = [
    None,
    True,
    0,
    -1,
    10**5000,
    math.nan,
    -math.inf,
    1e308,
    "",
    "\x00",
    "\ud800",
    "x" * 20_000,
    [],
    [None],
    [1, "a"],
    [[]],
    {},
    {"a": None},
    {None: 1},
    {1: 1},
    {"a": {"b": 1}},
    object(),
    b"bytes",
]


@pytest.mark.parametrize(
    "question", [*EXERCISE.questions, INITIATIVES], ids=lambda question: question.id
)
@pytest.mark.parametrize("lang", ["nl", "en", "xx"])
def test_crafted_values_give_an_answer_error_or_a_clean_value(question, lang):
    items = [[{"name": "x", "level": "team", "energy": v} for v in CRAFTED if v != 3]]
    for value in [*CRAFTED, *items, [{"level": v} for v in CRAFTED if v != "team"]]:
        try:
            validate_answer(question, value, lang)
        except AnswerError as exc:
            assert exc.message and "{" not in exc.message
        assert isinstance(is_empty(question, value), bool)
        assert isinstance(item_errors(question, value, lang), list)


# --- messages in both languages ------------------------------------------------------------


def test_messages_differ_per_language():
    nl = error("role", "x", "nl").message
    en = error("role", "x", "en").message
    assert nl != en
    assert nl == "Kies een van de antwoorden uit de lijst."
    assert en == "Please choose one of the answers in the list."


def test_unknown_language_falls_back_to_dutch():
    assert error("role", "x", "fr").message == error("role", "x", "nl").message


# --- whole form ---------------------------------------------------------------------------


def test_validate_form_collects_clean_values_and_messages():
    answers = {
        "name": "  Anna ",
        "role": "dentist",
        "own_goals": 4,
        "budget": {"a": 1},
        "story": "",
        "not_a_question": "ignored",
    }
    cleaned, errors = validate_form(EXERCISE, answers, "en")
    assert cleaned == {"name": "Anna", "own_goals": 4}
    assert set(errors) == {"role", "budget"}
    assert errors["budget"] == t("answer.allocation_total", "en", used=1, total=10)


def test_validate_form_required_missing():
    cleaned, errors = validate_form(EXERCISE, {}, "nl")
    assert cleaned == {}
    assert errors["name"] == errors["role"] == "Deze vraag moet je invullen."
