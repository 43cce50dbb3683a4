"""Everything one data export holds, read from the store in short steps.

:func:`collect` reads the workshop, the roster, the agenda, then each run's answers and the
records — every read a short transaction of its own, so an export of a large workshop never
keeps the database busy for other kernels. It reports its progress (the first half of the
bar: the writers fill the second half).

Besides the long tables of ``data.py`` it builds the summary (the workshop, the people per
role, per exercise its state and number of answers) and the records table:

==================  ====================================================================
``kind_id``         the kind of record (``decision``, ``goal``, ``action`` …)
``kind``            its label in the chosen language
``exercise_id``     the exercise of the run it was made in (empty: made for the workshop)
``exercise``        that exercise's title
``run_id``          that run's id
``position``        its place in the list of its kind
``record``          its fields in words, "field: value; …" (a decision: just its text)
``updated_at``      when it was last changed (UTC, to the second)
==================  ====================================================================
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import pandas as pd

from ..exercises.model import Exercise, RecordKind
from ..forms.readable import readable_answer
from ..i18n import t
from ..localtext import pick
from ..store import Store
from ..store.types import Participant, Record, Run, Workshop
from .data import People, chosen_runs, run_table, shows_names

Progress = Callable[[float, str], None]
"""Told a fraction from 0 to 1 and a short description of the step."""

RECORD_COLUMNS: tuple[str, ...] = (
    "kind_id",
    "kind",
    "exercise_id",
    "exercise",
    "run_id",
    "position",
    "record",
    "updated_at",
)
SUMMARY_COLUMNS: tuple[str, ...] = (
    "position",
    "exercise_id",
    "exercise",
    "run_id",
    "wave",
    "state",
    "respondents",
    "answers",
)
DECISION = "decision"
READ_SHARE = 0.5


@dataclass(frozen=True)
class RunPart:
    """One run with answers to export: the run, its title and its long table."""

    run: Run
    title: str
    table: pd.DataFrame

    @property
    def respondents(self) -> int:
        """How many participants submitted an answer in this run."""
        return int(self.table["participant"].nunique())

    @property
    def answers(self) -> int:
        """How many answers (participant and question) the table holds."""
        return len(self.table.drop_duplicates(["participant", "question_id"]))


@dataclass(frozen=True)
class Bundle:
    """What one export writes: workshop, people, runs with their tables, records."""

    workshop: Workshop
    lang: str
    names: bool
    runs: tuple[Run, ...]
    parts: tuple[RunPart, ...]
    records: pd.DataFrame
    roster: tuple[Participant, ...]
    exported_at: datetime


class Steps:
    """Reports progress to an optional callback, in the export's language."""

    def __init__(self, progress: Progress | None, lang: str) -> None:
        self.progress = progress
        self.lang = lang

    def __call__(self, fraction: float, key: str, **values: Any) -> None:
        """Tell the callback (if any) how far the export is, and what it is doing."""
        if self.progress is not None:
            self.progress(max(0.0, min(1.0, fraction)), t(key, self.lang, **values))


def collect(
    store: Store,
    workshop_id: int,
    *,
    lang: str = "nl",
    names: bool = False,
    run_id: int | None = None,
    steps: Steps | None = None,
) -> Bundle:
    """Read everything an export of the workshop (or of one run) writes."""
    steps = steps or Steps(None, lang)
    workshop = store.workshop(workshop_id)
    names = shows_names(workshop, names)
    everyone = store.roster(workshop_id, include_removed=True)
    people = People.of(everyone, names=names)
    runs = chosen_runs(store, workshop_id, run_id)
    parts = []
    for n, run in enumerate(runs, 1):
        title = pick(run.title, lang) or run.exercise_id
        steps(
            READ_SHARE * (n - 1) / (len(runs) + 1),
            "export.step.read",
            n=n,
            total=len(runs),
            title=title,
        )
        if run.state != "draft":
            table = run_table(workshop, run, store.answers(run.id), people, lang)
            parts.append(RunPart(run, title, table))
    steps(READ_SHARE * len(runs) / (len(runs) + 1), "export.step.records")
    records = store.records(workshop_id=workshop_id, run_id=run_id)
    return Bundle(
        workshop=workshop,
        lang=lang,
        names=names,
        runs=tuple(runs),
        parts=tuple(parts),
        records=records_table(records, runs if run_id else store.runs(workshop_id), people, lang),
        roster=tuple(p for p in everyone if p.active),
        exported_at=datetime.now(UTC).replace(tzinfo=None, microsecond=0),
    )


