"""Project teams (community for person-centred care, step 4): who carries out which improvement.

The rules, in plain words:

- **Preferences.** Everyone who answered takes part. Their choices are the improvements of
  ``first_choice``, ``second_choice`` and ``third_choice`` in that order; an empty answer or
  an improvement chosen twice (the best place counts) is skipped. A first choice is worth 3
  points, a second 2, a third 1.
- **Sides.** Patients and relatives are the patient side (``patient_side``), care providers
  are ``care_providers``; coordinators, managers and others count as neither side but fill
  places in a team.
- **Teams.** One team per chosen improvement (``improvements``; by default each improvement
  that at least ``min_size`` people chose). A team has ``min_size`` to ``max_size`` members
  (6 to 8), at least ``min_care_providers`` care provider (1) and at least ``ratio`` (2)
  people of the patient side for every care provider. Nobody is in two teams, and people
  are only placed in a team of an improvement they chose.
- **The best plan**, in this order: (1) as many teams as possible, (2) as many people in a
  team as possible, (3) the most preference points, (4) teams as close to two to one as the
  numbers allow (the fewest patient-side members above ``ratio`` per care provider). An
  integer programme (``scipy.optimize.milp``) solved twice: first (1) and (2), then, with
  that result fixed, (3) and (4). Each level is an exact optimum.
- **Big rooms.** People with the same side and the same choices in the same order are
  interchangeable for every rule and every aim, so the programme counts how many of each
  such group go to each team (``method="groups"``; at most 3 sides times the possible
  choice lists, whatever the number of people). That is exact too; what it leaves open is
  *which* of the interchangeable people is placed: the first to answer (the lowest
  participant id). ``method="people"`` has one variable per person and choice.
- **Saying what cannot be done.** Before solving, :func:`check_teams` lists every rule the
  numbers cannot meet, as a :class:`Problem` (a code and its numbers, the text comes from
  the catalogue: ``teams.problem.<code>``). After solving, a wanted team that could not be
  formed gets ``team_not_formed`` unless an earlier problem already says why.
- **Left out.** Everyone not in a team gets a reason: ``chose_nothing``,
  ``no_team_for_choices`` (none of their improvements got a team), ``teams_full`` (their
  teams are at ``max_size``) or ``ratio_full`` (a care provider whose teams have room, but
  not enough patient-side members for one more care provider).
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

from .partnership_goals import safe_id

CHOICE_QUESTIONS = ("first_choice", "second_choice", "third_choice")
PATIENT_SIDE = "patient_side"
CARE_PROVIDERS = "care_providers"
OTHER = "other"
SIDES = (PATIENT_SIDE, CARE_PROVIDERS, OTHER)
AUTO_GROUPS_FROM = 60  # from this many people, solve by groups of interchangeable people
MILP_SECONDS = 20.0

PREFERENCE_COLUMNS = ["participant_id", "pseudonym", "role", "side", "choices", "hours", "remark"]
INTEREST_COLUMNS = [
    "improvement",
    "first",
    "second",
    "third",
    "interested",
    PATIENT_SIDE,
    CARE_PROVIDERS,
    OTHER,
]
TEAM_COLUMNS = [
    "team",
    "improvement",
    "size",
    PATIENT_SIDE,
    CARE_PROVIDERS,
    OTHER,
    "above_ratio",
    "points",
]
MEMBER_COLUMNS = ["team", "improvement", "participant_id", "pseudonym", "role", "side", "rank"]
LEFT_OUT_COLUMNS = ["participant_id", "pseudonym", "role", "side", "choices", "reason"]
LEFT_OUT_REASONS = ("chose_nothing", "no_team_for_choices", "teams_full", "ratio_full")
PROBLEM_CODES = (
    "no_members",
    "nobody_chose",
    "too_few_interested",
    "too_few_patient_side_for",
    "no_care_provider_for",
    "too_few_members",
    "too_few_patient_side",
    "too_few_care_providers",
    "team_not_formed",
    "not_solved",
)


@dataclass(frozen=True)
class TeamRules:
    """The bounds of a team: size, the patient-side-to-care-provider ratio, care providers."""

    min_size: int = 6
    max_size: int = 8
    ratio: int = 2
    min_care_providers: int = 1

    def __post_init__(self) -> None:
        for name in ("min_size", "max_size", "ratio", "min_care_providers"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValueError(f"{name} must be a whole number, not {value!r}")
        if self.min_size < 1:
            raise ValueError("min_size must be at least 1")
        if self.max_size < self.min_size:
            raise ValueError("max_size may not be below min_size")
        if self.ratio < 0 or self.min_care_providers < 0:
            raise ValueError("ratio and min_care_providers may not be negative")
        if self.min_care_providers * (self.ratio + 1) > self.max_size:
            raise ValueError("min_care_providers with their ratio do not fit in max_size")

    def patient_side_needed(self, teams: int, others: int = 0) -> int:
        """The fewest patient-side members ``teams`` teams of ``min_size`` need when
        ``others`` people of neither side are there to fill places."""
        if teams <= 0:
            return 0
        by_care = self.ratio * self.min_care_providers * teams
        places = max(0, self.min_size * teams - others)
        by_size = math.ceil(self.ratio * places / (self.ratio + 1))
        return max(by_care, by_size)


class Problem(NamedTuple):
    """A rule the numbers cannot meet: a code (``PROBLEM_CODES``) and its numbers."""

    code: str
    numbers: dict[str, Any]


class TeamPlan(NamedTuple):
    """The solver's answer: teams, their members, who is left out, and the problems."""

    teams: pd.DataFrame
    members: pd.DataFrame
    left_out: pd.DataFrame
    problems: list[Problem]
    status: str  # "optimal", "no_teams" (nothing to solve) or "not_solved"


