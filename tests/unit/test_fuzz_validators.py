"""Every validator fed by hypothesis: naughty strings and any JSON value, never a crash.

A crafted widget message can send any JSON value, and a participant can paste anything. The
property, for each validator: it returns a value or raises its documented error (with a
message), never another exception; a text it returns can be written as UTF-8 (no lone
surrogate), and HTML it makes holds no unescaped ``<script``. Derandomized, so CI is
repeatable. Each fuzz test has plain regression cases beside it for what it found.
"""

from __future__ import annotations

import json
import math
from types import SimpleNamespace
from typing import Any

import ipywidgets as widgets
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from naughty_strings import NAUGHTY, SMALL_NAUGHTY

from cocreate_widgets.analysis.theme_meetings import idea_problem
from cocreate_widgets.answers import (
    AnswerError,
    clean_text,
    draft_rules,
    item_errors,
    validate_answer,
    validate_fields,
    validate_form,
)
from cocreate_widgets.charts.style import chart_label
from cocreate_widgets.exercises import list_exercises, load_exercise_by_id
from cocreate_widgets.export.safe_cells import FORMULA_STARTS, csv_cell, xlsx_text
from cocreate_widgets.facilitator.platform_logs import check_record, checked_link
from cocreate_widgets.facilitator.quick_poll import QuickPollPanel
from cocreate_widgets.facilitator.setup import WorkshopSetupPanel
from cocreate_widgets.facilitator.theme_groups import ThemeNameError, check_theme_names
from cocreate_widgets.participant.join import JoinScreen, clean_name
from cocreate_widgets.store import Store, UnknownJoinCode
from cocreate_widgets.store.workshops import normalise_join_code
from cocreate_widgets.stories.masking import mask_text
from cocreate_widgets.stories.review import ReviewError, check_masked_text, valid_display_name

EXERCISES = list_exercises()
QUESTIONS = [q for e in EXERCISES for q in e.questions]
LISTS = [q for q in QUESTIONS if q.type == "repeating_list"]
KINDS = [k for e in EXERCISES for k in e.records]
LANGS = ["nl", "en", "xx", ""]

