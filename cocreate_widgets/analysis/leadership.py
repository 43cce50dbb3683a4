"""Leadership skills (King's Fund, "Patients as partners", 2016): where the group stands.

Exercise ``leadership_skills``: everyone rates themself from 1 to 5 on five skills of
shared leadership (``SKILLS``), writes a ``development_goal`` and may tick a development
programme under ``programmes`` (``PROGRAMMES``).

The rules, in plain words:

- **A rating** counts when it is a whole number from 1 to 5 (``SCALE``). Anything else
  (no answer, empty, yes/no, out of range, a fraction) is left out, never read as 0.
- **The group profile** (``skills_profile``) shows per skill how many rated it (n), the
  mean, the lowest and highest rating and the spread (standard deviation, population form,
  as in ``summaries``). It holds no names. A skill nobody rated stays in the profile with
  n 0 and no numbers (NaN). Whether a group is big enough to show the room is the caller's
  choice (see ``summaries.MIN_GROUP_SIZE``); n is there to decide it.
- **Own ratings** (``own_skills``) are for the participant themself, next to the group.
- **The skills table** (``skills_table``) has one row per participant, with names, for the
  facilitator who proposes trios that complement each other.
- **Development interest** lists everyone who ticked a programme: one row per programme
  ticked, with their development goal.
- **Weakest skills** are those with the lowest mean; skills nobody rated are skipped and
  ties keep the order of the profile.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

from .frames import plain_text, question_values, rating

SKILLS = ("dialogue", "trust_diverse", "common_goal", "good_questions", "influence")
PROGRAMMES = ("community_ambassador", "trio_programme")
SCALE = (1, 5)
GOAL_ID = "development_goal"
PROGRAMMES_ID = "programmes"


def _rating(value: object) -> int | None:
    return rating(value, *SCALE)


def skills_profile(answers: pd.DataFrame, skills: Sequence[str] = SKILLS) -> pd.DataFrame:
    """The group's ratings per skill, without names: skill, n, mean, min, max, spread.

    One row per skill in the order of ``skills``; a skill nobody rated has n 0 and NaN.
    """
    rows = []
    for skill in skills:
        values = question_values(answers, skill)["value"] if not answers.empty else []
        ratings = [r for r in map(_rating, values) if r is not None]
        numbers = pd.Series(ratings, dtype=float)
        rows.append(
            {
                "skill": skill,
                "n": len(ratings),
                "mean": float(numbers.mean()) if ratings else math.nan,
                "min": float(numbers.min()) if ratings else math.nan,
                "max": float(numbers.max()) if ratings else math.nan,
                "spread": float(numbers.std(ddof=0)) if ratings else math.nan,
            }
        )
    table = pd.DataFrame(rows, columns=["skill", "n", "mean", "min", "max", "spread"])
    return table.astype({"n": int, "mean": float, "min": float, "max": float, "spread": float})


def own_skills(
    answers: pd.DataFrame, participant_id: object, skills: Sequence[str] = SKILLS
) -> dict[str, int]:
    """One participant's own ratings, skill -> 1..5, in the order of ``skills``.

    Skills they did not rate are left out (so an unknown participant gives ``{}``).
    """
    if answers.empty:
        return {}
    mine = answers[answers["participant_id"] == participant_id]
    given = dict(zip(mine["question_id"], mine["value"], strict=True))
    ratings = {skill: _rating(given.get(skill)) for skill in skills}
    return {skill: r for skill, r in ratings.items() if r is not None}


def skills_table(answers: pd.DataFrame, skills: Sequence[str] = SKILLS) -> pd.DataFrame:
    """One row per participant: participant_id, pseudonym, role and a column per skill.

    Everyone who answered anything is in it, in order of the answers; a skill they did not
    rate is NaN (the skill columns are floats so they can hold it). For proposing trios.
    """
    columns = ["participant_id", "pseudonym", "role", *skills]
    if answers.empty:
        return pd.DataFrame(columns=columns)
    rows = []
    for pid, part in answers.groupby("participant_id", sort=False):
        first = part.iloc[0]
        given = dict(zip(part["question_id"], part["value"], strict=True))
        row = {"participant_id": pid, "pseudonym": first["pseudonym"], "role": first["role"]}
        for skill in skills:
            score = _rating(given.get(skill))
            row[skill] = math.nan if score is None else float(score)
        rows.append(row)
    return pd.DataFrame(rows, columns=columns).astype({skill: float for skill in skills})


def development_interest(
    answers: pd.DataFrame,
    programmes: Sequence[str] = PROGRAMMES,
    programmes_id: str = PROGRAMMES_ID,
    goal_id: str = GOAL_ID,
) -> pd.DataFrame:
    """Who ticked a development programme, and their development goal.

    Columns: programme, participant_id, pseudonym, role, development_goal ("" if none).
    One row per programme ticked; rows by programme in the order of ``programmes`` (ids not
    in it after, in order of first appearance), then in order of the answers.
    """
    columns = ["programme", "participant_id", "pseudonym", "role", "development_goal"]
    if answers.empty:
        return pd.DataFrame(columns=columns)
    goals = {
        pid: plain_text(value)
        for pid, value in answers.loc[
            answers["question_id"] == goal_id, ["participant_id", "value"]
        ].values
    }
    rows = []
    for _, answer in question_values(answers, programmes_id).iterrows():
        ticked = answer["value"] if isinstance(answer["value"], list) else [answer["value"]]
        for programme in dict.fromkeys(p for p in ticked if isinstance(p, str) and p):
            rows.append(
                {
                    "programme": programme,
                    "participant_id": answer["participant_id"],
                    "pseudonym": answer["pseudonym"],
                    "role": answer["role"],
                    "development_goal": goals.get(answer["participant_id"], ""),
                }
            )
    seen = list(dict.fromkeys(row["programme"] for row in rows))
    order = [*[p for p in programmes if p in seen], *[p for p in seen if p not in programmes]]
    rows.sort(key=lambda row: order.index(row["programme"]))
    return pd.DataFrame(rows, columns=columns)


def weakest_skills(profile: pd.DataFrame, k: int = 2) -> list[str]:
    """The ``k`` skills with the lowest group mean (from ``skills_profile``), weakest first.

    Skills nobody rated are skipped; ties keep the order of the profile. Fewer than ``k``
    when fewer skills were rated.
    """
    rated = profile[profile["mean"].notna()]
    ordered = rated.sort_values("mean", kind="stable")
    return [str(skill) for skill in ordered["skill"].head(max(k, 0))]


def trio_profiles(answers: pd.DataFrame, skills: Sequence[str] = SKILLS) -> pd.DataFrame:
    """What :func:`~cocreate_widgets.analysis.partners.propose_trios` reads: participant_id,
    pseudonym, role and ``skills`` (skill id -> own rating, unrated skills left out)."""
    table = skills_table(answers, skills)
    columns = ["participant_id", "pseudonym", "role", "skills"]
    if not len(table):
        return pd.DataFrame(columns=columns)
    table = table.copy()
    table["skills"] = [
        {s: int(row[s]) for s in skills if s in row and pd.notna(row[s])}
        for row in table.to_dict("records")
    ]
    return table[columns].reset_index(drop=True)


def development_tracks(interest: pd.DataFrame) -> pd.DataFrame:
    """One suggested track per programme from :func:`development_interest`: programme and
    who (the pseudonyms, in order), ready to add as ``development`` records."""
    rows = [
        {"programme": programme, "who": ", ".join(str(p) for p in part["pseudonym"])}
        for programme, part in interest.groupby("programme", sort=False)
    ]
    return pd.DataFrame(rows, columns=["programme", "who"])