@dataclass
class _Model:
    groups: list[tuple[str, tuple[str, ...]]]
    people: list[list[int]]  # row numbers of the preference table per group
    wanted: list[str]
    pairs: list[tuple[int, int, int]] = field(default_factory=list)  # (group, team, rank)


# --- preferences --------------------------------------------------------------------------


def _side(side: object) -> str:
    return side if side in (PATIENT_SIDE, CARE_PROVIDERS) else OTHER


def _text(value: object) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""


def team_preferences(
    answers: pd.DataFrame, choice_questions: Sequence[str] = CHOICE_QUESTIONS
) -> pd.DataFrame:
    """One row per participant who answered: their choices in order of preference.

    Columns ``PREFERENCE_COLUMNS``: ``side`` is ``patient_side``, ``care_providers`` or
    ``other``; ``choices`` a list of improvement ids (best first, no repeats, possibly
    empty); ``hours`` the option id of the hours question or ``None``; ``remark`` text.
    Sorted by participant id.
    """
    if answers.empty:
        return pd.DataFrame(columns=PREFERENCE_COLUMNS)
    people = (
        answers.drop_duplicates("participant_id")
        .sort_values("participant_id")
        .set_index("participant_id")
    )
    values: dict[Any, dict[str, Any]] = {pid: {} for pid in people.index}
    for row in answers.itertuples(index=False):
        values[row.participant_id][row.question_id] = row.value
    rows = []
    for pid, person in people.iterrows():
        given = values[pid]
        choices: list[str] = []
        for question in choice_questions:
            choice = given.get(question)
            if isinstance(choice, str) and choice and choice not in choices:
                choices.append(choice)
        hours = given.get("hours")
        rows.append(
            {
                "participant_id": pid,
                "pseudonym": person["pseudonym"],
                "role": person["role"],
                "side": _side(person.get("side")),
                "choices": choices,
                "hours": hours if isinstance(hours, str) and hours else None,
                "remark": _text(given.get("remark")),
            }
        )
    table = pd.DataFrame(rows, columns=PREFERENCE_COLUMNS)
    table["hours"] = pd.Series([r["hours"] for r in rows], index=table.index, dtype=object)
    return table


def interest(preferences: pd.DataFrame, improvements: Sequence[str]) -> pd.DataFrame:
    """Per improvement: how many chose it first, second, third, in all, and by side."""
    rows = []
    for improvement in improvements:
        row = dict.fromkeys(INTEREST_COLUMNS[1:], 0)
        for choices, side in zip(preferences["choices"], preferences["side"], strict=True):
            if improvement in choices:
                rank = choices.index(improvement)
                row[("first", "second", "third")[min(rank, 2)]] += 1
                row["interested"] += 1
                row[side] += 1
        rows.append({"improvement": improvement, **row})
    return pd.DataFrame(rows, columns=INTEREST_COLUMNS).astype(
        {c: int for c in INTEREST_COLUMNS[1:]}
    )


