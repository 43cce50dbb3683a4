"""A whole live workshop in headless Chromium, on the real apps and workbooks.

The facilitator creates a workshop in the console and opens the shared-vision exercise;
five participants join in their own browser contexts (one on a 360 px phone) and answer;
the console counts them; the projector shows no names; after the reveal every phone shows
the group result; a participant whose kernel is killed mid-form gets the draft back after
a reload. axe-core checks the join page, a form and the projector view.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import expect

from cocreate_widgets.store import Store

REPO = Path(__file__).resolve().parents[2]
WAIT = 60_000  # ms; generous: kernels start on two cores
PEOPLE = [
    ("Marja <img src=x onerror=alert(1)>", "Patiënt", 360),
    ("Henk", "Naaste of mantelzorger", 390),
    ("Dr. Jansen", "Arts", 414),
    ("Sanne", "Verpleegkundige", 390),
    ("Ilse", "Gemeente of welzijn", 1024),
]
STATEMENT = "De doelen van de patiënt zelf bepalen het zorgplan."

pytestmark = pytest.mark.browser


def serious_violations(page) -> list[str]:
    """axe-core's serious and critical violations on the page, as readable lines."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def join(page, url: str, name: str, role: str) -> None:
    """Join as a participant would: the link with the code, a name, a role, consent."""
    page.goto(url)
    page.get_by_label("Je naam of een schuilnaam", exact=False).fill(name)
    page.get_by_label(role, exact=True).check()
    page.get_by_label("Ja, ik ga akkoord").check()
    page.get_by_role("button", name="Meedoen").click()
    expect(page.get_by_text("Je doet mee als")).to_be_visible(timeout=WAIT)


def answer(page, picture: str) -> None:
    """Fill in the shared-vision form and send it."""
    page.get_by_label("Hoe ziet goede begeleiding", exact=False).fill(picture)
    for group in page.get_by_role("radiogroup").all():
        agree = group.get_by_label("Eens", exact=True)
        if agree.count():
            agree.check()
    page.get_by_label("Voor een deel", exact=True).check()
    page.get_by_role("button", name="Antwoorden versturen").click()
    expect(page.get_by_text("Je antwoorden zijn opgeslagen")).to_be_visible(timeout=WAIT)


def kill_kernel_of(page) -> None:
    """SIGKILL the kernel process behind a Voilà page, as if it crashed."""
    kernel_id = page.evaluate(
        "JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"
    )
    found = subprocess.run(
        ["pgrep", "-f", f"kernel-{kernel_id}"], capture_output=True, text=True, check=False
    ).stdout.split()
    assert found, f"no process for kernel {kernel_id}"
    for pid in found:
        os.kill(int(pid), signal.SIGKILL)


def test_live_workshop_from_console_to_reveal(database_url, voila_suite, browser_page):
    """Does a whole workshop run live, with names kept off the shared screens?"""
    url = database_url
    suite = voila_suite(
        participant_app=REPO / "apps" / "participant.ipynb",
        workbooks=REPO / "workbooks",
        db=url,
        room=3,
    )
    token = f"?token={suite.token}" if suite.token else ""

    console = browser_page(viewport={"width": 1280, "height": 900})
    console.goto(f"{suite.facilitator_url}voila/render/console.ipynb{token}")
    console.get_by_role("tab", name="Workshop").click()
    console.get_by_label("Titel").fill("Browser <b>test</b>")
    console.get_by_label("Oefeningen").select_option(label="Een gedeelde visie")
    console.get_by_role("button", name="Workshop maken").click()
    header = console.locator(".cc-header strong")
    expect(header).to_have_text(re.compile(r"^[A-Z2-9]{8}$"), timeout=WAIT)
    code = header.inner_text()
    console.get_by_role("tab", name="Agenda en timer").click()
    console.get_by_role("button", name="Volgende").click()
    expect(console.get_by_text("Geopend: Een gedeelde visie")).to_be_visible(timeout=WAIT)

    phones = []
    for index, (name, role, width) in enumerate(PEOPLE):
        page = browser_page(viewport={"width": width, "height": 800})
        join(page, f"{suite.participant_url}?code={code.lower()}", name, role)
        if index == 0:
            assert serious_violations(page) == []  # the form, on a 360 px phone
            overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
            assert not overflow, "the form scrolls sideways at 360 px"
        answer(page, f"Beeld van {name}")
        phones.append(page)

    agenda_answers = console.locator(".cc-table").first.locator("tbody tr td").nth(3)
    expect(agenda_answers).to_have_text("5", timeout=WAIT)

    # A sixth participant types, loses the kernel, reloads: the draft is still there.
    late = browser_page(viewport={"width": 390, "height": 800})
    join(late, f"{suite.participant_url}?code={code}", "Laatkomer", "Arts")
    field = late.get_by_label("Hoe ziet goede begeleiding", exact=False)
    field.fill("Half af, nog niet verstuurd")
    field.blur()
    late.wait_for_timeout(2000)  # the draft is sent 400 ms after typing stops
    kill_kernel_of(late)
    late.reload()
    expect(late.get_by_label("Hoe ziet goede begeleiding", exact=False)).to_have_value(
        "Half af, nog niet verstuurd", timeout=WAIT
    )

    projector = console.context.new_page()
    projector.goto(f"{suite.facilitator_url}voila/render/projector.ipynb")
    expect(projector.get_by_text(code)).to_be_visible(timeout=WAIT)

    dialogs: list[str] = []
    for page in phones:
        page.on("dialog", lambda d: dialogs.append(d.message))
    console.get_by_role("button", name="Uitkomst tonen").click()
    for page in phones:
        expect(page.get_by_text("Dit is de uitkomst van de groep.")).to_be_visible(timeout=WAIT)
        expect(page.get_by_text("Stellingen")).to_be_visible()
    expect(projector.get_by_text(STATEMENT).first).to_be_visible(timeout=WAIT)
    shown = projector.inner_text("body")
    for name, _role, _width in PEOPLE:
        assert name not in shown
    assert serious_violations(projector) == []
    assert dialogs == []  # the name with an onerror handler never ran as markup


def test_join_page_has_no_serious_accessibility_problems(voila_suite, browser_page, tmp_path):
    """Does axe-core find no serious or critical problem on the join page?"""
    url = f"sqlite:///{tmp_path / 'a11y.sqlite'}"
    Store(url).upgrade()
    suite = voila_suite(participant_app=REPO / "apps" / "participant.ipynb", db=url, room=1)
    page = browser_page(viewport={"width": 360, "height": 740})
    page.goto(suite.participant_url)
    expect(page.get_by_label("Code van de workshop")).to_be_visible(timeout=WAIT)
    page.wait_for_timeout(12_000)  # longer than the heartbeat's 8 s: someone typing slowly
    expect(page.get_by_text("De verbinding is even weg", exact=False)).to_have_count(0)
    page.get_by_label("Code van de workshop").fill("NOPE99")
    page.get_by_role("button", name="Verder").click()
    expect(page.get_by_text("Deze code kennen we niet", exact=False)).to_be_visible(timeout=WAIT)
    assert serious_violations(page) == []
    assert page.evaluate("document.documentElement.lang") == "nl"
