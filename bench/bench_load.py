"""The capacity benchmark: a full room joining ``cocreate serve`` on this machine.

Run: ``python bench/bench_load.py [--participants 100] [--spread 60] [--chromium 3]``
(about 6 minutes at full size on two cores). Never part of the tests, never a timed
assertion. Prints one table: each figure, the baseline measured in the same run, the ratio
and the target.

What happens:

* **cocreate**: ``cocreate serve`` (the real participant app, SQLite in a temporary folder, a
  workshop with the shared-vision exercise open, room = everyone, pool as ``--room`` sets it,
  per-client page limit off because every wire client comes from 127.0.0.1). ``--participants``
  wire participants (``load_wire.py``, :mod:`cocreate_widgets.serve.wire`: page request,
  kernel websocket, widget messages) start evenly over ``--spread`` seconds: join in two steps,
  fill in the form, send it. ``--chromium`` real headless Chromium phones join beside them
  (``load_chromium.py``) and the console runs in Chromium on the facilitators' server.
  When everyone has answered (or failed), the room is measured while full: RSS and PSS of every
  participant kernel and the server, CPU over ``--measure`` seconds. Then everyone leaves
  within ``--leave-spread`` seconds (websocket closed + unload beacon) and 10 s later the
  participants' kernels still running are counted.
* **baseline**: bare Voila (``python -m voila``, stock settings) serving the small ipywidgets
  form of ``bench_serving.py`` to the same number of wire clients with the same spread: page,
  websocket, widget models, a name typed and the button clicked, stay, leave. It is what the
  same traffic costs on the platform itself, so each ratio says what the workshop app adds.

The largest room is worked out from the measured figures (shown under the table).
"""

from __future__ import annotations

import argparse
import asyncio
import calendar
import dataclasses
import math
import re
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_serving import table  # noqa: E402
from load_chromium import chromium_participant, console_counts, open_console  # noqa: E402
from load_wire import Load, Outcome, wire_participant  # noqa: E402
from serving_baseline import write_notebook  # noqa: E402
from serving_util import (  # noqa: E402
    alive,
    cpu_seconds,
    percentile,
    rss_mb,
    say,
    server_kernels,
    start_bare_voila,
    wait_http,
    wait_kernels,
)

from cocreate_widgets.exercises import load_exercise_by_id  # noqa: E402
from cocreate_widgets.serve.config import ServeOptions, kernel_transport, room_pool_size  # noqa: E402
from cocreate_widgets.serve.runner import start_suite, stop_processes  # noqa: E402
from cocreate_widgets.store import Store  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
PORTS = (18930, 18931, 18932)  # participants, facilitators, bare Voila (task's range)
EXERCISE = "shared_vision"
RESERVE_MB = 1024  # kept free for the system, the server's own peaks, a facilitator browser
CPU_SHARE = 0.75  # of both cores, for a room that still answers quickly


# --- /proc ------------------------------------------------------------------------------------


def pss_mb(pid: int) -> float:
    """Proportional set size in MB (shared pages split among the processes sharing them)."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def mem_available_mb() -> float:
    """MemAvailable of the machine in MB."""
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemAvailable:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def kernel_ids(server_pid: int) -> dict[str, int]:
    """The server's kernels: kernel id (from the connection file name) -> pid."""
    found = {}
    for pid in server_kernels(server_pid):
        try:
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        match = re.search(r"kernel-([0-9a-f-]{36})\.json", cmd)
        if match:
            found[match.group(1)] = pid
    return found


def cpu_snapshot(pids: list[int]) -> dict[int, float]:
    """CPU seconds so far of each process that still lives."""
    snap = {}
    for pid in pids:
        try:
            snap[pid] = cpu_seconds(pid)
        except (OSError, IndexError):
            continue
    return snap