def teams_wanted(
    preferences: pd.DataFrame, improvements: Sequence[str], rules: TeamRules = TeamRules()
) -> list[str]:
    """The improvements that at least ``rules.min_size`` people chose (the default teams)."""
    table = interest(preferences, improvements)
    return table.loc[table["interested"] >= rules.min_size, "improvement"].tolist()


def points(rank: int, max_choices: int = len(CHOICE_QUESTIONS)) -> int:
    """Preference points of a place: the first choice counts most (3, 2, 1)."""
    return max(1, max_choices - rank + 1)


# --- checks -------------------------------------------------------------------------------


def check_teams(
    preferences: pd.DataFrame,
    improvements: Sequence[str],
    wanted: Sequence[str] | None = None,
    rules: TeamRules = TeamRules(),
) -> list[Problem]:
    """Every rule the numbers cannot meet, before solving.

    Per offered improvement: ``nobody_chose``, ``too_few_interested``,
    ``too_few_patient_side_for`` and ``no_care_provider_for``; for the wanted teams together:
    ``no_members``, ``too_few_members``, ``too_few_patient_side`` and
    ``too_few_care_providers`` (the numbers say how many are needed and how many there are).
    """
    wanted = list(teams_wanted(preferences, improvements, rules) if wanted is None else wanted)
    offered = list(dict.fromkeys([*improvements, *wanted]))
    problems: list[Problem] = []
    if not any(len(c) for c in preferences.get("choices", [])):
        problems.append(Problem("no_members", {}))
    table = interest(preferences, offered).set_index("improvement")
    for improvement in offered:
        row = table.loc[improvement]
        if row["interested"] == 0:
            if improvement in wanted or len(preferences):
                problems.append(Problem("nobody_chose", {"improvement": improvement}))
            continue
        if row["interested"] < rules.min_size:
            problems.append(
                Problem(
                    "too_few_interested",
                    {
                        "improvement": improvement,
                        "available": int(row["interested"]),
                        "needed": rules.min_size,
                    },
                )
            )
            continue
        needed = rules.patient_side_needed(1, int(row[OTHER]))
        if row[PATIENT_SIDE] < needed:
            problems.append(
                Problem(
                    "too_few_patient_side_for",
                    {
                        "improvement": improvement,
                        "available": int(row[PATIENT_SIDE]),
                        "needed": needed,
                        "size": rules.min_size,
                    },
                )
            )
        if row[CARE_PROVIDERS] < rules.min_care_providers:
            problems.append(
                Problem(
                    "no_care_provider_for",
                    {
                        "improvement": improvement,
                        "available": int(row[CARE_PROVIDERS]),
                        "needed": rules.min_care_providers,
                    },
                )
            )
    teams = len(wanted)
    if teams == 0:
        return problems
    keen = preferences[[bool(set(c) & set(wanted)) for c in preferences["choices"]]]
    counts = keen["side"].value_counts()
    available = len(keen)
    if available < teams * rules.min_size:
        problems.append(
            Problem(
                "too_few_members",
                {"teams": teams, "needed": teams * rules.min_size, "available": available},
            )
        )
    needed = rules.patient_side_needed(teams, int(counts.get(OTHER, 0)))
    if counts.get(PATIENT_SIDE, 0) < needed:
        problems.append(
            Problem(
                "too_few_patient_side",
                {
                    "teams": teams,
                    "size": rules.min_size,
                    "needed": needed,
                    "available": int(counts.get(PATIENT_SIDE, 0)),
                },
            )
        )
    if counts.get(CARE_PROVIDERS, 0) < teams * rules.min_care_providers:
        problems.append(
            Problem(
                "too_few_care_providers",
                {
                    "teams": teams,
                    "needed": teams * rules.min_care_providers,
                    "available": int(counts.get(CARE_PROVIDERS, 0)),
                },
            )
        )
    return problems


def problem_messages(
    problems: Sequence[Problem],
    text: Callable[..., str],
    labels: Mapping[str, str] | None = None,
) -> list[str]:
    """The problems as sentences: ``text(key, **numbers)`` is the catalogue (``wb.text``);
    an improvement id becomes its label."""
    labels = labels or {}
    messages = []
    for problem in problems:
        numbers = dict(problem.numbers)
        if "improvement" in numbers:
            numbers["improvement"] = labels.get(numbers["improvement"], numbers["improvement"])
        messages.append(text(f"teams.problem.{problem.code}", **numbers))
    return messages


