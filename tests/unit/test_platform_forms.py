"""Bad input in the citizen platform's forms (bring parties together, the self-check) and
in every record kind they keep: a clear message at the field, in the user's language, and
a link that is not a web address (``javascript:``) refused, in the editor too."""

from __future__ import annotations

import pytest
from form_cases import form_table_tests

from cocreate_widgets.analysis.platform_check import TIPS
from cocreate_widgets.exercises import load_exercise_by_id
from cocreate_widgets.facilitator.platform_logs import (
    LinkRecordEditor,
    check_record,
    examples_html,
)

GOOD = {
    "bring_parties": {
        "parties": [
            {
                "party": "GGD Noord",
                "sector": "public_health",
                "power": 4,
                "interest": 3,
                "brings": "Cijfers",
            }
        ]
    },
    "platform_check": {
        **dict.fromkeys(TIPS, 3),
        "remark": "Goed bezig",
    },
}
PARTY = GOOD["bring_parties"]["parties"][0]

BAD = [
    # (exercise, question, value, what the Dutch message says, what the English one says)
    ("bring_parties", "parties", [], "invullen", "answer"),
    ("bring_parties", "parties", [{**PARTY, "party": "  "}], "Naam", "Name"),
    ("bring_parties", "parties", [{**PARTY, "sector": "bank"}], "Soort", "Kind"),
    ("bring_parties", "parties", [{**PARTY, "sector": None}], "Soort", "Kind"),
    ("bring_parties", "parties", [{**PARTY, "power": 6}], "invloed", "influence"),
    ("bring_parties", "parties", [{**PARTY, "interest": "veel"}], "betrokken", "involved"),
    ("bring_parties", "parties", [{**PARTY, "brings": "x" * 301}], "300", "300"),
    ("bring_parties", "parties", [PARTY] * 16, "15", "15"),
    ("bring_parties", "parties", "GGD", "lezen", "read"),
    ("platform_check", "core_team", None, "invullen", "answer"),
    ("platform_check", "lobby", 0, "1", "1"),
    ("platform_check", "patience", 2.5, "getal", "number"),
    ("platform_check", "with_patients", "=1+1", "getal", "number"),
    ("platform_check", "remark", "x" * 1501, "1500", "1500"),
]


GOOD_RECORDS = {
    ("bring_parties", "stakeholder"): {
        "party": "GGD Noord",
        "sector": "public_health",
        "contact": "Teamleider",
        "status": "invited",
        "brings": "Cijfers",
        "power": 4,
        "interest": 4,
        "note": "Bellen",
    },
    ("platform_check", "platform_activity"): {
        "date": "2026-10-03",
        "activity": "Wandeling",
        "for_whom": "Bewoners",
        "people": 23,
    },
    ("platform_check", "progress_meeting"): {
        "date": "2026-11-17",
        "topics": "Website",
        "decisions": "Twee verhalen per maand",
    },
    ("platform_check", "lobby_contact"): {
        "date": "2026-09-29",
        "who": "Wethouder",
        "organisation": "Gemeente",
        "outcome": "support",
        "outcome_text": "Steunt ons",
    },
    ("platform_check", "example_elsewhere"): {
        "name": "Krachtige zorg",
        "where": "Utrecht",
        "learn": "Vraag naar meer dan klachten",
        "link": "https://example.org/krachtige-zorg",
    },
}

BAD_RECORDS = [
    # (exercise, kind, field, value, Dutch words, English words)
    ("bring_parties", "stakeholder", "party", "", "invullen", "answer"),
    ("bring_parties", "stakeholder", "status", None, "invullen", "answer"),
    ("bring_parties", "stakeholder", "status", "maybe", "lijst", "list"),
    ("bring_parties", "stakeholder", "sector", "<script>", "lijst", "list"),
    ("bring_parties", "stakeholder", "power", 0, "1", "1"),
    ("bring_parties", "stakeholder", "interest", "hoog", "getal", "number"),
    ("platform_check", "platform_activity", "date", "31-02-2026", "datum", "date"),
    ("platform_check", "platform_activity", "date", None, "invullen", "answer"),
    ("platform_check", "platform_activity", "activity", "   ", "invullen", "answer"),
    ("platform_check", "platform_activity", "people", -3, "0", "0"),
    ("platform_check", "platform_activity", "people", 501, "500", "500"),
    ("platform_check", "progress_meeting", "topics", "", "invullen", "answer"),
    ("platform_check", "progress_meeting", "date", "gisteren", "datum", "date"),
    ("platform_check", "lobby_contact", "outcome", "bribe", "lijst", "list"),
    ("platform_check", "lobby_contact", "who", "", "invullen", "answer"),
    ("platform_check", "example_elsewhere", "name", "", "invullen", "answer"),
    ("platform_check", "example_elsewhere", "link", "javascript:alert(1)", "http", "http"),
    ("platform_check", "example_elsewhere", "link", "www.example.org", "http", "http"),
    ("platform_check", "example_elsewhere", "link", "data:text/html,hoi", "http", "http"),
    ("platform_check", "example_elsewhere", "link", "https://x.org/" + "a" * 500, "500", "500"),
]

