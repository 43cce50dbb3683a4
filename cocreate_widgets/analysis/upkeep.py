"""Maintaining the results of a community for person-centred care (seed 001, step 6).

The community keeps a register of what it introduced: ``maintained_result`` records with
``result``, ``kind``, ``owner``, ``next_review`` (a date), ``status`` (running,
needs_attention, stopped) and ``note``. Members check the results they know in the
exercise ``maintain_results``: under ``checks`` each item names a ``result``, says whether
it is ``used`` (often, sometimes, hardly, unknown) and what ``maintenance`` it needs.

The rules, in plain words:

- **Overdue**: the next review is before ``today`` and the result has not stopped.
- **Due soon**: the next review is today or within ``DUE_SOON_DAYS`` (30) days.
- A result without a (valid) date is ``no_date``; a stopped one is ``stopped``; the rest
  ``ok``. ``today`` is always passed in, so a test or a notebook can fix it.
- **Members' checks** match a register result when the names are equal after joining
  spaces and ignoring case.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from html import escape
from typing import Any

import pandas as pd

from .frames import as_date, plain_text, question_values

DUE_SOON_DAYS = 30
STATES = ("overdue", "due_soon", "ok", "no_date", "stopped")
USED = ("often", "sometimes", "hardly", "unknown")
REGISTER_COLUMNS = [
    "record_id",
    "result",
    "kind",
    "owner",
    "next_review",
    "status",
    "note",
    "days_to_review",
    "state",
]


def _in_submission_order(answers: pd.DataFrame) -> pd.DataFrame:
    """The answers in the order they were submitted (when known), else as given."""
    if "submitted_at" in answers.columns and answers["submitted_at"].notna().all():
        return answers.sort_values("submitted_at", kind="stable")
    return answers


def result_key(text: object) -> str:
    """The matching key of a result's name: spaces joined, case ignored."""
    return plain_text(text).casefold()


def review_state(
    next_review: dt.date | None, status: object, today: dt.date, soon: int = DUE_SOON_DAYS
) -> str:
    """The state of one result: overdue, due_soon, ok, no_date or stopped."""
    if status == "stopped":
        return "stopped"
    if next_review is None:
        return "no_date"
    days = (next_review - today).days
    if days < 0:
        return "overdue"
    return "due_soon" if days <= soon else "ok"


def register_table(
    records: pd.DataFrame, today: dt.date, soon: int = DUE_SOON_DAYS
) -> pd.DataFrame:
    """The register with ``days_to_review`` and ``state`` per result.

    ``records`` holds ``maintained_result`` records (``record_data``). ``next_review``
    becomes a ``datetime.date`` (None when missing or invalid), ``days_to_review`` a
    nullable whole number (``<NA>`` without a date). Rows: overdue first, then
    due soon, ok, no date, stopped; within a state the earliest review first.
    """
    rows = []
    for record in [] if records is None or records.empty else records.to_dict("records"):
        day = as_date(record.get("next_review"))
        rows.append(
            {
                "record_id": record.get("record_id"),
                "result": plain_text(record.get("result")),
                "kind": record.get("kind") or None,
                "owner": plain_text(record.get("owner")),
                "next_review": day,
                "status": record.get("status") or None,
                "note": plain_text(record.get("note")),
                "days_to_review": None if day is None else (day - today).days,
                "state": review_state(day, record.get("status"), today, soon),
            }
        )
    rows.sort(key=lambda r: (STATES.index(r["state"]), r["next_review"] or dt.date.max))
    table = pd.DataFrame(rows, columns=REGISTER_COLUMNS, dtype=object)
    return table.astype({"days_to_review": "Int64"})


def overdue(register: pd.DataFrame) -> pd.DataFrame:
    """The overdue results of a ``register_table``."""
    return register[register["state"] == "overdue"].reset_index(drop=True)


def due_soon(register: pd.DataFrame) -> pd.DataFrame:
    """The results of a ``register_table`` whose review is due soon (not yet overdue)."""
    return register[register["state"] == "due_soon"].reset_index(drop=True)


def by_owner(register: pd.DataFrame, nobody: str = "") -> pd.DataFrame:
    """Per owner: ``results`` (count), ``overdue``, ``due_soon``, ``needs_attention``.

    A result without owner counts under ``nobody``. Owners with the most overdue first,
    then the most results, then by name.
    """
    columns = ["owner", "results", "overdue", "due_soon", "needs_attention"]
    if register.empty:
        return pd.DataFrame(columns=columns)
    table = register.assign(owner=register["owner"].map(lambda o: o or nobody))
    grouped = table.groupby("owner", sort=False)
    summary = pd.DataFrame(
        {
            "results": grouped.size(),
            "overdue": grouped["state"].agg(lambda s: int((s == "overdue").sum())),
            "due_soon": grouped["state"].agg(lambda s: int((s == "due_soon").sum())),
            "needs_attention": grouped["status"].agg(lambda s: int((s == "needs_attention").sum())),
        }
    ).reset_index()
    summary = summary.sort_values(
        ["overdue", "results", "owner"], ascending=[False, False, True], kind="stable"
    )
    return summary[columns].astype({c: int for c in columns[1:]}).reset_index(drop=True)


