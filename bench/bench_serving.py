"""The serving benchmark: bare Voila vs ``cocreate serve``, and the real apps in a live workshop.

Run: ``python bench/bench_serving.py [--runs 5] [--burst 8] [--room 12] [--grace-minutes 0.15]``
(about 8 minutes on two cores). Prints one table: each figure, the baseline measured in the
same run where there is one (bare Voila serving a small ipywidgets form), the ratio and the
target. Never part of the tests, never a timed assertion. The parts:

* ``serving_baseline.py`` - bare Voila and ``cocreate serve`` on the same small form;
* ``serving_live.py`` - the real participant app and console during a workshop;
* ``serving_util.py`` - ports, waits, kernel processes in ``/proc``.
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from serving_baseline import run_bare, run_fixture  # noqa: E402
from serving_live import run_live  # noqa: E402
from serving_util import HEAVY, percentile, say  # noqa: E402

from cocreate_widgets.serve.chromium import launch_chromium  # noqa: E402


def _num(value: float | None, digits: int = 2) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    return f"{value:.{digits}f}"


def table(rows: list[tuple]) -> str:
    """Rows of (measure, figure, baseline, ratio, target, met) as aligned text."""
    head = ("measure", "figure", "baseline", "ratio", "target", "met")
    cells = [head, *[tuple("-" if c is None else str(c) for c in row) for row in rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(head))]
    lines = []
    for index, row in enumerate(cells):
        lines.append(
            "  ".join(
                c.ljust(w) if i == 0 or i == 4 else c.rjust(w)
                for i, (c, w) in enumerate(zip(row, widths, strict=True))
            )
        )
        if index == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def ratio_row(name: str, figure: float, base: float, limit: float, digits: int = 2) -> tuple:
    """A row whose target is a ratio against the baseline."""
    ratio = figure / base if base else float("nan")
    return (
        name,
        _num(figure, digits),
        _num(base, digits),
        _num(ratio),
        f"<= {limit}x",
        "yes" if ratio <= limit else "NO",
    )


def build_rows(bare: dict, fixture: dict, live: dict, burst: int) -> list[tuple]:
    """The whole table."""
    switch, submit = [s for _k, s in live["switch"]], live["submit"]
    opened = [s for k, s in live["switch"] if k == "open"]
    closed = [s for k, s in live["switch"] if k == "closed"]
    switch_p95, submit_p95 = percentile(switch, 95), percentile(submit, 95)
    cpu_base = bare["idle_cpu"]
    return [
        ratio_row("fixture form usable, cocreate serve (s)", fixture["usable_s"],
                  bare["usable_s"], 1.3),
        ratio_row("fixture form kernel RSS, cocreate serve (MB)", fixture["rss_mb"],
                  bare["rss_mb"], 1.3, 1),
        ratio_row(f"burst of {burst} usable, cocreate serve (s) [{fixture['empty']} empty]",
                  fixture["burst_s"], bare["burst_s"], 1.3),
        ratio_row("1a join page: code field usable (s)", live["join_s"], bare["usable_s"], 1.3),
        ratio_row("1b rejoin link: form visible (s)", live["form_s"], bare["usable_s"], 1.3),
        ratio_row("2  participant kernel RSS, form shown (MB)", live["rss_mb"],
                  bare["rss_mb"], 1.3, 1),
        ("   console kernel RSS (MB)", _num(live["console_rss_mb"], 1), None, None,
         "(no target)", None),
        (f"3  run open/close -> page switched, p95 of {len(switch)} (s)", _num(switch_p95),
         None, None, "< 2 s", "yes" if switch_p95 < 2 else "NO"),
        ("   (median / max)", f"{_num(statistics.median(switch))} / {_num(max(switch))}",
         None, None, None, None),
        ("   (p95 of opens / of closes)",
         f"{_num(percentile(opened, 95))} / {_num(percentile(closed, 95))}",
         None, None, None, None),
        (f"4  submit -> console count, p95 of {len(submit)} (s)", _num(submit_p95),
         None, None, "< 1.5 s", "yes" if submit_p95 < 1.5 else "NO"),
        ("   (median / max)", f"{_num(statistics.median(submit))} / {_num(max(submit))}",
         None, None, None, None),
        ("5  idle CPU, open console kernel (% core)", _num(live["cpu_console"]),
         _num(cpu_base), None, "< 2 %", "yes" if live["cpu_console"] < 2 else "NO"),
        ("5  idle CPU, participant kernel, max of 5 (% core)", _num(live["cpu_participant"]),
         _num(cpu_base), None, "< 2 %", "yes" if live["cpu_participant"] < 2 else "NO"),
        ("6  kernels left 10 s after tabs closed (6 tabs)", live["left_closed"], None, None,
         "0", "yes" if live["left_closed"] == 0 else "NO"),
        (f"6  kernels left after phones vanished (3; grace {live['grace_s']} s)",
         live["left_vanished"], None, None, "0", "yes" if live["left_vanished"] == 0 else "NO"),
    ]  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="single joins per measurement")
    parser.add_argument("--burst", type=int, default=8, help="simultaneous joins")
    parser.add_argument("--room", type=int, default=12, help="room size (sets the pool)")
    parser.add_argument("--grace-minutes", type=float, default=0.15, help="live part's grace")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    folder = Path(tempfile.mkdtemp(prefix="cocreate-bench-"))
    say(f"work folder {folder}")
    with sync_playwright() as pw:
        browser = launch_chromium(pw)
        bare = run_bare(browser, folder, args.runs, args.burst)
        fixture = run_fixture(browser, folder, args.runs, args.burst, args.room)
        live = run_live(
            pw, browser, folder, runs=args.runs, room=args.room, grace_minutes=args.grace_minutes
        )
        browser.close()

    print(
        f"\nserving benchmark: {args.runs} single joins, a burst of {args.burst}, "
        f"room {args.room}; baseline = bare Voila serving a small ipywidgets form\n"
    )
    print(table(build_rows(bare, fixture, live, args.burst)))
    heavy = sorted(p for p in live["packages"] if p.split(".")[0] in HEAVY)
    extra = sorted(live["packages"] - bare["packages"])
    print(
        f"\nparticipant kernel maps heavy packages: {', '.join(heavy) or 'none'}; "
        f"packages with shared objects beyond bare Voila's kernel: {', '.join(extra) or 'none'}"
    )
    print(
        f"closed tabs' kernels all gone after {_num(live['closed_gone_s'], 1)} s; vanished "
        f"phones' kernels after {_num(live['vanished_gone_s'], 1)} s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
