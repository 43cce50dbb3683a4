"""The project teams' assignment cards: content, escaping of everything people typed, one
card per printed page, the download link, and the composition chart."""

from __future__ import annotations

import base64
import re
from html import unescape

import pandas as pd
import pytest

from cocreate_widgets.charts.teams import team_composition_chart
from cocreate_widgets.facilitator.team_cards import (
    assignment_for,
    cards_document,
    download_link,
    team_cards,
    team_cards_view,
)

TEAMS = pd.DataFrame(
    [
        {"team": 1, "improvement": "kb", "size": 3},
        {"team": 2, "improvement": "coach", "size": 2},
    ]
)
MEMBERS = pd.DataFrame(
    [
        {
            "team": 1,
            "improvement": "kb",
            "pseudonym": "<script>alert(1)</script>",
            "role": "patient",
        },
        {"team": 1, "improvement": "kb", "pseudonym": "Eva", "role": "doctor"},
        {"team": 1, "improvement": "kb", "pseudonym": "Linda", "role": "<b>x</b>"},
        {"team": 2, "improvement": "coach", "pseudonym": "Ilse", "role": "nurse"},
        {"team": 2, "improvement": "coach", "pseudonym": "Ria", "role": "patient"},
    ]
)
LABELS = {"kb": "Kennisbank <i>met</i> verhalen", "coach": "Vaste coach"}
ROLES = {"patient": "Patiënt", "doctor": "Arts", "nurse": "Verpleegkundige"}
ASSIGNMENTS = pd.DataFrame(
    [
        {
            "record_id": 3,
            "team": "  kennisbank <I>MET</I>   verhalen",
            "commissioner": "Manager & co <img src=x onerror=alert(1)>",
            "points_to_discuss": "Budget?\nWie beheert het?",
            "start_date": "2027-03-02",
        },
        {
            "record_id": 1,
            "team": "Kennisbank <i>met</i> verhalen",
            "commissioner": "oud",
            "points_to_discuss": "",
            "start_date": None,
        },
    ]
)


@pytest.fixture
def html() -> str:
    return team_cards(TEAMS, MEMBERS, ASSIGNMENTS, LABELS, ROLES, "nl")


def cards(html: str) -> list[str]:
    return re.findall(r"<article class='cc-team-card'>.*?</article>", html, re.S)


def test_one_card_per_team_with_its_content(html):
    first, second = cards(html)
    assert "Opdracht projectteam 1" in first and "Opdracht projectteam 2" in second
    assert "Kennisbank &lt;i&gt;met&lt;/i&gt; verhalen" in first
    assert "Leden (3)" in first and "Eva · Arts" in first
    assert "2027-03-02" in first
    assert "Budget?\nWie beheert het?" in first
    assert "Ilse · Verpleegkundige" in second and "Ria · Patiënt" in second
    # the coach team has no assignment yet: every field says so
    assert second.count("nog niet ingevuld") == 3


def test_everything_people_typed_is_escaped(html):
    assert "<script>" not in html and "<img" not in html and "<b>x" not in html
    assert "<i>met" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Manager &amp; co &lt;img src=x onerror=alert(1)&gt;" in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html  # an unknown role is shown as typed, escaped


def test_the_newest_matching_assignment_counts():
    found = assignment_for("kb", LABELS["kb"], ASSIGNMENTS)
    assert found is not None and found["record_id"] == 3
    assert assignment_for("coach", "Vaste coach", ASSIGNMENTS) is None
    assert assignment_for("kb", "x", pd.DataFrame(columns=["record_id"])) is None
    by_id = pd.DataFrame([{"record_id": 9, "team": "COACH"}])
    assert assignment_for("coach", "Vaste coach", by_id)["record_id"] == 9


def test_print_css_one_card_per_page_and_phone_width(html):
    assert "@media print" in html
    assert "break-after: page" in html and "page-break-after: always" in html
    assert "max-width: 36rem" in html
    document = cards_document(html, "nl")
    assert document.startswith("<!DOCTYPE html>") and "width=device-width" in document
    assert "<title>Opdrachtkaarten projectteams</title>" in document


def test_download_link_holds_the_whole_document(html):
    document = cards_document(html, "en")
    link = download_link(document, "teams'.html", "Download")
    assert "download='teams&#x27;.html'" in link
    data = re.search(r"base64,([A-Za-z0-9+/=]+)'", link).group(1)
    assert base64.b64decode(data).decode("utf-8") == document


def test_view_and_no_teams():
    view = team_cards_view(TEAMS, MEMBERS, ASSIGNMENTS, LABELS, ROLES, "en")
    assert "data:text/html;charset=utf-8;base64," in view.value
    assert "Project team 1: assignment" in view.value
    empty = team_cards_view(TEAMS.iloc[:0], MEMBERS.iloc[:0], ASSIGNMENTS, LABELS, ROLES, "nl")
    assert "Er zijn nog geen teams." in empty.value and "base64" not in empty.value


def test_composition_chart_names_sides_target_and_teams():
    svg = team_composition_chart(
        [
            {"patient_side": 6, "care_providers": 2, "other": 0},
            {"patient_side": 4, "care_providers": 2, "other": 1},
        ],
        ["Kennisbank <met> $verhalen$", "Vaste coach"],
        {"patient_side": "patiënten en naasten", "care_providers": "zorgverleners"},
        "doel: twee op één",
        unit="leden",
    )
    text = unescape(svg)
    for label in ("patiënten en naasten", "zorgverleners", "doel: twee op één", "Vaste coach"):
        assert label in text
    assert "Kennisbank <met> $verhalen$" in text  # mathtext escaped, shown as typed
    assert "<met>" not in svg  # and XML-escaped in the SVG itself