FUZZ = settings(
    max_examples=1000,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
"""1,000 examples per validator, the same ones on every run."""

# any character, lone surrogates included (hypothesis leaves them out unless asked)
any_text = st.text(st.characters(exclude_categories=()), max_size=60)
texts = st.one_of(any_text, st.sampled_from(NAUGHTY))
small_texts = st.one_of(any_text, st.sampled_from(SMALL_NAUGHTY))
numbers = st.one_of(
    st.integers(),
    st.integers(-3, 120),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([2**63, -(2**63), 10**100, 0.5, -0.0, 1e308]),
)
scalars = st.one_of(st.none(), st.booleans(), numbers, texts)
small_scalars = st.one_of(st.none(), st.booleans(), numbers, small_texts)
json_values = st.recursive(
    small_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(small_texts, inner, max_size=4),
    max_leaves=8,
)
"""What a crafted widget message can carry."""


def writable(text: str) -> bool:
    """Whether the text can be written as UTF-8 (and so as JSON to any database)."""
    text.encode("utf-8")
    return True


def no_script(html: str) -> bool:
    """Whether an HTML text holds no unescaped script tag."""
    return "<script" not in html.lower()


def all_writable(value: Any) -> bool:
    """Whether every text in a cleaned value (str, list, dict) is writable."""
    if isinstance(value, str):
        return writable(value)
    if isinstance(value, dict):
        return all(all_writable(k) and all_writable(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return all(all_writable(v) for v in value)
    return True


def _shaped(question) -> st.SearchStrategy:
    """Values in (or near) the shape the question expects, to get past the type checks."""
    ids = list(question.option_ids) or ["x"]
    option = st.sampled_from(ids)
    kind = question.type
    if kind in ("short_text", "long_text"):
        return texts
    if kind == "single_choice":
        return option | small_texts
    if kind in ("multiple_choice", "ranking"):
        return st.lists(option | small_texts, max_size=len(ids) + 1) | st.permutations(ids)
    if kind in ("allocation", "dot_voting"):
        return st.dictionaries(option | small_texts, numbers | scalars, max_size=len(ids) + 1)
    if kind in ("agreement", "scale"):
        return numbers
    if kind == "yes_no":
        return st.booleans()
    if kind == "date":
        return st.dates().map(lambda d: d.isoformat()) | st.dates() | st.datetimes() | small_texts
    if kind == "repeating_list":
        fields = question.fields
        item = st.fixed_dictionaries(
            {}, optional={f.id: _shaped(f) | scalars for f in fields}
        ) | st.dictionaries(small_texts, scalars, max_size=3)
        return st.lists(item | st.none() | scalars, max_size=25)
    return json_values


def answers_for(pool) -> st.SearchStrategy:
    """(question, value, lang) for a question of the pool: shaped values or any JSON."""
    return st.sampled_from(pool).flatmap(
        lambda q: st.tuples(st.just(q), _shaped(q) | json_values, st.sampled_from(LANGS))
    )


def check_answer_result(question, value, lang) -> None:
    try:
        cleaned = validate_answer(question, value, lang)
    except AnswerError as error:
        assert error.message and writable(error.message)
        return
    assert all_writable(cleaned)
    json.dumps(cleaned, allow_nan=False)


# -- answers.py -------------------------------------------------------------------------


def test_exercises_cover_every_question_type():
    """Do the fuzzed exercises hold every question type the validators know?"""
    types = {q.type for q in QUESTIONS} | {f.type for q in LISTS for f in q.fields}
    assert {"short_text", "long_text", "single_choice", "scale", "repeating_list"} <= types
    assert KINDS and LISTS


@FUZZ
@given(answers_for(QUESTIONS))
def test_validate_answer_never_crashes(case):
    """Does every question of every exercise take any value without another exception?"""
    check_answer_result(*case)


@FUZZ
@given(answers_for(QUESTIONS))
def test_validate_answer_as_a_draft_never_crashes(case):
    """Does every question under the draft rules take any value without a crash?"""
    question, value, lang = case
    check_answer_result(draft_rules(question), value, lang)


@FUZZ
@given(answers_for(LISTS))
def test_item_errors_never_crash(case):
    """Does every repeating list's per-item check give messages, never an exception?"""
    question, value, lang = case
    check_answer_result(question, value, lang)
    messages = item_errors(question, value, lang)
    assert isinstance(messages, list)
    for item in messages:
        assert all(isinstance(m, str) and m and writable(m) for m in item.values())


@FUZZ
@given(
    st.sampled_from(EXERCISES).flatmap(
        lambda e: st.tuples(
            st.just(e),
            st.dictionaries(
                st.sampled_from(list(e.question_ids) or ["x"]) | small_texts,
                st.one_of([_shaped(q) for q in e.questions] or [json_values]) | json_values,
                max_size=6,
            )
            | json_values,
        )
    ),
    st.sampled_from(LANGS),
)
def test_validate_form_never_crashes(case, lang):
    """Does a whole form with any answers give cleaned answers and messages, no crash?"""
    exercise, answers = case
    cleaned, errors = validate_form(exercise, answers, lang)
    assert set(cleaned) | set(errors) <= set(exercise.question_ids)
    assert all_writable(cleaned) and all(m and writable(m) for m in errors.values())


@FUZZ
@given(
    st.sampled_from(KINDS).flatmap(
        lambda k: st.tuples(
            st.just(k),
            st.fixed_dictionaries({}, optional={f.id: _shaped(f) | scalars for f in k.fields})
            | json_values,
        )
    ),
    st.sampled_from(LANGS),
)
def test_validate_fields_of_records_never_crash(case, lang):
    """Does every record kind's field check (and the link check) take any values?"""
    kind, values = case
    for cleaned, errors in (
        validate_fields(kind.fields, values, lang),
        check_record(kind, values, lang),
    ):
        assert all_writable(cleaned) and all(m and writable(m) for m in errors.values())


@FUZZ
@given(texts)
def test_clean_text_leaves_writable_text(text):
    """Is every cleaned text writable as UTF-8, without controls, and stable when cleaned again?"""
    cleaned = clean_text(text)
    assert writable(cleaned)
    assert not any(ord(c) < 32 and c not in "\t\n" for c in cleaned)
    assert clean_text(cleaned) == cleaned


# -- joining ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def fuzz_store(tmp_path_factory):
    """One SQLite store for the module's fuzz tests, with workshops of every anonymity."""
    folder = tmp_path_factory.mktemp("fuzz")
    store = Store(f"sqlite:///{folder / 'cocreate.sqlite'}")
    store.upgrade()
    for anonymity in ("required", "optional", "none"):
        store.create_workshop(f"Fuzz {anonymity}", anonymity=anonymity, consent_text="Akkoord?")
    yield store
    store.dispose()


@FUZZ
@given(json_values)
def test_join_code_normaliser_never_crashes(code):
    """Is any typed code turned into at most 32 upper-case letters and digits?"""
    normalised = normalise_join_code(code)
    assert len(normalised) <= 32 and writable(normalised)
    assert all(c.isalnum() for c in normalised)


@FUZZ
@given(texts)
def test_workshop_by_code_finds_or_refuses(fuzz_store, code):
    """Does a lookup with any code find a workshop or raise ``UnknownJoinCode``?"""
    try:
        workshop = fuzz_store.workshop_by_code(code)
    except UnknownJoinCode:
        return
    assert workshop.join_code == normalise_join_code(code)


@pytest.fixture(scope="module")
def join_screens(fuzz_store):
    """A join screen at the profile step for each workshop (anonymity required/optional/none)."""
    return [
        JoinScreen(fuzz_store, "nl", lambda _w, _p: None, code=w.join_code)
        for w in fuzz_store.workshops()
    ]


@FUZZ
@given(st.integers(0, 2), json_values, json_values, st.sampled_from(["patient", "x"]) | json_values)
def test_join_screen_checks_any_profile(join_screens, screen_index, name, organisation, role):
    """Does the join step take any name, organisation and role without a crash?"""
    screen = join_screens[screen_index]
    screen.name_field.value = name
    screen.organisation_field.value = organisation
    screen.role_field.value = role
    screen.consent_field.value = ["yes"]
    participant = screen.join()
    assert no_script(screen.notice.value)
    if participant is not None:
        assert writable(participant.pseudonym) and len(participant.pseudonym) <= 80
        assert participant.name is None or writable(participant.name)
        assert participant.organisation is None or writable(participant.organisation)


@FUZZ
@given(json_values)
def test_clean_name_never_crashes(value):
    """Is any name cleaned into single-spaced, writable text?"""
    name = clean_name(value)
    assert writable(name) and name == " ".join(name.split())


# -- the console's inputs ---------------------------------------------------------------


@pytest.fixture(scope="module")
def setup_panel(fuzz_store):
    """The console's workshop setup panel (no exercises chosen: creating stays quick)."""
    return WorkshopSetupPanel(fuzz_store, "nl", lambda _id: None)


@settings(FUZZ, max_examples=300)
@given(small_texts, small_texts | st.sampled_from(NAUGHTY), small_texts)
def test_workshop_setup_takes_any_title_consent_and_community(setup_panel, title, consent, name):
    """Does creating a workshop from any typed title, consent and community work or say why?

    300 examples: every accepted one is a workshop (and perhaps a community) in SQLite."""
    setup_panel.title.value = title
    setup_panel.consent.value = consent
    setup_panel.community.value = name
    workshop = setup_panel.create()
    assert setup_panel.message.value and no_script(setup_panel.message.value)
    if workshop is not None:
        assert writable(workshop.title) and 0 < len(workshop.title) <= 200
        assert writable(workshop.consent_text)


@pytest.fixture(scope="module")
def poll_panel():
    """The quick poll panel on a stand-in workbook (its button is not clicked)."""
    stand_in = SimpleNamespace(
        exercise=load_exercise_by_id("quick_poll"),
        offer_run=lambda _build, label: widgets.VBox(
            [widgets.Button(description=label), widgets.HTML()]
        ),
    )
    return QuickPollPanel(stand_in, "nl")


@FUZZ
@given(texts)
def test_quick_poll_idea_is_checked_or_refused(poll_panel, idea):
    """Is any typed idea either fine (a writable question set) or refused with a message?"""
    poll_panel.idea.value = idea
    problem = poll_panel.check()
    assert problem in (None, "empty", "too_long")
    assert no_script(poll_panel.message.value)
    if problem is None:
        question_set = poll_panel.build()
        json.dumps(question_set, ensure_ascii=False).encode("utf-8")
    else:
        with pytest.raises(ValueError, match="idea"):
            poll_panel.build()


@FUZZ
@given(texts | json_values, st.lists(small_texts, max_size=3))
def test_theme_names_are_checked_or_refused(text, taken):
    """Are any typed theme names either writable names or a ``ThemeNameError``?"""
    try:
        names = check_theme_names(text, taken)
    except ThemeNameError as error:
        assert error.key
        return
    assert 0 < len(names) <= 12 and all(n and writable(n) for n in names)


@FUZZ
@given(texts | json_values, st.sampled_from(LANGS))
def test_checked_link_is_a_web_address_or_refused(value, lang):
    """Is any link value None, a writable http(s) address, or an ``AnswerError``?"""
    try:
        link = checked_link(value, lang)
    except AnswerError as error:
        assert error.message
        return
    assert link is None or (writable(link) and link.lower().startswith(("http://", "https://")))


@FUZZ
@given(texts | json_values, st.lists(small_texts, max_size=3))
def test_masked_text_is_checked_or_refused(text, names):
    """Is any reviewed text either writable, cleaned text or a ``ReviewError``?"""
    try:
        cleaned = check_masked_text(text, names)
    except ReviewError as error:
        assert error.key
        return
    assert cleaned and writable(cleaned)


@FUZZ
@given(texts | json_values)
def test_valid_display_name_answers_yes_or_no(name):
    """Does the display-name check answer True or False for anything?"""
    assert valid_display_name(name) in (True, False)


@FUZZ
@given(texts | json_values, st.lists(small_texts, max_size=3), st.sampled_from(LANGS))
def test_mask_text_without_deduce_never_crashes(text, names, lang):
    """Does masking (own patterns only) take any text and give writable text back?"""
    masked = mask_text(text, names=names, lang=lang, use_deduce=False)
    assert writable(masked.text)
    assert all(span.start < span.end for span in masked.spans)


# -- charts and exports -----------------------------------------------------------------


@FUZZ
@given(texts | json_values, st.integers(1, 80))
def test_chart_label_is_safe_for_mathtext(text, width):
    """Is any label short, writable, and free of an unescaped ``$`` (mathtext)?"""
    label = chart_label(text, width)
    assert label and writable(label) and len(label) < 400
    unescaped = label.replace("\\\\", "").replace("\\$", "")
    assert "$" not in unescaped


@FUZZ
@given(
    json_values
    | st.datetimes()
    | st.sampled_from([math.nan, float("inf"), None])
    | st.sampled_from(NAUGHTY)
)
def test_csv_cell_never_starts_a_formula(value):
    """Is any value written as a CSV cell that is writable and never starts a formula?"""
    cell = csv_cell(value)
    assert isinstance(cell, str) and writable(cell)
    if not isinstance(value, int | float):  # a number is written as a number: -1 stays -1
        assert not cell.startswith(FORMULA_STARTS)


@FUZZ
@given(texts)
def test_xlsx_text_fits_a_cell(text):
    """Is any text cut to one writable Excel cell (at most 32,767 UTF-16 units)?"""
    cell = xlsx_text(text)
    assert writable(cell) and len(cell.encode("utf-16-le")) // 2 <= 32_767


# -- regression cases: what the fuzz tests found -----------------------------------------


@pytest.mark.parametrize("text", ["x" * 1_000_000, "0" * 1_000_000, "a." * 500_000])
def test_masking_a_megabyte_word_is_quick(text):
    """Does a 1 MB word no longer hang the e-mail pattern (it tried every start)?"""
    assert mask_text(text, use_deduce=False).text == text
    with pytest.raises(ReviewError):
        check_masked_text(text + " jan@example.org")


def test_masking_still_finds_addresses_next_to_each_other():
    """Are e-mail addresses still found whole, also one right after another?"""
    masked = mask_text("Mail a.b+c@x.example.org,d@y.nl of e@z.com.f@w.org", use_deduce=False)
    assert [s.original for s in masked.spans] == [
        "a.b+c@x.example.org",
        "d@y.nl",
        "e@z.com",
        "f@w.org",
    ]


@pytest.mark.parametrize(
    ("check", "value"),
    [
        (lambda v: check_theme_names(v), "Zorg\ud800"),
        (lambda v: check_masked_text(v), "Mijn verhaal \udc00"),
        (lambda v: checked_link(v, "nl"), "https://example.org/\ud800"),
        (lambda v: chart_label(v), "Label \ud83d"),
        (lambda v: mask_text(v, use_deduce=False).text, "Tekst \ud800"),
    ],
)
def test_lone_surrogates_become_replacement_characters(check, value):
    """Does each text helper give back writable text for a lone surrogate (U+FFFD)?"""
    result = check(value)
    text = result[0] if isinstance(result, list) else result
    assert writable(text) and "\ufffd" in text


def test_quick_poll_idea_with_a_lone_surrogate_is_writable(poll_panel):
    """Does an idea with a lone surrogate give a question set that can be stored?"""
    poll_panel.idea.value = "Meer uitleg \ud800"
    assert idea_problem(poll_panel.idea.value) is None
    question_set = poll_panel.build()
    assert "\ufffd" in json.dumps(question_set, ensure_ascii=False)


@pytest.mark.parametrize(("text", "width"), [("$", 1), ("x" * 33 + "$y", 34), ("a\\$b", 2)])
def test_chart_label_never_wraps_inside_an_escape(text, width):
    """Is a ``$`` still escaped when the wrap falls right after its backslash?"""
    for line in chart_label(text, width).split("\n"):
        assert "$" not in line.replace("\\\\", "").replace("\\$", "")
