"""The real apps under ``cocreate serve`` during a live workshop, driven in headless Chromium.

One SQLite workshop with the shared-vision exercise on the agenda many times; participants
rejoin through their personal link (``?code=…&p=…``). Measured, in this order:

1. time until the join page's code field is usable, and until the form is visible after a
   rejoin link (fresh context each time);
2. RSS and mapped heavy packages of the kernels of joined participants that show the form;
5. idle CPU of those kernels and of the open console's kernel;
3. the store opens/closes a run -> every participant page has switched (per page, from the
   store call until the page's DOM shows the new form or the closed notice);
4. a click on "Antwoorden versturen" -> the console's agenda count of that run changes;
6. kernels left after tabs closed normally (unload beacon), and after a whole browser was
   killed (no unload at all: only the culler's grace period ends them).

Page-side times come from ``Date.now()`` recorded by a MutationObserver in the page, compared
with the wall clock at the store call or click: both run on this machine's clock.
"""

from __future__ import annotations

import contextlib
import os
import signal
import statistics
import time
from pathlib import Path

from serving_util import (
    alive,
    cpu_percent,
    free_port,
    kernel_pid,
    mapped_packages,
    page_kernel_id,
    rss_mb,
    say,
    wait_kernels,
)

from cocreate_widgets.exercises import load_exercise_by_id
from cocreate_widgets.serve.chromium import CHROMIUM, CHROMIUM_ARGS
from cocreate_widgets.serve.config import (
    ServeOptions,
    cull_interval,
    grace_seconds,
    room_pool_size,
)
from cocreate_widgets.serve.runner import start_suite
from cocreate_widgets.store import Store

REPO = Path(__file__).resolve().parents[1]
WAIT = 60_000  # ms
CODE_FIELD = "Code van de workshop"
SUBMIT = "button.cc-submit"
CLOSED_TEXT = "Deze oefening is gesloten"
ROLES = ("patient", "relative", "doctor", "nurse", "municipality")

#: Records in ``window.__ccT`` the Date.now() at which the page first shows the new state:
#: "open" = a submit button that was not on the page before, enabled and visible;
#: "closed" = the closed notice.
WATCH_SWITCH = """(kind) => {
  window.__ccT = null;
  document.querySelectorAll('button').forEach((b) => { b.dataset.benchOld = '1'; });
  const text = 'CLOSED_TEXT';
  const done = () => kind === 'open'
    ? [...document.querySelectorAll('button.cc-submit')].some(
        (b) => !b.dataset.benchOld && !b.disabled && b.offsetParent !== null)
    : document.body.textContent.includes(text);
  if (done()) return false;
  let iv = null;
  const check = () => {
    if (window.__ccT === null && done()) {
      window.__ccT = Date.now(); obs.disconnect(); clearInterval(iv);
    }
  };
  const obs = new MutationObserver(check);
  obs.observe(document.body, {subtree: true, childList: true, attributes: true,
                              characterData: true});
  iv = setInterval(check, 20);
  return true;
}""".replace("CLOSED_TEXT", CLOSED_TEXT)

#: Records in ``window.__ccT`` when the agenda table's answer count of row ``pos`` changes.
WATCH_COUNT = """(pos) => {
  window.__ccT = null;
  const cell = () => {
    const table = document.querySelector('.cc-table');
    const td = table && table.querySelector(`tbody tr:nth-child(${pos}) td:nth-child(4)`);
    return td ? td.textContent : null;
  };
  const before = cell();
  let iv = null;
  const check = () => {
    if (window.__ccT === null && cell() !== before) {
      window.__ccT = Date.now(); obs.disconnect(); clearInterval(iv);
    }
  };
  const obs = new MutationObserver(check);
  obs.observe(document.body, {subtree: true, childList: true, characterData: true});
  iv = setInterval(check, 20);
  return before;
}"""


def now_ms() -> float:
    """Wall-clock milliseconds, comparable with the pages' Date.now()."""
    return time.time() * 1000


