"""Bring parties together (citizen platform): who do we invite, and how do we treat them?

Exercise ``bring_parties``: under ``parties`` everyone names parties for a conference
(``party``, ``sector``), rates their ``power`` (influence on care and welfare here) and
``interest`` (involvement in the platform's aims) from 1 to 5, and says what each ``brings``.

The rules, in plain words:

- **One party.** Two names are one party when they are equal after ignoring upper/lower
  case, accents, punctuation and extra spaces (``party_key``: "GGD Fryslân", "ggd-fryslan"
  and "G.G.D. Fryslan" match). The party keeps the spelling seen first. Items without a
  name are dropped.
- **A rating** counts when it is a whole number from 1 to 5; anything else is left out.
- **Mentions** are the number of different participants who named the party. When one
  participant names it twice, their ratings are averaged first, so everyone weighs once in
  the mean ``power`` and ``interest``. Nobody rated it: NaN.
- **Sector**: the sector named most often for the party (a tie: the one named first).
- **Brings**: the different things named (matched like names), joined with "; ".
- **Quadrant** (the power/interest grid). Above ``threshold`` (3, the middle of the scale)
  is high: ``manage_closely`` = high power, high interest; ``keep_satisfied`` = high
  power, low interest; ``keep_informed`` = low power, high interest; ``monitor`` = both
  low. Without both means: None.
- **The tracker** reads the ``stakeholder`` records (status ``not_invited``, ``invited``,
  ``confirmed``, ``declined``); a record without a known status counts as not invited.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence

import pandas as pd

from .frames import plain_text, question_values, rating

QUADRANTS = ("manage_closely", "keep_satisfied", "keep_informed", "monitor")
# Where each quadrant sits on the grid: interest across, power up.
QUADRANT_CORNERS = {
    "manage_closely": "top_right",
    "keep_satisfied": "top_left",
    "keep_informed": "bottom_right",
    "monitor": "bottom_left",
}
STATUSES = ("not_invited", "invited", "confirmed", "declined")
THRESHOLD = 3.0
SCALE = (1, 5)
MAP_COLUMNS = ["party", "sector", "mentions", "power", "interest", "quadrant", "brings"]


def party_key(text: object) -> str:
    """The matching key of a party: case, accents, punctuation and extra spaces ignored."""
    decomposed = unicodedata.normalize("NFKD", str(text).casefold())
    kept = []
    for char in decomposed:
        category = unicodedata.category(char)
        if category == "Mn":  # an accent on the letter before
            continue
        kept.append(" " if category[0] in "PSZ" else char)
    joined = " ".join("".join(kept).split())
    # "G G D" (from "G.G.D.") and "GGD" are the same party: join runs of single letters
    words, letters = [], []
    for word in joined.split(" "):
        if len(word) == 1 and word.isalpha():
            letters.append(word)
            continue
        if letters:
            words.append("".join(letters))
            letters = []
        words.append(word)
    if letters:
        words.append("".join(letters))
    return " ".join(w for w in words if w)


def quadrant(power: float, interest: float, threshold: float = THRESHOLD) -> str | None:
    """The quadrant code of a party; None without both numbers. Above ``threshold`` is high."""
    if power is None or interest is None or math.isnan(power) or math.isnan(interest):
        return None
    if power > threshold:
        return "manage_closely" if interest > threshold else "keep_satisfied"
    return "keep_informed" if interest > threshold else "monitor"


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else math.nan


def stakeholder_map(
    answers: pd.DataFrame, question_id: str = "parties", threshold: float = THRESHOLD
) -> pd.DataFrame:
    """One row per party: party, sector, mentions, power, interest, quadrant, brings.

    Rows by mentions (most first), then power (highest first), ties in order of first
    appearance. See the module rules for matching, means and quadrants.
    """
    if answers.empty:
        return pd.DataFrame(columns=MAP_COLUMNS)
    shown: dict[str, str] = {}
    people: dict[str, dict[object, dict[str, list[int]]]] = {}
    sectors: dict[str, list[str]] = {}
    brings: dict[str, dict[str, str]] = {}
    for _, answer in question_values(answers, question_id).iterrows():
        items = answer["value"] if isinstance(answer["value"], list) else []
        for item in items:
            name = plain_text(item.get("party")) if isinstance(item, dict) else ""
            key = party_key(name)
            if not key:
                continue
            shown.setdefault(key, name)
            mine = people.setdefault(key, {}).setdefault(
                answer["participant_id"], {"power": [], "interest": []}
            )
            for field in ("power", "interest"):
                score = rating(item.get(field), *SCALE)
                if score is not None:
                    mine[field].append(score)
            sector = item.get("sector")
            if isinstance(sector, str) and sector:
                sectors.setdefault(key, []).append(sector)
            offer = plain_text(item.get("brings"))
            if party_key(offer):
                brings.setdefault(key, {}).setdefault(party_key(offer), offer)
    rows = []
    for key, name in shown.items():
        means = {
            field: _mean([_mean(r[field]) for r in people[key].values() if r[field]])
            for field in ("power", "interest")
        }
        named = sectors.get(key, [])
        rows.append(
            {
                "party": name,
                "sector": max(named, key=named.count) if named else None,
                "mentions": len(people[key]),
                "power": means["power"],
                "interest": means["interest"],
                "quadrant": quadrant(means["power"], means["interest"], threshold),
                "brings": "; ".join(brings.get(key, {}).values()),
            }
        )
    table = pd.DataFrame(rows, columns=MAP_COLUMNS).astype(
        {"mentions": int, "power": float, "interest": float}
    )
    for column in ("quadrant", "sector"):  # None stays None
        table[column] = pd.Series([row[column] for row in rows], dtype=object)
    table = table.assign(_power=table["power"].fillna(-math.inf))
    table = table.sort_values(["mentions", "_power"], ascending=False, kind="stable")
    return table.drop(columns="_power").reset_index(drop=True)


def _text(value: object) -> str | None:
    """A text value, or None for an empty or missing one (NaN included)."""
    return value if isinstance(value, str) and value else None


def _whole(value: object) -> int | None:
    """A mean rounded half up to a whole rating, None when there is none."""
    number = pd.to_numeric(value, errors="coerce")
    return None if pd.isna(number) else int(math.floor(float(number) + 0.5))


def stakeholder_suggestions(data: pd.DataFrame) -> pd.DataFrame:
    """The merged parties as ``stakeholder`` records to add: party, sector, status
    (``not_invited``), brings, power, interest (means rounded to whole numbers)."""
    columns = ["party", "sector", "status", "brings", "power", "interest"]
    rows = [
        {
            "party": row["party"],
            "sector": _text(row["sector"]),
            "status": "not_invited",
            "brings": _text(row["brings"]),
            "power": _whole(row["power"]),
            "interest": _whole(row["interest"]),
        }
        for row in data.to_dict("records")
    ]
    return pd.DataFrame(rows, columns=columns, dtype=object)  # None stays None


def _status(value: object) -> str:
    return value if value in STATUSES else "not_invited"


def invitation_counts(records: pd.DataFrame) -> pd.DataFrame:
    """How many parties have each status: status, parties (every status, zero too)."""
    statuses = [_status(v) for v in records.get("status", pd.Series(dtype=object))]
    return pd.DataFrame(
        {"status": list(STATUSES), "parties": [statuses.count(s) for s in STATUSES]}
    )


def still_to_invite(records: pd.DataFrame) -> pd.DataFrame:
    """The parties not invited yet: party, sector, contact; most power first (unrated last),
    then in the order they were recorded."""
    columns = ["party", "sector", "contact", "power"]
    if records.empty or "party" not in records:
        return pd.DataFrame(columns=columns)
    table = records.reindex(columns=[*columns, "status"])
    table = table[[_status(v) == "not_invited" for v in table["status"]]]
    table = table.assign(_power=pd.to_numeric(table["power"], errors="coerce").fillna(-1))
    table = table.sort_values("_power", ascending=False, kind="stable")
    return table[columns].reset_index(drop=True)


def parties_with_status(
    data: pd.DataFrame, records: pd.DataFrame, threshold: float = THRESHOLD
) -> pd.DataFrame:
    """The tracker's grid: every recorded party with its status, placed by power and interest.

    A recorded party also named in the exercise (``data``, from ``stakeholder_map``) takes
    the mean power and interest and the mentions from there; otherwise the record's own
    power and interest (mentions 1). Columns: party, status, mentions, power, interest,
    quadrant. In the order of the records.
    """
    columns = ["party", "status", "mentions", "power", "interest", "quadrant"]
    if records.empty or "party" not in records:
        return pd.DataFrame(columns=columns)
    named = {party_key(row["party"]): row for row in data.to_dict("records")}
    rows = []
    for record in records.to_dict("records"):
        key = party_key(record.get("party", ""))
        if not key:
            continue
        found = named.get(key)
        power = found["power"] if found else pd.to_numeric(record.get("power"), errors="coerce")
        interest = (
            found["interest"] if found else pd.to_numeric(record.get("interest"), errors="coerce")
        )
        power, interest = float(power), float(interest)
        rows.append(
            {
                "party": record["party"],
                "status": _status(record.get("status")),
                "mentions": int(found["mentions"]) if found else 1,
                "power": power,
                "interest": interest,
                "quadrant": quadrant(power, interest, threshold),
            }
        )
    table = pd.DataFrame(rows, columns=columns)
    table["quadrant"] = pd.Series([row["quadrant"] for row in rows], dtype=object)
    return table
