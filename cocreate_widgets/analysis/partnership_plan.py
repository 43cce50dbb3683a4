"""Partnership step 4 (seed 004): the plan — actions in time, preconditions, risks, mandates.

Every function takes a DataFrame with one row per record (``pd.DataFrame(r.data for r in
records)``; columns are the field ids of the record kind in ``plan.yaml``) and returns a
DataFrame. A missing column counts as a field nobody filled in.

The rules, in plain words:

- **Timeline.** A date is a ``YYYY-MM-DD`` text (or a date); anything else counts as missing.
  ``days`` counts both the first and the last day (start = end is 1 day). An action is flagged
  when a date is missing, when it ends before it starts, or when nobody leads it.
- **Risks.** ``score`` = likelihood × impact (each 1–5, so 1–25). Levels: **low** up to 4,
  **medium** 5 to 9, **high** 10 and above (``RISK_BANDS``). A risk whose likelihood or impact
  is missing or outside 1–5 gets no score and level ``unknown``.
- **Preconditions.** Counted per kind (time, money, ICT, other) and status (arranged, in
  progress, missing); an empty or unknown status is counted as ``unknown``. The list of open
  preconditions holds those that are missing or whose status is unknown.
- **Mandates.** A delegate is warned about when they may not decide, or the management is
  not behind them — and also when either is not filled in (we do not know yet).
- **Gaps.** A goal and an action belong together when the action's ``goal`` equals the goal's
  ``what`` after trimming, joining spaces and ignoring case (see ``merge_key``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from .partnership_goals import merge_key

# (highest score of the band, level); a score above the last band is "high".
RISK_BANDS: tuple[tuple[int, str], ...] = ((4, "low"), (9, "medium"), (25, "high"))
RISK_LEVELS: tuple[str, ...] = ("low", "medium", "high")
PRECONDITION_KINDS: tuple[str, ...] = ("time", "money", "ict", "other")
PRECONDITION_STATUSES: tuple[str, ...] = ("arranged", "in_progress", "missing", "unknown")
ACTION_FIELDS: tuple[str, ...] = ("what", "owner", "others", "start", "end", "goal")


def _column(frame: pd.DataFrame, name: str, default: Any = "") -> pd.Series:
    if name in frame.columns:
        return frame[name].reset_index(drop=True)
    return pd.Series([default] * len(frame), dtype=object)


def _text(value: Any) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""


def to_date(value: Any) -> pd.Timestamp:
    """A ``YYYY-MM-DD`` text or a date as a Timestamp; ``NaT`` for anything else."""
    if isinstance(value, pd.Timestamp):
        return value.normalize()
    if isinstance(value, dt.date):
        return pd.Timestamp(value.year, value.month, value.day)
    if isinstance(value, str):
        try:
            return pd.Timestamp(dt.date.fromisoformat(value.strip()))
        except ValueError:
            return pd.NaT
    return pd.NaT


def timeline(actions: pd.DataFrame) -> pd.DataFrame:
    """The actions in time order, with their length in days and what is wrong with them.

    Columns: ``number`` (1, 2, ... in the order given), ``what``, ``owner``, ``others``,
    ``goal``, ``start``, ``end`` (Timestamps, ``NaT`` when missing or not a date), ``days``
    (both ends counted; empty when a date is missing or the end is before the start), and
    the flags ``missing_dates``, ``end_before_start`` and ``no_owner``. Sorted by start,
    then end; actions without a start come last.
    """
    table = pd.DataFrame(
        {
            "number": range(1, len(actions) + 1),
            "what": _column(actions, "what").map(_text),
            "owner": _column(actions, "owner").map(_text),
            "others": _column(actions, "others").map(_text),
            "goal": _column(actions, "goal").map(_text),
            "start": pd.to_datetime(_column(actions, "start", None).map(to_date)),
            "end": pd.to_datetime(_column(actions, "end", None).map(to_date)),
        }
    )
    table["missing_dates"] = table["start"].isna() | table["end"].isna()
    table["end_before_start"] = ~table["missing_dates"] & (table["end"] < table["start"])
    length = (table["end"] - table["start"]).dt.days + 1
    usable = ~table["missing_dates"] & ~table["end_before_start"]
    table["days"] = length.where(usable).astype("Int64")
    table["no_owner"] = table["owner"] == ""
    table = table.sort_values(["start", "end", "number"], na_position="last", kind="stable")
    columns = ["number", "what", "owner", "others", "goal", "start", "end", "days"]
    return table[[*columns, "missing_dates", "end_before_start", "no_owner"]].reset_index(drop=True)


def risk_level(score: float | None) -> str:
    """``low``, ``medium`` or ``high`` for a score 1–25 (``RISK_BANDS``); ``unknown`` if none."""
    if score is None or pd.isna(score):
        return "unknown"
    for highest, level in RISK_BANDS:
        if score <= highest:
            return level
    return RISK_BANDS[-1][1]


def _scale_1_to_5(value: Any) -> float:
    if isinstance(value, bool):
        return float("nan")
    number = pd.to_numeric(value, errors="coerce")
    if pd.isna(number) or number != int(number) or not 1 <= number <= 5:
        return float("nan")
    return float(number)


def risk_table(risks: pd.DataFrame) -> pd.DataFrame:
    """Each risk with its score (likelihood × impact) and level, highest score first.

    Columns: ``number`` (1, 2, ... in the order given: the marker in the risk matrix),
    ``description``, ``likelihood``, ``impact``, ``measure``, ``score`` and ``level``
    (see the module text). Risks without a score come last.
    """
    table = pd.DataFrame(
        {
            "number": range(1, len(risks) + 1),
            "description": _column(risks, "description").map(_text),
            "likelihood": _column(risks, "likelihood", None).map(_scale_1_to_5).astype(float),
            "impact": _column(risks, "impact", None).map(_scale_1_to_5).astype(float),
            "measure": _column(risks, "measure").map(_text),
        }
    )
    table["score"] = table["likelihood"] * table["impact"]
    table["level"] = table["score"].map(risk_level).astype(object)
    for name in ("likelihood", "impact", "score"):
        table[name] = table[name].astype("Int64")
    table = table.sort_values(["score", "number"], ascending=[False, True], na_position="last")
    return table.reset_index(drop=True)


def precondition_status(preconditions: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Counts per kind and status, and the preconditions that are still open.

    Returns ``(counts, open_items)``. ``counts`` has one row per kind (``time``, ``money``,
    ``ict``, ``other``; an unknown kind counts as ``other``) and the columns ``arranged``,
    ``in_progress``, ``missing``, ``unknown`` and ``total``. ``open_items`` lists
    ``kind``, ``description`` and ``status`` of every precondition that is missing or whose
    status is unknown, in the order given.
    """
    kinds = _column(preconditions, "kind", None).map(
        lambda k: k if k in PRECONDITION_KINDS else "other"
    )
    statuses = _column(preconditions, "status", None).map(
        lambda s: s if s in PRECONDITION_STATUSES[:3] else "unknown"
    )
    items = pd.DataFrame(
        {
            "kind": kinds,
            "description": _column(preconditions, "description").map(_text),
            "status": statuses,
        }
    )
    counts = pd.crosstab(items["kind"], items["status"]) if len(items) else pd.DataFrame()
    counts = counts.reindex(
        index=list(PRECONDITION_KINDS), columns=list(PRECONDITION_STATUSES), fill_value=0
    ).astype(int)
    counts["total"] = counts.sum(axis=1)
    counts.index.name = "kind"
    counts.columns.name = None
    open_items = items[items["status"].isin(["missing", "unknown"])].reset_index(drop=True)
    return counts, open_items