# --- the integer programme ----------------------------------------------------------------


def _model(preferences: pd.DataFrame, wanted: Sequence[str], by_groups: bool) -> _Model:
    position = {imp: j for j, imp in enumerate(wanted)}
    keys: dict[tuple[str, tuple[str, ...]], int] = {}
    model = _Model(groups=[], people=[], wanted=list(wanted))
    for row, (side, choices) in enumerate(
        zip(preferences["side"], preferences["choices"], strict=True)
    ):
        useful = tuple(c for c in choices if c in position)
        if not useful:
            continue
        key = (side, tuple(choices))
        if by_groups and key in keys:
            model.people[keys[key]].append(row)
            continue
        keys[key] = len(model.groups)
        model.groups.append(key)
        model.people.append([row])
        for rank, choice in enumerate(choices, start=1):
            if choice in position:
                model.pairs.append((len(model.groups) - 1, position[choice], rank))
    return model


def _solve(model: _Model, rules: TeamRules, seconds: float) -> tuple[np.ndarray, np.ndarray] | None:
    """Counts per (group, team) pair and which teams are formed, or None when not solved."""
    n_pairs, n_teams = len(model.pairs), len(model.wanted)
    size = np.array([len(p) for p in model.people], dtype=float)
    group = np.array([g for g, _, _ in model.pairs], dtype=int)
    team = np.array([j for _, j, _ in model.pairs], dtype=int)
    rank = np.array([r for _, _, r in model.pairs], dtype=int)
    side = [model.groups[g][0] for g in group]
    patient = np.array([s == PATIENT_SIDE for s in side], dtype=float)
    care = np.array([s == CARE_PROVIDERS for s in side], dtype=float)
    n_people = int(size.sum())
    columns = np.arange(n_pairs)
    team_cols = n_pairs + np.arange(n_teams)
    n_vars = n_pairs + n_teams

    def per_team(values: np.ndarray, team_coef: float) -> sparse.csr_matrix:
        data = np.concatenate([values, np.full(n_teams, team_coef)])
        r = np.concatenate([team, np.arange(n_teams)])
        c = np.concatenate([columns, team_cols])
        return sparse.csr_matrix((data, (r, c)), shape=(n_teams, n_vars))

    one_each = sparse.csr_matrix(
        (np.ones(n_pairs), (group, columns)), shape=(len(model.groups), n_vars)
    )
    constraints = [
        LinearConstraint(one_each, -np.inf, size),
        LinearConstraint(per_team(np.ones(n_pairs), -rules.max_size), -np.inf, 0),
        LinearConstraint(per_team(np.ones(n_pairs), -rules.min_size), 0, np.inf),
        LinearConstraint(per_team(patient - rules.ratio * care, 0.0), 0, np.inf),
        LinearConstraint(per_team(care, -rules.min_care_providers), 0, np.inf),
    ]
    upper = np.concatenate([size[group], np.ones(n_teams)])
    integrality = np.ones(n_vars)
    options = {"time_limit": seconds, "mip_rel_gap": 0.0}
    # level 1: most teams, then most people placed
    first = np.concatenate([np.ones(n_pairs), np.full(n_teams, n_people + 1.0)])
    result = milp(
        -first,
        constraints=constraints,
        integrality=integrality,
        bounds=Bounds(0, upper),
        options=options,
    )
    if result.status != 0 or result.x is None:
        return None
    best = round(-result.fun)
    # level 2: keep that, then most preference points, then closest to the ratio
    above = patient - rules.ratio * care  # members above the ratio a place adds
    second = np.concatenate([points_array(rank) * (n_people + 1.0) - above, np.zeros(n_teams)])
    result2 = milp(
        -second,
        constraints=[*constraints, LinearConstraint(first.reshape(1, -1), best - 0.5, np.inf)],
        integrality=integrality,
        bounds=Bounds(0, upper),
        options=options,
    )
    if result2.status == 0 and result2.x is not None:
        result = result2
    x = np.round(result.x).astype(int)
    return x[:n_pairs], x[n_pairs:]