def setup_workshop(url: str, runs: int, people: int):
    """A workshop with ``runs`` shared-vision runs (the first open) and registered people."""
    store = Store(url)
    store.upgrade()
    workshop = store.create_workshop("Benchmark")
    question_set = load_exercise_by_id("shared_vision").to_dict()
    run_ids = [store.add_run(workshop.id, question_set).id for _ in range(runs)]
    store.open_run(run_ids[0])
    participants = [
        store.add_participant(workshop.id, pseudonym=f"P{i}", role=ROLES[i % len(ROLES)])
        for i in range(people)
    ]
    return store, workshop, run_ids, participants


def link(base: str, workshop, participant) -> str:
    """The personal rejoin link of a participant."""
    return f"{base}?code={workshop.join_code}&p={participant.token}"


def fill_form(page) -> None:
    """Fill in the shared-vision form validly (as tests/browser/test_live_workshop.py does)."""
    page.get_by_label("Hoe ziet goede begeleiding", exact=False).fill("Samen beslissen.")
    for group in page.get_by_role("radiogroup").all():
        agree = group.get_by_label("Eens", exact=True)
        if agree.count():
            agree.check()
    page.get_by_label("Voor een deel", exact=True).check()


def switch_samples(
    store, run_ids: list[int], pages: list, switches: int
) -> list[tuple[str, float]]:
    """Close the open run / open the next one ``switches`` times; per page (kind, seconds)."""
    latencies: list[tuple[str, float]] = []
    current, nxt = run_ids[0], 1
    for i in range(switches):
        kind = "closed" if i % 2 == 0 else "open"
        armed = [p.evaluate(WATCH_SWITCH, kind) for p in pages]
        if not all(armed):
            raise RuntimeError(f"a page already showed the {kind} state before the switch")
        start = now_ms()
        if kind == "closed":
            store.close_run(current)
        else:
            current, nxt = run_ids[nxt], nxt + 1
            store.open_run(current)
        for page in pages:
            page.wait_for_function("window.__ccT !== null", timeout=WAIT, polling=100)
            latencies.append((kind, (page.evaluate("window.__ccT") - start) / 1000))
        time.sleep(0.3)
    store.close_run(current)
    return latencies


def submit_samples(store, run_ids: list[int], positions: list[int], pages: list, console):
    """Open each run; every page fills in the form and sends it; seconds until the console."""
    latencies: list[float] = []
    for run_id, position in zip(run_ids, positions, strict=True):
        for page in pages:
            page.evaluate(WATCH_SWITCH, "open")
        store.open_run(run_id)
        for page in pages:
            page.wait_for_function("window.__ccT !== null", timeout=WAIT, polling=100)
        for page in pages:
            fill_form(page)
            page.wait_for_timeout(600)  # drafts are sent 400 ms after typing stops
            console.evaluate(WATCH_COUNT, position)
            start = now_ms()
            page.locator(SUBMIT).click()
            console.wait_for_function("window.__ccT !== null", timeout=WAIT, polling=100)
            latencies.append((console.evaluate("window.__ccT") - start) / 1000)
            page.get_by_text("Je antwoorden zijn opgeslagen").wait_for(timeout=WAIT)
        store.close_run(run_id)
    return latencies


def wait_gone(pids: list[int], timeout: float) -> tuple[dict[int, float], float]:
    """Poll until the processes have ended; per pid the seconds it took (NaN if never)."""
    start = time.monotonic()
    gone: dict[int, float] = {}
    while len(gone) < len(pids) and time.monotonic() - start < timeout:
        for pid in pids:
            if pid not in gone and not alive(pid):
                gone[pid] = time.monotonic() - start
        time.sleep(0.25)
    return {pid: gone.get(pid, float("nan")) for pid in pids}, time.monotonic() - start


