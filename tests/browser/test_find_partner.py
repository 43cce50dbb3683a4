"""Find your ideal partner, live: two participants answer on their phones, the facilitator
shows the matching from the workbook, and each phone then shows that person's own partner."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

REPO = Path(__file__).resolve().parents[2]
WAIT = 60_000

pytestmark = pytest.mark.browser


def answer(served, page, name: str, role: str, theme: str) -> None:
    """Join, tick one theme, describe an idea and send."""
    served.join(page, name, role)
    box = page.get_by_label(theme, exact=True)
    expect(box).to_be_visible(timeout=WAIT)
    box.check()
    page.get_by_label("Welk probleem of idee wil je aanpakken?", exact=False).fill("Samen beter")
    page.get_by_role("button", name="Antwoorden versturen").click()
    expect(page.get_by_text("Je antwoorden zijn opgeslagen")).to_be_visible(timeout=WAIT)


def test_each_phone_shows_its_own_partner_after_the_reveal(exercise_suite, browser_page):
    """After the facilitator shows the matching, does Anna see Bert and Dirk see Carla?"""
    served = exercise_suite(
        "find_partner",
        title="Partners",
        room=2,
        answers=[
            (name, role, {"themes": [theme], "idea": "Beter"})
            for name, role, theme in (
                ("Bert", "nurse", "medication"),
                ("Carla", "doctor", "loneliness"),
            )
        ],
    )
    anna = browser_page(viewport={"width": 390, "height": 844})
    answer(served, anna, "Anna", "Patiënt", "Medicijnen")
    dirk = browser_page(viewport={"width": 360, "height": 780})
    answer(served, dirk, "Dirk", "Naaste of mantelzorger", "Eenzaamheid")

    workbook = browser_page(viewport={"width": 1280, "height": 900})
    workbook.goto(served.workbook_url("patients_as_partners/01_find_partner.ipynb"))
    pairs = workbook.locator("table", has_text="Gedeelde onderwerpen")
    anna_row = pairs.locator("tr", has_text="Anna (Patiënt)")
    expect(anna_row).to_contain_text("Bert (Verpleegkundige)", timeout=120_000)
    workbook.get_by_role("button", name="Koppeling tonen aan deelnemers").click()
    expect(workbook.get_by_text("Iedereen ziet nu zijn of haar partner.")).to_be_visible(
        timeout=WAIT
    )

    card = anna.locator(".cc-personal")
    expect(card).to_contain_text("Je werkt samen met Bert (Verpleegkundige)", timeout=WAIT)
    expect(card).to_contain_text("Medicijnen")
    expect(card).not_to_contain_text("Carla")
    other = dirk.locator(".cc-personal")
    expect(other).to_contain_text("Je werkt samen met Carla (Arts)", timeout=WAIT)
    expect(other).to_contain_text("Eenzaamheid")
