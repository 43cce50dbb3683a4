"""Find your ideal partner (King's Fund, *Patients as partners*, 2016), and trios for
"Leadership and collaborative relationships".

The rules, in plain words:

- **Profile.** Everyone who answered the themes question (``themes``, a multiple choice)
  takes part, also with an empty choice; their themes are the chosen option ids.
- **Who may pair.** Someone of the patient side (patient, relative) pairs with any
  professional (care providers and other professionals). Two professionals pair when their
  roles (professions) differ: a doctor with a nurse or a manager, never two nurses. Two of
  the patient side never pair. Someone whose side is none of these pairs with nobody.
- **The best pairing.** As many people as possible get a partner. Among those pairings, the
  one with the most shared themes in total; among equals, the one with the most
  patient-side-with-professional pairs. This is a maximum-weight matching of maximum
  cardinality (networkx, Edmonds' blossom algorithm), with integer weights
  ``1 + cross + shared * K``: ``cross`` is 1 for a patient-side-with-professional pair and
  ``K`` is more than the number of possible pairs, so no number of cross pairs outweighs a
  single shared theme.
- **Big rooms.** Up to ``FULL_GRAPH_MAX`` people the matching looks at every allowed pair
  and is exact. Above that it would be too slow (200 people: over a second; 1,000: minutes),
  so the candidate pairs are thinned. Each person keeps their ``CANDIDATES`` best
  candidates: the most alike in themes (shared themes out of all themes the two chose, so
  somebody with one theme looks first at others with few themes and leaves those with many
  to each other), then patient-side-with-professional; each professional also keeps their
  ``CROSS_CANDIDATES`` best candidates of the patient side; a pair stays when either of the
  two kept it. On top come the pairs of one pairing with the most pairs the rule allows
  (built directly, see ``max_pairs``), so thinning never costs a pair. The best pairing over
  these candidates is exact; it may miss a better total of shared themes over all pairs (on
  random rooms of 200 and 1,000 it did not).
- **Nobody left over without a reason.** Who is not in a group gets a reason code:
  ``only_patient_side`` (of the patient side, and no professional is present),
  ``same_profession_only`` (a professional, and everybody else present is of their
  profession and no patient side is present), ``unknown_side`` (a side nobody pairs with) or
  ``odd_one_out`` (people they could pair with are present, but all are taken). For the odd
  one out, the suggested group is the one where they may pair with somebody and share the
  most of their themes with the members (a pair before a trio, then the lowest number).
- **Groups.** Groups are lists of participant ids, numbered from 1 in list order. The
  facilitator may swap people, add someone to a group (a trio), or take someone out; a group
  left with one member is dissolved (the later groups move up one number). A pair shares the
  themes both chose; a group of three or more the themes at least two members chose. A group
  fits the rule when every member may pair with at least one other member.
- **Agreement.** The partnership agreement is filled in per group (one phone may do):
  per question the answers of any member; a group is complete when every question has at
  least one answer.
- **Trios.** For "Leadership and collaborative relationships" a trio is one clinician, one
  manager and one partner (``TRIO_PLACES``: which role fills which place; a role in no place
  is not placed). There are as many trios as the scarcest place allows. Among those, the
  trios are chosen so that in each trio somebody is strong at each skill: the total, over
  the trios, of the highest self-rating (1-5) in the trio per skill is as high as possible.
  With at most ``MAX_EXACT_TRIPLES`` possible trios this is solved exactly (an integer
  programme over all possible trios, ``scipy.optimize.milp``); otherwise in two exact
  assignment stages (``scipy.optimize.linear_sum_assignment``): first clinicians with
  managers, then each pair with a partner, which may be slightly below the best total (also
  when the integer programme takes longer than ``MILP_SECONDS``).
  Whoever is not placed gets ``no_place_for_role`` or ``short_of_<place>`` naming the place
  that ran out.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

import networkx as nx
import numpy as np
import pandas as pd
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, linear_sum_assignment, milp

from .frames import question_values
from .leadership import SKILLS  # the five skills of shared leadership, rated 1-5

PATIENT_SIDE = "patient_side"
PROFESSIONAL_SIDES = ("care_providers", "other_professionals")
FULL_GRAPH_MAX = 120
CANDIDATES = 12
CROSS_CANDIDATES = 4
PROFILE_COLUMNS = ["participant_id", "pseudonym", "role", "side", "themes"]
GROUP_COLUMNS = [
    "group",
    "members",
    "pseudonyms",
    "roles",
    "shared",
    "n_shared",
    "nothing_in_common",
    "fits_rule",
]
UNMATCHED_COLUMNS = ["participant_id", "pseudonym", "role", "side", "reason", "suggested_group"]
UNMATCHED_REASONS = ("only_patient_side", "same_profession_only", "unknown_side", "odd_one_out")

TRIO_PLACES: Mapping[str, Sequence[str]] = {
    "clinician": ("doctor", "nurse", "other_care"),
    "manager": ("manager", "coordinator"),
    "partner": ("patient", "relative", "municipality"),
}
MAX_EXACT_TRIPLES = 20_000
MILP_SECONDS = 10.0
UNPLACED_COLUMNS = ["participant_id", "pseudonym", "role", "place", "reason"]
TRIO_COLUMNS = [
    "group",
    "members",
    "pseudonyms",
    "roles",
    "coverage",
    "complementarity",
    "weakest_skill",
]


# --- who may pair -------------------------------------------------------------------------


def _pair_class(role: object, side: object) -> str | None:
    """People of one class never pair; people of different classes always do."""
    if side == PATIENT_SIDE:
        return PATIENT_SIDE
    if side in PROFESSIONAL_SIDES:
        return f"role:{role}"
    return None


def can_pair(a_role: str, a_side: str, b_role: str, b_side: str) -> bool:
    """Whether two people may be partners (see the rules in the module docstring)."""
    a, b = _pair_class(a_role, a_side), _pair_class(b_role, b_side)
    return a is not None and b is not None and a != b


def _int_id(value: Any) -> Any:
    return int(value) if isinstance(value, int | np.integer) else value


def _themes(value: object) -> list[str]:
    if isinstance(value, str):
        items: list[object] = [value] if value else []
    elif isinstance(value, list | tuple | set | frozenset | np.ndarray):
        items = list(value)
    else:
        items = []
    return sorted({str(item) for item in items if item is not None and item != ""})


def partner_profiles(answers: pd.DataFrame, theme_question: str = "themes") -> pd.DataFrame:
    """One row per participant who answered the themes question, sorted by participant_id.

    Columns: participant_id, pseudonym, role, side, themes (sorted list of option ids; an
    empty choice counts as an answer). With several answers, the last one counts.
    """
    if answers.empty:
        return pd.DataFrame(columns=PROFILE_COLUMNS)
    part = answers[answers["question_id"] == theme_question]
    given = part["value"].map(lambda v: isinstance(v, list | tuple | set | np.ndarray | str))
    part = part.loc[given.astype(bool)].drop_duplicates("participant_id", keep="last")
    table = part[["participant_id", "pseudonym", "role", "side"]].copy()
    table["themes"] = [_themes(v) for v in part["value"]]
    table = table.sort_values("participant_id", kind="stable").reset_index(drop=True)
    return table[PROFILE_COLUMNS]


# --- matching ------------------------------------------------------------------------------


def _people(profiles: pd.DataFrame) -> pd.DataFrame:
    if profiles.empty:
        return pd.DataFrame(columns=PROFILE_COLUMNS)
    return profiles.sort_values("participant_id", kind="stable").reset_index(drop=True)


def max_pairs(profiles: pd.DataFrame) -> int:
    """The most pairs the rule allows among these people (whatever their themes).

    People who may pair form classes (the patient side; each profession) where everybody pairs
    with everybody outside their own class. With ``n`` such people and the largest class of
    ``m``, that is ``n - m`` pairs when ``m >= n - m``, else ``n // 2``.
    """
    people = _people(profiles)
    classes = Counter(
        c for c in map(_pair_class, people.get("role", []), people.get("side", [])) if c is not None
    )
    n = sum(classes.values())
    largest = max(classes.values(), default=0)
    return n - largest if largest >= n - largest else n // 2


class _Room(NamedTuple):
    """The matching's view of the people: n x n arrays, plus each person's class code."""

    code: np.ndarray  # class per person (-1: pairs with nobody)
    compatible: np.ndarray  # may pair
    cross: np.ndarray  # may pair, one of the patient side and one professional
    shared: np.ndarray  # themes both chose (the diagonal: how many one chose)
    professional: np.ndarray  # per person


def _room(people: pd.DataFrame) -> _Room:
    classes = [_pair_class(r, s) for r, s in zip(people["role"], people["side"], strict=True)]
    codes = {c: i for i, c in enumerate(dict.fromkeys(c for c in classes if c is not None))}
    code = np.array([codes.get(c, -1) for c in classes], dtype=int)
    valid = code >= 0
    compatible = (code[:, None] != code[None, :]) & valid[:, None] & valid[None, :]
    patient = np.array([c == PATIENT_SIDE for c in classes], dtype=bool)
    cross = compatible & (patient[:, None] != patient[None, :])
    theme_ids = sorted({t for themes in people["themes"] for t in _themes(themes)})
    column = {t: j for j, t in enumerate(theme_ids)}
    chosen = np.zeros((len(people), max(len(theme_ids), 1)), dtype=np.int64)
    for i, themes in enumerate(people["themes"]):
        for t in _themes(themes):
            chosen[i, column[t]] = 1
    return _Room(code, compatible, cross, chosen @ chosen.T, valid & ~patient)


def _backbone(code: np.ndarray) -> list[tuple[int, int]]:
    """One pairing with the most pairs the rule allows (see ``max_pairs``), by position.

    Classes in a line, largest first. When the largest class holds at least half, each of
    the others pairs with one of it; otherwise position i pairs with i + n // 2, which always
    lies in another class as no class is longer than n // 2.
    """
    members: dict[int, list[int]] = {}
    for i, c in enumerate(code.tolist()):
        if c >= 0:
            members.setdefault(c, []).append(i)
    ordered = sorted(members.values(), key=lambda m: (-len(m), m[0]))
    line = [i for m in ordered for i in m]
    n = len(line)
    largest = len(ordered[0]) if ordered else 0
    if largest >= n - largest:
        return list(zip(line[:largest], line[largest:], strict=False))
    half = n // 2
    return [(line[i], line[i + half]) for i in range(half)]


def _top(key: np.ndarray, k: int) -> list[tuple[int, int]]:
    """Per row, the columns of the k largest non-negative keys."""
    n = key.shape[0]
    if k >= n:
        rows, cols = np.nonzero(key >= 0)
        return list(zip(rows.tolist(), cols.tolist(), strict=True))
    best = np.argpartition(-key, k - 1, axis=1)[:, :k]
    rows = np.repeat(np.arange(n), k)
    cols = best.ravel()
    keep = key[rows, cols] >= 0
    return list(zip(rows[keep].tolist(), cols[keep].tolist(), strict=True))


def _candidate_edges(room: _Room, k: int | None, backbone: bool = True) -> list[tuple[int, int]]:
    """All allowed pairs (k None), or the thinned candidates (see the module docstring)."""
    n = room.compatible.shape[0]
    if k is None:
        rows, cols = np.nonzero(np.triu(room.compatible, 1))
        return list(zip(rows.tolist(), cols.tolist(), strict=True))
    idx = np.arange(n)
    spread = n - 1 - (idx[None, :] - idx[:, None]) % n  # ties: the next ids round the circle
    size = np.diag(room.shared)
    union = size[:, None] + size[None, :] - room.shared
    likeness = (room.shared * 1000) // np.maximum(union, 1)  # Jaccard, in thousandths
    key = np.where(room.compatible, (likeness * 2 + room.cross) * n + spread, -1)
    chosen = set()
    for a, b in _top(key, k):
        chosen.add((min(a, b), max(a, b)))
    cross_key = np.where(room.cross, key, -1)
    cross_key[~room.professional] = -1
    for a, b in _top(cross_key, CROSS_CANDIDATES):
        chosen.add((min(a, b), max(a, b)))
    if backbone:
        chosen.update((min(a, b), max(a, b)) for a, b in _backbone(room.code))
    return sorted(chosen)


def _weights(room: _Room) -> np.ndarray:
    n = room.code.shape[0]
    return 1 + room.cross.astype(np.int64) + room.shared * (n // 2 + 2)


def _matching(room: _Room, edges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    weight = _weights(room)
    graph = nx.Graph()
    graph.add_nodes_from(range(room.code.shape[0]))
    graph.add_weighted_edges_from((a, b, int(weight[a, b])) for a, b in edges)
    return sorted(
        tuple(sorted(pair)) for pair in nx.max_weight_matching(graph, maxcardinality=True)
    )


def match_partners(
    profiles: pd.DataFrame, *, thin: bool | None = None, candidates: int = CANDIDATES
) -> list[list[int]]:
    """The best pairing: pairs of participant ids, each sorted, sorted by first member.

    Most pairs first, then most shared themes, then most patient-side-with-professional
    pairs. ``thin`` None thins the candidate pairs above ``FULL_GRAPH_MAX`` people; True or
    False forces it. ``candidates`` is the number of candidates each person keeps when thinned.
    """
    people = _people(profiles)
    n = len(people)
    if n < 2:
        return []
    room = _room(people)
    use_thin = n > FULL_GRAPH_MAX if thin is None else thin
    edges = _candidate_edges(room, max(1, candidates) if use_thin else None)
    ids = [_int_id(v) for v in people["participant_id"]]
    return sorted(sorted([ids[a], ids[b]]) for a, b in _matching(room, edges))


# --- groups --------------------------------------------------------------------------------


def _frame(
    rows: list[dict[str, Any]], columns: list[str], keep_none: Sequence[str]
) -> pd.DataFrame:
    """A DataFrame whose ``keep_none`` columns hold Python objects (None, not NaN)."""
    table = pd.DataFrame(rows, columns=columns)
    for column in keep_none:
        table[column] = pd.Series([r[column] for r in rows], index=table.index, dtype=object)
    return table


def _lookup(profiles: pd.DataFrame) -> dict[Any, dict[str, Any]]:
    people = _people(profiles)
    return {
        _int_id(row["participant_id"]): {
            "pseudonym": row.get("pseudonym"),
            "role": row.get("role"),
            "side": row.get("side"),
            "themes": _themes(row.get("themes")),
        }
        for row in people.to_dict("records")
    }


def _shared(theme_lists: Sequence[Sequence[str]]) -> list[str]:
    if len(theme_lists) < 2:
        return []
    counts = Counter(t for themes in theme_lists for t in set(themes))
    need = len(theme_lists) if len(theme_lists) == 2 else 2
    return sorted(t for t, c in counts.items() if c >= need)


def _fits(members: Sequence[dict[str, Any]]) -> bool:
    if len(members) < 2:
        return False
    return all(
        any(
            can_pair(a["role"], a["side"], b["role"], b["side"])
            for j, b in enumerate(members)
            if j != i
        )
        for i, a in enumerate(members)
    )


_NOBODY = {"pseudonym": None, "role": None, "side": None, "themes": []}


def describe_groups(groups: Sequence[Sequence[int]], profiles: pd.DataFrame) -> pd.DataFrame:
    """One row per group: who is in it, the themes they share and whether it fits the rule.

    Columns: group (1-based), members, pseudonyms, roles, shared (sorted theme ids: a pair's
    common themes; for three or more, those at least two chose), n_shared,
    nothing_in_common, fits_rule (every member may pair with at least one other member).
    """
    known = _lookup(profiles)
    rows = []
    for number, group in enumerate(groups, start=1):
        members = [known.get(pid, _NOBODY) for pid in group]
        shared = _shared([m["themes"] for m in members])
        rows.append(
            {
                "group": number,
                "members": list(group),
                "pseudonyms": [m["pseudonym"] for m in members],
                "roles": [m["role"] for m in members],
                "shared": shared,
                "n_shared": len(shared),
                "nothing_in_common": not shared,
                "fits_rule": _fits(members),
            }
        )
    return pd.DataFrame(rows, columns=GROUP_COLUMNS)


def unmatched(groups: Sequence[Sequence[int]], profiles: pd.DataFrame) -> pd.DataFrame:
    """Everyone in ``profiles`` who is in no group, with a reason code and a suggested group.

    Columns: participant_id, pseudonym, role, side, reason (``only_patient_side``,
    ``same_profession_only``, ``unknown_side`` or ``odd_one_out``), suggested_group (for the
    odd one out: the group number to join, or None). Sorted by participant_id.
    """
    known = _lookup(profiles)
    grouped = {pid for group in groups for pid in group}
    classes = Counter(
        c for c in (_pair_class(p["role"], p["side"]) for p in known.values()) if c is not None
    )
    pairable = sum(classes.values())
    rows = []
    for pid, person in known.items():
        if pid in grouped:
            continue
        own = _pair_class(person["role"], person["side"])
        suggested = None
        if own is None:
            reason = "unknown_side"
        elif pairable - classes[own] == 0:
            reason = "only_patient_side" if own == PATIENT_SIDE else "same_profession_only"
        else:
            reason = "odd_one_out"
            suggested = _suggest(person, groups, known)
        rows.append(
            {
                "participant_id": pid,
                "pseudonym": person["pseudonym"],
                "role": person["role"],
                "side": person["side"],
                "reason": reason,
                "suggested_group": suggested,
            }
        )
    return _frame(rows, UNMATCHED_COLUMNS, keep_none=("suggested_group",))


def _suggest(
    person: dict[str, Any], groups: Sequence[Sequence[int]], known: dict[Any, dict[str, Any]]
) -> int | None:
    best: tuple[int, int, int] | None = None
    mine = set(person["themes"])
    for number, group in enumerate(groups, start=1):
        members = [known.get(pid, _NOBODY) for pid in group]
        if not any(can_pair(person["role"], person["side"], m["role"], m["side"]) for m in members):
            continue
        theirs = {t for m in members for t in m["themes"]}
        key = (-len(mine & theirs), len(group), number)
        if best is None or key < best:
            best = key
    return None if best is None else best[2]


def _where(groups: Sequence[Sequence[int]], person_id: int) -> tuple[int, int] | None:
    for g, group in enumerate(groups):
        for i, pid in enumerate(group):
            if pid == person_id:
                return g, i
    return None


def _copy(groups: Sequence[Sequence[int]]) -> list[list[int]]:
    return [list(group) for group in groups]


def swap_members(groups: Sequence[Sequence[int]], a_id: int, b_id: int) -> list[list[int]]:
    """Swap two people between groups; an ungrouped person takes a grouped one's place.

    Raises ValueError ``same_person`` when a and b are one person, ``not_in_a_group`` when
    neither is in a group. Two members of one group: nothing changes.
    """
    if a_id == b_id:
        raise ValueError(f"same_person: {a_id}")
    at_a, at_b = _where(groups, a_id), _where(groups, b_id)
    if at_a is None and at_b is None:
        raise ValueError(f"not_in_a_group: {a_id}, {b_id}")
    new = _copy(groups)
    if at_a is not None:
        new[at_a[0]][at_a[1]] = b_id
    if at_b is not None:
        new[at_b[0]][at_b[1]] = a_id
    return [sorted(group) for group in new]


def join_group(
    groups: Sequence[Sequence[int]], person_id: int, group_number: int
) -> list[list[int]]:
    """An ungrouped person joins group ``group_number`` (1-based): a pair becomes a trio.

    Raises ValueError ``already_grouped`` or ``no_such_group``.
    """
    if _where(groups, person_id) is not None:
        raise ValueError(f"already_grouped: {person_id}")
    if not 1 <= group_number <= len(groups):
        raise ValueError(f"no_such_group: {group_number}")
    new = _copy(groups)
    new[group_number - 1].append(person_id)
    return [sorted(group) for group in new]


def leave_group(groups: Sequence[Sequence[int]], person_id: int) -> list[list[int]]:
    """Take someone out of their group; a group left with one member is dissolved.

    Raises ValueError ``not_in_a_group``.
    """
    at = _where(groups, person_id)
    if at is None:
        raise ValueError(f"not_in_a_group: {person_id}")
    new = _copy(groups)
    del new[at[0]][at[1]]
    return [sorted(group) for group in new if len(group) >= 2]


def agreements_by_group(
    answers: pd.DataFrame, groups: Sequence[Sequence[int]], question_ids: Sequence[str]
) -> pd.DataFrame:
    """The partnership agreement per group: what any member answered to each question.

    Columns: group (1-based), pseudonyms (None for a member without answers), one column per
    question id holding a list of (pseudonym, value) in member order, and complete (every
    question answered by at least one member).
    """
    columns = ["group", "pseudonyms", *question_ids, "complete"]
    names: dict[Any, Any] = {}
    given: dict[str, dict[Any, list[Any]]] = {qid: {} for qid in question_ids}
    if not answers.empty:
        for pid, pseudonym in answers[["participant_id", "pseudonym"]].values:
            names.setdefault(_int_id(pid), pseudonym)
        for qid in question_ids:
            for pid, value in question_values(answers, qid)[["participant_id", "value"]].values:
                given[qid].setdefault(_int_id(pid), []).append(value)
    rows = []
    for number, group in enumerate(groups, start=1):
        row: dict[str, Any] = {
            "group": number,
            "pseudonyms": [names.get(pid) for pid in group],
        }
        for qid in question_ids:
            row[qid] = [(names.get(pid), v) for pid in group for v in given[qid].get(pid, [])]
        row["complete"] = all(row[qid] for qid in question_ids)
        rows.append(row)
    return pd.DataFrame(rows, columns=columns)


# --- trios ---------------------------------------------------------------------------------


def _skill_ids(people: pd.DataFrame) -> list[str]:
    seen = {
        str(k) for skills in people.get("skills", []) if isinstance(skills, Mapping) for k in skills
    }
    return [*SKILLS, *sorted(seen - set(SKILLS))]


def _rating(value: object) -> float:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 0.0
    return number if math.isfinite(number) else 0.0


def _ratings(people: pd.DataFrame, skills: Sequence[str]) -> np.ndarray:
    table = np.zeros((len(people), len(skills)))
    for i, given in enumerate(people.get("skills", [None] * len(people))):
        if isinstance(given, Mapping):
            for j, skill in enumerate(skills):
                table[i, j] = _rating(given.get(skill))
    return table


def _place_of(role: object, places: Mapping[str, Sequence[str]]) -> str | None:
    for place, roles in places.items():
        if role in roles:
            return place
    return None


def _exact_trios(
    ratings: np.ndarray, members: list[np.ndarray], count: int
) -> list[tuple[int, ...]] | None:
    """All possible trios as one integer programme (None if the solver gives no answer)."""
    sizes = [len(m) for m in members]
    cover = ratings[members[0]].reshape(sizes[0], *([1] * (len(sizes) - 1)), -1)
    for axis in range(1, len(sizes)):
        shape = [1] * len(sizes)
        shape[axis] = sizes[axis]
        cover = np.maximum(cover, ratings[members[axis]].reshape(*shape, -1))
    score = cover.sum(axis=-1).ravel()
    total = score.size
    index = np.indices(sizes).reshape(len(sizes), total)  # per place: member index per trio
    offsets = np.cumsum([0, *sizes[:-1]])
    rows = np.concatenate([index[p] + offsets[p] for p in range(len(sizes))])
    cols = np.tile(np.arange(total), len(sizes))
    each = sparse.csr_matrix((np.ones(rows.size), (rows, cols)), shape=(sum(sizes), total))
    result = milp(
        c=-score,
        constraints=[
            LinearConstraint(each, -np.inf, 1),
            LinearConstraint(np.ones((1, total)), count, count),
        ],
        integrality=np.ones(total),
        bounds=Bounds(0, 1),
        options={"time_limit": MILP_SECONDS},
    )
    if result.x is None or result.status != 0:
        return None
    chosen = np.nonzero(result.x > 0.5)[0]
    return [tuple(int(members[p][index[p, t]]) for p in range(len(sizes))) for t in chosen]


def _staged_trios(ratings: np.ndarray, members: list[np.ndarray]) -> list[tuple[int, ...]]:
    """Place by place, an exact assignment of the next place to the groups so far."""
    groups: list[tuple[int, ...]] = [(int(i),) for i in members[0]]
    cover = ratings[members[0]]
    for place in members[1:]:
        score = np.maximum(cover[:, None, :], ratings[place][None, :, :]).sum(axis=-1)
        rows, cols = linear_sum_assignment(score, maximize=True)
        groups = [(*groups[r], int(place[c])) for r, c in zip(rows, cols, strict=True)]
        cover = np.maximum(cover[rows], ratings[place[cols]])
    return groups


def propose_trios(
    profiles: pd.DataFrame,
    places: Mapping[str, Sequence[str]] = TRIO_PLACES,
    *,
    max_exact: int = MAX_EXACT_TRIPLES,
) -> tuple[list[list[int]], pd.DataFrame]:
    """Trios of one per place (clinician, manager, partner) with complementary skills.

    ``profiles``: participant_id, pseudonym, role, skills (dict skill id -> self-rating 1-5).
    Returns the trios (member ids in the order of ``places``, sorted) and the unplaced:
    participant_id, pseudonym, role, place (or None), reason (``no_place_for_role`` or
    ``short_of_<place>``). Exact up to ``max_exact`` possible trios, else two assignment
    stages (see the module docstring).
    """
    people = _people(profiles)
    if people.empty or not places:
        return [], pd.DataFrame(columns=UNPLACED_COLUMNS)
    ids = [_int_id(v) for v in people["participant_id"]]
    own = [_place_of(role, places) for role in people["role"]]
    members = [
        np.array([i for i, p in enumerate(own) if p == place], dtype=int) for place in places
    ]
    sizes = {place: len(m) for place, m in zip(places, members, strict=True)}
    count = min(sizes.values())
    found: list[tuple[int, ...]] = []
    if count > 0:
        ratings = _ratings(people, _skill_ids(people))
        exact = None
        if math.prod(sizes.values()) <= max_exact:
            exact = _exact_trios(ratings, members, count)
        found = exact if exact is not None else _staged_trios(ratings, members)
    trios = sorted([ids[i] for i in trio] for trio in found)
    placed = {pid for trio in trios for pid in trio}
    short = [place for place, size in sizes.items() if size == count]
    rows = []
    for i, pid in enumerate(ids):
        if pid in placed:
            continue
        place = own[i]
        if place is None:
            reason = "no_place_for_role"
        else:
            reason = "short_of_" + next((p for p in short if p != place), short[0])
        rows.append(
            {
                "participant_id": pid,
                "pseudonym": people.at[i, "pseudonym"] if "pseudonym" in people else None,
                "role": people.at[i, "role"],
                "place": place,
                "reason": reason,
            }
        )
    return trios, _frame(rows, UNPLACED_COLUMNS, keep_none=("place",))


def _whole(value: float) -> int | float:
    number = float(value)
    return int(number) if number.is_integer() else number


def describe_trios(trios: Sequence[Sequence[int]], profiles: pd.DataFrame) -> pd.DataFrame:
    """One row per trio: who, the trio's best rating per skill, and its weakest skill.

    Columns: group (1-based), members, pseudonyms, roles, coverage (dict skill id -> highest
    rating in the trio, 0 where none rated it), complementarity (the sum of coverage),
    weakest_skill (lowest coverage; ties in the order of ``SKILLS``).
    """
    people = _people(profiles)
    skills = _skill_ids(people)
    ratings = _ratings(people, skills)
    at = {_int_id(pid): i for i, pid in enumerate(people["participant_id"])} if len(people) else {}
    rows = []
    for number, trio in enumerate(trios, start=1):
        found = [at[pid] for pid in trio if pid in at]
        best = ratings[found].max(axis=0) if found else np.zeros(len(skills))
        coverage = {skill: _whole(best[j]) for j, skill in enumerate(skills)}
        rows.append(
            {
                "group": number,
                "members": list(trio),
                "pseudonyms": [people.at[at[p], "pseudonym"] if p in at else None for p in trio],
                "roles": [people.at[at[p], "role"] if p in at else None for p in trio],
                "coverage": coverage,
                "complementarity": _whole(best.sum()),
                "weakest_skill": skills[int(np.argmin(best))],
            }
        )
    return pd.DataFrame(rows, columns=TRIO_COLUMNS)
