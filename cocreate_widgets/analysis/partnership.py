"""Partnership steps (seeds 004 and 002): where partners agree, and where they differ."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from .frames import question_values
from .summaries import MIN_GROUP_SIZE, rating_distribution

SIDE_ORDER = ("patient_side", "care_providers", "other_professionals")
# A statement is a consensus when most agree (or most disagree) and the spread is small;
# it is a disagreement when both camps hold more than a quarter, whatever the mean says.
CONSENSUS_SHARE = 0.7
CONSENSUS_MAX_SPREAD = 1.0
CAMP_SHARE = 0.25
DISAGREEMENT_MIN_SPREAD = 1.3


def statement_consensus(frame: pd.DataFrame, statement_ids: Sequence[str]) -> pd.DataFrame:
    """Per agreement statement: n, mean, spread, shares agreeing/disagreeing and a verdict.

    The verdict is ``consensus``, ``disagreement``, ``mixed`` or ``too_few`` (fewer than
    ``MIN_GROUP_SIZE`` answers). Columns ``mean_<side>`` give each side's mean where that
    side has at least ``MIN_GROUP_SIZE`` answers, so differences between partners show.
    """
    rows = []
    for qid in statement_ids:
        counts, stats = rating_distribution(frame, qid, range(1, 6))
        n = stats["n"]
        agree = (counts[4] + counts[5]) / n if n else 0.0
        disagree = (counts[1] + counts[2]) / n if n else 0.0
        row = {"question_id": qid, **stats, "agree": agree, "disagree": disagree}
        row["verdict"] = _verdict(n, agree, disagree, stats["spread"])
        answered = question_values(frame, qid)
        for side in SIDE_ORDER:
            values = pd.to_numeric(answered.loc[answered["side"] == side, "value"])
            row[f"mean_{side}"] = (
                float(values.mean()) if len(values) >= MIN_GROUP_SIZE else float("nan")
            )
        rows.append(row)
    return pd.DataFrame(rows)


def _verdict(n: int, agree: float, disagree: float, spread: float) -> str:
    if n < MIN_GROUP_SIZE:
        return "too_few"
    if (agree > CAMP_SHARE and disagree > CAMP_SHARE) or spread >= DISAGREEMENT_MIN_SPREAD:
        return "disagreement"
    if max(agree, disagree) >= CONSENSUS_SHARE and spread <= CONSENSUS_MAX_SPREAD:
        return "consensus"
    return "mixed"


def answers_side_by_side(
    frame: pd.DataFrame, question_ids: Sequence[str], by: str = "organisation"
) -> pd.DataFrame:
    """Text answers laid out with one row per partner and one column per question.

    ``by`` is ``organisation`` (the partners), ``role`` or ``side``. Several answers of
    one partner are joined, each on its own line.
    """
    part = frame[frame["question_id"].isin(question_ids)].copy()
    part = part[part["value"].map(lambda v: isinstance(v, str) and v.strip() != "")]
    if part.empty:
        return pd.DataFrame(columns=list(question_ids))
    part[by] = part[by].fillna("—")
    table = part.pivot_table(
        index=by, columns="question_id", values="value", aggfunc=lambda s: "\n".join(s)
    )
    return table.reindex(columns=list(question_ids)).fillna("")