def points_array(ranks: np.ndarray) -> np.ndarray:
    """Preference points of an array of ranks (see :func:`points`)."""
    return np.maximum(1, len(CHOICE_QUESTIONS) - ranks + 1).astype(float)


def _empty_plan(preferences: pd.DataFrame, problems: list[Problem], status: str) -> TeamPlan:
    left = [
        {**_person(row), "reason": "chose_nothing" if not row["choices"] else "no_team_for_choices"}
        for row in preferences.to_dict("records")
    ]
    return TeamPlan(
        pd.DataFrame(columns=TEAM_COLUMNS),
        pd.DataFrame(columns=MEMBER_COLUMNS),
        pd.DataFrame(left, columns=LEFT_OUT_COLUMNS),
        problems,
        status,
    )


def _person(row: Mapping[str, Any]) -> dict[str, Any]:
    return {k: row[k] for k in ("participant_id", "pseudonym", "role", "side", "choices")}


def solve_teams(
    preferences: pd.DataFrame,
    improvements: Sequence[str],
    wanted: Sequence[str] | None = None,
    rules: TeamRules = TeamRules(),
    *,
    method: Literal["auto", "people", "groups"] = "auto",
    seconds: float = MILP_SECONDS,
) -> TeamPlan:
    """The best project teams for ``wanted`` (default: :func:`teams_wanted`), see the module.

    ``improvements`` are the offered improvement ids in their order (teams are numbered in
    that order). Returns a :class:`TeamPlan`: ``teams`` (``TEAM_COLUMNS``; ``above_ratio``
    is the number of patient-side members above ``ratio`` per care provider, ``points`` the
    preference points), ``members`` (``MEMBER_COLUMNS``; ``rank`` 1 is a first choice),
    ``left_out`` (``LEFT_OUT_COLUMNS`` with a reason of ``LEFT_OUT_REASONS``), the problems
    (before and after solving) and the status.
    """
    if method not in ("auto", "people", "groups"):
        raise ValueError(f"method must be auto, people or groups, not {method!r}")
    preferences = preferences.reset_index(drop=True)
    if wanted is None:
        wanted = teams_wanted(preferences, improvements, rules)
    order = list(dict.fromkeys([*improvements, *wanted]))
    wanted = [imp for imp in order if imp in set(wanted)]
    problems = check_teams(preferences, improvements, wanted, rules)
    by_groups = method == "groups" or (method == "auto" and len(preferences) >= AUTO_GROUPS_FROM)
    model = _model(preferences, wanted, by_groups)
    if not wanted or not model.pairs:
        return _empty_plan(preferences, problems, "no_teams")
    solved = _solve(model, rules, seconds)
    if solved is None:
        problems.append(Problem("not_solved", {"seconds": seconds}))
        return _empty_plan(preferences, problems, "not_solved")
    counts, formed = solved
    placed: dict[int, tuple[int, int]] = {}  # row -> (team index, rank)
    queue = {g: list(rows) for g, rows in enumerate(model.people)}
    for (g, j, rank), count in zip(model.pairs, counts, strict=True):
        for _ in range(int(count)):
            placed[queue[g].pop(0)] = (j, rank)
    return _plan(preferences, model, formed, placed, problems, rules)


def _plan(
    preferences: pd.DataFrame,
    model: _Model,
    formed: np.ndarray,
    placed: dict[int, tuple[int, int]],
    problems: list[Problem],
    rules: TeamRules,
) -> TeamPlan:
    numbers = {}
    for j in range(len(model.wanted)):
        if formed[j]:
            numbers[j] = len(numbers) + 1
    records = preferences.to_dict("records")
    members = sorted(
        (
            {
                "team": numbers[j],
                "improvement": model.wanted[j],
                **{k: records[row][k] for k in ("participant_id", "pseudonym", "role", "side")},
                "rank": rank,
            }
            for row, (j, rank) in placed.items()
        ),
        key=lambda m: (m["team"], m["rank"], str(m["pseudonym"])),
    )
    member_frame = pd.DataFrame(members, columns=MEMBER_COLUMNS)
    teams = []
    for j, number in numbers.items():
        mine = member_frame[member_frame["team"] == number]
        sides = mine["side"].value_counts()
        teams.append(
            {
                "team": number,
                "improvement": model.wanted[j],
                "size": len(mine),
                PATIENT_SIDE: int(sides.get(PATIENT_SIDE, 0)),
                CARE_PROVIDERS: int(sides.get(CARE_PROVIDERS, 0)),
                OTHER: int(sides.get(OTHER, 0)),
                "above_ratio": int(
                    sides.get(PATIENT_SIDE, 0) - rules.ratio * sides.get(CARE_PROVIDERS, 0)
                ),
                "points": int(sum(points(r) for r in mine["rank"])),
            }
        )
    team_frame = pd.DataFrame(teams, columns=TEAM_COLUMNS)
    said = {p.numbers.get("improvement") for p in problems}
    for j, improvement in enumerate(model.wanted):
        if not formed[j] and improvement not in said:
            chose = sum(improvement in c for c in preferences["choices"])
            problems.append(
                Problem("team_not_formed", {"improvement": improvement, "available": chose})
            )
    by_improvement = team_frame.set_index("improvement") if len(team_frame) else None
    left = []
    for row, person in enumerate(records):
        if row in placed:
            continue
        left.append({**_person(person), "reason": _reason(person, by_improvement, rules)})
    return TeamPlan(
        team_frame,
        member_frame,
        pd.DataFrame(left, columns=LEFT_OUT_COLUMNS),
        problems,
        "optimal",
    )


