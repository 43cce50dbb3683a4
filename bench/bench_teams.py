"""The project teams benchmark: teams of 6-8 with two patients or relatives per care provider.

Run: ``python bench/bench_teams.py [--runs 3]`` (some seconds). Prints one table: each
figure (the median over ``--runs`` random rooms, seeds 0, 1, ...), the baseline measured in
the same run (the matching benchmark's: networkx matching a fixed complete graph of 30
people), the ratio and the target; then whether solving by groups of interchangeable people
(``method="groups"``) reaches the same plan value as one variable per person. Never part of
the tests, never a timed assertion. The table and timing helpers come from
``bench_matching``.

Rooms: 4 improvements for 40 people, 12 and 50 for 400 (50 teams of 8 could hold everyone), everyone choosing up to three in order
(a few choose none); roles drawn from a realistic community.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_matching import baseline, seconds_row, table, timed  # noqa: E402

from cocreate_widgets.analysis.project_teams import (  # noqa: E402
    TeamPlan,
    points,
    solve_teams,
)

SIDES = {
    "patient": "patient_side",
    "relative": "patient_side",
    "doctor": "care_providers",
    "nurse": "care_providers",
    "other_care": "care_providers",
    "coordinator": "other",
    "manager": "other",
}
MIX = {
    "patient": 40,
    "relative": 22,
    "doctor": 8,
    "nurse": 12,
    "other_care": 8,
    "coordinator": 5,
    "manager": 5,
}


def room(n: int, seed: int, n_improvements: int) -> tuple[pd.DataFrame, list[str]]:
    """Preferences of ``n`` random people over ``n_improvements`` improvements."""
    rng = random.Random(seed)
    improvements = [f"imp_{i:02d}" for i in range(n_improvements)]
    weights = [1.0 / (i + 1) for i in range(n_improvements)]  # some are more popular
    roles = rng.choices(list(MIX), weights=list(MIX.values()), k=n)
    choices = []
    for _ in range(n):
        k = rng.choice((0, 1, 2, 3, 3, 3))
        picked: list[str] = []
        while len(picked) < min(k, n_improvements):
            choice = rng.choices(improvements, weights=weights)[0]
            if choice not in picked:
                picked.append(choice)
        choices.append(picked)
    frame = pd.DataFrame(
        {
            "participant_id": range(1, n + 1),
            "pseudonym": [f"P{i}" for i in range(1, n + 1)],
            "role": roles,
            "side": [SIDES[r] for r in roles],
            "choices": choices,
            "hours": None,
            "remark": "",
        }
    )
    return frame, improvements


def value(plan: TeamPlan) -> tuple[int, int, int, int]:
    """The plan's value, level by level: teams, people placed, points, above the ratio."""
    return (
        len(plan.teams),
        len(plan.members),
        int(sum(points(r) for r in plan.members["rank"])),
        -int(plan.teams["above_ratio"].sum()) if len(plan.teams) else 0,
    )


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="random rooms per figure")
    args = parser.parse_args(argv)
    seeds = range(args.runs)
    base = baseline()
    rows, same = [], []
    for n, n_improvements, limit in ((40, 4, 1.0), (400, 12, 5.0), (400, 50, 10.0)):
        by_method: dict[str, list[float]] = {"people": [], "groups": []}
        for seed in seeds:
            people, improvements = room(n, seed, n_improvements)
            plans = {}
            for method in by_method:
                seconds, plan = timed(
                    lambda p=people, i=improvements, m=method: solve_teams(p, i, method=m)
                )
                by_method[method].append(seconds)
                plans[method] = plan
            same.append((n, seed, value(plans["people"]), value(plans["groups"])))
        for method, times in by_method.items():
            how = "one variable per person" if method == "people" else "groups (exact)"
            rows.append(
                seconds_row(
                    f"{n} people, {n_improvements} improvements, {how}",
                    times,
                    base,
                    limit if method == "groups" else None,
                )
            )
    print(
        f"\nproject teams benchmark: {args.runs} random rooms per figure; baseline = networkx "
        "matching a fixed complete graph of 30 people (median of 7, seconds)\n"
    )
    print(table(rows))
    print("\nplan value (teams, placed, points, -above ratio): per person vs groups")
    print(
        table(
            [
                (
                    f"{n} people, seed {seed}",
                    f"{people} vs {groups}",
                    None,
                    None,
                    "equal",
                    "yes" if people == groups else "NO",
                )
                for n, seed, people, groups in same
            ]
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
