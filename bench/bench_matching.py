"""The matching benchmark: "Find your ideal partner" pairs and leadership trios on random rooms.

Run: ``python bench/bench_matching.py [--runs 3] [--full-1000]`` (about a minute on two
cores; ``--full-1000`` adds the exact matching of 1,000 people, several minutes). Prints one
table: each figure (the median over ``--runs`` random rooms, seeds 0, 1, ...), the baseline
measured in the same run (networkx matching a small fixed graph of 30 people, the unit that
absorbs a noisy machine), the ratio and the target. Then what thinning the candidate pairs
costs: pairs lost without the built-in maximum pairing (``backbone``), and shared themes lost
against the exact matching. Never part of the tests, never a timed assertion.

Rooms: 12 themes, each person choosing 1 to 5; roles drawn from ``MIX`` (a realistic
workshop) or ``SKEWED`` (mostly nurses, to provoke lost pairs).
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cocreate_widgets.analysis import partners  # noqa: E402
from cocreate_widgets.analysis.partners import (  # noqa: E402
    CANDIDATES,
    SKILLS,
    describe_trios,
    match_partners,
    max_pairs,
    propose_trios,
)

THEMES = [f"theme_{i:02d}" for i in range(12)]
SIDES = {
    "patient": "patient_side",
    "relative": "patient_side",
    "doctor": "care_providers",
    "nurse": "care_providers",
    "other_care": "care_providers",
    "coordinator": "other_professionals",
    "manager": "other_professionals",
    "municipality": "other_professionals",
    "other": "other_professionals",
}
MIX = {
    "patient": 25,
    "relative": 10,
    "doctor": 12,
    "nurse": 18,
    "other_care": 10,
    "coordinator": 8,
    "manager": 7,
    "municipality": 6,
    "other": 4,
}
SKEWED = {"nurse": 55, "patient": 15, "doctor": 10, "manager": 10, "relative": 10}


def room(n: int, seed: int, mix: dict[str, int] = MIX) -> pd.DataFrame:
    """Partner profiles of ``n`` random people."""
    rng = random.Random(seed)
    roles = rng.choices(list(mix), weights=list(mix.values()), k=n)
    return pd.DataFrame(
        {
            "participant_id": range(1, n + 1),
            "pseudonym": [f"P{i}" for i in range(1, n + 1)],
            "role": roles,
            "side": [SIDES[r] for r in roles],
            "themes": [sorted(rng.sample(THEMES, rng.randint(1, 5))) for _ in range(n)],
        }
    )


def skilled_room(n: int, seed: int) -> pd.DataFrame:
    """Trio profiles of ``n`` random people (every skill rated 1-5)."""
    rng = random.Random(seed)
    roles = rng.choices(list(MIX), weights=list(MIX.values()), k=n)
    return pd.DataFrame(
        {
            "participant_id": range(1, n + 1),
            "pseudonym": [f"P{i}" for i in range(1, n + 1)],
            "role": roles,
            "skills": [{s: rng.randint(1, 5) for s in SKILLS} for _ in range(n)],
        }
    )


def shared_total(profiles: pd.DataFrame, pairs: list[list[int]]) -> int:
    themes = dict(zip(profiles["participant_id"], profiles["themes"], strict=True))
    return sum(len(set(themes[a]) & set(themes[b])) for a, b in pairs)


def timed(call: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    result = call()
    return time.perf_counter() - start, result


def baseline(repeats: int = 7) -> float:
    """Seconds for networkx to match a fixed complete graph of 30 people (the median)."""
    graph = nx.Graph()
    for a in range(30):
        for b in range(a + 1, 30):
            graph.add_edge(a, b, weight=(a * 7 + b * 13) % 10 + 1)
    return statistics.median(
        timed(lambda: nx.max_weight_matching(graph, maxcardinality=True))[0] for _ in range(repeats)
    )


def unthinned_loss(profiles: pd.DataFrame) -> int:
    """Pairs short of the maximum when thinned without the built-in maximum pairing."""
    room_ = partners._room(profiles.sort_values("participant_id").reset_index(drop=True))
    edges = partners._candidate_edges(room_, CANDIDATES, backbone=False)
    return max_pairs(profiles) - len(partners._matching(room_, edges))


def _num(value: float | None, digits: int = 3) -> str:
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
                c.ljust(w) if i in (0, 4) else c.rjust(w)
                for i, (c, w) in enumerate(zip(row, widths, strict=True))
            )
        )
        if index == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def seconds_row(name: str, times: list[float], base: float, limit: float | None) -> tuple:
    """Median seconds (max in brackets), the ratio to the baseline, an absolute target."""
    figure = statistics.median(times)
    shown = f"{_num(figure)} (max {_num(max(times))})"
    met = None if limit is None else ("yes" if max(times) < limit else "NO")
    target = "(no target)" if limit is None else f"< {limit:g} s"
    return (name, shown, _num(base, 4), f"{figure / base:.0f}x", target, met)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="random rooms per figure")
    parser.add_argument("--full-1000", action="store_true", help="also match 1,000 exactly")
    args = parser.parse_args(argv)
    seeds = range(args.runs)
    base = baseline()
    rows = []
    quality = []

    build = [timed(lambda s=s: partners._room(room(1000, s)))[0] for s in seeds]
    rows.append(seconds_row("build the 1,000-person arrays", build, base, None))
    for n, limit in ((120, None), (200, 1.0), (1000, 10.0)):
        times, lost, short = [], [], []
        for seed in seeds:
            people = room(n, seed)
            seconds, pairs = timed(lambda p=people: match_partners(p))
            times.append(seconds)
            short.append(max_pairs(people) - len(pairs))
            lost.append(unthinned_loss(people) if n > partners.FULL_GRAPH_MAX else 0)
        how = "exact, all pairs" if n <= partners.FULL_GRAPH_MAX else f"thinned, k={CANDIDATES}"
        rows.append(seconds_row(f"match {n:,} people ({how})", times, base, limit))
        if n > partners.FULL_GRAPH_MAX:
            quality.append((f"{n:,}, realistic mix", sum(short), sum(lost), len(seeds)))
    for n in (200, 1000):
        short, lost = [], []
        for seed in seeds:
            people = room(n, seed, SKEWED)
            short.append(max_pairs(people) - len(match_partners(people)))
            lost.append(unthinned_loss(people))
        quality.append((f"{n:,}, mostly nurses", sum(short), sum(lost), len(seeds)))

    exact_times, gaps = [], []
    for seed in seeds:
        people = room(200, seed)
        seconds, exact = timed(lambda p=people: match_partners(p, thin=False))
        exact_times.append(seconds)
        gaps.append(shared_total(people, exact) - shared_total(people, match_partners(people)))
    rows.append(seconds_row("match 200 people exactly (all pairs)", exact_times, base, None))
    if args.full_1000:
        for seed in seeds:
            people = room(1000, seed)
            seconds, exact = timed(lambda p=people: match_partners(p, thin=False))
            rows.append(seconds_row(f"match 1,000 exactly, seed {seed}", [seconds], base, None))
            gap = shared_total(people, exact) - shared_total(people, match_partners(people))
            gaps.append(gap)

    trio_scores = []
    for n in (60, 600):
        times = []
        for seed in seeds:
            people = skilled_room(n, seed)
            seconds, (trios, _left) = timed(lambda p=people: propose_trios(p))
            times.append(seconds)
            if n == 60:
                staged, _ = propose_trios(people, max_exact=0)
                trio_scores.append(
                    (
                        describe_trios(trios, people)["complementarity"].sum(),
                        describe_trios(staged, people)["complementarity"].sum(),
                    )
                )
        how = "exact (milp)" if n == 60 else "two assignment stages"
        rows.append(seconds_row(f"trios of {n} people, {how}", times, base, None))

    print(
        f"\nmatching benchmark: {args.runs} random rooms per figure; baseline = networkx "
        "matching a fixed complete graph of 30 people (median of 7, seconds)\n"
    )
    print(table(rows))
    print(f"\nthinning (k={CANDIDATES} candidates each, rooms above {partners.FULL_GRAPH_MAX}):")
    print(
        table(
            [
                (
                    f"pairs short of the maximum, {label} ({k} rooms)",
                    short,
                    None,
                    None,
                    "0",
                    "yes" if short == 0 else "NO",
                )
                for label, short, _lost, k in quality
            ]
            + [
                (
                    f"  same, thinned without the backbone, {label}",
                    lost,
                    None,
                    None,
                    "(shows why)",
                    None,
                )
                for label, _short, lost, _k in quality
            ]
            + [
                (
                    "shared themes lost to thinning vs exact, per room",
                    ", ".join(str(g) for g in gaps),
                    None,
                    None,
                    "0",
                    "yes" if not any(gaps) else "NO",
                ),
                (
                    "trio complementarity at 60: exact vs two stages",
                    ", ".join(f"{e:g} vs {s:g}" for e, s in trio_scores),
                    None,
                    None,
                    "exact >= stages",
                    "yes" if all(e >= s for e, s in trio_scores) else "NO",
                ),
            ]
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
