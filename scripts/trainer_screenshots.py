"""Screenshots for the trainer guide (``docs/trainer-guide.md``), taken from the real app.

Loads the demo into a fresh SQLite file, starts both Voila servers, and drives them with
Playwright and headless Chromium: a workbook (top, and its analysis and chart), the console's
agenda, a phone joining SAMEN7, the form on the phone, the result after the reveal, the
``cocreate preview`` page and, optionally, the workbook open in JupyterLab. Every server it
starts is stopped again. The PNGs go to ``docs/images/trainer/`` (palette PNGs, small).

Run from the repository root (takes a few minutes; the demo alone loads in about a minute)::

    python scripts/trainer_screenshots.py [--db /tmp/shots.sqlite] [--keep-db] [--no-lab | --only-lab]

JupyterLab makes a checkpoint when it opens a notebook and may autosave it after the
run: both are undone before the script ends.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from PIL import Image
from playwright.sync_api import Page, sync_playwright

from cocreate_widgets.serve.chromium import launch_chromium
from cocreate_widgets.serve.config import ServeOptions
from cocreate_widgets.serve.runner import start_suite

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "docs" / "images" / "trainer"
BIN = Path(sys.executable).parent
PORT_PARTICIPANT, PORT_FACILITATOR, PORT_LAB = 18883, 18884, 18885
TOKEN = "tg"
WAIT_MS = 90_000
WORKBOOK = "patients_as_partners/04_follow_energy.ipynb"
LAB_NOTEBOOK = "workbooks/partnership/01_shared_vision.ipynb"
MAX_BYTES = 250_000


def new_page(browser, viewport: dict[str, int]) -> Page:
    """A page with long timeouts: Voila runs the whole notebook before the page loads."""
    page = browser.new_page(viewport=viewport)
    page.set_default_timeout(WAIT_MS)
    page.set_default_navigation_timeout(3 * WAIT_MS)
    return page


def save(path: Path, png: bytes) -> None:
    """Write a screenshot as a palette PNG, halving it until it is under MAX_BYTES."""
    tmp = Path(tempfile.mkstemp(suffix=".png")[1])
    tmp.write_bytes(png)
    image = Image.open(tmp).convert("RGB")
    tmp.unlink()
    while True:
        image.quantize(colors=128, dither=Image.Dither.NONE).save(path, optimize=True)
        if path.stat().st_size <= MAX_BYTES or image.width < 400:
            break
        image = image.resize((image.width * 4 // 5, image.height * 4 // 5), Image.LANCZOS)
    print(f"{path.relative_to(REPO)}: {image.width}x{image.height}, {path.stat().st_size} bytes")


def grow_to_content(page: Page, width: int, limit: int = 9000) -> None:
    """Make the viewport as tall as the page's content (Voila scrolls inside a container)."""
    height = page.evaluate(
        "Math.max(...[...document.querySelectorAll('*')].map(e => e.scrollHeight))"
    )
    page.set_viewport_size({"width": width, "height": min(int(height) + 40, limit)})
    page.wait_for_timeout(1500)
    page.evaluate("document.querySelectorAll('*').forEach(e => { e.scrollTop = 0; })")
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_timeout(500)


def heading_box(page: Page, english: str) -> dict[str, float]:
    """The box of the notebook's h2 heading whose English half is ``english``."""
    return page.locator("h2", has_text=english).first.bounding_box()


def shoot_region(page: Page, name: str, top: float, height: float) -> None:
    """Screenshot the page from ``top`` for ``height`` pixels, the full width."""
    width, bottom = page.viewport_size["width"], page.viewport_size["height"]
    top = max(0, top)
    clip = {"x": 0, "y": top, "width": width, "height": min(height, bottom - top)}
    save(OUT / name, page.screenshot(clip=clip, full_page=True))


