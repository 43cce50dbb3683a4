"""Privacy on a phone: a participant joins, answers, sees their own data, withdraws consent;
afterwards nothing of theirs is stored, and neither their device nor their personal link
brings them back."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from cocreate_widgets.store import Store
from cocreate_widgets.store.schema import drafts, responses

WAIT = 60_000
COMMENT = "Meer tijd <b>voor</b> gesprekken"

pytestmark = pytest.mark.browser


def stored_rows(url: str) -> tuple[int, int]:
    """How many answers and drafts the database holds (of anyone)."""
    store = Store(url)
    try:
        with store.engine.connect() as conn:
            answers = conn.execute(sa.select(sa.func.count()).select_from(responses)).scalar()
            kept = conn.execute(sa.select(sa.func.count()).select_from(drafts)).scalar()
    finally:
        store.dispose()
    return answers, kept


def test_a_participant_sees_their_data_and_withdraws(exercise_suite, browser_page, tmp_path):
    """Does 'My data' show the answer, and does withdrawing erase it and forget the phone?"""
    served = exercise_suite("quick_poll", title="Privacy")
    url = f"sqlite:///{tmp_path / 'quick_poll.sqlite'}"  # where exercise_suite keeps it
    phone = browser_page(viewport={"width": 390, "height": 844})
    served.join(phone, "Wiebe", "Patiënt")
    expect(phone.get_by_text("Ik steun het", exact=True)).to_be_visible(timeout=WAIT)
    expect(phone.get_by_text("schrijf geen namen", exact=False)).to_be_visible()
    phone.get_by_label("Ik twijfel", exact=True).check()
    phone.get_by_label("Toelichting", exact=False).fill(COMMENT)
    phone.get_by_role("button", name="Antwoorden versturen").click()
    expect(phone.get_by_text("Je antwoorden zijn opgeslagen")).to_be_visible(timeout=WAIT)
    assert stored_rows(url)[0] == 2
    personal_link = phone.locator(".cc-personal-link a").get_attribute("href")
    assert personal_link and "p=" in personal_link

    phone.get_by_role("button", name="Mijn gegevens").click()
    data = phone.locator(".cc-my-data")
    expect(data).to_contain_text(COMMENT, timeout=WAIT)  # shown as text, not as markup
    expect(data).to_contain_text("Ik twijfel")
    expect(data).to_contain_text("Toestemming gegeven op")
    expect(phone.get_by_role("link", name="Download mijn gegevens")).to_be_visible()
    phone.get_by_role("button", name="Toestemming intrekken en alles wissen").click()
    phone.get_by_role("button", name="Ja, wis alles").click()
    expect(phone.get_by_text("Je gegevens zijn gewist")).to_be_visible(timeout=WAIT)
    assert stored_rows(url) == (0, 0)
    assert phone.evaluate("window.localStorage.getItem('cocreate.device')") is None

    phone.reload()  # the same phone: it no longer remembers them
    expect(phone.get_by_label("Je naam of een schuilnaam", exact=False)).to_be_visible(timeout=WAIT)
    phone.goto(personal_link)  # their personal link: it no longer works
    expect(phone.get_by_label("Je naam of een schuilnaam", exact=False)).to_be_visible(timeout=WAIT)
    expect(phone.get_by_text("Je doet mee als")).to_have_count(0)
