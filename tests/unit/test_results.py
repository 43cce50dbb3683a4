"""Rendered results: the room sees aggregates only, never names, nothing under three."""

from __future__ import annotations

import re
from pathlib import Path

from cocreate_widgets.exercises import load_exercise
from cocreate_widgets.results import render_results
from cocreate_widgets.store.types import Answer

NASTY = "<img src=x onerror=alert(1)> $x$"


def answers(vision, n: int, text: str = "Samen beslissen"):
    rows = []
    for i in range(n):
        name = f"{NASTY}{i}"
        for qid, value in (("own_goals_steer", 4 + i % 2), ("our_picture", text)):
            rows.append(
                Answer(
                    1, i, name, "patient", "patient_side", None, qid, value, 1, None, "participant"
                )
            )
    return rows


def test_room_view_of_two_answers_shows_nothing_apart(vision):
    """With two participants, does the room get only the 'too few' note?"""
    html = render_results(vision, answers(vision, 2), "nl", audience="room")
    assert "te weinig antwoorden" in html and "<svg" not in html


def test_room_view_has_no_names_and_no_free_text_unless_released(vision):
    """Does the room view leave out names always, and texts unless the facilitator chose?"""
    closed = render_results(vision, answers(vision, 3, "Mijn geheime zin"), "nl", audience="room")
    assert "Mijn geheime zin" not in closed and "onerror" not in closed
    released = render_results(
        vision, answers(vision, 3, "Mijn geheime zin"), "nl", audience="room", free_text=True
    )
    assert "Mijn geheime zin" in released and "onerror" not in released


def test_facilitator_view_escapes_names_and_texts(vision):
    """Are names and texts shown to the facilitator as text, never as markup?"""
    html = render_results(vision, answers(vision, 3, "<script>x</script>"), "en")
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html and "<script>" not in html
    assert "<img" not in html.replace("&lt;img", "")


LIST_ITEMS = load_exercise(Path(__file__).parent / "fixtures" / "list_items.yaml")


def list_answers(values):
    return [
        Answer(1, i, f"P{i}", "patient", "patient_side", None, "initiatives", value, 1, None, "x")
        for i, value in enumerate(values)
    ]


def test_list_answers_show_option_labels_and_numbers_escaped():
    """Does a list answer show the option's label (escaped) and the number, never the id?"""
    values = [
        [{"name": "Moestuin", "level": "bold", "energy": 5, "friction": 0}],
        [{"name": "<script>x</script>", "level": "region", "energy": 1, "friction": None}],
        [{"name": "Buurtkamer", "level": "team", "energy": 3, "friction": 2}],
    ]
    html = render_results(LIST_ITEMS, list_answers(values), "en")
    assert "Level: &lt;b&gt;Bold&lt;/b&gt;; Energy: 5; Friction: 0" in html
    assert "Name: &lt;script&gt;x&lt;/script&gt;; Level: Region; Energy: 1</li>" in html
    assert "<b>" not in html and "<script>" not in html
    assert "region" not in html and "bold" not in html
    dutch = render_results(LIST_ITEMS, list_answers(values), "nl")
    assert "Niveau: Regio; Energie: 1" in dutch


def test_room_sees_list_choices_and_scales_counted_without_texts():
    """Does the room see, per choice and scale field of the items, how often each value was
    given, and none of the texts?"""
    values = [
        [{"name": "Moestuin", "level": "team", "energy": 5}, {"name": "A", "level": "team"}],
        [{"name": "Buurtkamer", "level": "region", "energy": 5, "friction": 0}],
        [{"name": "Bieb", "level": "bold", "energy": 2, "friction": 3}],
    ]
    html = render_results(LIST_ITEMS, list_answers(values), "en", audience="room")
    level = html[html.index("<h4>Level</h4>") : html.index("<h4>Energy</h4>")]
    assert ">Team<" in level and "&lt;b&gt;Bold&lt;/b&gt;" in level
    assert re.findall(r">(\d+)<", level) == ["2", "1", "1"]  # items at team, region, bold
    energy = html[html.index("<h4>Energy</h4>") : html.index("<h4>Friction</h4>")]
    # the axis labels 1..5 and the bars' counts: no 1, one 2, no 3 or 4, two 5s
    numbers = sorted(re.findall(r">(\d+)<", energy))
    assert numbers == sorted(["1", "2", "3", "4", "5", "0", "1", "0", "0", "2"])
    assert "Moestuin" not in html and "Buurtkamer" not in html and "<b>" not in html


def test_facilitator_table_names_roles_by_their_label():
    """Does the facilitator's answer table show the role's label, escaped, not its id?"""
    values = [[{"name": "Moestuin", "level": "team"}]]
    html = render_results(
        LIST_ITEMS, list_answers(values), "nl", role_labels={"patient": "Patiënt <&>"}
    )
    assert "<td>Patiënt &lt;&amp;&gt;</td>" in html and "<td>patient</td>" not in html


def test_skipped_optional_text_leaves_no_row(vision):
    """Does a text question someone left empty show no row (never 'nan' or 'None')?"""
    rows = answers(vision, 3, "Samen beslissen")
    rows[1] = Answer(
        1, 0, "Skipper", "patient", "patient_side", None, "our_picture", None, 1, None, "x"
    )
    rows[3] = Answer(
        1, 1, "Blank", "patient", "patient_side", None, "our_picture", "", 1, None, "x"
    )
    html = render_results(vision, rows, "nl")
    assert "Skipper" not in html and "Blank" not in html
    assert "nan" not in html and "None" not in html
    assert html.count("Samen beslissen") == 1