def own_cpu() -> float:
    """CPU seconds this benchmark process used so far (the wire clients' own cost)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def wait_quiet(server_pid: int, timeout: float = 900) -> float:
    """Wait until the server and its kernels are idle (the pool has started and run the
    app): their CPU over 2 s below 5 % of a core plus 0.6 % per kernel (the polls).
    Returns the seconds waited."""
    from serving_util import cpu_percent

    start = time.monotonic()
    while time.monotonic() - start < timeout:
        pids = [server_pid, *server_kernels(server_pid)]
        try:
            busy = sum(cpu_percent(pids, 2.0).values())
        except (OSError, IndexError):  # a process ended while measured: measure again
            continue
        if busy < 5 + 0.6 * (len(pids) - 1):
            break
    return time.monotonic() - start


# --- one load ---------------------------------------------------------------------------------


async def drive(
    *,
    url: str,
    server_pid: int,
    participants: int,
    spread: float,
    leave_spread: float,
    measure_s: float,
    code: str = "",
    bare: bool = False,
    browser=None,
    chromium: int = 0,
    console_page=None,
) -> dict:
    """Run one load against a server and measure it; returns every figure."""
    idle_kernels = kernel_ids(server_pid)
    idle = {
        "mem_available": mem_available_mb(),
        "pss": pss_mb(server_pid) + sum(pss_mb(p) for p in idle_kernels.values()),
        "kernels": len(idle_kernels),
    }
    cpu_before = cpu_snapshot([server_pid, *idle_kernels.values()])
    own_before = own_cpu()
    load = Load()
    outcomes = [Outcome(i, "bare" if bare else "wire") for i in range(participants)]
    tasks = [
        asyncio.create_task(
            wire_participant(
                load, out, url, code, i * spread / participants, leave_spread, bare=bare
            )
        )
        for i, out in enumerate(outcomes)
    ]
    phones = [Outcome(participants + i, "chromium") for i in range(chromium)]
    for i, out in enumerate(phones):
        delay = (i + 0.5) * spread / max(1, chromium)
        link = f"{url}?code={code}"
        tasks.append(
            asyncio.create_task(chromium_participant(load, out, browser, link, delay, leave_spread))
        )
    everyone = outcomes + phones
    say(f"{len(everyone)} participants start over {spread:.0f} s")
    while not all(o.saved == o.saved or o.error for o in everyone):
        await asyncio.sleep(0.5)
        if all(t.done() for t in tasks):
            break
    answered_at = load.now()
    say(f"all answered or failed after {answered_at:.1f} s; measuring the full room")
    full = kernel_ids(server_pid)
    cpu_after = cpu_snapshot([server_pid, *full.values()])
    own_join = own_cpu() - own_before
    join_cpu = sum(cpu_after[p] - cpu_before.get(p, 0.0) for p in cpu_after)
    server_join_cpu = cpu_after.get(server_pid, 0.0) - cpu_before.get(server_pid, 0.0)
    await asyncio.sleep(3)
    mine = {o.kernel_id: full[o.kernel_id] for o in everyone if o.kernel_id in full}
    rss = [rss_mb(p) for p in mine.values()]
    pss = [pss_mb(p) for p in mine.values()]
    present = load.present
    peak = {
        "pss": pss_mb(server_pid) + sum(pss_mb(p) for p in kernel_ids(server_pid).values()),
        "mem_available": mem_available_mb(),
        "server_rss": rss_mb(server_pid),
    }
    watched = [server_pid, *mine.values()]
    start = cpu_snapshot(watched)
    t_start = time.monotonic()
    await asyncio.sleep(measure_s)
    end = cpu_snapshot(watched)
    wall = time.monotonic() - t_start
    steady = {p: 100 * (end[p] - start[p]) / wall for p in end if p in start}
    kernel_pct = [steady[p] for p in mine.values() if p in steady]
    console = await console_counts(console_page) if console_page is not None else []

    say(f"everyone leaves within {leave_spread:.0f} s")
    load.leave.set()
    await asyncio.gather(*tasks)
    last_left = max(o.left for o in everyone)
    await asyncio.sleep(max(0.0, 10 - (load.now() - last_left)))
    left_over = [k for k, p in mine.items() if alive(p)]
    return {
        "outcomes": everyone,
        "idle": idle,
        "peak": peak,
        "present": present,
        "answered_at": answered_at,
        "join_cpu": join_cpu,
        "server_join_cpu": server_join_cpu,
        "own_join_cpu": own_join,
        "rss": rss,
        "pss": pss,
        "steady_kernel_pct": kernel_pct,
        "steady_server_pct": steady.get(server_pid, float("nan")),
        "console": console,
        "left_over": len(left_over),
        "kernels_after": len(kernel_ids(server_pid)),
    }


# --- the two servers --------------------------------------------------------------------------


def setup_workshop(url: str) -> tuple[str, int]:
    """A fresh SQLite store with one workshop and the exercise open: (join code, run id)."""
    store = Store(url)
    store.upgrade()
    workshop = store.create_workshop("Capaciteit")
    run = store.open_run(store.add_run(workshop.id, load_exercise_by_id(EXERCISE).to_dict()).id)
    store.dispose()
    return workshop.join_code, run.id


def serve_options(url: str, room: int, pool_size: int | None = None) -> ServeOptions:
    """``cocreate serve`` for the load; the per-client page limit off (one client address)."""
    extra = {}
    if "page_limit" in {f.name for f in dataclasses.fields(ServeOptions)}:
        extra["page_limit"] = 0
    return ServeOptions(
        participant_app=REPO / "apps" / "participant.ipynb",
        workbooks=REPO / "workbooks",
        port_participant=PORTS[0],
        port_facilitator=PORTS[1],
        room=room,
        db=url,
        log_level="WARN",
        pool_size=pool_size,
        **extra,
    )


async def run_cocreate(args: argparse.Namespace, folder: Path) -> dict:
    """The load on ``cocreate serve`` with the Chromium phones and console beside it."""
    from playwright.async_api import async_playwright

    from cocreate_widgets.serve.chromium import launch_chromium

    url = f"sqlite:///{folder / 'load.sqlite'}"
    code, run_id = setup_workshop(url)
    room = args.participants + args.chromium
    options = serve_options(url, room, args.pool_size)
    log = (folder / "serve-load.log").open("w")
    suite = start_suite_with(options, log, args.kernel_transport)
    try:
        pid = suite.participant.pid
        pool = room_pool_size(options)
        async with async_playwright() as pw:
            browser = await launch_chromium(pw)
            token = f"?token={suite.token}" if suite.token else ""
            say("console in Chromium on the facilitators' server")
            console_ctx, console_page = await open_console(
                browser, f"{suite.facilitator_url}voila/render/console.ipynb{token}", 1
            )
            await asyncio.to_thread(wait_kernels, pid, pool, 600, 5)
            await asyncio.to_thread(wait_quiet, pid)
            say(f"cocreate serve: pool of {pool} ready")
            result = await drive(
                url=suite.participant_url,
                server_pid=pid,
                participants=args.participants,
                spread=args.spread,
                leave_spread=args.leave_spread,
                measure_s=args.measure,
                code=code,
                browser=browser,
                chromium=args.chromium,
                console_page=console_page,
            )
            await console_ctx.close()
            await browser.close()
        result["pool"] = pool
        result["stored"] = stored_once(url, run_id, result["outcomes"])
        result["dashboard"] = dashboard_latency(url, run_id, result["console"])
    finally:
        suite.stop()
        log.close()
    return result


def start_suite_with(options: ServeOptions, log, transport: str | None):
    """``start_suite``, optionally with the kernels' ZMQ transport changed (an experiment:
    ``ipc`` needs no TCP port per channel; see docs/capacity.md)."""
    if not transport:
        return start_suite(options, log=log)
    import cocreate_widgets.serve.runner as runner

    original = runner.build_server

    def build_server(*args, **kwargs):
        spec = original(*args, **kwargs)
        spec.config.setdefault("KernelManager", {})["transport"] = transport
        return spec

    runner.build_server = build_server
    try:
        return runner.start_suite(options, log=log)
    finally:
        runner.build_server = original


async def run_bare(args: argparse.Namespace, folder: Path) -> dict:
    """The same wire load on bare Voila serving a small ipywidgets form (the baseline)."""
    notebook = write_notebook(folder)
    port = PORTS[2]
    bare = start_bare_voila(notebook, port)
    try:
        url = f"http://127.0.0.1:{port}/"
        await asyncio.to_thread(wait_http, url + "voila/static/voila.js")
        say("bare Voila up")
        return await drive(
            url=url,
            server_pid=bare.pid,
            participants=args.participants,
            spread=args.spread,
            leave_spread=args.leave_spread,
            measure_s=args.measure,
            bare=True,
        )
    finally:
        stop_processes([bare])


# --- checks on the store ----------------------------------------------------------------------


def _epoch(moment) -> float:
    return calendar.timegm(moment.timetuple()) + moment.microsecond / 1e6


def stored_once(url: str, run_id: int, outcomes: list[Outcome]) -> dict:
    """Per participant who saw "saved": exactly one stored version, one row per question."""
    store = Store(url)
    try:
        questions = len(load_exercise_by_id(EXERCISE).questions)
        by_name = {}
        for person in store.roster(store.run(run_id).workshop_id, include_removed=True):
            by_name[person.pseudonym] = person.id
        once = missing = doubled = 0
        for out in outcomes:
            name = f"{'Chromium' if out.kind == 'chromium' else 'Wire'} {out.index}"
            person = by_name.get(name)
            rows = store.answer_history(run_id, person) if person else []
            versions = {r["version"] for r in rows}
            if not rows:
                missing += 1 if out.saved == out.saved else 0
            elif versions == {1} and len(rows) == questions:
                once += 1
            else:
                doubled += 1
        saved = sum(1 for o in outcomes if o.saved == o.saved)
        return {"once": once, "missing": missing, "wrong": doubled, "saved": saved}
    finally:
        store.dispose()


def dashboard_latency(url: str, run_id: int, console: list[tuple[float, int]]) -> list[float]:
    """Seconds from the k-th stored submission until the console's count showed >= k."""
    store = Store(url)
    try:
        firsts: dict[int, float] = {}
        for answer in store.answers(run_id):
            stamp = _epoch(answer.submitted_at)
            firsts[answer.participant_id] = min(stamp, firsts.get(answer.participant_id, stamp))
    finally:
        store.dispose()
    latencies = []
    for k, submitted in enumerate(sorted(firsts.values()), start=1):
        shown = next((t for t, count in console if count >= k and t >= submitted - 5), None)
        latencies.append(shown - submitted if shown is not None else float("nan"))
    return latencies


