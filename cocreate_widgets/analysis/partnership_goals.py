"""Partnership step 2 (seed 004): from proposed ambitions to a vote, priorities and goals.

The rules, in plain words:

- **Merging proposals.** Two proposed ambitions are the same when their texts are equal after
  trimming, joining runs of spaces into one, dropping full stops, exclamation marks and
  ellipses at the end, and ignoring upper and lower case and accents ("Eén plan." and
  " één  plan" are one ambition). The text shown is the first one typed. ``count`` is the number of different
  participants who proposed it.
- **The vote.** ``vote_question_set`` writes the merged ambitions into the vote question of
  the ``ambition_vote`` exercise, most proposed first, at most ``MAX_OPTIONS`` of them. Option
  ids are made from the text: accents dropped, lower case, every other character becomes
  ``_``, at most ``ID_LENGTH`` characters, and ``_2``, ``_3`` ... added where two would be equal.
- **Priorities.** Points (allocation) or dots (dot voting) are added up per ambition.
  ``supporters`` counts the participants who gave it at least one point. Equal totals share
  a rank, and the next rank skips (1, 2, 2, 4). ``share`` is the part of all points given.
- **Top ambitions.** The first ``n`` by rank; an ambition tied with the last one kept is kept
  too, so the cut never splits a tie. An ambition without any points is never a top ambition.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any, Literal

import pandas as pd

from .frames import question_values
from .summaries import totals

Method = Literal["allocation", "dot_voting"]
METHODS: tuple[str, ...] = ("allocation", "dot_voting")
# A question has at most this many options (the exercise format's limit).
MAX_OPTIONS = 50
# Room is left after the id for a "_2" suffix; ids may be 64 characters at most.
ID_LENGTH = 40
GOAL_FIELDS: tuple[str, ...] = ("what", "measure", "target", "by_when", "owner")

_TRAILING = re.compile(r"[\s.!…]+$")
_NOT_ID = re.compile(r"[^a-z0-9]+")


def _without_accents(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize("NFC", "".join(c for c in plain if not unicodedata.combining(c)))


def merge_key(text: Any) -> str:
    """The form two texts are compared in: trimmed, single spaces, no final stop, no case, no accents."""
    if not isinstance(text, str):
        return ""
    text = " ".join(text.split())
    return _without_accents(_TRAILING.sub("", text)).casefold()


def safe_id(text: str, taken: set[str] | None = None) -> str:
    """An option id made from ``text`` (a–z, 0–9, ``_``), unique among ``taken`` (which grows)."""
    plain = _without_accents(str(text)).lower()
    base = _NOT_ID.sub("_", plain).strip("_")[:ID_LENGTH].rstrip("_") or "option"
    taken = taken if taken is not None else set()
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}_{number}"
    taken.add(candidate)
    return candidate


def proposed_ambitions(
    frame: pd.DataFrame,
    question_id: str,
    ambition_field: str = "ambition",
    benefit_field: str = "brings_patient",
) -> pd.DataFrame:
    """One row per proposed ambition, similar ones merged, most proposed first.

    ``question_id`` is a ``repeating_list`` whose items hold ``ambition_field`` and
    ``benefit_field``. Columns: ``ambition`` (as first typed), ``key`` (the merge form),
    ``brings_patient`` (the different benefits, one per line), ``proposed_by`` (pseudonyms,
    comma-separated, in order of arrival) and ``count`` (number of different proposers).
    Ties keep the order in which ambitions first appeared.
    """
    columns = ["ambition", "key", "brings_patient", "proposed_by", "count"]
    merged: dict[str, dict[str, Any]] = {}
    for _, row in question_values(frame, question_id).iterrows():
        items = row["value"] if isinstance(row["value"], list) else []
        who = row.get("pseudonym")
        who = who if isinstance(who, str) and who else "—"
        person = row.get("participant_id")
        person = who if person is None or pd.isna(person) else person
        for item in items:
            if not isinstance(item, Mapping):
                continue
            text = item.get(ambition_field)
            key = merge_key(text)
            if not key:
                continue
            entry = merged.setdefault(
                key,
                {"ambition": " ".join(text.split()), "benefits": [], "names": [], "people": []},
            )
            benefit = item.get(benefit_field)
            benefit = " ".join(benefit.split()) if isinstance(benefit, str) else ""
            if benefit and benefit not in entry["benefits"]:
                entry["benefits"].append(benefit)
            if person not in entry["people"]:
                entry["people"].append(person)
                entry["names"].append(who)
    rows = [
        {
            "ambition": entry["ambition"],
            "key": key,
            "brings_patient": "\n".join(entry["benefits"]),
            "proposed_by": ", ".join(entry["names"]),
            "count": len(entry["people"]),
        }
        for key, entry in merged.items()
    ]
    table = pd.DataFrame(rows, columns=columns)
    table["count"] = table["count"].astype(int)
    return table.sort_values("count", ascending=False, kind="stable").reset_index(drop=True)


def vote_question_set(
    base: Mapping[str, Any],
    ambitions: pd.DataFrame,
    method: Method = "allocation",
    *,
    question_id: str = "priority",
    text_column: str = "ambition",
    total: int = 100,
    dots: int = 3,
    max_per_option: int | None = None,
) -> dict[str, Any]:
    """A copy of the ``ambition_vote`` question set whose vote question offers ``ambitions``.

    ``base`` is ``Exercise.to_dict()`` of the vote exercise; it is not changed. Each option's
    label is the ambition text as typed, the same in every language of the exercise.
    ``method`` makes the vote an allocation of ``total`` points or a dot vote of ``dots``
    dots (at most ``max_per_option`` on one ambition). Raises ``ValueError`` for an unknown
    method, a missing question, or fewer than two ambitions.
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, not {method!r}")
    texts = [
        " ".join(t.split())
        for t in ambitions.get(text_column, [])
        if isinstance(t, str) and t.strip()
    ][:MAX_OPTIONS]
    if len(texts) < 2:
        raise ValueError("a vote needs at least two ambitions")
    result = copy.deepcopy(dict(base))
    languages = list(result.get("languages") or ("nl", "en"))
    taken: set[str] = set()
    options = [
        {"id": safe_id(text, taken), "label": dict.fromkeys(languages, text)} for text in texts
    ]
    for question in result.get("questions", []):
        if question["id"] != question_id:
            continue
        for key in ("total", "dots", "max_per_option"):
            question.pop(key, None)
        question["type"] = method
        question["options"] = options
        if method == "allocation":
            question["total"] = int(total)
        else:
            question["dots"] = int(dots)
            if max_per_option is not None:
                question["max_per_option"] = int(max_per_option)
        return result
    raise ValueError(f"the question set has no question {question_id!r}")


