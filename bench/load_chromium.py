"""Real headless Chromium beside the wire participants: a few phones and the console.

The phones join through the QR link (``?code=``), fill in the shared-vision form and send it,
stay until the benchmark says leave, and close their tab (the unload beacon ends the kernel).
The console runs on the facilitators' server; a MutationObserver records every change of the
agenda's answer count with ``Date.now()``, read back at the end.
"""

from __future__ import annotations

import asyncio
import json
import random

from load_wire import ROLES, STEP_TIMEOUT_S, Load, Outcome

WAIT_MS = int(STEP_TIMEOUT_S * 1000)
SUBMIT = "button.cc-submit"
SAVED = "Je antwoorden zijn opgeslagen"
ROLE_LABELS = {
    "patient": "Patiënt",
    "relative": "Naaste of mantelzorger",
    "doctor": "Arts",
    "nurse": "Verpleegkundige",
    "municipality": "Gemeente of welzijn",
    "other_care": "Andere zorgverlener",
}

#: Records ``[Date.now(), text]`` in ``window.__ccCounts`` at every change of the answer
#: count of agenda row ``pos`` (the first table on the console).
WATCH_COUNTS = """(pos) => {
  window.__ccCounts = [];
  const cell = () => {
    const table = document.querySelector('.cc-table');
    const td = table && table.querySelector(`tbody tr:nth-child(${pos}) td:nth-child(4)`);
    return td ? td.textContent.trim() : null;
  };
  let last = cell();
  window.__ccCounts.push([Date.now(), last]);
  const check = () => {
    const now = cell();
    if (now !== last) { last = now; window.__ccCounts.push([Date.now(), now]); }
  };
  new MutationObserver(check).observe(document.body,
    {subtree: true, childList: true, characterData: true});
  setInterval(check, 50);
  return last;
}"""


async def chromium_participant(
    load: Load, out: Outcome, browser, url: str, delay: float, leave_spread: float
) -> Outcome:
    """One phone in its own browser context; never raises (the error is kept in ``out``)."""
    await asyncio.sleep(delay)
    context = await browser.new_context(viewport={"width": 390, "height": 800})
    page = await context.new_page()
    out.begin = load.now()
    try:
        await page.goto(url, wait_until="commit", timeout=WAIT_MS)
        role = ROLE_LABELS[ROLES[out.index % len(ROLES)]]
        name = page.get_by_label("Je naam of een schuilnaam", exact=False)
        await name.fill(f"Chromium {out.index}", timeout=WAIT_MS)
        out.page = out.ready = load.now()
        load.present += 1
        raw = await page.locator("#jupyter-config-data").first.text_content()
        out.kernel_id = json.loads(raw or "{}").get("kernelId", "")
        await page.get_by_label(role, exact=True).check()
        await page.get_by_label("Ja, ik ga akkoord").check()
        await page.get_by_role("button", name="Meedoen").click()
        await page.get_by_text("Je doet mee als").wait_for(timeout=WAIT_MS)
        out.joined = load.now()
        await page.get_by_label("Hoe ziet goede begeleiding", exact=False).fill(
            f"Beeld {out.index}", timeout=WAIT_MS
        )
        for group in await page.get_by_role("radiogroup").all():
            agree = group.get_by_label("Eens", exact=True)
            if await agree.count():
                await agree.check()
        await page.get_by_label("Voor een deel", exact=True).check()
        await page.wait_for_timeout(600)  # drafts are sent 400 ms after typing stops
        await page.locator(SUBMIT).click()
        await page.get_by_text(SAVED).wait_for(timeout=WAIT_MS)
        out.saved = load.now()
    except Exception as err:  # noqa: BLE001 - one participant's failure is a figure
        out.error = f"{type(err).__name__}: {err}"[:300]
    await load.leave.wait()
    await asyncio.sleep(random.uniform(0, leave_spread))
    if out.ready == out.ready:
        load.present -= 1
    await page.close(run_before_unload=True)
    await context.close()
    out.left = load.now()
    return out


async def open_console(browser, url: str, position: int):
    """The console page on the facilitators' server, watching row ``position``'s count."""
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    await page.goto(url, timeout=WAIT_MS)
    await page.locator(".cc-table").first.wait_for(timeout=WAIT_MS)
    await page.evaluate(WATCH_COUNTS, position)
    return context, page


async def console_counts(page) -> list[tuple[float, int]]:
    """The recorded changes: (epoch seconds, count shown)."""
    raw = await page.evaluate("window.__ccCounts")
    changes = []
    for stamp, text in raw:
        digits = "".join(ch for ch in str(text or "") if ch.isdigit())
        if digits:
            changes.append((stamp / 1000, int(digits)))
    return changes