def workbook_shots(browser, suite) -> None:
    """The workbook's top (method, source) and its analysis with the chart, at laptop width."""
    page = new_page(browser, viewport={"width": 1280, "height": 900})
    page.goto(f"{suite.facilitator_url}voila/render/{WORKBOOK}?token={TOKEN}")
    page.wait_for_selector(".cc-workbook", timeout=WAIT_MS)
    page.wait_for_selector("svg", timeout=WAIT_MS)
    page.wait_for_timeout(5000)
    save(OUT / "workbook-top.png", page.screenshot())
    grow_to_content(page, 1280)
    form = heading_box(page, "The form")
    live = heading_box(page, "Live results")
    shoot_region(page, "workbook-form-live.png", form["y"] - 10, live["y"] + 700 - form["y"])
    start = heading_box(page, "Where is the energy?")
    end = heading_box(page, "Where do we join in?")
    shoot_region(page, "workbook-analysis-chart.png", start["y"] - 10, end["y"] - start["y"])
    take_home = heading_box(page, "Take home")
    shoot_region(
        page, "workbook-records-export.png", end["y"] - 10, take_home["y"] + 520 - end["y"]
    )
    page.close()


def join_on_phone(browser, suite) -> Page:
    """A phone (390 px) opens the join link with code SAMEN7 and fills in the join form."""
    phone = new_page(browser, viewport={"width": 390, "height": 844})
    phone.goto(f"{suite.participant_url}?code=SAMEN7")
    phone.get_by_label("Je naam of een schuilnaam", exact=False).fill("Trainer Tessa")
    phone.get_by_label("Verpleegkundige", exact=True).check()
    phone.get_by_label("Ja, ik ga akkoord").check()
    phone.wait_for_timeout(1000)
    grow_to_content(phone, 390, 2400)
    save(OUT / "phone-join.png", phone.screenshot(full_page=True))
    phone.set_viewport_size({"width": 390, "height": 844})
    phone.get_by_role("button", name="Meedoen").click()
    return phone


def course_shots(browser, suite) -> None:
    """Console (agenda), phone (join, form, result after the reveal)."""
    console = new_page(browser, viewport={"width": 1280, "height": 900})
    console.goto(f"{suite.facilitator_url}voila/render/console.ipynb?token={TOKEN}")
    console.get_by_role("tab", name="Agenda en timer").click()
    console.get_by_role("button", name="Weer openen").click()
    console.get_by_text("Weer geopend: Een gedeelde visie").wait_for(timeout=WAIT_MS)

    phone = join_on_phone(browser, suite)
    phone.get_by_label("Hoe ziet goede begeleiding", exact=False).wait_for(timeout=WAIT_MS)
    phone.get_by_label("Hoe ziet goede begeleiding", exact=False).fill(
        "Samen met de patiënt kijken wat die zelf wil, en één plan voor iedereen."
    )
    for group in phone.get_by_role("radiogroup").all():
        agree = group.get_by_label("Eens", exact=True)
        if agree.count():
            agree.check()
    phone.get_by_label("Voor een deel", exact=True).check()
    phone.wait_for_timeout(1500)
    grow_to_content(phone, 390, 1500)
    shoot_region(phone, "phone-form.png", 0, 1500)
    phone.set_viewport_size({"width": 390, "height": 844})
    phone.get_by_role("button", name="Antwoorden versturen").click()
    phone.get_by_text("Je antwoorden zijn opgeslagen").wait_for(timeout=WAIT_MS)

    console.wait_for_timeout(4000)  # the agenda counts the new answer
    grow_to_content(console, 1280)
    add = console.get_by_text("Oefening toevoegen").first.bounding_box()
    shoot_region(console, "console-agenda.png", 0, add["y"] - 10)
    console.set_viewport_size({"width": 1280, "height": 900})
    console.get_by_role("button", name="Uitkomst tonen").click()
    phone.get_by_text("Dit is de uitkomst van de groep.").wait_for(timeout=WAIT_MS)
    phone.wait_for_timeout(3000)
    grow_to_content(phone, 390)
    shoot_region(phone, "phone-result.png", 0, 1600)

    projector = new_page(browser, viewport={"width": 1280, "height": 800})
    projector.goto(f"{suite.facilitator_url}voila/render/projector.ipynb?token={TOKEN}")
    projector.get_by_text("SAMEN7").first.wait_for(timeout=WAIT_MS)
    projector.wait_for_timeout(5000)
    save(OUT / "projector.png", projector.screenshot())
    for page in (projector, phone, console):
        page.close()


