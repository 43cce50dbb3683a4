"""Partnership, step 0 (seed 002): who is at the table, and who is still missing.

The rules, in plain words:

- A **side** (patient side, care providers, other professionals) with nobody present is
  flagged ``side_empty`` on every role of that side.
- With no patient **and** no relative present, the patient's voice is missing: the patient
  and relative rows are flagged ``no_patient_voice``.
- Care providers need a doctor **and** a nurse at the table: whichever of the two is absent
  is flagged ``care_pair_incomplete``.
- A role that participants tick under "who is still missing" (question ``missing_roles``)
  counts as named; ``missing_parties`` lists it even when no rule above flags it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

from .partnership import SIDE_ORDER

PATIENT_VOICE = ("patient", "relative")
CARE_PAIR = ("doctor", "nurse")
FLAGS = ("side_empty", "no_patient_voice", "care_pair_incomplete")
COVERAGE_COLUMNS = ["side", "role", "present", "side_present", "organisations", *FLAGS]
MISSING_COLUMNS = ["party", "kind", "side", "reasons", "named_by", "invitees"]


def roster_from_answers(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per participant (role, side, organisation) from the long answers frame."""
    columns = ["participant_id", "pseudonym", "role", "side", "organisation"]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    return frame[columns].drop_duplicates("participant_id").reset_index(drop=True)


def table_coverage(roster: pd.DataFrame, roles: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """Per side and role: how many are present, and which rule flags the row.

    ``roster`` has one row per person present (columns ``role``, ``side``, ``organisation``);
    ``roles`` is the list from ``data/roles.yaml`` (``id`` and ``side`` per role). Every
    known role gets a row, in the order of ``roles``, grouped by side; roles in the roster
    that ``roles`` does not know are added at the end of their side. Columns: side, role,
    present, side_present (people on that side), organisations (sorted, joined with ", ")
    and one boolean column per flag in ``FLAGS`` (see the module docstring).
    """
    side_of: dict[str, str] = {str(r["id"]): str(r["side"]) for r in roles}
    order: list[str] = list(side_of)
    people = roster.copy() if not roster.empty else pd.DataFrame(columns=["role", "side"])
    if "organisation" not in people.columns:
        people["organisation"] = None
    if "side" not in people.columns:
        people["side"] = None
    people = people[people["role"].notna()]
    for role, side in zip(people["role"], people["side"], strict=True):
        if role not in side_of:
            side_of[role] = side if isinstance(side, str) and side else "other_professionals"
            order.append(role)
    sides = [s for s in SIDE_ORDER if s in side_of.values()]
    sides += sorted({s for s in side_of.values() if s not in SIDE_ORDER})
    counts = people["role"].value_counts()
    rows = []
    for side in sides:
        for role in (r for r in order if side_of[r] == side):
            orgs = people.loc[people["role"] == role, "organisation"].dropna()
            orgs = sorted({str(o).strip() for o in orgs if str(o).strip()})
            rows.append(
                {
                    "side": side,
                    "role": role,
                    "present": int(counts.get(role, 0)),
                    "organisations": ", ".join(orgs),
                }
            )
    table = pd.DataFrame(rows, columns=["side", "role", "present", "organisations"])
    table["present"] = table["present"].astype(int)
    per_side = table.groupby("side")["present"].transform("sum")
    table.insert(3, "side_present", per_side.astype(int) if len(table) else per_side)
    present = dict(zip(table["role"], table["present"], strict=True))
    table["side_empty"] = table["side_present"] == 0
    no_voice = all(present.get(r, 0) == 0 for r in PATIENT_VOICE)
    table["no_patient_voice"] = table["role"].isin(PATIENT_VOICE) & no_voice
    table["care_pair_incomplete"] = (
        table["role"].map(lambda r: r in CARE_PAIR and present.get(r, 0) == 0).astype(bool)
    )
    return table[COVERAGE_COLUMNS].reset_index(drop=True)


def missing_parties(
    roster: pd.DataFrame,
    roles: Sequence[Mapping[str, Any]],
    answers: pd.DataFrame | None = None,
    invitees: Iterable[Mapping[str, Any]] = (),
    question_id: str = "missing_roles",
) -> pd.DataFrame:
    """Who is missing: empty sides, flagged roles, and roles participants name as missing.

    One row per party: a side (``kind`` ``side``, when the whole side is empty) or a role
    (``kind`` ``role``). ``reasons`` joins the flags with ", " (``named`` when participants
    ticked the role in ``question_id`` but no rule flags it). ``named_by`` counts the
    participants who ticked the role (for a side: any role of that side); ``invitees``
    counts the ``invitee`` records (their ``data`` dicts, field ``role``) for that party.
    Sides come first, then roles, in the order of ``table_coverage``.
    """
    coverage = table_coverage(roster, roles)
    named: dict[str, set[Any]] = {}
    if answers is not None and not answers.empty:
        part = answers[answers["question_id"] == question_id]
        for who, value in zip(part["participant_id"], part["value"], strict=True):
            for role in value if isinstance(value, list) else []:
                named.setdefault(role, set()).add(who)
    invited: dict[str, int] = {}
    for record in invitees:
        role = record.get("role")
        if role:
            invited[role] = invited.get(role, 0) + 1
    side_of = dict(zip(coverage["role"], coverage["side"], strict=True))
    rows = []
    for side in dict.fromkeys(coverage["side"]):
        in_side = coverage[coverage["side"] == side]
        if bool(in_side["side_empty"].all()):
            roles_here = list(in_side["role"])
            namers = set().union(*(named.get(r, set()) for r in roles_here))
            rows.append(
                {
                    "party": side,
                    "kind": "side",
                    "side": side,
                    "reasons": "side_empty",
                    "named_by": len(namers),
                    "invitees": sum(invited.get(r, 0) for r in roles_here),
                }
            )
    for record in coverage.to_dict("records"):
        role = record["role"]
        reasons = [f for f in FLAGS[1:] if record[f]]
        if not reasons and role in named:
            reasons = ["named"]
        if not reasons:
            continue
        rows.append(
            {
                "party": role,
                "kind": "role",
                "side": side_of[role],
                "reasons": ", ".join(reasons),
                "named_by": len(named.get(role, ())),
                "invitees": invited.get(role, 0),
            }
        )
    return pd.DataFrame(rows, columns=MISSING_COLUMNS)