def mandate_warnings(mandates: pd.DataFrame) -> pd.DataFrame:
    """The delegates who may not decide, or have no management behind them (or unknown).

    Columns: ``delegate``, ``organisation``, ``scope``, ``can_decide``,
    ``management_support`` (``True``, ``False`` or ``None`` when not filled in) and
    ``reasons``: a list of ``cannot_decide``, ``can_decide_unknown``,
    ``no_management_support``, ``management_support_unknown``.
    """
    rows = []
    for i in range(len(mandates)):
        row = {
            "delegate": _text(_column(mandates, "delegate")[i]),
            "organisation": _text(_column(mandates, "organisation")[i]),
            "scope": _text(_column(mandates, "scope")[i]),
        }
        reasons = []
        for name, no, unknown in (
            ("can_decide", "cannot_decide", "can_decide_unknown"),
            ("management_support", "no_management_support", "management_support_unknown"),
        ):
            value = _column(mandates, name, None)[i]
            value = bool(value) if pd.api.types.is_bool(value) else None
            row[name] = value
            if value is None:
                reasons.append(unknown)
            elif not value:
                reasons.append(no)
        if reasons:
            rows.append({**row, "reasons": reasons})
    columns = ["delegate", "organisation", "scope", "can_decide", "management_support", "reasons"]
    return pd.DataFrame(rows, columns=columns)