# --- the table --------------------------------------------------------------------------------


def _num(value: float | None, digits: int = 1) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    return f"{value:.{digits}f}"


def _ratio(figure: float, base: float) -> str:
    if not base or math.isnan(base) or math.isnan(figure):
        return "-"
    return f"{figure / base:.2f}"


def summary(result: dict) -> dict:
    """The derived figures of one load."""
    everyone = result["outcomes"]
    served = [o for o in everyone if o.served]
    joins = [o.join_s for o in served]
    phones = [o.join_s for o in served if o.kind == "chromium"]
    present = result["present"]
    kernel_pct = result["steady_kernel_pct"]
    if present:
        growth = (result["peak"]["pss"] - result["idle"]["pss"]) / present
        steady_pp = (sum(kernel_pct) + result["steady_server_pct"]) / present
    else:  # nobody connected: per-participant figures mean nothing
        growth = steady_pp = float("nan")
    return {
        "n": len(everyone),
        "served": len(served),
        "p50": percentile(joins, 50),
        "p95": percentile(joins, 95),
        "max": max(joins, default=float("nan")),
        "chromium_max": max(phones, default=float("nan")),
        "rss": statistics.median(result["rss"]) if result["rss"] else float("nan"),
        "pss": statistics.median(result["pss"]) if result["pss"] else float("nan"),
        "growth": growth,
        "join_cpu": result["join_cpu"] / len(served) if served else float("nan"),
        "server_join_cpu": result["server_join_cpu"] / len(served) if served else float("nan"),
        "page_p50": percentile([o.page - o.begin for o in served], 50),
        "page_p95": percentile([o.page - o.begin for o in served], 95),
        "ready_p95": percentile([o.ready - o.begin for o in served], 95),
        "steady_pp": steady_pp,
        "kernel_pct": statistics.median(kernel_pct) if kernel_pct else float("nan"),
        "errors": [o.error for o in everyone if o.error],
    }