test_good_answers, test_bad_answers, test_good_records, test_bad_records = form_table_tests(
    GOOD, BAD, GOOD_RECORDS, BAD_RECORDS, check_record
)


def test_an_empty_link_is_allowed():
    kind = load_exercise_by_id("platform_check").record_kind("example_elsewhere")
    values = {**GOOD_RECORDS[("platform_check", "example_elsewhere")], "link": "  "}
    cleaned, errors = check_record(kind, values, "nl")
    assert errors == {} and cleaned["link"] is None


@pytest.fixture
def example_editor(sqlite_store):
    store = sqlite_store
    workshop = store.create_workshop("Platform", consent_text="Akkoord?")
    exercise = load_exercise_by_id("platform_check")
    run = store.add_run(workshop.id, exercise.to_dict())
    editor = LinkRecordEditor(store, "nl", exercise.record_kind("example_elsewhere"), run_id=run.id)
    editor.show_workshop(workshop.id)
    return store, editor


def test_editor_refuses_a_javascript_link_and_keeps_what_was_typed(example_editor):
    """Is a ``javascript:`` link refused in the kernel, with a message at the field, and
    nothing saved nor cleared?"""
    store, editor = example_editor
    editor.fields["name"].value = "Krachtige zorg"
    editor.fields["link"].value = "javascript:alert(1)"
    assert editor.add() is None
    assert editor.records() == []
    assert "http" in editor.fields["link"].error
    assert editor.fields["name"].value == "Krachtige zorg"
    editor.fields["link"].value = "https://example.org/zorg"
    record = editor.add()
    assert record is not None and record.data["link"] == "https://example.org/zorg"
    assert editor.fields["link"].error == ""


def test_editor_shows_other_field_errors_and_the_link_error_together(example_editor):
    _store, editor = example_editor
    editor.fields["name"].value = ""
    editor.fields["link"].value = "ftp://example.org"
    assert editor.add() is None
    assert editor.fields["name"].error and editor.fields["link"].error
    assert editor.records() == []


def test_examples_are_escaped_and_only_web_addresses_are_links():
    import pandas as pd

    kind = load_exercise_by_id("platform_check").record_kind("example_elsewhere")
    records = pd.DataFrame(
        {
            "name": ["<b>Vet</b>", "Goed", "Quote"],
            "where": ["<img src=x onerror=alert(1)>", None, "Utrecht"],
            "learn": [None, "Veel", "x"],
            "link": ["javascript:alert(1)", "https://example.org/a?b=1&c=2", "https://e.org/'x"],
        }
    )
    html = examples_html(records, kind, "nl")
    assert "<b>" not in html and "&lt;b&gt;Vet&lt;/b&gt;" in html
    assert "<img" not in html and "&lt;img" in html
    assert "href='javascript" not in html and "javascript:alert(1)" in html  # as text
    assert "href='https://example.org/a?b=1&amp;c=2'" in html
    assert "href='https://e.org/&#x27;x'" in html  # a quote cannot end the attribute
    assert html.count("<a ") == 2 and "noopener" in html
    assert "<tbody></tbody>" in examples_html(pd.DataFrame(), kind, "nl")


def test_suggested_stakeholders_pass_the_record_checks():
    """Would the button's suggestions (merged parties) all be accepted as records?"""
    import pandas as pd

    from cocreate_widgets.analysis.stakeholders import stakeholder_suggestions

    kind = load_exercise_by_id("bring_parties").record_kind("stakeholder")
    data = pd.DataFrame(
        {
            "party": ["GGD Noord", "Buurtkamer"],
            "sector": ["public_health", None],
            "mentions": [3, 1],
            "power": [4.33, float("nan")],
            "interest": [2.5, 5.0],
            "quadrant": ["keep_satisfied", None],
            "brings": ["Cijfers", ""],
        }
    )
    for row in stakeholder_suggestions(data).to_dict("records"):
        cleaned, errors = check_record(kind, row, "nl")
        assert errors == {}, (row, errors)
        assert cleaned["status"] == "not_invited"
