"""The export benchmark: XLSX and CSV of a large workshop, against pandas writing the same table.

Run: ``python bench/bench_export.py [--people 500] [--runs 20] [--repeat 3]`` (about a
minute on two cores). Builds a workshop of ``--people`` participants and ``--runs`` exercise
runs (the exercises of ``data/exercises`` in turn, each answered by everyone with valid,
realistic answers: sentences of a few dozen words, lists of one to three items), inserted in
bulk through the store's tables in one transaction each, not through widgets. Then times,
as the median of ``--repeat`` rounds:

* ``table`` - reading every run and building the long table (``answers_table``);
* ``xlsx`` and ``csv`` - the whole export (``export_workshop``: read, then write the file);
* the baseline, measured in the same run: ``pandas.DataFrame.to_csv`` of that long table,
  the unit that absorbs a noisy machine.

Prints one table: each figure, the baseline, the ratio and the target. Never part of the
tests, never a timed assertion.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cocreate_widgets.answers import validate_answer  # noqa: E402
from cocreate_widgets.exercises import list_exercises  # noqa: E402
from cocreate_widgets.exercises.model import Exercise, Question  # noqa: E402
from cocreate_widgets.export import answers_table, export_workshop  # noqa: E402
from cocreate_widgets.roles import default_roles  # noqa: E402
from cocreate_widgets.store import Store  # noqa: E402
from cocreate_widgets.store.base import utcnow  # noqa: E402
from cocreate_widgets.store.schema import participants, responses  # noqa: E402

WORDS = (
    "samen zorg patiënt plan thuis afspraak huisarts wijkteam naaste tijd luisteren doel "
    "stap gesprek dossier vertrouwen medicatie voeding bewegen suiker overdracht eerlijk "
    "duidelijk rustig snel mantelzorger verpleegkundige gemeente leren delen wachtkamer "
    "🙂 café één coördinatie"
).split()
TARGET_SECONDS = 10.0


def sentence(rng: random.Random, low: int = 4, high: int = 40) -> str:
    """A made-up sentence of ``low`` to ``high`` words."""
    words = rng.choices(WORDS, k=rng.randint(low, high))
    return " ".join(words).capitalize() + "."


def make_value(question: Question, rng: random.Random) -> Any:
    """A valid, realistic answer to one question."""
    kind, options = question.type, list(question.option_ids)
    if kind in ("short_text", "long_text"):
        return sentence(rng, 2, 8) if kind == "short_text" else sentence(rng)
    if kind == "single_choice":
        return rng.choice(options)
    if kind == "multiple_choice":
        low = question.setting("min_selected") or 1
        high = question.setting("max_selected") or len(options)
        return rng.sample(options, rng.randint(low, max(low, min(high, len(options)))))
    if kind == "agreement":
        return rng.randint(1, 5)
    if kind == "scale":
        return rng.randint(question.setting("min"), question.setting("max"))
    if kind == "ranking":
        return rng.sample(options, len(options))
    if kind == "allocation":
        total, points = question.setting("total"), {o: 0 for o in options}
        for _ in range(total // 10):
            points[rng.choice(options)] += 10
        points[options[0]] += total - sum(points.values())
        return points
    if kind == "dot_voting":
        dots, most = question.setting("dots"), question.setting("max_per_option") or 99
        placed = {o: 0 for o in options}
        for _ in range(dots):
            free = [o for o in options if placed[o] < most]
            placed[rng.choice(free)] += 1
        return placed
    if kind == "yes_no":
        return rng.random() < 0.6
    if kind == "date":
        return (date(2026, 1, 1) + timedelta(days=rng.randint(0, 365))).isoformat()
    if kind == "repeating_list":
        low = max(1, question.setting("min_items") or 0)
        items = rng.randint(low, max(low, min(3, question.setting("max_items") or 3)))
        return [{f.id: make_value(f, rng) for f in question.fields} for _ in range(items)]
    raise ValueError(kind)


def build_workshop(store: Store, people: int, runs: int, seed: int = 0) -> int:
    """A workshop of ``people`` participants who all answered ``runs`` runs; returns its id."""
    rng = random.Random(seed)
    workshop = store.create_workshop("Benchmark: samen sterker (groot)", language="nl")
    roles = [r["id"] for r in default_roles()]
    now = utcnow()
    rows = [
        {
            "workshop_id": workshop.id,
            "pseudonym": f"Deelnemer {n}",
            "name": f"Voornaam{n} Achternaam" if n % 3 == 0 else None,
            "role": roles[n % len(roles)],
            "organisation": None,
            "language": "nl",
            "consent_at": now,
            "token": f"bench-{workshop.id}-{n}",
            "on_behalf": False,
            "created_at": now,
        }
        for n in range(people)
    ]
    with store.engine.begin() as conn:
        conn.execute(sa.insert(participants), rows)
    ids = [p.id for p in store.roster(workshop.id)]
    exercises: list[Exercise] = sorted(list_exercises(), key=lambda e: e.id)
    for n in range(runs):
        exercise = exercises[n % len(exercises)]
        run = store.open_run(store.add_run(workshop.id, exercise.to_dict(), wave=1 + n // 14).id)
        answers = [
            {
                "run_id": run.id,
                "participant_id": pid,
                "question_id": q.id,
                "version": 1,
                "value": validate_answer(q, make_value(q, rng), "nl"),
                "submitted_at": now,
                "entered_by": "participant",
            }
            for pid in ids
            for q in exercise.questions
        ]
        with store.engine.begin() as conn:
            conn.execute(sa.insert(responses), answers)
        store.close_run(run.id)
    return workshop.id


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    """Build the workshop, time the exports, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=500)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="cocreate-bench-") as folder:
        out = Path(folder)
        store = Store(f"sqlite:///{out / 'bench.sqlite'}")
        store.upgrade()
        start = time.perf_counter()
        workshop_id = build_workshop(store, args.people, args.runs)
        built = time.perf_counter() - start
        table = answers_table(store, workshop_id, lang="nl")
        print(
            f"workshop: {args.people} people, {args.runs} runs, {len(table):,} rows "
            f"(built in {built:.1f} s)",
            file=sys.stderr,
        )
        figures: dict[str, list[float]] = {"baseline": [], "table": [], "xlsx": [], "csv": []}
        for _ in range(args.repeat):
            figures["baseline"].append(timed(lambda: table.to_csv(out / "baseline.csv")))
            figures["table"].append(timed(lambda: answers_table(store, workshop_id, lang="nl")))
            for fmt in ("xlsx", "csv"):
                target = out / f"export.{fmt}"
                figures[fmt].append(
                    timed(lambda f=fmt, o=target: export_workshop(store, workshop_id, f, o))
                )
        sizes = {fmt: (out / f"export.{fmt}").stat().st_size for fmt in ("xlsx", "csv")}
        store.dispose()
    median = {name: statistics.median(values) for name, values in figures.items()}
    base = median["baseline"]
    print(f"{'measure':<34}{'seconds':>9}{'baseline':>10}{'ratio':>8}  target")
    print(f"{'baseline: DataFrame.to_csv':<34}{base:>9.2f}{'':>10}{'':>8}  -")
    labels = {
        "table": "long table (read + build)",
        "xlsx": f"xlsx export ({sizes['xlsx'] / 1e6:.1f} MB)",
        "csv": f"csv zip export ({sizes['csv'] / 1e6:.1f} MB)",
    }
    for name, label in labels.items():
        seconds = median[name]
        met = "met" if seconds <= TARGET_SECONDS else "MISSED"
        print(
            f"{label:<34}{seconds:>9.2f}{base:>10.2f}{seconds / base:>8.1f}  "
            f"<= {TARGET_SECONDS:.0f} s ({met})"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