def kill_browser(marker: str) -> int:
    """SIGKILL a Chromium (found by a marker switch) and its child processes, by PID."""
    import psutil

    mains = [
        p
        for p in psutil.process_iter(["cmdline"])
        if marker in " ".join(p.info["cmdline"] or []) and "chrom" in " ".join(p.info["cmdline"])
    ]
    victims = []
    for main in mains:
        victims.append(main)
        victims.extend(main.children(recursive=True))
    for proc in victims:
        with contextlib.suppress(ProcessLookupError):
            os.kill(proc.pid, signal.SIGKILL)
    return len(victims)


def live_options(url: str, room: int, **overrides) -> ServeOptions:
    """``cocreate serve`` with the real participant app and workbooks on ``url``."""
    return ServeOptions(
        participant_app=REPO / "apps" / "participant.ipynb",
        workbooks=REPO / "workbooks",
        port_participant=free_port(),
        port_facilitator=free_port(),
        room=room,
        db=url,
        log_level="INFO",
        **overrides,
    )


def run_live(pw, browser, folder: Path, *, runs: int, room: int, grace_minutes: float) -> dict:
    """Every live-workshop figure, on the real participant app and console.

    Items 1-5 and the closed tabs run with the default grace period; the vanished phones run
    on a second suite with ``grace_minutes`` and no pool: with a short grace and a pool, the
    stock idle culler ends a pooled kernel between its page being served and the page's
    websocket connecting (see the report), which would spoil every other figure.
    """
    url = f"sqlite:///{folder / 'live.sqlite'}"
    people, phones, switches, submit_runs = 5, 3, 20, 4
    agenda = 1 + switches // 2 + submit_runs
    store, workshop, run_ids, participants = setup_workshop(url, agenda, runs + people + phones)
    out: dict = {}
    try:
        out.update(_live_main(browser, folder, url, store, workshop, run_ids, participants, runs,
                              people, switches, submit_runs, room))  # fmt: skip
        store.open_run(run_ids[0])  # the phones come back to an open form
        out.update(_vanish(pw, folder, url, workshop, participants[-phones:], grace_minutes))
    finally:
        store.dispose()
    return out