def prioritise(
    frame: pd.DataFrame,
    question_id: str,
    option_ids: Sequence[str],
    method: Method = "allocation",
    labels: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Points (or dots) per ambition, its supporters, rank (ties share a rank) and share.

    Columns: ``option_id``, ``label`` (from ``labels``, else the id), ``points``,
    ``supporters``, ``rank`` (1 is first; equal points share the lowest rank) and ``share``
    (of all points given; 0 when nobody voted). Every option appears, also one nobody
    chose. Sorted by rank, ties in the order of ``option_ids``.
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, not {method!r}")
    ids = list(option_ids)
    points = totals(frame, question_id, ids).reindex(ids).fillna(0).astype(int)
    supporters = pd.Series(0, index=ids, dtype=int)
    for value in question_values(frame, question_id)["value"]:
        if not isinstance(value, Mapping):
            continue
        for option, given in value.items():
            if option in supporters.index and int(given or 0) > 0:
                supporters[option] += 1
    grand_total = int(points.sum())
    table = pd.DataFrame(
        {
            "option_id": ids,
            "label": [(labels or {}).get(i, i) for i in ids],
            "points": points.to_numpy(),
            "supporters": supporters.to_numpy(),
        }
    )
    table["rank"] = table["points"].rank(method="min", ascending=False).astype(int)
    table["share"] = table["points"] / grand_total if grand_total else 0.0
    table.attrs["method"] = method
    return table.sort_values("rank", kind="stable").reset_index(drop=True)


def top_ambitions(priorities: pd.DataFrame, n: int = 3) -> pd.DataFrame:
    """The ``n`` ambitions ranked highest, plus any tied with the last one; none without points."""
    scored = priorities[priorities["points"] > 0].sort_values("rank", kind="stable")
    if n <= 0 or scored.empty:
        return scored.iloc[0:0].reset_index(drop=True)
    cut = scored["rank"].iloc[min(n, len(scored)) - 1]
    return scored[scored["rank"] <= cut].reset_index(drop=True)


def goals_from_ambitions(top: pd.DataFrame, text_column: str = "label") -> pd.DataFrame:
    """One goal row per chosen ambition: ``what`` filled in, the other goal fields empty.

    The columns are the fields of the ``goal`` record kind (``GOAL_FIELDS``); the group
    completes them. ``rows.to_dict("records")`` gives the data of each record.
    """
    whats = [t for t in top.get(text_column, []) if isinstance(t, str)]
    rows = [{**dict.fromkeys(GOAL_FIELDS, ""), "what": text} for text in whats]
    return pd.DataFrame(rows, columns=list(GOAL_FIELDS))


__all__ = [
    "GOAL_FIELDS",
    "MAX_OPTIONS",
    "goals_from_ambitions",
    "merge_key",
    "prioritise",
    "proposed_ambitions",
    "safe_id",
    "top_ambitions",
    "vote_question_set",
]
