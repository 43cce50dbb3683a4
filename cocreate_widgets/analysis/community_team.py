"""The core team of a community for person-centred care (Kern Konsult, "recept").

Exercise ``core_team``: participants say whether they want to join the core team
(``join``: ``yes``, ``maybe``, ``no``), what they bring (``brings``) and how much time they
have (``time_available``). The register is the community's records of kind ``core_member``
(name, role, brings, since); the log of how the community is kept informed is the records
of kind ``community_update`` (date, channel, shared, reached).

The rules, in plain words:

- **Composition** (``team_composition``), one row per requirement:
  ``patient`` (at least one patient, required), ``care_provider`` (a doctor, nurse or other
  care provider, required), ``doctor`` and ``nurse`` (preferably both: a missing one is a
  warning), ``relative`` (where possible: a warning), ``coordinator`` (required).
  ``who`` lists the names that meet it; ``met`` says whether anyone does.
- **Verdict** (``team_verdict``): ``complete`` when everything is met, ``warnings`` when
  only recommended requirements are missing, ``incomplete`` when a required one is.
- **Candidates** (``core_team_candidates``): who answered ``yes`` (and, if asked, ``maybe``),
  with their own role (a role outside the register's list becomes ``other``).
- **Keeping informed**: the days since the newest update (``days_since_last_update``); no
  update at all, or more than ``MAX_DAYS_SILENT`` (60) days, is overdue.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

import pandas as pd

from .frames import plain_text, question_values

CARE_ROLES = ("doctor", "nurse", "other_care")
MEMBER_ROLES = (
    "patient",
    "relative",
    "doctor",
    "nurse",
    "other_care",
    "coordinator",
    "manager",
    "municipality",
    "other",
)
# requirement -> (roles that meet it, severity)
REQUIREMENTS: dict[str, tuple[tuple[str, ...], str]] = {
    "patient": (("patient",), "required"),
    "care_provider": (CARE_ROLES, "required"),
    "doctor": (("doctor",), "recommended"),
    "nurse": (("nurse",), "recommended"),
    "relative": (("relative",), "recommended"),
    "coordinator": (("coordinator",), "required"),
}
COMPOSITION_COLUMNS = ["requirement", "met", "who", "severity"]
CANDIDATE_COLUMNS = ["name", "role", "brings", "join", "time_available"]
UPDATE_COLUMNS = ["date", "channel", "shared", "reached"]
MAX_DAYS_SILENT = 60


def _members(members: pd.DataFrame) -> list[tuple[str, str]]:
    """(name, role) of every register row with a name."""
    if members.empty or "name" not in members.columns:
        return []
    roles = members["role"] if "role" in members.columns else pd.Series("", index=members.index)
    return [
        (plain_text(name), str(role) if isinstance(role, str) else "")
        for name, role in zip(members["name"], roles, strict=True)
        if plain_text(name)
    ]


def team_composition(members: pd.DataFrame) -> pd.DataFrame:
    """Requirement, met, who (names, in register order) and severity (``required`` or
    ``recommended``) for the composition the method asks for; see the module rules."""
    people = _members(members)
    rows = []
    for requirement, (roles, severity) in REQUIREMENTS.items():
        who = [name for name, role in people if role in roles]
        rows.append(
            {"requirement": requirement, "met": bool(who), "who": who, "severity": severity}
        )
    return pd.DataFrame(rows, columns=COMPOSITION_COLUMNS)


def missing_requirements(composition: pd.DataFrame) -> pd.DataFrame:
    """The requirements not met: requirement and severity, required ones first."""
    missing = composition[~composition["met"].astype(bool)]
    order = missing["severity"].map({"required": 0, "recommended": 1})
    return (
        missing.assign(_order=order)
        .sort_values("_order", kind="stable")[["requirement", "severity"]]
        .reset_index(drop=True)
    )


def describe_missing(composition: pd.DataFrame, describe: Callable[[str], str]) -> list[str]:
    """What is missing, in words: ``describe`` turns a requirement into its text (e.g.
    ``lambda r: wb.text("core_team.missing." + r)``); required ones first."""
    return [describe(r) for r in missing_requirements(composition)["requirement"]]


def team_verdict(composition: pd.DataFrame) -> str:
    """``complete``, ``warnings`` (only recommended ones missing) or ``incomplete``."""
    missing = missing_requirements(composition)
    if missing.empty:
        return "complete"
    return "incomplete" if (missing["severity"] == "required").any() else "warnings"


def core_team_candidates(
    answers: pd.DataFrame, include: Sequence[str] = ("yes",), since: str = ""
) -> pd.DataFrame:
    """Who wants to join (``join`` in ``include``): name (pseudonym), role, brings, join,
    time_available — shaped for the ``core_member`` register (``since`` as given)."""
    if answers.empty:
        return pd.DataFrame(columns=[*CANDIDATE_COLUMNS, "since"])
    joining = question_values(answers, "join")
    joining = joining[joining["value"].isin(list(include))]
    brings = _by_person(answers, "brings")
    time = _by_person(answers, "time_available")
    rows = []
    for _, answer in joining.iterrows():
        pid = answer["participant_id"]
        role = answer["role"] if answer["role"] in MEMBER_ROLES else "other"
        rows.append(
            {
                "name": plain_text(answer["pseudonym"]),
                "role": role,
                "brings": plain_text(brings.get(pid, "")),
                "join": answer["value"],
                "time_available": time.get(pid, ""),
                "since": since,
            }
        )
    return pd.DataFrame(rows, columns=[*CANDIDATE_COLUMNS, "since"])


def _by_person(answers: pd.DataFrame, question_id: str) -> dict:
    part = question_values(answers, question_id)
    return dict(zip(part["participant_id"], part["value"], strict=True))


def not_yet_in_register(candidates: pd.DataFrame, members: pd.DataFrame) -> pd.DataFrame:
    """The candidates whose name is not in the register yet (case and spaces ignored)."""
    known = {name.casefold() for name, _role in _members(members)}
    keep = candidates["name"].map(lambda n: plain_text(n).casefold() not in known)
    return candidates[keep.astype(bool)].reset_index(drop=True)


def _date(value: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def update_log(updates: pd.DataFrame) -> pd.DataFrame:
    """The community updates, newest first: date, channel, shared, reached (an update
    without a valid date is left out)."""
    if updates.empty or "date" not in updates.columns:
        return pd.DataFrame(columns=UPDATE_COLUMNS)
    table = updates.reindex(columns=UPDATE_COLUMNS).copy()
    table["_day"] = table["date"].map(_date)
    table = table[table["_day"].notna()]
    table = table.sort_values("_day", ascending=False, kind="stable")
    return table.drop(columns="_day").fillna("").reset_index(drop=True)


def days_since_last_update(updates: pd.DataFrame, today: dt.date) -> int | None:
    """Days from the newest update to ``today``; None without any dated update."""
    log = update_log(updates)
    if log.empty:
        return None
    return (today - _date(log["date"].iloc[0])).days


def update_overdue(days: int | None, max_days: int = MAX_DAYS_SILENT) -> bool:
    """True when the community has not been informed for more than ``max_days`` days (or
    never)."""
    return days is None or days > max_days
