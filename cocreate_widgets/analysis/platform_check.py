"""The platform's self-check (citizen platform): how do the organisers think it goes?

Exercise ``platform_check``: now and then every organiser rates ten points (``TIPS``,
one question each) from 1 to 5 and may add a ``remark``. Every run of the exercise is one
check; the caller passes the runs' answer frames with their dates (no database here).

The rules, in plain words:

- **A check** is one run. Checks are ordered by date (equal dates: in the order given)
  and numbered from 1. A rating counts when it is a whole number from 1 to 5.
- **Mean** per check and tip over those who rated it; nobody: NaN (and ``answers`` 0).
- **Weakest points**: the tips with the lowest mean in the latest check (ties in the
  order of ``TIPS``).
- **Fell most**: the change of each tip from the check before the latest to the latest;
  only tips that fell, the biggest fall first. With one check nothing fell.
- **Changed most** (for the chart): the tips whose mean moved most between the first and
  the latest check, up or down; ``trend_lines`` gives their lines (and the mean of all).
- **Logs** are records the organisers keep: activities, progress meetings, lobby contacts
  and examples from elsewhere. ``last_meeting``, ``activity_summary`` and
  ``lobby_outcomes`` sum them up; ``safe_link`` keeps only a web address (http or https).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from urllib.parse import urlsplit

import pandas as pd

from .frames import question_values, rating

TIPS = (
    "core_team",
    "explain_vision",
    "keep_communicating",
    "experience_website",
    "activities",
    "with_patients",
    "lobby",
    "change_is_hard",
    "motivate_each_other",
    "patience",
)
SCALE = (1, 5)
MEAN_COLUMNS = ["check", "date", "tip", "mean", "answers"]
OUTCOMES = ("support", "follow_up", "no_answer", "refused")


def _ordered(
    checks: Iterable[tuple[object, pd.DataFrame]],
) -> list[tuple[int, object, pd.DataFrame]]:
    """(number, date, answers) per check: by date, dateless last, equal dates as given."""
    given = list(checks)
    order = sorted(
        range(len(given)),
        key=lambda i: (given[i][0] is None, pd.Timestamp(given[i][0] or 0), i),
    )
    return [(number, *given[index]) for number, index in enumerate(order, start=1)]


def check_means(
    checks: Iterable[tuple[object, pd.DataFrame]], tips: Sequence[str] = TIPS
) -> pd.DataFrame:
    """The mean per check and tip: check (1, 2, …), date, tip, mean, answers (how many rated).

    ``checks`` holds (date, answers) per run of the exercise, in any order; a run without
    a date goes last. Rows by check, then in the order of ``tips``.
    """
    rows = []
    for number, date, answers in _ordered(checks):
        for tip in tips:
            scores = []
            if not answers.empty:
                values = question_values(answers, tip)["value"]
                scores = [s for s in (rating(v, *SCALE) for v in values) if s is not None]
            rows.append(
                {
                    "check": number,
                    "date": date,
                    "tip": tip,
                    "mean": sum(scores) / len(scores) if scores else math.nan,
                    "answers": len(scores),
                }
            )
    return pd.DataFrame(rows, columns=MEAN_COLUMNS).astype({"mean": float, "answers": int})


def check_table(means: pd.DataFrame) -> pd.DataFrame:
    """The means as a table: a row per tip (in their order), a column per check."""
    if means.empty:
        return pd.DataFrame()
    table = means.pivot(index="tip", columns="check", values="mean")
    return table.reindex(list(dict.fromkeys(means["tip"])))


def weakest_points(means: pd.DataFrame, count: int = 3) -> pd.DataFrame:
    """The ``count`` tips with the lowest mean in the latest check: tip, mean."""
    if means.empty:
        return pd.DataFrame(columns=["tip", "mean"])
    latest = means[means["check"] == means["check"].max()].dropna(subset=["mean"])
    latest = latest.sort_values("mean", kind="stable").head(max(count, 0))
    return latest[["tip", "mean"]].reset_index(drop=True)


def _change(means: pd.DataFrame, before: int, after: int) -> pd.DataFrame:
    table = check_table(means)
    change = pd.DataFrame(
        {"tip": table.index, "before": table[before].values, "after": table[after].values}
    )
    change["change"] = change["after"] - change["before"]
    return change.dropna(subset=["change"]).reset_index(drop=True)


def fell_most(means: pd.DataFrame, count: int = 3) -> pd.DataFrame:
    """The tips that fell from the check before the latest to the latest, the biggest fall
    first (ties in tip order): tip, before, after, change (negative)."""
    columns = ["tip", "before", "after", "change"]
    checks = sorted(means["check"].unique()) if not means.empty else []
    if len(checks) < 2:
        return pd.DataFrame(columns=columns)
    change = _change(means, checks[-2], checks[-1])
    change = change[change["change"] < 0].sort_values("change", kind="stable")
    return change.head(max(count, 0))[columns].reset_index(drop=True)


def changed_most(means: pd.DataFrame, count: int = 3) -> list[str]:
    """The ``count`` tips whose mean moved most (up or down) from the first to the latest
    check, biggest move first (ties in tip order); none with fewer than two checks."""
    checks = sorted(means["check"].unique()) if not means.empty else []
    if len(checks) < 2:
        return []
    change = _change(means, checks[0], checks[-1])
    change = change.assign(size=change["change"].abs()).sort_values(
        "size", ascending=False, kind="stable"
    )
    return [tip for tip, size in zip(change["tip"], change["size"], strict=True) if size > 0][
        : max(count, 0)
    ]


def remarks(checks: Iterable[tuple[object, pd.DataFrame]]) -> pd.DataFrame:
    """The remarks of every check: check, date, text (non-empty), checks ordered as in
    ``check_means``."""
    rows = []
    for number, date, answers in _ordered(checks):
        if answers.empty:
            continue
        for text in question_values(answers, "remark")["value"]:
            if isinstance(text, str) and text.strip():
                rows.append({"check": number, "date": date, "text": text.strip()})
    return pd.DataFrame(rows, columns=["check", "date", "text"])


def _dates(records: pd.DataFrame) -> pd.Series:
    if records.empty or "date" not in records:
        return pd.Series(dtype="datetime64[ns]")
    return pd.to_datetime(records["date"], errors="coerce", format="%Y-%m-%d")


def last_meeting(records: pd.DataFrame, today: dt.date) -> dict[str, object] | None:
    """The latest progress meeting: date, days_since (to ``today``), topics, decisions;
    None without a dated meeting."""
    dates = _dates(records)
    if dates.notna().sum() == 0:
        return None
    latest = records.loc[dates.idxmax()]
    when = dates.max().date()
    return {
        "date": when,
        "days_since": (today - when).days,
        "topics": latest.get("topics") or "",
        "decisions": latest.get("decisions") or "",
    }


def activity_summary(records: pd.DataFrame) -> dict[str, object]:
    """Activities in the log: activities, people (the total reached, counted ones only),
    first and last date (None without dates)."""
    dates = _dates(records).dropna()
    people = (
        pd.to_numeric(records["people"], errors="coerce")
        if "people" in records
        else pd.Series(dtype=float)
    )
    return {
        "activities": len(records),
        "people": int(people.fillna(0).sum()),
        "first": dates.min().date() if len(dates) else None,
        "last": dates.max().date() if len(dates) else None,
    }


def lobby_outcomes(records: pd.DataFrame, outcomes: Sequence[str] = OUTCOMES) -> pd.DataFrame:
    """How many lobby contacts had each outcome: outcome, contacts (every outcome, zero
    too; an unknown outcome is not counted)."""
    named = list(records["outcome"]) if "outcome" in records else []
    return pd.DataFrame({"outcome": list(outcomes), "contacts": [named.count(o) for o in outcomes]})


def safe_link(text: object) -> str | None:
    """The text as a web address when it is one (http or https with a host, no spaces or
    control characters), else None: ``javascript:`` and other schemes never pass."""
    if not isinstance(text, str):
        return None
    link = text.strip()
    if not link or any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in link):
        return None
    try:
        parts = urlsplit(link)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return link


def trend_lines(
    means: pd.DataFrame,
    tips: Sequence[str],
    names: Mapping[str, str],
    overall: str = "",
) -> pd.DataFrame:
    """The lines of the trend chart: check, series, mean — the chosen ``tips`` (named by
    ``names``) and, when ``overall`` names it, the mean of all tips' means per check."""
    columns = ["check", "series", "mean"]
    if means.empty:
        return pd.DataFrame(columns=columns)
    chosen = means[means["tip"].isin(list(tips))].copy()
    chosen["order"] = chosen["tip"].map({tip: i for i, tip in enumerate(tips)})
    chosen = chosen.sort_values(["order", "check"], kind="stable")
    lines = chosen.assign(series=chosen["tip"].map(lambda tip: names.get(tip, tip)))[columns]
    if overall:
        mean_of_all = means.groupby("check", sort=True)["mean"].mean().reset_index()
        lines = pd.concat([lines, mean_of_all.assign(series=overall)[columns]])
    return lines.reset_index(drop=True)
