"""Bare Voila vs ``cocreate serve``, both serving the same small ipywidgets form.

The bare server is the baseline of every ratio in the table: time until a fresh page is
usable, the kernel's RSS, a burst of joins, and (bare only) the idle CPU of its kernel.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path

import nbformat
from serving_util import (
    cpu_percent,
    free_port,
    mapped_packages,
    rss_mb,
    say,
    server_kernels,
    start_bare_voila,
    wait_http,
    wait_kernels,
)

from cocreate_widgets.serve.config import ServeOptions, room_pool_size
from cocreate_widgets.serve.runner import start_suite, stop_processes

FORM = """import ipywidgets as w
name = w.Text(description="Naam")
role = w.Dropdown(options=["patiënt", "naaste", "zorgverlener"], description="Rol")
ok = w.Checkbox(description="Ik doe mee")
send = w.Button(description="Verstuur")
w.VBox([name, role, ok, send])"""
USABLE = ".widget-text input"


def write_notebook(folder: Path) -> Path:
    """The small ipywidgets form both servers serve."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.cells = [nbformat.v4.new_code_cell(FORM)]
    path = folder / "form.ipynb"
    nbformat.write(nb, path)
    return path


def time_pages(browser, url: str, runs: int, selector: str = USABLE) -> list[float]:
    """Seconds from navigation until ``selector`` is visible, one fresh context per run."""
    times = []
    for _ in range(runs):
        context = browser.new_context()
        page = context.new_page()
        start = time.perf_counter()
        page.goto(url, wait_until="commit")
        page.wait_for_selector(selector, state="visible", timeout=120_000)
        times.append(time.perf_counter() - start)
        page.close(run_before_unload=True)
        context.close()
        time.sleep(2)  # the pool refills between joins
    return times


def time_burst(browser, url: str, n: int) -> tuple[float, int]:
    """Seconds until all of ``n`` simultaneous joins are usable; how many stayed empty."""
    contexts = [browser.new_context() for _ in range(n)]
    pages = [c.new_page() for c in contexts]
    start = time.perf_counter()
    for page in pages:
        page.goto(url, wait_until="commit")
    empty = 0
    for page in pages:
        try:
            page.wait_for_selector(USABLE, state="visible", timeout=120_000)
        except Exception:  # noqa: BLE001 - counted, not raised
            empty += 1
    took = time.perf_counter() - start
    for c in contexts:
        c.close()
    return took, empty


def measure(
    browser,
    url: str,
    pid: int,
    runs: int,
    burst: int,
    warm: Callable[[], None],
    idle_cpu_s: float = 0.0,
) -> dict:
    """All numbers for one server."""
    warm()
    times = time_pages(browser, url, runs)
    context = browser.new_context()
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector(USABLE, state="visible", timeout=120_000)
    time.sleep(2)
    kernels = server_kernels(pid)
    rss = [rss_mb(k) for k in kernels]
    packages: set[str] = set()
    for k in kernels:
        packages |= mapped_packages(k)
    cpu = cpu_percent(kernels, idle_cpu_s) if idle_cpu_s and kernels else {}
    context.close()
    warm()
    burst_s, empty = time_burst(browser, url, burst)
    return {
        "usable_s": statistics.median(times),
        "rss_mb": statistics.median(rss) if rss else float("nan"),
        "kernels": len(rss),
        "packages": packages,
        "idle_cpu": max(cpu.values()) if cpu else float("nan"),
        "burst_s": burst_s,
        "empty": empty,
    }


def run_bare(browser, folder: Path, runs: int, burst: int) -> dict:
    """Bare Voila on the small form (the baseline)."""
    nb = write_notebook(folder)
    port = free_port()
    bare = start_bare_voila(nb, port)
    try:
        url = f"http://127.0.0.1:{port}/"
        wait_http(url + "voila/static/voila.js")
        say("bare Voila: single joins, RSS, idle CPU, burst")
        return measure(browser, url, bare.pid, runs, burst, lambda: time.sleep(2), idle_cpu_s=10)
    finally:
        stop_processes([bare])


def run_fixture(browser, folder: Path, runs: int, burst: int, room: int) -> dict:
    """``cocreate serve`` on the same small form (what serving alone costs or saves)."""
    nb = write_notebook(folder)
    options = ServeOptions(
        participant_app=nb,
        workbooks=folder,
        port_participant=free_port(),
        port_facilitator=free_port(),
        room=room,
    )
    log = (folder / "serve-fixture.log").open("w")
    suite = start_suite(options, log=log)
    try:
        pool = room_pool_size(options)
        pid = suite.participant.pid
        say("cocreate serve, fixture form: single joins, RSS, burst")
        return measure(
            browser, suite.participant_url, pid, runs, burst, lambda: wait_kernels(pid, pool)
        )
    finally:
        suite.stop()
        log.close()