def _reason(person: Mapping[str, Any], teams: pd.DataFrame | None, rules: TeamRules) -> str:
    if not person["choices"]:
        return "chose_nothing"
    mine = [c for c in person["choices"] if teams is not None and c in teams.index]
    if not mine:
        return "no_team_for_choices"
    with_room = [c for c in mine if teams.loc[c, "size"] < rules.max_size]
    if with_room and person["side"] == CARE_PROVIDERS:
        return "ratio_full"
    return "teams_full"


# --- building the question set and the assignment -----------------------------------------


def team_question_set(
    base: Mapping[str, Any],
    improvements: pd.DataFrame,
    *,
    title_column: str = "title",
    choice_questions: Sequence[str] = CHOICE_QUESTIONS,
) -> dict[str, Any]:
    """A copy of the ``team_preferences`` question set whose choices offer ``improvements``
    (e.g. the community's ``concept_improvement`` records: one option per title).

    ``base`` (``Exercise.to_dict()``) is not changed; each label is the title as written, the
    same in every language. Raises ``ValueError`` for fewer than two titles (at most 50 are
    used) or a question set without the choice questions.
    """
    titles = [
        " ".join(t.split())
        for t in improvements.get(title_column, [])
        if isinstance(t, str) and t.strip()
    ]
    titles = list(dict.fromkeys(titles))[:50]
    if len(titles) < 2:
        raise ValueError("the project teams need at least two improvements to choose from")
    result = copy.deepcopy(dict(base))
    languages = list(result.get("languages") or ("nl", "en"))
    taken: set[str] = set()
    options = [{"id": safe_id(t, taken), "label": dict.fromkeys(languages, t)} for t in titles]
    found = 0
    for question in result.get("questions", []):
        if question["id"] in choice_questions:
            question["options"] = copy.deepcopy(options)
            found += 1
    if found != len(choice_questions):
        raise ValueError(f"the question set lacks one of {list(choice_questions)}")
    return result


def improvement_labels(question_set: Mapping[str, Any], lang: str = "nl") -> dict[str, str]:
    """Improvement id -> label of a (run's) question set, from its first choice question."""
    for question in question_set.get("questions", []):
        if question.get("id") == CHOICE_QUESTIONS[0]:
            return {
                o["id"]: o["label"].get(lang) or next(iter(o["label"].values()))
                for o in question.get("options", [])
            }
    return {}


def assignment_suggestions(teams: pd.DataFrame, labels: Mapping[str, str]) -> pd.DataFrame:
    """One ``team_assignment`` suggestion per team: the improvement's label as ``team``."""
    return pd.DataFrame(
        {"team": [labels.get(i, i) for i in teams.get("improvement", [])]}, columns=["team"]
    )


__all__ = [
    "CHOICE_QUESTIONS",
    "LEFT_OUT_REASONS",
    "PROBLEM_CODES",
    "Problem",
    "TeamPlan",
    "TeamRules",
    "assignment_suggestions",
    "check_teams",
    "improvement_labels",
    "interest",
    "points",
    "problem_messages",
    "solve_teams",
    "team_preferences",
    "team_question_set",
    "teams_wanted",
]
