"""Step 2 live: three participants share out their points; the facilitator sees the ranking.

The votes are chosen so that two ambitions tie for first place: the ranking must show both
at rank 1 and the next one at rank 3 (ties share a rank).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

REPO = Path(__file__).resolve().parents[2]
WAIT = 60_000
PLAN = "Eén zorgplan dat iedereen kan inzien"
SUGAR = "Zelf je suiker leren regelen"
CARERS = "Steun voor mantelzorgers"
VOTES = [
    ("Marja", "Patiënt", {PLAN: 60, SUGAR: 40}),
    ("Sanne", "Verpleegkundige", {SUGAR: 70, CARERS: 30}),
    ("Ilse", "Gemeente of welzijn", {PLAN: 50, CARERS: 50}),
]

pytestmark = pytest.mark.browser


def vote(served, page, name: str, role: str, points: dict[str, int]) -> None:
    """Join, share out the points in the number fields, and send."""
    served.join(page, name, role)
    for label, amount in points.items():
        field = page.get_by_label(label, exact=True)
        expect(field).to_be_visible(timeout=WAIT)
        field.fill(str(amount))
        field.blur()
    expect(page.get_by_text(re.compile(r"over: 0|left: 0"))).to_be_visible(timeout=WAIT)
    page.get_by_role("button", name="Antwoorden versturen").click()
    expect(page.get_by_text("Je antwoorden zijn opgeslagen")).to_be_visible(timeout=WAIT)


def test_three_votes_give_the_ranking_the_facilitator_sees(exercise_suite, browser_page):
    """After three votes, does the workbook rank the ambitions, ties sharing a rank?"""
    served = exercise_suite("ambition_vote", title="Stemmen", room=2)
    for name, role, points in VOTES:
        page = browser_page(viewport={"width": 390, "height": 844})
        vote(served, page, name, role, points)

    workbook = browser_page(viewport={"width": 1280, "height": 900})
    workbook.goto(served.workbook_url("partnership/02_ambition_goals.ipynb"))
    ranking = workbook.locator("pre", has_text="supporters")
    expect(ranking).to_be_visible(timeout=120_000)
    rows = [line.split() for line in ranking.inner_text().splitlines()[1:]]
    ranked = {" ".join(r[:-3]): (int(r[-3]), int(r[-2]), int(r[-1])) for r in rows}
    assert ranked[PLAN] == (110, 2, 1)
    assert ranked[SUGAR] == (110, 2, 1)
    assert ranked[CARERS] == (80, 2, 3)
    goals = workbook.locator("pre", has_text=CARERS).last.inner_text()
    assert PLAN in goals and SUGAR in goals
