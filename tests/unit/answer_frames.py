"""Hand-made answer frames for the analysis tests, shaped like ``answers_frame``'s output."""

from __future__ import annotations

import pandas as pd

PEOPLE: dict[int, tuple] = {
    1: ("Anna", "patient"),
    2: ("Bert", "relative"),
    3: ("Dr. C", "doctor"),
    4: ("Dirk", "nurse"),
}


def answer_frame(answers: dict[int, dict], people: dict[int, tuple] = PEOPLE) -> pd.DataFrame:
    """One row per participant and question. ``people`` maps an id to (pseudonym, role) or
    (pseudonym, role, side, organisation)."""
    rows = []
    for pid, values in answers.items():
        pseudonym, role, side, organisation = (*people[pid], "", None)[:4]
        for qid, value in values.items():
            rows.append(
                {
                    "participant_id": pid,
                    "pseudonym": pseudonym,
                    "role": role,
                    "side": side,
                    "organisation": organisation,
                    "question_id": qid,
                    "value": value,
                }
            )
    return pd.DataFrame(rows)
