"""From stored answers to a long DataFrame: one row per participant and question."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import asdict

import pandas as pd

from ..store.types import Answer

COLUMNS = [
    "participant_id",
    "pseudonym",
    "role",
    "side",
    "organisation",
    "question_id",
    "value",
    "version",
    "submitted_at",
    "entered_by",
]


def answers_frame(answers: Iterable[Answer]) -> pd.DataFrame:
    """The latest answers as a long DataFrame with the columns in ``COLUMNS``."""
    rows = [asdict(a) for a in answers]
    frame = pd.DataFrame(rows, columns=["run_id", *COLUMNS])
    return frame.drop(columns="run_id").reset_index(drop=True)


def question_values(frame: pd.DataFrame, question_id: str) -> pd.DataFrame:
    """The non-empty answers to one question (all columns kept)."""
    part = frame[frame["question_id"] == question_id]
    keep = part["value"].map(lambda v: v is not None and v != "" and v != [] and v != {})
    return part.loc[keep.astype(bool)].reset_index(drop=True)


def rating(value: object, low: int, high: int) -> int | None:
    """A whole number within ``low..high``, or None (bools and fractions are no rating)."""
    if isinstance(value, bool) or value is None:
        return None
    number = pd.to_numeric(value, errors="coerce")
    if pd.isna(number) or not float(number).is_integer():
        return None
    number = int(number)
    return number if low <= number <= high else None


def plain_text(value: object) -> str:
    """A text answer with its spaces joined; anything that is not text gives ""."""
    return " ".join(value.split()) if isinstance(value, str) else ""


def as_date(value: object) -> dt.date | None:
    """A date from a record field (an ISO text, a date or a datetime); None when it is none."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None
