"""Follow the energy (King's Fund, "Patients as partners", 2016): where people already move.

Exercise ``follow_energy``: under ``initiatives`` everyone names initiatives in the
community (``initiative``, ``place``) and rates from 1 to 5 the ``energy`` in them and the
``friction`` with established ways of working and power. ``work_differently`` asks what we
would have to do differently to join them.

The rules, in plain words:

- **One initiative.** Two names are one initiative when they are equal after trimming,
  joining inner spaces and ignoring upper/lower case (``initiative_key``: "Buurtkamer Oost"
  and " buurtkamer  oost" match). The initiative keeps the spelling seen first. Items
  without a name are dropped. Places are matched the same way.
- **A rating** counts when it is a whole number from 1 to 5; anything else is left out.
- **Mentions** are the number of different participants who named the initiative. When
  one participant names it twice, their ratings are averaged first, so everyone weighs
  once in the mean ``energy`` and ``friction``. Nobody rated it: NaN.
- **Quadrant.** 3 is the middle of the scale: above 3 is high, 3 and below is low.
  ``go`` = high energy, low friction (join in); ``push`` = high energy, high friction
  (energy that meets resistance: back it up); ``wake`` = low energy, low friction (easy,
  but needs a spark); ``park`` = low energy, high friction. Without both means: None.
- **To join** (``initiatives_to_join``): a mean energy of at least ``MIN_ENERGY`` (3.5),
  the most energy first, then the most mentions, then the least friction.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

from .frames import plain_text, question_values, rating

QUADRANTS = ("go", "push", "wake", "park")
MIDDLE = 3.0
MIN_ENERGY = 3.5
SCALE = (1, 5)
MAP_COLUMNS = ["initiative", "mentions", "energy", "friction", "places", "roles", "quadrant"]


def initiative_key(text: object) -> str:
    """The matching key of an initiative (or place): trimmed, spaces joined, case ignored."""
    return " ".join(str(text).split()).casefold()


def _rating(value: object) -> int | None:
    return rating(value, *SCALE)


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else math.nan


def quadrant(energy: float, friction: float, middle: float = MIDDLE) -> str | None:
    """The quadrant code (``go``, ``push``, ``wake``, ``park``); None without both numbers."""
    if energy is None or friction is None or math.isnan(energy) or math.isnan(friction):
        return None
    high_energy, high_friction = energy > middle, friction > middle
    if high_energy:
        return "push" if high_friction else "go"
    return "park" if high_friction else "wake"


def energy_map_data(answers: pd.DataFrame, question_id: str = "initiatives") -> pd.DataFrame:
    """One row per initiative: initiative, mentions, energy, friction, places, roles, quadrant.

    ``places`` is a sorted list of the distinct places named, ``roles`` the distinct roles
    of those who named it (in order of first mention). Rows by mentions, most first (ties
    in order of first appearance). See the module rules for matching and means.
    """
    if answers.empty:
        return pd.DataFrame(columns=MAP_COLUMNS)
    shown: dict[str, str] = {}
    people: dict[str, dict[object, dict[str, list[int]]]] = {}  # key -> pid -> ratings
    places: dict[str, dict[str, str]] = {}  # key -> place key -> first spelling
    roles: dict[str, list[str]] = {}
    for _, answer in question_values(answers, question_id).iterrows():
        items = answer["value"] if isinstance(answer["value"], list) else []
        for item in items:
            name = plain_text(item.get("initiative")) if isinstance(item, dict) else ""
            if not name:
                continue
            key = initiative_key(name)
            shown.setdefault(key, name)
            mine = people.setdefault(key, {}).setdefault(
                answer["participant_id"], {"energy": [], "friction": []}
            )
            for field in ("energy", "friction"):
                score = _rating(item.get(field))
                if score is not None:
                    mine[field].append(score)
            place = plain_text(item.get("place"))
            if place:
                places.setdefault(key, {}).setdefault(initiative_key(place), place)
            role = answer["role"]
            if isinstance(role, str) and role and role not in roles.setdefault(key, []):
                roles[key].append(role)
    rows = []
    for key, name in shown.items():
        means = {}
        for field in ("energy", "friction"):
            own = [_mean(r[field]) for r in people[key].values() if r[field]]
            means[field] = _mean(own)
        found = places.get(key, {})
        rows.append(
            {
                "initiative": name,
                "mentions": len(people[key]),
                "energy": means["energy"],
                "friction": means["friction"],
                "places": [found[k] for k in sorted(found)],
                "roles": list(roles.get(key, [])),
                "quadrant": quadrant(means["energy"], means["friction"]),
            }
        )
    table = pd.DataFrame(rows, columns=MAP_COLUMNS).astype(
        {"mentions": int, "energy": float, "friction": float}
    )
    table["quadrant"] = pd.Series([row["quadrant"] for row in rows], dtype=object)
    return table.sort_values("mentions", ascending=False, kind="stable").reset_index(drop=True)


def initiatives_to_join(data: pd.DataFrame, min_energy: float = MIN_ENERGY) -> pd.DataFrame:
    """The initiatives with a mean energy of at least ``min_energy``, best to join first.

    ``data`` is the output of ``energy_map_data``. Ordered by energy (highest first), then
    mentions (most first), then friction (lowest first, unrated last). The ``quadrant``
    column is kept (and added when missing).
    """
    if data.empty:
        return pd.DataFrame(columns=list(data.columns) or MAP_COLUMNS)
    table = data.copy()
    if "quadrant" not in table.columns:
        codes = [quadrant(e, f) for e, f in zip(table["energy"], table["friction"], strict=True)]
        table["quadrant"] = pd.Series(codes, index=table.index, dtype=object)
    table = table[table["energy"] >= min_energy]  # NaN compares False: unrated is left out
    table = table.assign(_friction=table["friction"].fillna(math.inf))
    table = table.sort_values(
        ["energy", "mentions", "_friction"], ascending=[False, False, True], kind="stable"
    )
    return table.drop(columns="_friction").reset_index(drop=True)


def ways_to_work_differently(
    answers: pd.DataFrame, question_id: str = "work_differently"
) -> pd.DataFrame:
    """What we would have to do differently: pseudonym, role, text (non-empty, trimmed).

    In order of the answers.
    """
    columns = ["pseudonym", "role", "text"]
    if answers.empty:
        return pd.DataFrame(columns=columns)
    part = question_values(answers, question_id)
    rows = [
        {"pseudonym": pseudonym, "role": role, "text": text.strip()}
        for pseudonym, role, text in part[["pseudonym", "role", "value"]].values
        if isinstance(text, str) and text.strip()
    ]
    return pd.DataFrame(rows, columns=columns)
