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
    """The runs of a demo workshop: those in its file, then each file in its runs folder
    (``runs_folder:``, by default ``runs/`` beside the file) by name.

    One file per exercise keeps the demo easy to extend: ``runs/<nn>_<exercise>.yaml`` with
    a ``runs:`` list shaped like the main file's.
    """
    import yaml

    runs = list(spec.get("runs", []))
    folder = path.parent / spec.get("runs_folder", "runs")
    for extra in sorted(folder.glob("*.yaml")):
        runs.extend(yaml.safe_load(extra.read_text(encoding="utf-8")).get("runs", []))
    return runs


def more_demo_files() -> list[Path]:
    """The other demo workshops (a community's waves, a citizen platform), one file each.

    ``more/<name>.yaml`` is shaped like the main file, plus ``community:`` (the name of the
    community the workshop belongs to), ``wave:`` and ``previous:`` (the join code of the
    wave before). Its runs are in ``more/<name>/*.yaml``, one file per exercise.
    """
    return sorted((data_dir() / "demo" / "more").glob("*.yaml"))


def load_demo(store: Store, path: Path | None = None) -> Workshop:
    """Create the demo workshop with its answers, unless its join code is already taken.

    The other demo workshops (``more/``) are created first, so the main demo stays the
    newest workshop, the one a console opens by default.
    """
    import yaml

    if path is None:
        communities: dict[str, int] = {}
        for extra in more_demo_files():
            _load_workshop(
                store, yaml.safe_load(extra.read_text(encoding="utf-8")), extra, communities
            )
    spec: dict[str, Any] = yaml.safe_load((path or demo_file()).read_text(encoding="utf-8"))
    return _load_workshop(store, spec, path or demo_file(), {})


def _load_workshop(
    store: Store, spec: dict[str, Any], path: Path, communities: dict[str, int]
) -> Workshop:
    try:
        return store.workshop_by_code(spec["join_code"])
    except UnknownJoinCode:
        pass
    community_id = None
    if spec.get("community"):
        name = spec["community"]
        if name not in communities:
            communities[name] = store.community_by_name(name) or store.create_community(name)
        community_id = communities[name]
    previous = store.workshop_by_code(spec["previous"]).id if spec.get("previous") else None
    workshop = store.create_workshop(
        spec["title"],
        language=spec["language"],
        anonymity=spec["anonymity"],
        consent_text=spec["consent_text"],
        join_code=spec["join_code"],
        community_id=community_id,
        previous_workshop_id=previous,
        wave=spec.get("wave", 1),
    )
    people: dict[str, int] = {}
    for run_spec in demo_runs(spec, path):
        exercise = load_exercise_by_id(run_spec["exercise"])
        added = store.add_run(
            workshop.id,
            exercise.to_dict(),
            wave=run_spec.get("wave", workshop.wave),
            small_group_id=_small_group(store, workshop, run_spec, people),
        )
        run = store.open_run(added.id)
        for answer in run_spec.get("answers", []):
            values = {q.id: answer["values"].get(q.id) for q in exercise.questions}
            store.submit_answers(run.id, _person(store, workshop, people, answer["who"]), values)
        for text in run_spec.get("decisions", []):
            store.add_record("decision", {"text": text}, workshop_id=workshop.id, run_id=run.id)
        for record in run_spec.get("records", []):
            store.add_record(
                record["kind"],
                record["data"],
                workshop_id=workshop.id,
                community_id=community_id,
                run_id=run.id,
            )
        final = run_spec.get("state", "open")
        if final == "revealed":
            reveal_run(store, store.run(run.id))
        elif final == "closed":
            store.close_run(run.id)
        elif final == "draft":
            raise ValueError("a demo run with answers cannot be a draft")
    return store.workshop(workshop.id)


def _small_group(
    store: Store, workshop: Workshop, run_spec: dict[str, Any], people: dict[str, int]
) -> int | None:
    """The small group of a run with ``small_group: {name, members: [pseudonyms]}`` (a theme
    group: only its members see the run), else None. A member is known from an earlier run of
    the workshop or answers in this run."""
    group = run_spec.get("small_group")
    if not group:
        return None
    for answer in run_spec.get("answers", []):
        _person(store, workshop, people, answer["who"])
    unknown = [p for p in group["members"] if p not in people]
    if unknown:
        raise ValueError(f"small group {group['name']!r}: unknown members {unknown}")
    return store.create_small_group(
        workshop.id, group["name"], [people[p] for p in group["members"]]
    )


def _person(store: Store, workshop: Workshop, people: dict[str, int], who: dict[str, Any]) -> int:
    """The participant id of a demo person (``who``: pseudonym, role, …), added at first use."""
    if who["pseudonym"] not in people:
        people[who["pseudonym"]] = store.add_participant(
            workshop.id, language=workshop.language, **who
        ).id
    return people[who["pseudonym"]]