def summary_pairs(bundle: Bundle) -> list[tuple[str, Any]]:
    """The summary's head: (label, value) for the workshop and the people per role."""
    lang, workshop = bundle.lang, bundle.workshop
    pairs: list[tuple[str, Any]] = [
        (t("export.summary.workshop", lang), workshop.title),
        (t("export.summary.date", lang), workshop_date(workshop, bundle.runs)),
        (t("export.summary.language", lang), workshop.language),
        (t("export.summary.wave", lang), workshop.wave),
        (t("export.summary.participants", lang), len(bundle.roster)),
    ]
    for label, count in role_counts(workshop, bundle.roster, lang):
        pairs.append((t("export.summary.role", lang, role=label), count))
    shown = "export.summary.shown_names" if bundle.names else "export.summary.shown_codes"
    pairs += [
        (t("export.summary.shown", lang), t(shown, lang)),
        (t("export.summary.exported_at", lang), bundle.exported_at),
        (t("export.summary.times", lang), "UTC"),
    ]
    return pairs


def summary_table(bundle: Bundle, where: dict[int, str], where_column: str) -> pd.DataFrame:
    """Per run of the export: position, exercise, state, respondents, answers, and ``where``."""
    parts = {part.run.id: part for part in bundle.parts}
    rows = []
    for run in bundle.runs:
        part = parts.get(run.id)
        rows.append(
            (
                run.position,
                run.exercise_id,
                pick(run.title, bundle.lang) or run.exercise_id,
                run.id,
                run.wave,
                t(f"state.{run.state}", bundle.lang),
                part.respondents if part else 0,
                part.answers if part else 0,
                where.get(run.id, ""),
            )
        )
    return pd.DataFrame.from_records(rows, columns=[*SUMMARY_COLUMNS, where_column])


def workshop_date(workshop: Workshop, runs: Sequence[Run]) -> date:
    """The day the workshop was held: its first opened run, else the day it was created."""
    opened = [run.opened_at for run in runs if run.opened_at is not None]
    return (min(opened) if opened else workshop.created_at).date()


def role_counts(
    workshop: Workshop, roster: Sequence[Participant], lang: str
) -> list[tuple[str, int]]:
    """(role label, number of participants) for each role of the workshop, then any other."""
    labels = {r.id: pick(r.label, lang) or r.id for r in workshop.roles}
    for p in roster:
        labels.setdefault(p.role, p.role)
    return [(label, sum(p.role == rid for p in roster)) for rid, label in labels.items()]


def records_table(
    records: Sequence[Record], runs: Sequence[Run], people: People, lang: str
) -> pd.DataFrame:
    """The records as a table (columns ``RECORD_COLUMNS``), every field in words."""
    by_id = {run.id: run for run in runs}
    exercises: dict[int, Exercise] = {}
    rows = []
    for record in records:
        run = by_id.get(record.run_id) if record.run_id is not None else None
        exercise = None
        if run is not None:
            exercise = exercises.setdefault(run.id, Exercise.from_dict(run.question_set))
        kind = _kind(record.kind, exercise)
        rows.append(
            (
                record.kind,
                pick(kind.label, lang) if kind else _kind_label(record.kind, lang),
                run.exercise_id if run else "",
                (pick(run.title, lang) or run.exercise_id) if run else "",
                record.run_id,
                record.position,
                people.text(record_text(record, kind, lang)),
                record.updated_at.replace(microsecond=0),
            )
        )
    frame = pd.DataFrame.from_records(rows, columns=list(RECORD_COLUMNS))
    frame["run_id"] = pd.array(list(frame["run_id"]), dtype="Int64")
    frame["position"] = frame["position"].astype("int64")
    frame["updated_at"] = pd.to_datetime(frame["updated_at"]).astype("datetime64[s]")
    return frame


def record_text(record: Record, kind: RecordKind | None, lang: str) -> str:
    """A record's fields in words: "field: value; …" (a decision: just its text)."""
    data = record.data
    if record.kind == DECISION and set(data) <= {"text"}:
        return str(data.get("text") or "")
    fields = {f.id: f for f in kind.fields} if kind else {}
    order = [*fields, *(key for key in data if key not in fields)]
    shown = []
    for key in order:
        value = data.get(key)
        if value is None or value == "" or value == [] or value == {}:
            continue
        field = fields.get(key)
        if field is None:
            shown.append(f"{key}: {value}")
        else:
            label = pick(field.label, lang).rstrip(" ?:") or key
            shown.append(f"{label}: {readable_answer(field, value, lang)}")
    return "; ".join(shown)


def _kind(kind_id: str, exercise: Exercise | None) -> RecordKind | None:
    if exercise is None:
        return None
    try:
        return exercise.record_kind(kind_id)
    except KeyError:
        return None


def _kind_label(kind_id: str, lang: str) -> str:
    return t("console.record", lang) if kind_id == DECISION else kind_id
