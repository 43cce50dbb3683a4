"""Needs in view, wave after wave (Kern Konsult, "recept": communities for person-centred care).

Exercise ``needs_survey``: per life area (``AREAS``) the need for support ``need_<area>``
(1 = no support needed … 5 = a lot) and a short text ``note_<area>``; the stage of life
``phase`` (single choice); and ``top_needs``, the (at most three) needs that weigh most,
chosen from the need list (the question's options). The core team's choices are records
of kind ``priority_need`` (need, decision ``chosen``/``set_aside``, wave, note).

The rules, in plain words:

- **Per group** (``needs_by_group``): the groups are sides, roles or stages of life. A
  group of fewer than ``MIN_GROUP_SIZE`` (3) people is never shown on its own: all such
  groups are merged into one row ``MERGED``; if that row still has fewer than three people,
  its means are NaN (``shown`` False). A rating counts when it is a whole number 1–5.
- **Share** of a need (``need_shares``): the people who chose it divided by everyone who
  answered ``top_needs`` in that wave.
- **Wave comparison** (``compare_waves``): per item the value before and after and the
  change. A need missing from one wave's list counts as not chosen there; a wave where
  nobody answered (share NaN) cannot be compared (``unknown``). ``new``: not chosen before
  and chosen now; ``gone``: chosen before,
  not now; ``rose`` / ``fell``: a change of at least ``threshold`` up or down; else
  ``steady``. An area nobody rated in one of the waves is ``unknown``.
- **Comes back** (``needs_coming_back``): a need the core team set aside in an earlier
  wave (a ``priority_need`` record with ``set_aside`` and a wave before the current one,
  not chosen since) that is ``new`` or ``rose`` now. A record's need matches an option by
  its id or its label (case and spaces ignored); its wave is the first whole number in the
  text ("ronde 1" is wave 1); a record without a wave number is not used.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence

import pandas as pd

from .frames import plain_text, question_values, rating
from .summaries import MIN_GROUP_SIZE

AREAS = ("health", "family", "work", "social", "life_phase", "matters_most")
GROUPINGS = ("side", "role", "phase")
MERGED = "merged"
UNKNOWN = "unknown"
SHARE_THRESHOLD = 0.15
MEAN_THRESHOLD = 0.5
TRENDS = ("new", "rose", "fell", "gone", "steady", "unknown")
COMPARISON_COLUMNS = ["item", "before", "after", "change", "trend"]


def _person_groups(answers: pd.DataFrame, by: str) -> dict:
    """participant id -> group (their side, role, or the stage of life they chose)."""
    if by not in GROUPINGS:
        raise ValueError(f"by must be one of {GROUPINGS}, not {by!r}")
    people = answers.drop_duplicates("participant_id")
    if by == "phase":
        phases = question_values(answers, "phase")
        chosen = dict(zip(phases["participant_id"], phases["value"], strict=True))
        return {pid: chosen.get(pid, UNKNOWN) for pid in people["participant_id"]}
    return {
        pid: (group if isinstance(group, str) and group else UNKNOWN)
        for pid, group in zip(people["participant_id"], people[by], strict=True)
    }


def _area_ratings(answers: pd.DataFrame, areas: Sequence[str]) -> dict:
    """participant id -> {area: rating} for the valid ratings."""
    ratings: dict = {}
    for area in areas:
        part = question_values(answers, f"need_{area}")
        for pid, value in zip(part["participant_id"], part["value"], strict=True):
            score = rating(value, 1, 5)
            if score is not None:
                ratings.setdefault(pid, {})[area] = score
    return ratings


def needs_by_group(
    answers: pd.DataFrame, by: str = "side", areas: Sequence[str] = AREAS
) -> pd.DataFrame:
    """One row per group: group, n (people who rated any area), the mean need per area,
    shown. Small groups are merged into ``MERGED`` (see the module rules); groups in order
    of first appearance, the merged row last."""
    columns = ["group", "n", *areas, "shown"]
    if answers.empty:
        return pd.DataFrame(columns=columns)
    groups = _person_groups(answers, by)
    ratings = _area_ratings(answers, areas)
    members: dict[str, list] = {}
    for pid in ratings:
        members.setdefault(groups.get(pid, UNKNOWN), []).append(pid)
    merged = [pid for people in members.values() if len(people) < MIN_GROUP_SIZE for pid in people]
    kept = {g: people for g, people in members.items() if len(people) >= MIN_GROUP_SIZE}
    if merged:
        kept[MERGED] = merged
    rows = []
    for group, people in kept.items():
        shown = len(people) >= MIN_GROUP_SIZE
        row: dict = {"group": group, "n": len(people), "shown": shown}
        for area in areas:
            scores = [ratings[pid][area] for pid in people if area in ratings[pid]]
            row[area] = sum(scores) / len(scores) if scores and shown else math.nan
        rows.append(row)
    return pd.DataFrame(rows, columns=columns).astype({"n": int, "shown": bool})


def area_means(answers: pd.DataFrame, areas: Sequence[str] = AREAS) -> pd.DataFrame:
    """Per area: n (valid ratings) and mean need (NaN when nobody rated it)."""
    ratings = _area_ratings(answers, areas) if not answers.empty else {}
    rows = []
    for area in areas:
        scores = [r[area] for r in ratings.values() if area in r]
        rows.append(
            {
                "area": area,
                "n": len(scores),
                "mean": sum(scores) / len(scores) if scores else math.nan,
            }
        )
    return pd.DataFrame(rows, columns=["area", "n", "mean"]).astype({"n": int})


def need_shares(
    answers: pd.DataFrame, need_ids: Sequence[str], question_id: str = "top_needs"
) -> pd.DataFrame:
    """Per need (in the order given): chosen (people), respondents, share (0–1; NaN when
    nobody answered). Ids outside ``need_ids`` are ignored."""
    part = question_values(answers, question_id) if not answers.empty else answers
    chosen_by: dict[str, set] = {need: set() for need in need_ids}
    respondents = set()
    for pid, value in zip(part.get("participant_id", []), part.get("value", []), strict=True):
        if not isinstance(value, list):
            continue
        respondents.add(pid)
        for need in value:
            if need in chosen_by:
                chosen_by[need].add(pid)
    total = len(respondents)
    rows = [
        {
            "need": need,
            "chosen": len(people),
            "respondents": total,
            "share": len(people) / total if total else math.nan,
        }
        for need, people in chosen_by.items()
    ]
    return pd.DataFrame(rows, columns=["need", "chosen", "respondents", "share"]).astype(
        {"chosen": int, "respondents": int}
    )


def _trend(before: float, after: float, threshold: float, chosen: bool) -> str:
    if math.isnan(before) or math.isnan(after):
        return "unknown"
    if chosen and before == 0 and after > 0:
        return "new"
    if chosen and before > 0 and after == 0:
        return "gone"
    change = after - before
    if change >= threshold - 1e-9:
        return "rose"
    if change <= -threshold + 1e-9:
        return "fell"
    return "steady"


def compare_waves(
    before: pd.DataFrame,
    after: pd.DataFrame,
    *,
    key: str = "need",
    value: str = "share",
    threshold: float = SHARE_THRESHOLD,
    chosen: bool = True,
) -> pd.DataFrame:
    """Item, before, after, change (after − before) and trend (see the module rules).

    ``before`` and ``after`` are tables with a ``key`` and a ``value`` column, e.g. two
    ``need_shares`` (``chosen=True``: a need can be new or gone) or two ``area_means``
    (``key="area", value="mean", threshold=MEAN_THRESHOLD, chosen=False``). Items in the
    order of ``after``, then those only in ``before``.
    """
    if threshold <= 0:
        raise ValueError("threshold must be more than 0")
    old = dict(zip(before[key], before[value].astype(float), strict=True)) if len(before) else {}
    new = dict(zip(after[key], after[value].astype(float), strict=True)) if len(after) else {}
    rows = []
    for item in list(dict.fromkeys([*new, *old])):
        b, a = old.get(item, math.nan), new.get(item, math.nan)
        if chosen:  # a need missing from one wave's list was not chosen there
            b = 0.0 if item not in old and not math.isnan(a) else b
            a = 0.0 if item not in new and not math.isnan(b) else a
        rows.append(
            {
                "item": item,
                "before": b,
                "after": a,
                "change": a - b,
                "trend": _trend(b, a, threshold, chosen),
            }
        )
    return pd.DataFrame(rows, columns=COMPARISON_COLUMNS)


def _key(text: object) -> str:
    return plain_text(text).casefold()


def wave_number(text: object) -> int | None:
    """The first whole number in a wave text ("2", "ronde 2" → 2); None without one."""
    if isinstance(text, bool):
        return None
    if isinstance(text, int):
        return text
    found = re.search(r"\d+", str(text) if text is not None else "")
    return int(found.group()) if found else None


def need_id(text: object, labels: Mapping[str, str]) -> str | None:
    """The need option id a record's text names (its id or its label); None if none."""
    wanted = _key(text)
    for option, label in labels.items():
        if wanted in (_key(option), _key(label)):
            return option
    return None