def build_rows(co: dict, base: dict | None, result: dict) -> list[tuple]:
    """The whole table (cocreate figure, bare Voila baseline, ratio, target, met)."""
    b = base or {}

    def row(name, key, target="", ok=None, digits=1):
        figure, baseline = co[key], b.get(key, float("nan"))
        met = None if ok is None else ("yes" if ok else "NO")
        return (name, _num(figure, digits), _num(baseline, digits), _ratio(figure, baseline),
                target, met)  # fmt: skip

    dash = result["dashboard"]
    dash_ok = [x for x in dash if x == x]
    within = sum(1 for x in dash_ok if x <= 2.0)
    stored = result["stored"]
    return [
        ("served: page rendered + joined", f"{co['served']}/{co['n']}",
         f"{b['served']}/{b['n']}" if b else "-", None, "all",
         "yes" if co["served"] == co["n"] else "NO"),
        row("time to joined, p50 (s) [bare: to form answered]", "p50"),
        row("time to joined, p95 (s)", "p95", "(ratio)"),
        row("time to joined, max (s)", "max"),
        row("   page received, p50 (s)", "page_p50"),
        row("   page received, p95 (s)", "page_p95"),
        row("   widget models loaded, p95 (s)", "ready_p95"),
        ("   Chromium phones: time to joined, max (s)", _num(co["chromium_max"]), None, None,
         None, None),
        (f"answers stored exactly once (of {stored['saved']} saved)", stored["once"], None,
         None, "all", "yes" if stored["once"] == stored["saved"] == co["n"] else "NO"),
        ("   missing / more than one version", f"{stored['missing']} / {stored['wrong']}",
         None, None, "0 / 0", None),
        ("submit -> console count, p50 / p95 / max (s)",
         " / ".join(_num(x, 2) for x in (percentile(dash_ok, 50), percentile(dash_ok, 95),
                                          max(dash_ok, default=float("nan")))),
         None, None, "<= 2 s", "yes" if dash_ok and within == len(dash) else "NO"),
        (f"   submissions shown within 2 s (of {len(dash)})", within, None, None, None, None),
        (f"kernels left 10 s after leaving (of {co['n']})", result["left_over"],
         base_left(b), None, "0", "yes" if result["left_over"] == 0 else "NO"),
        row("RSS per participant kernel, median (MB)", "rss"),
        row("PSS per participant kernel, median (MB)", "pss"),
        row("memory growth per participant, PSS (MB)", "growth"),
        row("CPU per participant, join + answer (core-s)", "join_cpu", digits=2),
        row("   of which the Voila server (core-s)", "server_join_cpu", digits=2),
        row("steady CPU per participant, room full (% core)", "steady_pp", digits=2),
    ]  # fmt: skip


