"""Is a community for person-centred care the right approach? (Kern Konsult, "recept").

Exercise ``right_approach``: five agreement statements (1 = strongly disagree … 5 =
strongly agree), one per condition under which the method fits (``CONDITIONS``), and a
free text ``why``.

The rules, in plain words:

- **Support** of a condition: the number of answers ``n``, the ``mean`` (1–5), the share
  that agrees (4 or 5) and the share that disagrees (1 or 2). Per side (patient side, care
  providers, other professionals) the mean is given only where that side has at least
  ``MIN_GROUP_SIZE`` answers, so nobody is singled out; otherwise NaN.
- **Weak** condition: answered, and the mean is below ``WEAK_MEAN`` (3.5) → ``low``; or
  fewer than ``MIN_AGREE`` (60%) agree → ``few_agree``; or a side with enough answers has
  a mean below ``SIDE_WEAK_MEAN`` (3.0) → ``side_behind`` (one side is not on board). The
  first rule that holds is the reason. A condition nobody answered is not judged.
- **Verdict**: fewer than ``MIN_GROUP_SIZE`` people answered → ``too_few``; no weak
  condition → ``fits``; at most ``MAX_WEAK_PARTLY`` (2) weak → ``fits_partly``; more →
  ``not_yet``. The reasons are the weak conditions, in the order of ``CONDITIONS``.
- **Suggested decision**: ``fits`` → ``go``; ``fits_partly`` and ``not_yet`` → ``not_yet``
  (work on the weak points first); ``too_few`` suggests nothing. ``other_approach`` is for
  the group to choose itself.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence

import pandas as pd

from .frames import plain_text, question_values, rating
from .summaries import MIN_GROUP_SIZE

CONDITIONS = ("match_life", "chronic_change", "equal_knowledge", "possibilities", "human_view")
SIDES = ("patient_side", "care_providers", "other_professionals")
WEAK_MEAN = 3.5
MIN_AGREE = 0.6
SIDE_WEAK_MEAN = 3.0
MAX_WEAK_PARTLY = 2
VERDICTS = ("fits", "fits_partly", "not_yet", "too_few")
WEAK_REASONS = ("low", "few_agree", "side_behind")
SUGGESTED_DECISION = {"fits": "go", "fits_partly": "not_yet", "not_yet": "not_yet"}
SUPPORT_COLUMNS = [
    "condition",
    "n",
    "mean",
    "agree",
    "disagree",
    *[f"mean_{side}" for side in SIDES],
    "weak",
    "weak_reason",
]


def _ratings(answers: pd.DataFrame, question_id: str) -> pd.DataFrame:
    """The valid 1–5 ratings of one statement with the side of whoever gave them."""
    part = question_values(answers, question_id) if not answers.empty else answers
    if part.empty:
        return pd.DataFrame({"side": pd.Series(dtype=object), "score": pd.Series(dtype=float)})
    scores = part["value"].map(lambda v: rating(v, 1, 5))
    keep = scores.notna()
    return pd.DataFrame(
        {"side": part.loc[keep, "side"].to_numpy(), "score": scores[keep].astype(float).to_numpy()}
    )


def _weak_reason(row: dict) -> str | None:
    if row["n"] == 0:
        return None
    if row["mean"] < WEAK_MEAN:
        return "low"
    if row["agree"] < MIN_AGREE:
        return "few_agree"
    if any(row[f"mean_{side}"] < SIDE_WEAK_MEAN for side in SIDES):  # NaN compares False
        return "side_behind"
    return None


def condition_support(
    answers: pd.DataFrame, conditions: Sequence[str] = CONDITIONS
) -> pd.DataFrame:
    """One row per condition: n, mean, agree, disagree, mean per side, weak, weak_reason.

    See the module rules. A condition nobody rated has n 0, NaN numbers and is not weak.
    """
    rows = []
    for condition in conditions:
        scores = _ratings(answers, condition)
        n = len(scores)
        row: dict = {
            "condition": condition,
            "n": n,
            "mean": float(scores["score"].mean()) if n else math.nan,
            "agree": float((scores["score"] >= 4).mean()) if n else math.nan,
            "disagree": float((scores["score"] <= 2).mean()) if n else math.nan,
        }
        for side in SIDES:
            own = scores.loc[scores["side"] == side, "score"]
            row[f"mean_{side}"] = float(own.mean()) if len(own) >= MIN_GROUP_SIZE else math.nan
        reason = _weak_reason(row)
        row["weak"] = reason is not None
        row["weak_reason"] = reason
        rows.append(row)
    table = pd.DataFrame(rows, columns=SUPPORT_COLUMNS).astype({"n": int, "weak": bool})
    table["weak_reason"] = pd.Series([row["weak_reason"] for row in rows], dtype=object)
    return table


def weak_conditions(support: pd.DataFrame) -> list[str]:
    """The weak conditions, in the order of the support table."""
    if support.empty:
        return []
    return support.loc[support["weak"].astype(bool), "condition"].tolist()


def fit_verdict(support: pd.DataFrame, respondents: int | None = None) -> tuple[str, list[str]]:
    """The overall verdict (``fits``, ``fits_partly``, ``not_yet``, ``too_few``) and its
    reasons: the weak conditions.

    ``respondents`` is the number of people who answered; by default the largest ``n`` of
    any condition.
    """
    if respondents is None:
        respondents = int(support["n"].max()) if not support.empty else 0
    if respondents < MIN_GROUP_SIZE:
        return "too_few", []
    weak = weak_conditions(support)
    if not weak:
        return "fits", []
    return ("fits_partly" if len(weak) <= MAX_WEAK_PARTLY else "not_yet"), weak


def respondent_count(answers: pd.DataFrame, conditions: Sequence[str] = CONDITIONS) -> int:
    """How many different people rated at least one condition."""
    if answers.empty:
        return 0
    part = answers[answers["question_id"].isin(list(conditions))]
    valid = part["value"].map(lambda v: rating(v, 1, 5) is not None)
    return int(part.loc[valid.astype(bool), "participant_id"].nunique())


def likert_counts(answers: pd.DataFrame, conditions: Sequence[str] = CONDITIONS) -> list[list[int]]:
    """Per condition the number of answers at each level 1..5 (for ``likert_chart``)."""
    counts = []
    for condition in conditions:
        scores = _ratings(answers, condition)["score"].astype(int)
        counts.append([int((scores == level).sum()) for level in range(1, 6)])
    return counts


def reasons_given(answers: pd.DataFrame, question_id: str = "why") -> pd.DataFrame:
    """The free texts ``why``: side and text (non-empty, spaces joined), without names."""
    columns = ["side", "text"]
    if answers.empty:
        return pd.DataFrame(columns=columns)
    part = question_values(answers, question_id)
    rows = [(side, plain_text(v)) for side, v in zip(part["side"], part["value"], strict=True)]
    return pd.DataFrame([r for r in rows if r[1]], columns=columns)


def decision_suggestion(
    verdict: str,
    reasons: Sequence[str],
    describe: Callable[[str], str],
    today: dt.date | None = None,
) -> pd.DataFrame:
    """The suggested ``approach_decision`` record: decision, reasons (in words), date.

    ``describe`` turns a condition id into its text (e.g. ``wb.text("fit.condition." +
    id)``). Empty for ``too_few``: with so few answers nothing is suggested.
    """
    columns = ["decision", "reasons", "date"]
    decision = SUGGESTED_DECISION.get(verdict)
    if decision is None:
        return pd.DataFrame(columns=columns)
    text = "; ".join(describe(code) for code in reasons)
    day = (today or dt.date.today()).isoformat()
    return pd.DataFrame([{"decision": decision, "reasons": text, "date": day}], columns=columns)