def priority_history(priorities: pd.DataFrame, labels: Mapping[str, str]) -> pd.DataFrame:
    """The core team's choices as need (option id, or the text when it names no option),
    decision, wave (number or None), note — oldest wave first."""
    columns = ["need", "decision", "wave", "note"]
    if priorities.empty or "need" not in priorities.columns:
        return pd.DataFrame(columns=columns)
    table = priorities.reindex(columns=columns)
    rows = [
        {
            "need": need_id(row["need"], labels) or plain_text(row["need"]),
            "decision": row["decision"] if isinstance(row["decision"], str) else "",
            "wave": wave_number(row["wave"]),
            "note": plain_text(row["note"]),
        }
        for row in table.to_dict("records")
    ]
    history = pd.DataFrame(rows, columns=columns)
    order = history["wave"].map(lambda w: math.inf if w is None else w)
    return history.assign(_o=order).sort_values("_o", kind="stable").drop(columns="_o")


def set_aside_before(history: pd.DataFrame, wave: int) -> list[str]:
    """Needs whose latest choice before ``wave`` was ``set_aside`` (in history order)."""
    latest: dict[str, str] = {}
    for row in history.to_dict("records"):
        if row["wave"] is not None and row["wave"] < wave:
            latest[row["need"]] = row["decision"]
    return [need for need, decision in latest.items() if decision == "set_aside"]