def base_left(b: dict) -> object:
    """The baseline's kernels left (stock Voila: no XSRF cookie, so its beacon is refused)."""
    return b.get("left_over", "-")


def room_arithmetic(co: dict, result: dict, spread: float) -> str:
    """The largest room, from memory and from CPU, with the arithmetic shown."""
    avail = result["idle"]["mem_available"]
    # a pre-started pool holds its kernels before the load starts, so the growth alone would
    # miss them: a participant costs at least their own kernel
    per_person = max(co["growth"], co["pss"])
    by_mem = (avail - RESERVE_MB) / per_person if per_person > 0 else float("inf")
    by_cpu = 200 * CPU_SHARE / co["steady_pp"] if co["steady_pp"] > 0 else float("inf")
    joins_per_min = 120 * CPU_SHARE / co["join_cpu"] if co["join_cpu"] > 0 else float("inf")
    largest = min(by_mem, by_cpu)
    return "\n".join(
        [
            "largest room on this machine (2 cores):",
            f"  memory: (MemAvailable before the load {avail:.0f} MB - {RESERVE_MB} MB reserve)"
            f" / {per_person:.1f} MB per participant (the larger of the growth and a"
            f" kernel's PSS) = {by_mem:.0f} participants",
            f"  CPU, room in use: {CPU_SHARE:.0%} of 200 % core / {co['steady_pp']:.2f} % per"
            f" participant (kernel polls + server) = {by_cpu:.0f} participants",
            f"  CPU, joining: {CPU_SHARE:.0%} of 120 core-s per minute / {co['join_cpu']:.2f}"
            f" core-s per join = {joins_per_min:.0f} joins per minute (kernels started"
            f" ahead in the pool are not in this figure)",
            f"  => about {largest:.0f} participants once joined (the smaller of memory and CPU);"
            f" a room joins at up to {joins_per_min:.0f} per minute",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    """Run the loads and print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--participants", type=int, default=100, help="wire participants")
    parser.add_argument("--spread", type=float, default=60, help="seconds over which they join")
    parser.add_argument("--chromium", type=int, default=3, help="real Chromium participants")
    parser.add_argument("--leave-spread", type=float, default=10, help="seconds to leave in")
    parser.add_argument("--measure", type=float, default=15, help="CPU window, room full (s)")
    parser.add_argument("--no-baseline", action="store_true", help="skip bare Voila")
    parser.add_argument(
        "--kernel-transport",
        choices=("tcp", "ipc"),
        default=None,
        help="the kernels' ZMQ transport (default: the server's, ipc where the paths fit)",
    )
    parser.add_argument(
        "--pool-size", type=int, default=None, help="pre-started kernels (default: the room's)"
    )
    args = parser.parse_args(argv)

    folder = Path(tempfile.mkdtemp(prefix="cocreate-load-"))
    say(f"work folder {folder}")
    base_result = None
    if not args.no_baseline:
        say("baseline: bare Voila, small ipywidgets form, same wire load")
        base_result = asyncio.run(run_bare(args, folder))
    say("cocreate serve: the participant app under the load")
    result = asyncio.run(run_cocreate(args, folder))

    co = summary(result)
    base = summary(base_result) if base_result else None
    if base is not None:
        base["left_over"] = base_result["left_over"]
    print(
        f"\ncapacity benchmark: {args.participants} wire + {args.chromium} Chromium participants"
        f" joining over {args.spread:.0f} s; shared-vision form; console in Chromium.\n"
        f"baseline = bare Voila (stock settings) serving a small ipywidgets form to the same"
        f" {args.participants} wire clients (page, websocket, widget models, one click).\n"
    )
    print(table(build_rows(co, base, result)))
    print()
    print(room_arithmetic(co, result, args.spread))
    print(
        f"\npool {result['pool']}; kernel transport {args.kernel_transport or kernel_transport()};"
        f" all answered {result['answered_at']:.0f} s after the first"
        f" page request; {result['present']} connected while measured; server RSS at peak"
        f" {result['peak']['server_rss']:.0f} MB; participants' kernels after everyone left:"
        f" {result['kernels_after']} (the refilled pool); the wire clients' own CPU during the"
        f" joins: {result['own_join_cpu']:.1f} core-s (this process)"
    )
    if base_result is not None:
        print(
            f"bare Voila: all answered after {base_result['answered_at']:.0f} s; kernels"
            f" after everyone left: {base_result['kernels_after']}"
        )
    for name, summ in (("cocreate", co), ("bare", base)):
        if summ and summ["errors"]:
            print(f"{name}: {len(summ['errors'])} participants failed, e.g. {summ['errors'][:3]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