def _live_main(browser, folder, url, store, workshop, run_ids, participants, runs, people,
               switches, submit_runs, room) -> dict:  # fmt: skip
    options = live_options(url, room)
    log = (folder / "serve-live.log").open("w")
    suite = start_suite(options, log=log)
    out: dict = {}
    try:
        pid = suite.participant.pid
        pool = room_pool_size(options)
        base = suite.participant_url
        token = f"?token={suite.token}" if suite.token else ""

        say("live: join page usable (fresh contexts)")
        wait_kernels(pid, pool)
        out["join_s"] = statistics.median(_time_join_page(browser, base, runs))
        say("live: form visible after a rejoin link (fresh contexts)")
        wait_kernels(pid, pool)
        out["form_s"] = statistics.median(
            _time_rejoin(browser, [link(base, workshop, p) for p in participants[:runs]])
        )

        say("live: console and joined participants")
        wait_kernels(pid, pool)
        console_ctx = browser.new_context(viewport={"width": 1280, "height": 900})
        console = console_ctx.new_page()
        console.goto(f"{suite.facilitator_url}voila/render/console.ipynb{token}")
        console.locator(".cc-table").first.wait_for(timeout=120_000)
        contexts, pages = [], []
        for person in participants[runs : runs + people]:
            ctx = browser.new_context(viewport={"width": 390, "height": 800})
            page = ctx.new_page()
            page.goto(link(base, workshop, person))
            page.locator(SUBMIT).wait_for(timeout=WAIT)
            contexts.append(ctx)
            pages.append(page)
        time.sleep(3)
        kernel_pids = [kernel_pid(page_kernel_id(p)) for p in pages]
        console_pid = kernel_pid(page_kernel_id(console))
        if None in kernel_pids or console_pid is None:
            raise RuntimeError("a page's kernel process was not found")
        out["rss_mb"] = statistics.median(rss_mb(k) for k in kernel_pids)
        packages: set[str] = set()
        for k in kernel_pids:
            packages |= mapped_packages(k)
        out["packages"] = packages
        out["console_rss_mb"] = rss_mb(console_pid)

        say("live: idle CPU over 20 s (console + 5 participants open)")
        cpu = cpu_percent([console_pid, *kernel_pids], 20)
        out["cpu_console"] = cpu[console_pid]
        out["cpu_participant"] = max(cpu[k] for k in kernel_pids)
        out["cpu_participant_median"] = statistics.median(cpu[k] for k in kernel_pids)

        say(f"live: {switches} run switches x {people} pages")
        out["switch"] = switch_samples(store, run_ids[: 1 + switches // 2], pages, switches)

        say(f"live: {submit_runs * people} submits -> console")
        submit_ids = run_ids[1 + switches // 2 :]
        positions = [store.run(r).position for r in submit_ids]
        out["submit"] = submit_samples(store, submit_ids, positions, pages, console)

        say("live: tabs closed normally")
        closing = [*kernel_pids, console_pid]
        for page in [*pages, console]:
            page.close(run_before_unload=True)
        gone, _ = wait_gone(closing, 10)
        out["left_closed"] = sum(1 for pid_ in closing if alive(pid_))
        out["closed_gone_s"] = max(gone.values())
        for ctx in [*contexts, console_ctx]:
            ctx.close()
    finally:
        suite.stop()
        log.close()
    return out


def _vanish(pw, folder: Path, url: str, workshop, people: list, grace_minutes: float) -> dict:
    """Phones joined in a browser that is then killed: kernels left once the grace passed."""
    options = live_options(url, 2, grace_minutes=grace_minutes, pool_size=0)
    grace_s = grace_seconds(options, "participant")
    log = (folder / "serve-vanish.log").open("w")
    suite = start_suite(options, log=log)
    out: dict = {"grace_s": grace_s}
    try:
        say(f"live: {len(people)} phones vanish (browser killed), grace {grace_s} s")
        marker = f"--bench-phones={os.getpid()}-{time.monotonic_ns()}"
        phone_browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), args=[*CHROMIUM_ARGS, marker]
        )
        phone_pids = []
        for person in people:
            page = phone_browser.new_context().new_page()
            page.goto(link(suite.participant_url, workshop, person))
            page.locator(SUBMIT).wait_for(timeout=WAIT)
            phone_pids.append(kernel_pid(page_kernel_id(page)))
        if None in phone_pids:
            raise RuntimeError("a phone's kernel process was not found")
        if not kill_browser(marker):
            raise RuntimeError("the phones' browser was not found")
        gone, _ = wait_gone(phone_pids, grace_s + 2 * cull_interval(grace_s) + 15)
        out["left_vanished"] = sum(1 for p in phone_pids if alive(p))
        out["vanished_gone_s"] = max(gone.values())
        with contextlib.suppress(Exception):  # it is dead already
            phone_browser.close()
    finally:
        suite.stop()
        log.close()
    return out


def _time_join_page(browser, url: str, runs: int) -> list[float]:
    """Seconds from navigation until the join page's code field is visible and enabled."""
    times = []
    for _ in range(runs):
        context = browser.new_context()
        page = context.new_page()
        start = time.perf_counter()
        page.goto(url, wait_until="commit")
        field = page.get_by_label(CODE_FIELD)
        field.wait_for(state="visible", timeout=120_000)
        page.wait_for_function(
            "(el) => !el.disabled", arg=field.element_handle(), polling="raf", timeout=WAIT
        )
        times.append(time.perf_counter() - start)
        page.close(run_before_unload=True)
        context.close()
        time.sleep(2)  # the pool refills between joins
    return times


def _time_rejoin(browser, urls: list[str]) -> list[float]:
    """Seconds from navigation of a personal link until the form's submit button shows."""
    times = []
    for url in urls:
        context = browser.new_context()
        page = context.new_page()
        start = time.perf_counter()
        page.goto(url, wait_until="commit")
        page.locator(SUBMIT).wait_for(state="visible", timeout=120_000)
        times.append(time.perf_counter() - start)
        page.close(run_before_unload=True)
        context.close()
        time.sleep(2)
    return times
