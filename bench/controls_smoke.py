"""Browser smoke run of every answer control under Voilà (run on demand, not a test).

Writes a notebook showing all controls, serves it with Voilà on 127.0.0.1, and with
Playwright in Debian's Chromium takes screenshots at 390 px and 1280 px, clicks a few
things, and reports horizontal overflow, small touch targets and console errors.

    /tmp/venv/bin/python bench/controls_smoke.py [--out /tmp/cc-smoke]
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

NOTEBOOK_CODE = r"""
from cocreate_widgets.controls import *
import ipywidgets as w
evil = '<img src=x onerror=alert(1)> $x$ **bold**'
opts = [['a', 'Wachttijden in de huisartsenpraktijk'], ['b', evil],
        ['c', 'Samenwerking tussen thuiszorg en ziekenhuis bij ontslag']]
text = TextField(label='Wat gaat goed? ' + evil, help='Schrijf zoveel als u wilt.',
                 multiline=True, max_length=40, required=True,
                 value='Dit is een tekst die langer is dan veertig tekens.')
client = ClientContext(stale_after=2, dead_after=4)
ranking = RankingList(label='Zet in volgorde', options=opts)
points = PointsAllocation(label='Verdeel 100 punten', options=opts, value={'a': 60, 'b': 55})
goals = RepeatingList(label='Doelen', fields=[
    {'id': 'goal', 'label': 'Doel', 'multiline': True, 'max_length': 200},
    {'id': 'when', 'label': 'Wanneer', 'type': 'date'}],
    item_label='Doel {n}', min_items=1, max_items=3,
    item_errors=[{'goal': 'Beschrijf het doel'}])
echo = w.Textarea(layout=w.Layout(width='100%'))
echo.add_class('kernel-echo')
import json
def show(_change=None):
    echo.value = json.dumps({'text': text.value, 'ranking': ranking.value,
                             'points': points.value, 'goals': goals.value})
for _w in (text, ranking, points, goals):
    _w.observe(show, 'value')
