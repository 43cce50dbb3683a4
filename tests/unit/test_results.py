"""Rendered results: the room sees aggregates only, never names, nothing under three."""

from __future__ import annotations

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
