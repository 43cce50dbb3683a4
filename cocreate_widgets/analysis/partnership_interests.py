"""Partnership, step 3 (seed 004): the partners' interests. Big enough? Do they clash?

The rules, in plain words:

- **Partner.** A partner is an organisation; a participant without an organisation is a
  partner on their own (shown by pseudonym). Several people of one organisation are one row.
- **Themes.** Each interest written under ``organisation_interests`` or ``own_interests``
  (field ``interest``) is a theme. Two interests are the same theme when they are equal
  after trimming, joining inner spaces and ignoring upper/lower case ("Minder opnames" and
  " minder  OPNAMES" match). The theme keeps the spelling seen first.
- **Clash.** A participant reports a clash by answering ``clash`` with ``yes`` (a clash) or
  ``maybe`` (a possible clash), and ticks under ``clash_with`` the roles whose interest
  clashes with theirs. Each ticked role is one clash; ``no`` reports nothing, whatever is
  ticked. A clash is ``mutual`` when someone of the named role also names the reporter's
  role.
- **Too small.** An interest looks too small to carry the work when the importance is
  below ``MIN_IMPORTANCE`` (5 on the 0-10 scale, so 4 or less), when the time is below
  ``MIN_TIME`` (so "no time really"), or when the participant names no interest at all.
- **Financing.** Partners paid in different ways (per registered patient, per treatment,
  budget, other) start from different interests; ``financing_differences`` groups them.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from .frames import question_values

INTEREST_QUESTIONS = ("organisation_interests", "own_interests")
TIME_BANDS = ("none", "hours_1_4", "hours_5_8", "hours_9_16", "hours_over_16")
FINANCING_ORDER = ("per_patient", "per_treatment", "budget", "other")
MIN_IMPORTANCE = 5
MIN_TIME = "hours_1_4"
CLASH_LEVELS = ("yes", "maybe")


def theme_key(text: str) -> str:
    """The matching key of an interest: trimmed, inner spaces joined, case ignored."""
    return " ".join(str(text).split()).casefold()


def _partner(organisation: object, pseudonym: object) -> str:
    if isinstance(organisation, str) and organisation.strip():
        return organisation.strip()
    return str(pseudonym)


def _interests(value: object, field: str) -> list[str]:
    items = value if isinstance(value, list) else []
    texts = [item.get(field, "") for item in items if isinstance(item, dict)]
    return [" ".join(str(t).split()) for t in texts if str(t).strip()]


def interest_matrix(
    frame: pd.DataFrame,
    question_ids: Sequence[str] = INTEREST_QUESTIONS,
    importance_id: str = "importance",
    field: str = "interest",
) -> pd.DataFrame:
    """Partner x interest theme, holding the partner's importance (0-10) where they named it.

    Rows: every partner who answered anything, in order of first answer. Columns: themes,
    the most named first (ties in order of first appearance). A cell is the mean importance
    of the partner's participants who named the theme; empty (NaN) where the partner did not
    name it, or named it without rating the importance.
    """
    if frame.empty:
        return pd.DataFrame(dtype=float)
    people = frame.drop_duplicates("participant_id")
    partner_of = {
        pid: _partner(org, pseudo)
        for pid, org, pseudo in zip(
            people["participant_id"], people["organisation"], people["pseudonym"], strict=True
        )
    }
    importance: dict[object, float] = {}
    for pid, value in question_values(frame, importance_id)[["participant_id", "value"]].values:
        number = pd.to_numeric(value, errors="coerce")
        if pd.notna(number):
            importance[pid] = float(number)
    shown: dict[str, str] = {}
    named: dict[str, dict[str, list[float]]] = {}  # theme -> partner -> importances
    for pid, qid, value in frame[["participant_id", "question_id", "value"]].values:
        if qid not in question_ids:
            continue
        for text in _interests(value, field):
            key = theme_key(text)
            shown.setdefault(key, text)
            scores = named.setdefault(key, {}).setdefault(partner_of[pid], [])
            if pid in importance:
                scores.append(importance[pid])
    partners = list(dict.fromkeys(partner_of.values()))
    themes = sorted(shown, key=lambda k: -len(named[k]))  # stable: first seen wins ties
    table = pd.DataFrame(index=pd.Index(partners, name="partner"), dtype=float)
    for key in themes:
        column = {}
        for partner, scores in named[key].items():
            column[partner] = sum(scores) / len(scores) if scores else float("nan")
        table[shown[key]] = pd.Series(column, dtype=float)
    table.columns.name = "interest"
    return table


def clashing_interests(
    frame: pd.DataFrame,
    clash_id: str = "clash",
    with_id: str = "clash_with",
    about_id: str = "clash_what",
) -> pd.DataFrame:
    """Every reported clash: who reports it, with which role, how sure, and about what.

    Columns: pseudonym, role, partner, with_role, with_partners (the partners present with
    that role, joined with ", "), level (``yes`` or ``maybe``), mutual, about. A clash
    reported without ticking a role has an empty ``with_role``. Mutual clashes come first,
    then ``yes`` before ``maybe``, then in order of the answers.
    """
    columns = [
        "pseudonym",
        "role",
        "partner",
        "with_role",
        "with_partners",
        "level",
        "mutual",
        "about",
    ]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    people = frame.drop_duplicates("participant_id").set_index("participant_id")
    answers: dict[object, dict[str, object]] = {}
    for pid, qid, value in frame[["participant_id", "question_id", "value"]].values:
        answers.setdefault(pid, {})[qid] = value
    partners_by_role: dict[str, list[str]] = {}
    for _pid, person in people.iterrows():
        names = partners_by_role.setdefault(person["role"], [])
        partner = _partner(person["organisation"], person["pseudonym"])
        if partner not in names:
            names.append(partner)
    rows = []
    for pid, given in answers.items():
        level = given.get(clash_id)
        if level not in CLASH_LEVELS:
            continue
        person = people.loc[pid]
        ticked = given.get(with_id)
        targets = [r for r in ticked if r] if isinstance(ticked, list) else []
        about = given.get(about_id)
        for target in targets or [""]:
            rows.append(
                {
                    "pseudonym": person["pseudonym"],
                    "role": person["role"],
                    "partner": _partner(person["organisation"], person["pseudonym"]),
                    "with_role": target,
                    "with_partners": ", ".join(partners_by_role.get(target, [])),
                    "level": level,
                    "about": about if isinstance(about, str) else "",
                }
            )
    pairs = {(row["role"], row["with_role"]) for row in rows}
    for row in rows:
        row["mutual"] = bool(row["with_role"]) and (row["with_role"], row["role"]) in pairs
    rows.sort(key=lambda row: (not row["mutual"], CLASH_LEVELS.index(row["level"])))
    return pd.DataFrame(rows, columns=columns)


def too_small_interests(
    frame: pd.DataFrame,
    threshold: int = MIN_IMPORTANCE,
    min_time: str = MIN_TIME,
    importance_id: str = "importance",
    time_id: str = "time_worth",
    question_ids: Sequence[str] = INTEREST_QUESTIONS,
) -> pd.DataFrame:
    """Participants whose interest looks too small to carry the work, and why.

    ``reasons`` joins, with ", ": ``low_importance`` (importance below ``threshold``),
    ``little_time`` (a time band below ``min_time`` in ``TIME_BANDS``) and ``no_interests``
    (answered, but named no interest). Missing answers are not held against anyone.
    Columns: pseudonym, role, partner, importance, time, interests (how many), reasons;
    lowest importance first (ties in order of the answers).
    """
    columns = ["pseudonym", "role", "partner", "importance", "time", "interests", "reasons"]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    floor = TIME_BANDS.index(min_time)
    rows = []
    for _pid, part in frame.groupby("participant_id", sort=False):
        given = dict(zip(part["question_id"], part["value"], strict=True))
        number = pd.to_numeric(given.get(importance_id), errors="coerce")
        importance = float(number) if pd.notna(number) else float("nan")
        time = given.get(time_id)
        count = sum(len(_interests(given.get(q), "interest")) for q in question_ids)
        reasons = []
        if importance < threshold:  # NaN compares False: no answer, no verdict
            reasons.append("low_importance")
        if time in TIME_BANDS and TIME_BANDS.index(time) < floor:
            reasons.append("little_time")
        if count == 0:
            reasons.append("no_interests")
        if reasons:
            first = part.iloc[0]
            rows.append(
                {
                    "pseudonym": first["pseudonym"],
                    "role": first["role"],
                    "partner": _partner(first["organisation"], first["pseudonym"]),
                    "importance": importance,
                    "time": time if isinstance(time, str) else "",
                    "interests": count,
                    "reasons": ", ".join(reasons),
                }
            )
    table = pd.DataFrame(rows, columns=columns)
    return table.sort_values("importance", kind="stable", na_position="last").reset_index(drop=True)


def financing_differences(frame: pd.DataFrame, question_id: str = "financing") -> pd.DataFrame:
    """How the partners are paid: one row per way of financing that someone chose.

    Columns: financing, n (participants), partners (joined with ", ", in order of answers).
    Rows by n, largest first; ties in the order of ``FINANCING_ORDER`` (unknown ids last).
    More than one row means the partners start from different financial interests.
    """
    columns = ["financing", "n", "partners"]
    part = question_values(frame, question_id) if not frame.empty else frame
    if part.empty:
        return pd.DataFrame(columns=columns)
    groups: dict[str, list[str]] = {}
    for value, org, pseudo in part[["value", "organisation", "pseudonym"]].values:
        groups.setdefault(str(value), []).append(_partner(org, pseudo))

    def order(item: tuple[str, list[str]]) -> tuple[int, int, str]:
        key, people = item
        rank = FINANCING_ORDER.index(key) if key in FINANCING_ORDER else len(FINANCING_ORDER)
        return (-len(people), rank, key)

    rows = [
        {"financing": key, "n": len(people), "partners": ", ".join(dict.fromkeys(people))}
        for key, people in sorted(groups.items(), key=order)
    ]
    return pd.DataFrame(rows, columns=columns)