def needs_coming_back(
    comparison: pd.DataFrame,
    priorities: pd.DataFrame,
    wave: int,
    labels: Mapping[str, str],
) -> pd.DataFrame:
    """The needs set aside before ``wave`` that are ``new`` or ``rose`` now: the rows of
    ``comparison`` (a need comparison) with the note of the earlier choice."""
    history = priority_history(priorities, labels)
    aside = set_aside_before(history, wave)
    back = comparison[
        comparison["item"].isin(aside) & comparison["trend"].isin(["new", "rose"])
    ].copy()
    notes = {
        row["need"]: row["note"]
        for row in history.to_dict("records")
        if row["decision"] == "set_aside" and row["wave"] is not None and row["wave"] < wave
    }
    back["earlier_note"] = back["item"].map(lambda n: notes.get(n, ""))
    return back.reset_index(drop=True)


def priority_suggestions(
    shares: pd.DataFrame, labels: Mapping[str, str], wave: int, count: int = 3
) -> pd.DataFrame:
    """The ``count`` most chosen needs as ``priority_need`` rows (need label, decision
    ``chosen``, wave); ties keep the order of the need list; needs nobody chose are left
    out."""
    columns = ["need", "decision", "wave"]
    if shares.empty:
        return pd.DataFrame(columns=columns)
    top = shares[shares["chosen"] > 0].sort_values("chosen", ascending=False, kind="stable")
    rows = [
        {"need": labels.get(need, need), "decision": "chosen", "wave": str(wave)}
        for need in top["need"].head(count)
    ]
    return pd.DataFrame(rows, columns=columns)


def wave_pair(waves: Mapping[int, pd.DataFrame]) -> tuple[int | None, int | None]:
    """The wave before the latest and the latest wave (None where there is none)."""
    numbers = sorted(waves)
    latest = numbers[-1] if numbers else None
    previous = numbers[-2] if len(numbers) > 1 else None
    return previous, latest


def needs_wave_comparison(
    waves: Mapping[int, pd.DataFrame],
    need_ids: Sequence[str],
    threshold: float = SHARE_THRESHOLD,
) -> pd.DataFrame:
    """``compare_waves`` of the need shares of the latest wave against the one before
    (``waves`` as ``Workbook.answers_by_wave()``); empty with fewer than two waves."""
    previous, latest = wave_pair(waves)
    if previous is None or latest is None:
        return pd.DataFrame(columns=COMPARISON_COLUMNS)
    return compare_waves(
        need_shares(waves[previous], need_ids),
        need_shares(waves[latest], need_ids),
        threshold=threshold,
    )
