"""Bare Voila vs ``cocreate serve``: time until the participant page is usable, kernel RSS.

Run: ``python bench/bench_serving.py [--runs 5] [--burst 8]``. Prints a table; the ratios are
against bare Voila measured in the same run (never a timed assertion anywhere).
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import nbformat

from cocreate_widgets.serve.config import ServeOptions
from cocreate_widgets.serve.runner import start_suite, stop_processes

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
FORM = """import ipywidgets as w
name = w.Text(description="Naam")
role = w.Dropdown(options=["patiënt", "naaste", "zorgverlener"], description="Rol")
ok = w.Checkbox(description="Ik doe mee")
send = w.Button(description="Verstuur")
w.VBox([name, role, ok, send])"""
USABLE = ".widget-text input"


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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


def kernel_rss_mb(server_pid: int) -> list[float]:
    """RSS in MB of each kernel process started by a server."""
    try:
        import psutil

        kids = psutil.Process(server_pid).children(recursive=True)
        return [k.memory_info().rss / 2**20 for k in kids if "ipykernel" in " ".join(k.cmdline())]
    except ImportError:  # /proc fallback
        out = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().split(") ")[-1].split()
                cmd = (stat.parent / "cmdline").read_bytes().decode(errors="replace")
            except OSError:
                continue
            if int(fields[1]) == server_pid and "ipykernel" in cmd:
                status = (stat.parent / "status").read_text()
                rss = next(line for line in status.splitlines() if line.startswith("VmRSS"))
                out.append(int(rss.split()[1]) / 1024)
        return out


def wait_http(url: str, timeout: float = 60) -> None:
    """Wait until a URL answers at all."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(url)


def wait_kernels(pid: int, count: int, timeout: float = 120) -> None:
    """Wait until a server has ``count`` kernels (its pool is full)."""
    deadline = time.monotonic() + timeout
    while len(kernel_rss_mb(pid)) < count and time.monotonic() < deadline:
        time.sleep(0.5)
    time.sleep(3)  # let the pre-rendering settle


def time_pages(browser, url: str, runs: int) -> list[float]:
    """Seconds from navigation until the form is usable, one fresh context per run."""
    times = []
    for _ in range(runs):
        context = browser.new_context()
        page = context.new_page()
        start = time.perf_counter()
        page.goto(url, wait_until="commit")
        page.wait_for_selector(USABLE, state="visible", timeout=120_000)
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


def measure(browser, url: str, pid: int, runs: int, burst: int, warm: Callable[[], None]) -> dict:
    """All numbers for one server."""
    warm()
    times = time_pages(browser, url, runs)
    context = browser.new_context()
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector(USABLE, state="visible", timeout=120_000)
    time.sleep(2)
    rss = kernel_rss_mb(pid)
    context.close()
    warm()
    burst_s, empty = time_burst(browser, url, burst)
    return {
        "usable_s": statistics.median(times),
        "rss_mb": statistics.median(rss) if rss else float("nan"),
        "kernels": len(rss),
        "burst_s": burst_s,
        "empty": empty,
    }


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--burst", type=int, default=8)
    parser.add_argument("--room", type=int, default=12)
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    folder = Path(tempfile.mkdtemp(prefix="cocreate-bench-"))
    nb = write_notebook(folder)
    results = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)

        port = free_port()
        bare = subprocess.Popen(
            [sys.executable, "-m", "voila", str(nb), "--no-browser", f"--port={port}",
             "--Voila.ip=127.0.0.1", "--Voila.port_retries=0"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            url = f"http://127.0.0.1:{port}/"
            wait_http(url + "voila/static/voila.js")
            results["bare Voila"] = measure(
                browser, url, bare.pid, args.runs, args.burst, lambda: time.sleep(2)
            )
        finally:
            stop_processes([bare])

        options = ServeOptions(
            participant_app=nb,
            workbooks=folder,
            port_participant=free_port(),
            port_facilitator=free_port(),
            room=args.room,
        )
        log = (folder / "serve.log").open("w")
        suite = start_suite(options, log=log)
        try:
            pool = options.pool_size or max(2, min(12, -(-args.room // 3)))
            pid = suite.participant.pid
            results["cocreate serve"] = measure(
                browser,
                suite.participant_url,
                pid,
                args.runs,
                args.burst,
                lambda: wait_kernels(pid, pool),
            )
        finally:
            suite.stop()
        browser.close()

    base = results["bare Voila"]
    print(
        f"\nserving benchmark: {args.runs} single joins, a burst of {args.burst}, room {args.room}"
    )
    print(f"{'':16}{'usable (s)':>12}{'ratio':>8}{'kernel RSS MB':>15}{'ratio':>8}"
          f"{'burst (s)':>11}{'ratio':>8}{'empty':>7}")  # fmt: skip
    for name, r in results.items():
        print(
            f"{name:16}{r['usable_s']:12.2f}{r['usable_s'] / base['usable_s']:8.2f}"
            f"{r['rss_mb']:15.1f}{r['rss_mb'] / base['rss_mb']:8.2f}"
            f"{r['burst_s']:11.2f}{r['burst_s'] / base['burst_s']:8.2f}{r['empty']:7d}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
