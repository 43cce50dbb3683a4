"""Step 2 live: three participants share out their points; the facilitator sees the ranking.

The votes are chosen so that two ambitions tie for first place: the ranking must show both
at rank 1 and the next one at rank 3 (ties share a rank).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from cocreate_widgets import Store, load_exercise_by_id

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


def vote(page, url: str, name: str, role: str, points: dict[str, int]) -> None:
    """Join, share out the points in the number fields, and send."""
    page.goto(url)
    page.get_by_label("Je naam of een schuilnaam", exact=False).fill(name)
    page.get_by_label(role, exact=True).check()
    page.get_by_label("Ja, ik ga akkoord").check()
    page.get_by_role("button", name="Meedoen").click()
    for label, amount in points.items():
        field = page.get_by_label(label, exact=True)
        expect(field).to_be_visible(timeout=WAIT)
        field.fill(str(amount))
        field.blur()
    expect(page.get_by_text(re.compile(r"over: 0|left: 0"))).to_be_visible(timeout=WAIT)
    page.get_by_role("button", name="Antwoorden versturen").click()
    expect(page.get_by_text("Je antwoorden zijn opgeslagen")).to_be_visible(timeout=WAIT)


def test_three_votes_give_the_ranking_the_facilitator_sees(voila_suite, browser_page, tmp_path):
    """After three votes, does the workbook rank the ambitions, ties sharing a rank?"""
    url = f"sqlite:///{tmp_path / 'vote.sqlite'}"
    store = Store(url)
    store.upgrade()
    workshop = store.create_workshop("Stemmen")
    run = store.add_run(workshop.id, load_exercise_by_id("ambition_vote").to_dict())
    store.open_run(run.id)
    store.dispose()
    suite = voila_suite(
        participant_app=REPO / "apps" / "participant.ipynb",
        workbooks=REPO / "workbooks",
        db=url,
        room=2,
    )
    for name, role, points in VOTES:
        page = browser_page(viewport={"width": 390, "height": 844})
        vote(page, f"{suite.participant_url}?code={workshop.join_code}", name, role, points)

    token = f"?token={suite.token}" if suite.token else ""
    workbook = browser_page(viewport={"width": 1280, "height": 900})
    workbook.goto(f"{suite.facilitator_url}voila/render/partnership/02_ambition_goals.ipynb{token}")
    ranking = workbook.locator("pre", has_text="supporters")
    expect(ranking).to_be_visible(timeout=120_000)
    rows = [line.split() for line in ranking.inner_text().splitlines()[1:]]
    ranked = {" ".join(r[:-3]): (int(r[-3]), int(r[-2]), int(r[-1])) for r in rows}
    assert ranked[PLAN] == (110, 2, 1)
    assert ranked[SUGAR] == (110, 2, 1)
    assert ranked[CARERS] == (80, 2, 3)
    goals = workbook.locator("pre", has_text=CARERS).last.inner_text()
    assert PLAN in goals and SUGAR in goals
