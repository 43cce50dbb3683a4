"""Continuous evaluation (seeds 004 and 002): the collaboration check and session feedback.

Both are repeated: the collaboration check in waves, the feedback after every session. The
functions take one answers frame per wave (or session) and put them side by side.

The rules, in plain words:

- **Mean and spread** are over the answers of one wave; the spread is the standard
  deviation (population form, as in ``summaries``). A wave without answers stays in the
  table with n 0 and no mean (NaN), so a chart shows a gap instead of a false line.
- **Weakest points** (``weakest_points``) look at the latest wave that has answers. A
  question is ``low`` when its mean is below ``LOW_MEAN`` (3, the neutral middle of the
  agreement scale), ``falling`` when its mean dropped by ``DROP`` (0.5) or more since the
  wave before that had answers, and ``split`` when the spread is ``SPLIT_SPREAD`` (1.3) or
  more (the group is divided).
- **Suggestions** (``suggestions``): every line of an improvement text is one suggestion.
  Empty lines are dropped. Within one session, suggestions that are equal after trimming,
  joining inner spaces, ignoring case and a full stop or exclamation mark at the end are
  merged, with a count of how often they were given.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from .frames import question_values
from .partnership import SIDE_ORDER

LOW_MEAN = 3.0
DROP = 0.5
SPLIT_SPREAD = 1.3
ALL = "all"


def _stats(values: pd.Series) -> dict[str, float]:
    numbers = pd.to_numeric(values, errors="coerce").dropna()
    return {
        "n": int(numbers.size),
        "mean": float(numbers.mean()) if numbers.size else float("nan"),
        "spread": float(numbers.std(ddof=0)) if numbers.size else float("nan"),
    }


def _values(frame: pd.DataFrame, question_id: str) -> pd.DataFrame:
    if frame is None or frame.empty:
        return pd.DataFrame(columns=["value", "side", "role"])
    return question_values(frame, question_id)


def pulse_trend(
    frames_by_wave: Mapping[int, pd.DataFrame], question_ids: Sequence[str]
) -> pd.DataFrame:
    """Per wave and question: n, mean and spread. Columns: wave, question_id, n, mean, spread.

    Every wave given is kept, also one without answers (n 0, mean and spread NaN); rows go
    by wave, then in the order of ``question_ids``.
    """
    rows = [
        {"wave": wave, "question_id": qid, **_stats(_values(frames_by_wave[wave], qid)["value"])}
        for wave in sorted(frames_by_wave)
        for qid in question_ids
    ]
    table = pd.DataFrame(rows, columns=["wave", "question_id", "n", "mean", "spread"])
    return table.astype({"n": int, "mean": float, "spread": float})


def weakest_points(
    trend: pd.DataFrame,
    low: float = LOW_MEAN,
    drop: float = DROP,
    split: float = SPLIT_SPREAD,
) -> pd.DataFrame:
    """The questions that need attention in the latest wave with answers (see module rules).

    ``trend`` is the output of ``pulse_trend``. Columns: question_id, wave, mean, change
    (since the previous wave with answers to that question; NaN if none), spread, reasons
    (joined with ", "). Only flagged questions are listed, lowest mean first (ties in the
    order of the trend).
    """
    columns = ["question_id", "wave", "mean", "change", "spread", "reasons"]
    answered = trend[trend["n"] > 0]
    if answered.empty:
        return pd.DataFrame(columns=columns)
    latest = answered["wave"].max()
    rows = []
    for record in answered[answered["wave"] == latest].to_dict("records"):
        qid = record["question_id"]
        before = answered[(answered["question_id"] == qid) & (answered["wave"] < latest)]
        change = (
            record["mean"] - float(before.sort_values("wave")["mean"].iloc[-1])
            if not before.empty
            else float("nan")
        )
        reasons = []
        if record["mean"] < low:
            reasons.append("low")
        if change <= -drop:  # NaN compares False: no earlier wave, no fall
            reasons.append("falling")
        if record["spread"] >= split:
            reasons.append("split")
        if reasons:
            rows.append(
                {
                    "question_id": qid,
                    "wave": latest,
                    "mean": record["mean"],
                    "change": change,
                    "spread": record["spread"],
                    "reasons": ", ".join(reasons),
                }
            )
    table = pd.DataFrame(rows, columns=columns)
    return table.sort_values("mean", kind="stable").reset_index(drop=True)


def _group_order(groups: set[str], by: str) -> list[str]:
    known = [g for g in SIDE_ORDER if g in groups] if by == "side" else []
    return known + sorted(g for g in groups if g not in known)


def feedback_trend(
    frames_by_session: Mapping[int, pd.DataFrame],
    question_ids: Sequence[str],
    by: str = "side",
    min_group_size: int = 1,
) -> pd.DataFrame:
    """Per session, question and group (``by``: ``side`` or ``role``): n, mean and spread.

    Columns: session, question_id, <by>, n, mean, spread. Each session and question has a
    row for the whole group (``<by>`` is ``"all"``) and one for every group that answered in
    any session (sides in ``SIDE_ORDER``, others alphabetical), so a group missing from a
    session shows as n 0 and NaN. Groups with fewer than ``min_group_size`` answers get
    NaN as mean and spread (pass ``MIN_GROUP_SIZE`` for what the room may see); the whole
    group is never hidden.
    """
    groups: set[str] = set()
    for frame in frames_by_session.values():
        if frame is not None and not frame.empty:
            part = frame[frame["question_id"].isin(question_ids)]
            groups.update(str(g) for g in part[by].dropna())
    order = _group_order(groups, by)
    rows = []
    for session in sorted(frames_by_session):
        for qid in question_ids:
            answered = _values(frames_by_session[session], qid)
            rows.append(
                {"session": session, "question_id": qid, by: ALL, **_stats(answered["value"])}
            )
            for group in order:
                stats = _stats(answered.loc[answered[by] == group, "value"])
                if stats["n"] < min_group_size:
                    stats["mean"] = stats["spread"] = float("nan")
                rows.append({"session": session, "question_id": qid, by: group, **stats})
    table = pd.DataFrame(rows, columns=["session", "question_id", by, "n", "mean", "spread"])
    return table.astype({"n": int, "mean": float, "spread": float})


def _suggestion_key(text: str) -> str:
    return " ".join(text.split()).rstrip(".! ").casefold()


def suggestions(
    frames_by_session: Mapping[int, pd.DataFrame], question_id: str, by: str = "side"
) -> pd.DataFrame:
    """The improvement texts as an action list: one row per distinct suggestion and session.

    Columns: session, <by> (the groups that gave it, joined with ", "; sides in
    ``SIDE_ORDER``), suggestion (the first spelling seen), count. Rows by session, then
    the most given first (ties in order of the answers).
    """
    columns = ["session", by, "suggestion", "count"]
    rows = []
    for session in sorted(frames_by_session):
        answered = _values(frames_by_session[session], question_id)
        merged: dict[str, dict[str, object]] = {}
        for text, group in zip(answered["value"], answered[by], strict=True):
            if not isinstance(text, str):
                continue
            for line in text.splitlines():
                line = " ".join(line.split()).lstrip("-•* ").strip()
                key = _suggestion_key(line)
                if not key:
                    continue
                entry = merged.setdefault(key, {"suggestion": line, "groups": set(), "count": 0})
                entry["count"] += 1  # type: ignore[operator]
                if isinstance(group, str) and group:
                    entry["groups"].add(group)  # type: ignore[union-attr]
        ranked = sorted(merged.values(), key=lambda e: -e["count"])  # type: ignore[operator]
        for entry in ranked:
            rows.append(
                {
                    "session": session,
                    by: ", ".join(_group_order(entry["groups"], by)),  # type: ignore[arg-type]
                    "suggestion": entry["suggestion"],
                    "count": entry["count"],
                }
            )
    return pd.DataFrame(rows, columns=columns)
