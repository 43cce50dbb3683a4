"""Find your ideal partner, live: two participants answer on their phones, the facilitator
shows the matching from the workbook, and each phone then shows that person's own partner."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from cocreate_widgets import Store, load_exercise_by_id

REPO = Path(__file__).resolve().parents[2]
WAIT = 60_000

pytestmark = pytest.mark.browser


def answer(page, url: str, name: str, role: str, theme: str) -> None:
    """Join, tick one theme, describe an idea and send."""
    page.goto(url)
    page.get_by_label("Je naam of een schuilnaam", exact=False).fill(name)
    page.get_by_label(role, exact=True).check()
    page.get_by_label("Ja, ik ga akkoord").check()
    page.get_by_role("button", name="Meedoen").click()
    box = page.get_by_label(theme, exact=True)
    expect(box).to_be_visible(timeout=WAIT)
    box.check()
    page.get_by_label("Welk probleem of idee wil je aanpakken?", exact=False).fill("Samen beter")
    page.get_by_role("button", name="Antwoorden versturen").click()
    expect(page.get_by_text("Je antwoorden zijn opgeslagen")).to_be_visible(timeout=WAIT)


def test_each_phone_shows_its_own_partner_after_the_reveal(voila_suite, browser_page, tmp_path):
    """After the facilitator shows the matching, does Anna see Bert and Dirk see Carla?"""
    url = f"sqlite:///{tmp_path / 'partners.sqlite'}"
    store = Store(url)
    store.upgrade()
    workshop = store.create_workshop("Partners")
    run = store.add_run(workshop.id, load_exercise_by_id("find_partner").to_dict())
    store.open_run(run.id)
    for name, role, theme in (("Bert", "nurse", "medication"), ("Carla", "doctor", "loneliness")):
        person = store.add_participant(workshop.id, pseudonym=name, role=role)
        store.submit_answers(run.id, person.id, {"themes": [theme], "idea": "Beter"})
    store.dispose()
    suite = voila_suite(
        participant_app=REPO / "apps" / "participant.ipynb",
        workbooks=REPO / "workbooks",
        db=url,
        room=2,
    )
    join = f"{suite.participant_url}?code={workshop.join_code}"
    anna = browser_page(viewport={"width": 390, "height": 844})
    answer(anna, join, "Anna", "Patiënt", "Medicijnen")
    dirk = browser_page(viewport={"width": 360, "height": 780})
    answer(dirk, join, "Dirk", "Naaste of mantelzorger", "Eenzaamheid")

    token = f"?token={suite.token}" if suite.token else ""
    workbook = browser_page(viewport={"width": 1280, "height": 900})
    workbook.goto(
        f"{suite.facilitator_url}voila/render/patients_as_partners/01_find_partner.ipynb{token}"
    )
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
