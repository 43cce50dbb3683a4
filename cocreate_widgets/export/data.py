"""The long table of a data export: one row per answer of every run of a workshop.

Column names are stable identifiers (the same in every language, so a script that reads the
export keeps working); the values are in the chosen language. The columns, in order:

==================  ====================================================================
``workshop``        the workshop's title
``wave``            the wave (1 for a first meeting, 2 for the next …) of the run
``exercise_id``     the exercise's id (``shared_vision``), the same in every language
``exercise``        the exercise's title in the chosen language
``run_id``          the run's id: one exercise on the agenda of this workshop
``run_state``       ``open``, ``closed`` or ``revealed`` (``draft`` runs have no answers)
``participant``     a code such as ``P007`` (see ``people.py``); with ``names=True`` the
                    stored name, else the chosen pseudonym
``role``            the participant's role, as its label in the chosen language
``side``            the role's side: ``patient_side``, ``care_providers``,
                    ``other_professionals`` (``other`` for a role the workshop lacks)
``question_id``     the question's id, the same in every language
``question``        the question's label in the chosen language
``option``          for allocation and dot-voting answers only: the option this row is about
``answer``          the answer in words (option labels, agreement words, list items as
                    "field: value; …"), empty for a question left open
``number``          the answer as a number where it is one: agreement (1-5), scale, yes/no
                    (1/0), the points or dots given to ``option``
``submitted_at``    when the answer was submitted (UTC, to the second)
``entered_by``      ``participant``, or ``facilitator`` for answers entered on someone's behalf
==================  ====================================================================

An allocation or dot-voting answer becomes one row per option of its question (0 for an
option given nothing), so points and dots can be summed and averaged per option; every other
answer is exactly one row. Without names, names and pseudonyms of the roster typed into
free texts are replaced by codes too. Organisations are never exported: they identify.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..exercises.model import Exercise, Question
from ..forms.readable import readable_answer
from ..localtext import pick
from ..shared_answers import shared_answers
from ..store import Store
from ..store.types import Answer, Participant, Run, Workshop
from .people import Scrubber, participant_codes, participant_labels

COLUMNS: tuple[str, ...] = (
    "workshop",
    "wave",
    "exercise_id",
    "exercise",
    "run_id",
    "run_state",
    "participant",
    "role",
    "side",
    "question_id",
    "question",
    "option",
    "answer",
    "number",
    "submitted_at",
    "entered_by",
)
PER_OPTION_TYPES: tuple[str, ...] = ("allocation", "dot_voting")
FREE_TEXT_TYPES: tuple[str, ...] = ("short_text", "long_text", "repeating_list")
NUMBER_TYPES: tuple[str, ...] = ("agreement", "scale", "yes_no")


class ExportError(ValueError):
    """An export that cannot be made as asked; the message says why."""


@dataclass(frozen=True)
class People:
    """How the participants of one export are shown: labels, and the scrubber for texts."""

    labels: dict[int, str]
    scrub: Scrubber | None

    @classmethod
    def of(cls, roster: list[Participant], *, names: bool) -> People:
        """From the whole roster (removed people too, so their names are scrubbed)."""
        if names:
            return cls(participant_labels(roster, names=True), None)
        codes = participant_codes(roster)
        return cls(codes, Scrubber.for_roster(roster, codes))

    def text(self, text: str) -> str:
        """A typed text as the export shows it (names replaced unless names were asked)."""
        return self.scrub(text) if self.scrub is not None else text


def answers_table(
    store: Store,
    workshop_id: int,
    *,
    lang: str = "nl",
    names: bool = False,
    run_id: int | None = None,
) -> pd.DataFrame:
    """The long table (columns ``COLUMNS``) of every run of the workshop, or of one run."""
    workshop = store.workshop(workshop_id)
    people = People.of(
        store.roster(workshop_id, include_removed=True), names=shows_names(workshop, names)
    )
    frames = [
        run_table(workshop, run, _shared(store, run), people, lang)
        for run in chosen_runs(store, workshop_id, run_id)
    ]
    if not frames:
        return empty_table()
    return pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]


def _shared(store: Store, run: Run) -> list[Answer]:
    """A run's answers as they may be exported (experience stories: approved, masked)."""
    return shared_answers(store, run, Exercise.from_dict(run.question_set), store.answers(run.id))


def shows_names(workshop: Workshop, names: bool) -> bool:
    """Whether names are shown: when asked, and the workshop is not anonymous."""
    return names and workshop.anonymity != "none"


