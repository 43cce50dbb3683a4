"""The servers restart mid-workshop: participants come back and find what they gave.

Two participants on 390 px phones: one has sent answers, one has only typed (a draft, saved
while typing). Both servers stop and start again on the same database and ports. The first
comes back by reloading (the phone remembers them in ``localStorage["cocreate.device"]``),
the second by their personal link (``?code=...&p=...``) in a fresh browser, and by reloading
too; each finds their answers or draft in the form, and the facilitator's console, logged in
with the token again, still counts the answer.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from cocreate_widgets.exercises import load_exercise_by_id
from cocreate_widgets.serve.config import ServeOptions
from cocreate_widgets.serve.runner import Suite, start_suite
from cocreate_widgets.store import Store

REPO = Path(__file__).resolve().parents[2]
WAIT = 60_000  # ms; generous: kernels start on two cores
PHONE = {"width": 390, "height": 844}
TOKEN = "restart-test-token"
STANCE = "Ik steun het"
COMMENT = "Toelichting (mag leeg blijven)"
SENT_TEXT = "Goed idee, graag snel"
DRAFT_TEXT = "Nog niet af, ik twijfel over"

pytestmark = pytest.mark.browser


class Servers:
    """``cocreate serve`` on fixed ports and one database, which the test may restart."""

    def __init__(self, options: ServeOptions, log_dir: Path) -> None:
        self.options = options
        self.log_dir = log_dir
        self.starts = 0
        self.suite: Suite | None = None

    def start(self) -> Suite:
        """Start both servers (again) with the same options."""
        self.starts += 1
        log = (self.log_dir / f"serve-{self.starts}.log").open("w", encoding="utf-8")
        self.suite = start_suite(self.options, log=log)
        return self.suite

    def stop(self) -> None:
        """Stop both servers, as a facilitator's Ctrl-C or a reboot would."""
        if self.suite is not None:
            self.suite.stop()
            self.suite = None


@pytest.fixture
def servers(free_port, tmp_path: Path) -> Iterator[tuple[Servers, dict]]:
    """A workshop with an open quick poll on SQLite, served; stopped after the test.

    SQLite only: the servers restart, not the database, and the PostgreSQL variant (the
    ``database_url`` fixture) doubled the test's time; test_two_servers runs on PostgreSQL.
    """
    database_url = f"sqlite:///{tmp_path / 'restart.sqlite'}"
    store = Store(database_url)
    store.upgrade()
    workshop = store.create_workshop("Herstart")
    exercise = load_exercise_by_id("quick_poll")
    run = store.open_run(store.add_run(workshop.id, exercise.to_dict()).id)
    store.dispose()
    options = ServeOptions(
        participant_app=REPO / "apps" / "participant.ipynb",
        workbooks=REPO / "workbooks",
        port_participant=free_port(),
        port_facilitator=free_port(),
        room=2,
        token=TOKEN,
        db=database_url,
        log_level="INFO",
    )
    running = Servers(options, tmp_path)
    yield running, {"url": database_url, "code": workshop.join_code, "run_id": run.id}
    running.stop()


def join(page, url: str, name: str) -> None:
    """Join as a participant would: the link with the code, a name, a role, consent."""
    page.goto(url, timeout=WAIT)
    page.get_by_label("Je naam of een schuilnaam", exact=False).fill(name)
    page.get_by_label("Patiënt", exact=True).check()
    page.get_by_label("Ja, ik ga akkoord").check()
    page.get_by_role("button", name="Meedoen").click()
    expect(page.get_by_label(COMMENT)).to_be_visible(timeout=WAIT)


def wait_for_draft(url: str, run_id: int, participant_id: int, text: str) -> None:
    """Wait until the draft typed in the browser is in the store (sent as the user types)."""
    store = Store(url)
    try:
        deadline = time.monotonic() + 30
        while store.drafts(run_id, participant_id).get("comment") != text:
            assert time.monotonic() < deadline, "the typed draft never reached the store"
            time.sleep(0.25)
    finally:
        store.dispose()


def participant_id_of(url: str, code: str, name: str) -> int:
    """The id of the participant who joined under ``name``."""
    store = Store(url)
    try:
        workshop = store.workshop_by_code(code)
        return next(p.id for p in store.roster(workshop.id) if p.pseudonym == name)
    finally:
        store.dispose()


def test_participants_find_answers_and_drafts_after_a_restart(servers, browser_page):
    """Do answers, drafts and the console's count survive both servers restarting?"""
    running, workshop = servers
    suite = running.start()
    join_url = f"{suite.participant_url}?code={workshop['code']}"

    sender = browser_page(viewport=PHONE)
    join(sender, join_url, "Anouk")
    sender.get_by_label(STANCE, exact=True).check()
    sender.get_by_label(COMMENT).fill(SENT_TEXT)
    sender.get_by_role("button", name="Antwoorden versturen").click()
    expect(sender.get_by_text("Je antwoorden zijn opgeslagen")).to_be_visible(timeout=WAIT)

    typist = browser_page(viewport=PHONE)
    join(typist, join_url, "Bram")
    typist.get_by_label(COMMENT).fill(DRAFT_TEXT)
    bram = participant_id_of(workshop["url"], workshop["code"], "Bram")
    wait_for_draft(workshop["url"], workshop["run_id"], bram, DRAFT_TEXT)
    personal = typist.locator(".cc-personal-link a").get_attribute("href")
    assert personal and "p=" in personal and f"code={workshop['code']}" in personal
    remembered = json.loads(typist.evaluate("localStorage.getItem('cocreate.device')"))
    assert remembered["code"] == workshop["code"] and remembered["token"]

    running.stop()
    suite = running.start()  # same ports, same database
    console = browser_page(viewport={"width": 1280, "height": 900})
    console_url = f"{suite.facilitator_url}voila/render/console.ipynb?token={TOKEN}"
    # the console's kernel starts while the phones come back
    console.goto(console_url, wait_until="commit", timeout=WAIT)

    sender.reload(timeout=WAIT)  # the phone remembers who this is
    expect(sender.get_by_label(STANCE, exact=True)).to_be_checked(timeout=WAIT)
    expect(sender.get_by_label(COMMENT)).to_have_value(SENT_TEXT)
    expect(sender.get_by_text("Je doet mee als Anouk", exact=False)).to_be_visible()

    elsewhere = browser_page(viewport=PHONE)  # another phone: only the personal link
    elsewhere.goto(personal, timeout=WAIT)
    expect(elsewhere.get_by_label(COMMENT)).to_have_value(DRAFT_TEXT, timeout=WAIT)
    expect(elsewhere.get_by_text("Je doet mee als Bram", exact=False)).to_be_visible()
    typist.reload(timeout=WAIT)
    expect(typist.get_by_label(COMMENT)).to_have_value(DRAFT_TEXT, timeout=WAIT)

    answers = console.locator(".cc-table").first.locator("tbody tr td").nth(3)
    expect(answers).to_have_text("1", timeout=WAIT)  # the sent answers; a draft is not one