def register_html(
    register: pd.DataFrame,
    headers: Mapping[str, str],
    state_labels: Mapping[str, str],
    value_labels: Mapping[str, Mapping[str, str]] | None = None,
) -> str:
    """The register as an HTML table; overdue rows carry the class ``cc-overdue`` and their
    state label as text (not colour only), due-soon rows ``cc-due-soon``.

    ``headers`` maps the columns to show (in order) to their header; ``state_labels`` maps
    each state to its text; ``value_labels`` maps a column's codes to labels (``kind``,
    ``status``). Every text is escaped.
    """
    value_labels = value_labels or {}
    head = "".join(f"<th scope='col'>{escape(str(h))}</th>" for h in headers.values())
    body = []
    for row in register.to_dict("records"):
        state = row.get("state", "")
        cells = []
        for column in headers:
            value: Any = row.get(column)
            if column == "state":
                text = state_labels.get(state, state)
                value = f"⚠ {text}" if state == "overdue" else text
            elif column in value_labels:
                value = value_labels[column].get(value, value or "")
            elif value is None or (isinstance(value, float) and pd.isna(value)):
                value = ""
            cells.append(f"<td>{escape(str(value))}</td>")
        css = {"overdue": "cc-overdue", "due_soon": "cc-due-soon"}.get(state, "")
        body.append(
            f"<tr class='{css}'>{''.join(cells)}</tr>" if css else f"<tr>{''.join(cells)}</tr>"
        )
    style = (
        "<style>.cc-register td,.cc-register th{padding:2px 6px;text-align:left;"
        "vertical-align:top}.cc-register tr.cc-overdue{font-weight:bold;"
        "background:#fde0dd}.cc-register tr.cc-due-soon{font-style:italic}</style>"
    )
    return (
        f"{style}<div style='overflow-x:auto'><table class='cc-register'>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )


def member_checks(answers: pd.DataFrame, question_id: str = "checks") -> pd.DataFrame:
    """Every check a member made: ``pseudonym``, ``role``, ``result``, ``used``,
    ``maintenance``, in the order submitted. Items without a result are dropped; an unknown ``used`` becomes None."""
    columns = ["pseudonym", "role", "result", "used", "maintenance"]
    if answers.empty:
        return pd.DataFrame(columns=columns)
    rows = []
    for _, answer in question_values(_in_submission_order(answers), question_id).iterrows():
        items = answer["value"] if isinstance(answer["value"], list) else []
        for item in items:
            if not isinstance(item, dict) or not plain_text(item.get("result")):
                continue
            rows.append(
                {
                    "pseudonym": answer["pseudonym"],
                    "role": answer["role"],
                    "result": plain_text(item.get("result")),
                    "used": item.get("used") if item.get("used") in USED else None,
                    "maintenance": plain_text(item.get("maintenance")),
                }
            )
    return pd.DataFrame(rows, columns=columns, dtype=object)


def checks_by_result(register: pd.DataFrame, checks: pd.DataFrame) -> pd.DataFrame:
    """Members' views per result: ``result``, ``in_register``, ``checks``, one column per
    ``USED`` answer (counts) and ``needs`` (the maintenance texts, in order).

    Register results come first in register order (also those nobody checked), then
    results only members named, in order of first mention (first spelling kept).
    """
    columns = ["result", "in_register", "checks", *USED, "needs"]
    names: dict[str, str] = {}
    in_register: set[str] = set()
    for name in [] if register.empty else register["result"]:
        if plain_text(name):
            names.setdefault(result_key(name), plain_text(name))
            in_register.add(result_key(name))
    tallies: dict[str, dict[str, Any]] = {}
    for row in [] if checks.empty else checks.to_dict("records"):
        key = result_key(row["result"])
        names.setdefault(key, row["result"])
        tally = tallies.setdefault(key, {"checks": 0, **dict.fromkeys(USED, 0), "needs": []})
        tally["checks"] += 1
        if row["used"] in USED:
            tally[row["used"]] += 1
        if row["maintenance"]:
            tally["needs"].append(row["maintenance"])
    rows = []
    for key, name in names.items():
        tally = tallies.get(key, {"checks": 0, **dict.fromkeys(USED, 0), "needs": []})
        rows.append({"result": name, "in_register": key in in_register, **tally})
    return pd.DataFrame(rows, columns=columns)
