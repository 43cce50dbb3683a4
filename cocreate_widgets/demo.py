"""The demo workshop: invented participants and answers from ``data/demo/workshop.yaml``.

``make serve`` loads it so a facilitator or trainer sees every screen filled in, and the
notebook tests run on it. Loading twice replaces nothing: an existing demo is kept.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .exercises import load_exercise_by_id
from .facilitator.reveal import reveal_run
from .paths import data_dir
from .store import Store, UnknownJoinCode
from .store.types import Workshop


def demo_file() -> Path:
    """Where the demo workshop is described."""
    return data_dir() / "demo" / "workshop.yaml"


def demo_runs(spec: dict[str, Any], path: Path) -> list[dict[str, Any]]:
    """The runs of the demo: those in the main file, then each file in ``runs/`` by name.

    One file per exercise keeps the demo easy to extend: ``runs/<nn>_<exercise>.yaml`` with
    a ``runs:`` list shaped like the main file's.
    """
    import yaml

    runs = list(spec.get("runs", []))
    for extra in sorted((path.parent / "runs").glob("*.yaml")):
        runs.extend(yaml.safe_load(extra.read_text(encoding="utf-8")).get("runs", []))
    return runs


def load_demo(store: Store, path: Path | None = None) -> Workshop:
    """Create the demo workshop with its answers, unless its join code is already taken."""
    import yaml

    spec: dict[str, Any] = yaml.safe_load((path or demo_file()).read_text(encoding="utf-8"))
    try:
        return store.workshop_by_code(spec["join_code"])
    except UnknownJoinCode:
        pass
    workshop = store.create_workshop(
        spec["title"],
        language=spec["language"],
        anonymity=spec["anonymity"],
        consent_text=spec["consent_text"],
        join_code=spec["join_code"],
    )
    people: dict[str, int] = {}
    for run_spec in demo_runs(spec, path or demo_file()):
        exercise = load_exercise_by_id(run_spec["exercise"])
        added = store.add_run(workshop.id, exercise.to_dict(), wave=run_spec.get("wave", 1))
        run = store.open_run(added.id)
        for answer in run_spec.get("answers", []):
            who = answer["who"]
            if who["pseudonym"] not in people:
                people[who["pseudonym"]] = store.add_participant(
                    workshop.id, language=workshop.language, **who
                ).id
            values = {q.id: answer["values"].get(q.id) for q in exercise.questions}
            store.submit_answers(run.id, people[who["pseudonym"]], values)
        for text in run_spec.get("decisions", []):
            store.add_record("decision", {"text": text}, workshop_id=workshop.id, run_id=run.id)
        for record in run_spec.get("records", []):
            store.add_record(record["kind"], record["data"], workshop_id=workshop.id, run_id=run.id)
        final = run_spec.get("state", "open")
        if final == "revealed":
            reveal_run(store, store.run(run.id))
        elif final == "closed":
            store.close_run(run.id)
        elif final == "draft":
            raise ValueError("a demo run with answers cannot be a draft")
    return store.workshop(workshop.id)