def chosen_runs(store: Store, workshop_id: int, run_id: int | None = None) -> list[Run]:
    """The runs of an export in agenda order: all, or the one asked.

    Raises ``NotFound`` for a run that does not exist, ``ExportError`` for one of another
    workshop.
    """
    runs = store.runs(workshop_id)
    if run_id is None:
        return runs
    chosen = [run for run in runs if run.id == run_id]
    if not chosen:
        store.run(run_id)
        raise ExportError(f"run {run_id} is not part of workshop {workshop_id}")
    return chosen


def run_table(
    workshop: Workshop, run: Run, answers: Iterable[Answer], people: People, lang: str
) -> pd.DataFrame:
    """The long table of one run, from its latest answers."""
    exercise = Exercise.from_dict(run.question_set)
    order = {qid: n for n, qid in enumerate(exercise.question_ids)}
    questions = {q.id: q for q in exercise.questions}
    roles = {r.id: pick(r.label, lang) or r.id for r in workshop.roles}
    ranks = {pid: n for n, pid in enumerate(sorted(people.labels))}
    fixed = (workshop.title, run.wave, run.exercise_id, pick(exercise.title, lang), run.id)
    rows: list[tuple[Any, ...]] = []
    cache: dict[Any, str] = {}
    for answer in sorted(
        answers,
        key=lambda a: (
            ranks.get(a.participant_id, len(ranks)),
            a.participant_id,
            order.get(a.question_id, len(order)),
            a.question_id,
        ),
    ):
        question = questions.get(answer.question_id)
        who = (
            *fixed,
            run.state,
            people.labels.get(answer.participant_id, answer.pseudonym),
            roles.get(answer.role, answer.role),
            answer.side,
            answer.question_id,
            pick(question.label, lang) if question else answer.question_id,
        )
        when = (answer.submitted_at.replace(microsecond=0), answer.entered_by)
        for option, text, number in answer_cells(question, answer.value, lang, people, cache):
            rows.append((*who, option, text, number, *when))
    return _frame(rows)


def answer_cells(
    question: Question | None,
    value: Any,
    lang: str,
    people: People,
    cache: dict[Any, str] | None = None,
) -> list[tuple[str, str, int | float | None]]:
    """The (option, answer in words, number) of the row or rows one answer becomes.

    ``cache`` (one per run: question ids are only unique within a run) keeps the words of
    chosen answers, so a hundred "Agree" are worded once.
    """
    if question is None:
        return [("", "" if _empty(value) else str(value), None)]
    if question.type in PER_OPTION_TYPES and isinstance(value, dict):
        return _per_option(question, value, lang)
    if _empty(value):
        return [("", "", None)]
    if question.type in FREE_TEXT_TYPES:
        text = people.text(readable_answer(question, value, lang))
    else:
        text = _words(question, value, lang, cache)
    return [("", text, _number(question, value))]


def _words(question: Question, value: Any, lang: str, cache: dict[Any, str] | None) -> str:
    """``readable_answer`` for a chosen (not typed) answer; each choice worded once a run."""
    if cache is None:
        return readable_answer(question, value, lang)
    try:
        key = (question.id, type(value), tuple(value) if isinstance(value, list) else value)
        return cache[key]
    except TypeError:  # not hashable (a malformed stored value): word it every time
        return readable_answer(question, value, lang)
    except KeyError:
        text = cache[key] = readable_answer(question, value, lang)
        return text


def _per_option(
    question: Question, value: dict[str, Any], lang: str
) -> list[tuple[str, str, int | float | None]]:
    labels = {o.id: pick(o.label, lang) or o.id for o in question.options}
    keys = [*labels, *(k for k in value if k not in labels)]
    cells = []
    for key in keys:
        points = value.get(key) or 0
        number = points if _is_number(points) else None
        label = labels.get(key, str(key))
        cells.append((label, f"{label}: {points}", number))
    return cells


def _number(question: Question, value: Any) -> int | float | None:
    if question.type not in NUMBER_TYPES:
        return None
    if isinstance(value, bool):
        return int(value)
    return value if _is_number(value) else None


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _frame(rows: list[tuple[Any, ...]]) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(rows, columns=list(COLUMNS))
    numbers = [v for v in frame["number"] if v is not None and v == v]
    integral = all(isinstance(v, int) or float(v).is_integer() for v in numbers)
    frame["number"] = pd.array(
        [None if v is None or v != v else v for v in frame["number"]],
        dtype="Int64" if integral else "Float64",
    )
    for column in ("wave", "run_id"):
        frame[column] = frame[column].astype("int64")
    frame["submitted_at"] = pd.to_datetime(frame["submitted_at"]).astype("datetime64[s]")
    return frame


def empty_table() -> pd.DataFrame:
    """A long table without rows, with the right columns and types."""
    return _frame([])
