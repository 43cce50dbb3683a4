"""Experience stories, live: a resident opens the platform's link with the code, tells a
story with a phone number and a name in it, and the facilitator's review queue in the
workbook shows it masked; nothing is published before the review."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

REPO = Path(__file__).resolve().parents[2]
WAIT = 60_000

pytestmark = pytest.mark.browser

STORY = (
    "Ik werd van loket naar loket gestuurd. Bel Piet de Boer op 06-12345678 als je wilt weten hoe."
)


def test_a_told_story_waits_masked_in_the_review_queue(exercise_suite, browser_page):
    """Does a story told on a phone appear in the review queue with its phone number masked?"""
    served = exercise_suite("experience_story", title="Burgerplatform")
    phone = browser_page(viewport={"width": 390, "height": 844})
    served.join(phone, "Wiebe", "Patiënt")
    story = phone.get_by_label("Vertel je verhaal in je eigen woorden", exact=False)
    expect(story).to_be_visible(timeout=WAIT)
    expect(
        phone.get_by_text("een verhaal kan iemand herkenbaar maken", exact=False)
    ).to_be_visible()
    story.fill(STORY)
    phone.get_by_label("Van loket naar loket", exact=True).check()
    phone.get_by_label("Ja", exact=True).check()
    phone.get_by_role("button", name="Antwoorden versturen").click()
    expect(phone.get_by_text("Je antwoorden zijn opgeslagen")).to_be_visible(timeout=WAIT)

    workbook = browser_page(viewport={"width": 1280, "height": 900})
    workbook.goto(
        served.workbook_url("citizen_platform/01_experience_stories.ipynb"),
        timeout=300_000,  # the workbook masks with deduce: building it takes seconds
    )
    queue = workbook.locator(".cc-story-review table", has_text="nog te beoordelen")
    expect(queue).to_contain_text("[telefoon]", timeout=240_000)
    expect(queue).to_contain_text("Nog te beoordelen")
    expect(queue).not_to_contain_text("06-12345678")
    expect(queue).not_to_contain_text("Piet de Boer")