def plan_gaps(goals: pd.DataFrame, actions: pd.DataFrame) -> pd.DataFrame:
    """Goals no action serves, and actions that serve no goal of the list.

    Columns: ``gap`` (``goal_without_action`` or ``action_without_goal``), ``goal`` (the
    goal's ``what``, or the goal text the action names, maybe empty) and ``action`` (the
    action's ``what``; empty for a goal without action). Goals first, each in the order given.
    """
    goal_texts = [_text(g) for g in _column(goals, "what")]
    goal_keys = {merge_key(g) for g in goal_texts if g}
    action_goals = [_text(g) for g in _column(actions, "goal")]
    served = {merge_key(g) for g in action_goals if g}
    rows = [
        {"gap": "goal_without_action", "goal": text, "action": ""}
        for text in goal_texts
        if text and merge_key(text) not in served
    ]
    for what, goal in zip(_column(actions, "what").map(_text), action_goals, strict=True):
        if merge_key(goal) not in goal_keys:
            rows.append({"gap": "action_without_goal", "goal": goal, "action": what})
    return pd.DataFrame(rows, columns=["gap", "goal", "action"])


__all__ = [
    "PRECONDITION_KINDS",
    "PRECONDITION_STATUSES",
    "RISK_BANDS",
    "RISK_LEVELS",
    "mandate_warnings",
    "plan_gaps",
    "precondition_status",
    "risk_level",
    "risk_table",
    "timeline",
    "to_date",
]


RISK_TEXTS = {
    "nl": {
        "clash": "Botsend belang: {partner} en {other}{about}",
        "too_small": "Te klein belang bij {partner}: de inzet kan wegvallen",
        "clash_measure": "Bespreek het belang samen voordat het werk begint",
        "small_measure": "Vraag {partner} wat het onderwerp voor hen de moeite waard maakt",
    },
    "en": {
        "clash": "Clashing interests: {partner} and {other}{about}",
        "too_small": "Interest too small at {partner}: their effort may fade",
        "clash_measure": "Discuss the interests together before the work starts",
        "small_measure": "Ask {partner} what would make the topic worth their time",
    },
}


def risks_from_interests(
    clashes: pd.DataFrame, too_small: pd.DataFrame, lang: str = "nl"
) -> pd.DataFrame:
    """Step 3 feeds step 4: clashing and too small interests as risks to consider.

    A clash counts once per pair of partners (reported both ways or not); it gets
    likelihood 3 and impact 4. A partner whose interest is too small gets likelihood 3 and
    impact 3. The facilitator adjusts them when adding them to the plan's risks.
    """
    texts = RISK_TEXTS.get(lang, RISK_TEXTS["nl"])
    rows: list[dict[str, Any]] = []
    seen: set[frozenset[str]] = set()
    for clash in clashes.to_dict("records") if len(clashes) else []:
        partner, other = str(clash.get("partner", "")), str(clash.get("with_partners", ""))
        pair = frozenset((partner, other))
        if pair in seen:
            continue
        seen.add(pair)
        about = str(clash.get("about") or "").strip()
        rows.append(
            {
                "description": texts["clash"].format(
                    partner=partner, other=other, about=f" ({about})" if about else ""
                ),
                "likelihood": 3,
                "impact": 4,
                "measure": texts["clash_measure"],
                "source": "clash",
            }
        )
    for small in too_small.to_dict("records") if len(too_small) else []:
        partner = str(small.get("partner", ""))
        rows.append(
            {
                "description": texts["too_small"].format(partner=partner),
                "likelihood": 3,
                "impact": 3,
                "measure": texts["small_measure"].format(partner=partner),
                "source": "too_small",
            }
        )
    return pd.DataFrame(rows, columns=["description", "likelihood", "impact", "measure", "source"])