show()
w.VBox([
    client,
    text,
    TextField(label='Uw naam', value='Anna', error='Vul uw naam in'),
    ChoiceGroup(label='Een keuze', options=opts, value='a'),
    ChoiceGroup(label='Meerdere keuzes', options=opts, multiple=True, value=['b', 'c']),
    YesNo(label='Doet u mee?', value=True),
    AgreementScale(label='Ik voel me gehoord.', value=4),
    NumberScale(label='Hoe tevreden bent u?', min_label='Helemaal niet', max_label='Heel erg',
                value=7),
    ranking,
    points,
    DotVoting(label='Plak stippen', options=opts, dots=5, max_per_option=3, value={'a': 2}),
    DateField(label='Wanneer?', value='2025-06-01', min_date='2025-01-01'),
    goals,
    echo,
])
"""


def write_notebook(folder: Path) -> Path:
    """Write the demo notebook and return its path."""
    nb = {
        "cells": [
            {
                "cell_type": "code",
                "execution_count": None,
                "metadata": {},
                "outputs": [],
                "source": NOTEBOOK_CODE,
            }
        ],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path = folder / "controls.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    return path


CHECK_JS = """
() => {
  const out = {scrollWidth: document.documentElement.scrollWidth, width: innerWidth, small: []};
  for (const n of document.querySelectorAll('.cc-field button, .cc-field .cc-option, .cc-chip,'
      + ' .cc-field input[type=number], .cc-field input[type=date], .cc-field input[type=text]')) {
    const r = n.getBoundingClientRect();
    if (r.width && (r.width < 44 || r.height < 44)) {
      out.small.push(`${n.className} ${r.width}x${r.height}`);
    }
  }
  out.imgs = document.querySelectorAll('.cc-field img').length;
  return out;
}
"""


def kernel_echo(page: Any) -> dict[str, Any]:
    """The values as the kernel sees them (an echo text area in the notebook)."""
    return json.loads(page.input_value(".kernel-echo textarea"))


def interact(page: Any) -> list[str]:
    """Type, click and add; check that the kernel got each value."""
    problems: list[str] = []
    box = page.locator(".cc-textarea").first
    box.fill("")
    box.type("Nieuw antwoord")
    page.wait_for_timeout(1200)  # debounce 400 ms, no blur
    if kernel_echo(page)["text"] != "Nieuw antwoord":
        problems.append(f"text draft not sent while typing: {kernel_echo(page)['text']!r}")
    if kernel_echo(page)["ranking"][:2] != ["b", "a"]:
        problems.append(f"ranking not moved: {kernel_echo(page)['ranking']}")
    page.click("button[aria-label^='5 punten minder voor Wachttijden']")
    page.wait_for_timeout(500)
    if kernel_echo(page)["points"].get("a") != 55:
        problems.append(f"points not sent: {kernel_echo(page)['points']}")
    page.click(".cc-add")
    page.keyboard.type("Meer bewegen")
    page.locator(".cc-add").focus()
    page.wait_for_timeout(600)
    goals = kernel_echo(page)["goals"]
    if len(goals) != 2 or goals[1]["goal"] != "Meer bewegen":
        problems.append(f"repeating list add/type failed: {goals}")
    return problems


def main() -> int:
    """Run the smoke check; returns the exit code."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default="/tmp/cc-smoke")
    parser.add_argument("--port", type=int, default=8899)
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    nb = write_notebook(out)
    voila = Path(sys.executable).with_name("voila")
    server = subprocess.Popen(
        [str(voila), "--no-browser", f"--port={args.port}", "--Voila.ip=127.0.0.1", nb.name],
        cwd=out,
        stdout=(out / "voila.log").open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    problems: list[str] = []
    try:
        url = f"http://127.0.0.1:{args.port}/"
        for _ in range(60):
            try:
                urllib.request.urlopen(url, timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        from playwright.sync_api import sync_playwright

        from cocreate_widgets.serve.chromium import launch_chromium

        with sync_playwright() as pw:
            browser = launch_chromium(pw)
            for width in (390, 1280):
                page = browser.new_page(viewport={"width": width, "height": 900})
                errors: list[str] = []
                page.on(
                    "console", lambda m, e=errors: e.append(m.text) if m.type == "error" else None
                )
                page.on(
                    "requestfailed",
                    lambda r, e=errors: e.append(f"request failed: {r.url}"),
                )
                # Voila's own template asks a CDN for Font Awesome: reported, not ours.
                page.on("dialog", lambda d: (problems.append("a dialog opened"), d.dismiss()))
                page.goto(url, timeout=120_000)
                page.wait_for_selector(".cc-rank-item", timeout=120_000)
                page.wait_for_timeout(1500)
                # Move the first ranking item down with the keyboard.
                page.focus(".cc-rank-item >> nth=0 >> button >> nth=1")
                page.keyboard.press("Enter")
                page.wait_for_timeout(300)
                focused = page.evaluate("document.activeElement.getAttribute('aria-label')")
                print(width, "focus after move:", focused)
                if width == 390:
                    problems.extend(interact(page))
                result = page.evaluate(CHECK_JS)
                print(width, json.dumps(result))
                if result["scrollWidth"] > result["width"]:
                    problems.append(f"{width}px: horizontal overflow {result['scrollWidth']}")
                if result["small"]:
                    problems.append(f"{width}px: small targets {result['small']}")
                if result["imgs"]:
                    problems.append("a label was parsed as HTML")
                page.set_viewport_size({"width": width, "height": 4200})
                page.wait_for_timeout(500)
                page.screenshot(path=str(out / f"controls-{width}.png"), full_page=True)
                page.set_viewport_size({"width": width, "height": 900})
                page.wait_for_timeout(5000)  # the test kernel sends no heartbeat
                page.screenshot(path=str(out / f"banner-{width}.png"))
                ours = [
                    e for e in errors if "fontawesome" not in e and "NAME_NOT_RESOLVED" not in e
                ]
                if len(ours) != len(errors):
                    print(
                        width,
                        "note: the page asked the network for",
                        [e for e in errors if "fontawesome" in e],
                    )
                if ours:
                    problems.append(f"{width}px console errors: {ours}")
                page.close()
            browser.close()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
    for problem in problems:
        print("PROBLEM:", problem)
    print("screenshots in", out)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