def preview_shot(browser) -> None:
    """The page ``cocreate preview follow_energy`` writes, opened from a file."""
    html = Path(tempfile.mkdtemp()) / "follow_energy.html"
    subprocess.run(
        [str(BIN / "cocreate"), "preview", "follow_energy", "--out", str(html)], check=True
    )
    page = new_page(browser, viewport={"width": 1100, "height": 1700})
    page.goto(html.as_uri())
    page.wait_for_timeout(1500)
    save(OUT / "preview.png", page.screenshot())
    page.close()


def lab_shot(browser, env: dict[str, str]) -> None:
    """JupyterLab with a workbook open, then run (started here and stopped again).

    The notebook's bytes are put back afterwards, in case JupyterLab autosaved the run.
    """
    notebook = REPO / LAB_NOTEBOOK
    original = notebook.read_bytes()
    checkpoints = notebook.parent / ".ipynb_checkpoints"
    had_checkpoints = checkpoints.exists()
    lab = subprocess.Popen(
        [
            str(BIN / "jupyter"),
            "lab",
            "--no-browser",
            "--ip",
            "127.0.0.1",
            f"--port={PORT_LAB}",
            f"--ServerApp.token={TOKEN}",
            *(["--allow-root"] if os.geteuid() == 0 else []),
        ],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        base = f"http://127.0.0.1:{PORT_LAB}"
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{base}/api/status?token={TOKEN}", timeout=2)
                break
            except OSError:
                time.sleep(1)
        page = new_page(browser, viewport={"width": 1280, "height": 860})
        page.goto(f"{base}/lab/tree/{LAB_NOTEBOOK}?token={TOKEN}")
        page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=WAIT_MS)
        page.wait_for_timeout(6000)
        news = page.get_by_role("button", name="No", exact=True)  # "Jupyter news?" toast
        if news.count():
            news.first.click()
        page.keyboard.press("Escape")
        page.wait_for_timeout(1000)
        save(OUT / "jupyterlab.png", page.screenshot())
        page.get_by_text("Run", exact=True).first.click()
        page.get_by_text("Run All Cells", exact=True).first.click()
        page.locator(".jp-OutputArea-output textarea").first.wait_for(timeout=3 * WAIT_MS)
        page.wait_for_timeout(8000)
        page.locator(".jp-Cell").nth(2).scroll_into_view_if_needed()
        page.locator(".jp-Cell").nth(2).evaluate("e => e.scrollIntoView({block: 'start'})")
        page.wait_for_timeout(1500)
        save(OUT / "jupyterlab-run.png", page.screenshot())
        page.close()
    finally:
        os.killpg(lab.pid, signal.SIGTERM)
        try:
            lab.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(lab.pid, signal.SIGKILL)
        if notebook.read_bytes() != original:
            notebook.write_bytes(original)
        if not had_checkpoints and checkpoints.is_dir():  # made by JupyterLab on opening
            for stale in checkpoints.iterdir():
                stale.unlink()
            checkpoints.rmdir()


def main() -> int:
    """Load the demo, start the servers, take every screenshot, stop the servers."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="/tmp/trainer_shots.sqlite", help="a SQLite file")
    parser.add_argument("--no-lab", action="store_true", help="skip the JupyterLab shot")
    parser.add_argument("--keep-db", action="store_true", help="reuse a loaded demo database")
    parser.add_argument("--only-lab", action="store_true", help="retake only the JupyterLab shot")
    args = parser.parse_args()
    db_file = Path(args.db).resolve()
    if not args.keep_db:
        db_file.unlink(missing_ok=True)
        subprocess.run([str(BIN / "cocreate"), "demo", "--db", str(db_file)], check=True)
    url = f"sqlite:///{db_file}"
    OUT.mkdir(parents=True, exist_ok=True)
    if args.only_lab:
        with sync_playwright() as pw:
            browser = launch_chromium(pw)
            lab_shot(browser, {**os.environ, "COCREATE_DB": url})
            browser.close()
        return 0
    options = ServeOptions(
        port_participant=PORT_PARTICIPANT,
        port_facilitator=PORT_FACILITATOR,
        db=url,
        room=2,
        token=TOKEN,
    )
    suite = start_suite(options)
    try:
        with sync_playwright() as pw:
            browser = launch_chromium(pw)
            workbook_shots(browser, suite)
            course_shots(browser, suite)
            preview_shot(browser)
            if not args.no_lab:
                lab_shot(browser, {**os.environ, "COCREATE_DB": url})
            browser.close()
    finally:
        suite.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
