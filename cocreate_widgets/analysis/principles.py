"""Repeat, and the six guiding principles of a community for person-centred care
(seed 001, step 7).

Exercise ``principles_reflection``: after every meeting each participant rates from 1 to 5
how well the group lived each of the six principles (the question ids in ``PRINCIPLES``)
and may add a ``remark``. Every run of the exercise is one meeting; the community repeats
it in every wave.

The rules, in plain words:

- **Meetings** are the runs of the exercise that were put on the agenda and opened (not
  drafts), numbered 1, 2, ... by wave and then by their place on the agenda.
- **A rating** counts when it is a whole number from 1 to 5.
- **Mean and count** per meeting (or wave) and principle; no ratings: count 0, mean NaN.
- **Weakest**: the principle with the lowest mean in the latest meeting that has ratings
  (a tie goes to the first in ``PRINCIPLES``).
- **Fell most**: the change from the first to the last meeting in which the principle was
  rated; the most negative change. None when no principle fell.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from .frames import COLUMNS, answers_frame, plain_text, question_values, rating

PRINCIPLES = (
    "human_perspective",
    "co_owners",
    "qualities",
    "equal_relationship",
    "learning_community",
    "use_existing",
)
SCALE = (1, 5)
EXERCISE_ID = "principles_reflection"


def _in_submission_order(answers: pd.DataFrame) -> pd.DataFrame:
    """The answers in the order they were submitted (when known), else as given."""
    if "submitted_at" in answers.columns and answers["submitted_at"].notna().all():
        return answers.sort_values("submitted_at", kind="stable")
    return answers


def meeting_answers(
    store: Any, workshop_ids: Iterable[int], exercise_id: str = EXERCISE_ID
) -> pd.DataFrame:
    """The answers of every meeting (non-draft run of ``exercise_id``) in the workshops.

    ``store`` is a :class:`~cocreate_widgets.store.Store` (only ``runs`` and ``answers``
    are used); ``workshop_ids`` e.g. ``wb.community_waves()["workshop_id"]``. Columns:
    ``meeting`` (1, 2, ... by wave, then agenda position), ``wave``, ``run_id`` and those
    of ``answers_frame``.
    """
    runs = [
        run
        for workshop_id in workshop_ids
        for run in store.runs(int(workshop_id))
        if run.exercise_id == exercise_id and run.state != "draft"
    ]
    runs.sort(key=lambda r: (r.wave, r.workshop_id, r.position))
    parts = []
    for number, run in enumerate(runs, start=1):
        frame = answers_frame(store.answers(run.id))
        frame.insert(0, "run_id", run.id)
        frame.insert(0, "wave", run.wave)
        frame.insert(0, "meeting", number)
        parts.append(frame)
    if not parts:
        return pd.DataFrame(columns=["meeting", "wave", "run_id", *COLUMNS])
    return pd.concat(parts, ignore_index=True)


def _scores(frame: pd.DataFrame, by: str) -> pd.DataFrame:
    rows = []
    keys = sorted(pd.unique(frame[by])) if not frame.empty else []
    for key in keys:
        part = frame[frame[by] == key]
        for principle in PRINCIPLES:
            values = [
                r
                for r in map(lambda v: rating(v, *SCALE), question_values(part, principle)["value"])
                if r is not None
            ]
            rows.append(
                {
                    by: int(key),
                    "principle": principle,
                    "mean": sum(values) / len(values) if values else math.nan,
                    "count": len(values),
                }
            )
    return pd.DataFrame(rows, columns=[by, "principle", "mean", "count"])


def principles_by_meeting(frame: pd.DataFrame) -> pd.DataFrame:
    """Per meeting and principle: ``meeting``, ``wave``, ``principle``, ``mean``, ``count``.

    ``frame`` is the output of ``meeting_answers`` (columns ``meeting`` and ``wave``).
    """
    columns = ["meeting", "wave", "principle", "mean", "count"]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    table = _scores(frame, "meeting")
    waves = frame.drop_duplicates("meeting").set_index("meeting")["wave"]
    table["wave"] = table["meeting"].map(waves).astype(int)
    return table[columns]


def principles_by_wave(frame: pd.DataFrame) -> pd.DataFrame:
    """Per wave and principle, all meetings of the wave together: ``wave``, ``principle``,
    ``mean``, ``count`` (a person who reflected twice counts twice)."""
    if frame.empty:
        return pd.DataFrame(columns=["wave", "principle", "mean", "count"])
    return _scores(frame, "wave")


def weakest_principle(by_meeting: pd.DataFrame) -> dict[str, Any] | None:
    """The principle with the lowest mean in the latest meeting that has ratings:
    ``{"principle", "meeting", "mean"}``; None without ratings."""
    rated = by_meeting[by_meeting["count"] > 0] if not by_meeting.empty else by_meeting
    if rated.empty:
        return None
    latest = rated[rated["meeting"] == rated["meeting"].max()]
    order = {p: i for i, p in enumerate(PRINCIPLES)}
    latest = latest.assign(_order=latest["principle"].map(order)).sort_values(
        ["mean", "_order"], kind="stable"
    )
    row = latest.iloc[0]
    return {"principle": row["principle"], "meeting": int(row["meeting"]), "mean": row["mean"]}


def principle_changes(by_meeting: pd.DataFrame) -> pd.DataFrame:
    """Per principle: ``first`` and ``last`` mean (first and last meeting with ratings),
    ``first_meeting``, ``last_meeting`` and ``change`` (last - first; NaN when rated in
    fewer than two meetings). In ``PRINCIPLES`` order."""
    columns = ["principle", "first_meeting", "last_meeting", "first", "last", "change"]
    rows = []
    rated = by_meeting[by_meeting["count"] > 0] if not by_meeting.empty else by_meeting
    for principle in PRINCIPLES:
        part = (
            rated[rated["principle"] == principle].sort_values("meeting")
            if not rated.empty
            else rated
        )
        if part.empty:
            continue
        first, last = part.iloc[0], part.iloc[-1]
        change = last["mean"] - first["mean"] if len(part) > 1 else math.nan
        rows.append(
            {
                "principle": principle,
                "first_meeting": int(first["meeting"]),
                "last_meeting": int(last["meeting"]),
                "first": first["mean"],
                "last": last["mean"],
                "change": change,
            }
        )
    return pd.DataFrame(rows, columns=columns)


def fell_most(by_meeting: pd.DataFrame) -> dict[str, Any] | None:
    """The principle whose mean fell most from its first to its last rated meeting:
    ``{"principle", "first", "last", "change"}``; None when none fell."""
    changes = principle_changes(by_meeting)
    fallen = changes[changes["change"] < 0]
    if fallen.empty:
        return None
    row = fallen.sort_values("change", kind="stable").iloc[0]
    return {
        "principle": row["principle"],
        "first": row["first"],
        "last": row["last"],
        "change": row["change"],
    }


def trend_rows(scores: pd.DataFrame, labels: Mapping[str, str], x: str = "meeting") -> pd.DataFrame:
    """Rows for ``charts.trend.trend_chart``: ``x``, ``series`` (the principle's label) and
    ``mean``; points without ratings are left out (a gap in the line)."""
    if scores.empty:
        return pd.DataFrame(columns=[x, "series", "mean"])
    rated = scores[scores["count"] > 0]
    return pd.DataFrame(
        {
            x: rated[x].astype(int),
            "series": rated["principle"].map(lambda p: labels.get(p, p)),
            "mean": rated["mean"].astype(float),
        }
    ).reset_index(drop=True)


def meeting_remarks(frame: pd.DataFrame, question_id: str = "remark") -> pd.DataFrame:
    """The remarks: ``meeting``, ``wave``, ``role``, ``text`` (non-empty, spaces joined), by
    meeting. Without pseudonyms: a reflection is shared without names."""
    columns = ["meeting", "wave", "role", "text"]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    part = question_values(_in_submission_order(frame), question_id)
    rows = [
        {"meeting": int(m), "wave": int(w), "role": r, "text": plain_text(v)}
        for m, w, r, v in part[["meeting", "wave", "role", "value"]].values
        if plain_text(v)
    ]
    return (
        pd.DataFrame(rows, columns=columns)
        .sort_values("meeting", kind="stable")
        .reset_index(drop=True)
    )
