"""Theme meetings of a community for person-centred care (seed 001, step 5).

Exercise ``theme_meeting``: at a meeting on one theme everyone writes what they ``bring``
(or learned) and what the ``care_team`` should know. The community keeps ``theme_meeting``
records (theme, date, source, host, place) and ``shared_knowledge`` records (what, theme,
for whom). A new idea is tested at once with a ``quick_poll`` (stance support / doubts /
against, and a comment).

The rules, in plain words:

- **Suggestions** (``theme_suggestions``): needs the community chose (``priority_need``
  records with ``decision`` ``chosen``) and concept improvements (``concept_improvement``
  records, their ``title``). Equal texts (spaces and case ignored) are one theme; a need
  comes before an improvement; themes already planned are left out.
- **The plan** (``meeting_plan``): a meeting before ``today`` is ``past``, on or after it
  ``upcoming``, without a valid date ``unplanned``. Dated meetings by date, then unplanned.
- **A gap** (``planning_gap``): no upcoming meeting, or the next one more than
  ``MAX_GAP_DAYS`` (56, eight weeks) away.
- **Quick poll score**: support counts +1, doubts 0, against -1; the score is the mean,
  from -1 (all against) to +1 (all support); NaN without votes.
"""

from __future__ import annotations

import copy
import datetime as dt
import math
from collections.abc import Mapping
from typing import Any

import pandas as pd

from ..answers import clean_text
from .frames import as_date, plain_text, question_values

SOURCES = ("need", "improvement", "other")
STATUSES = ("upcoming", "past", "unplanned")
STANCES = ("support", "doubts", "against")
STANCE_WEIGHTS = {"support": 1, "doubts": 0, "against": -1}
MAX_GAP_DAYS = 56
IDEA_MAX_LENGTH = 200
PLAN_COLUMNS = ["theme", "date", "source", "host", "place", "status", "days_until"]


def _in_submission_order(answers: pd.DataFrame) -> pd.DataFrame:
    """The answers in the order they were submitted (when known), else as given."""
    if "submitted_at" in answers.columns and answers["submitted_at"].notna().all():
        return answers.sort_values("submitted_at", kind="stable")
    return answers


def theme_key(text: object) -> str:
    """The matching key of a theme: spaces joined, case ignored."""
    return plain_text(text).casefold()


def _column(frame: pd.DataFrame, name: str) -> list[Any]:
    if frame is None or frame.empty or name not in frame.columns:
        return []
    return list(frame[name])


def theme_suggestions(
    needs: pd.DataFrame, improvements: pd.DataFrame, planned: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Themes for coming meetings: ``theme`` and ``source`` (``need`` or ``improvement``).

    ``needs`` holds ``priority_need`` records (``need``, ``decision``); only those with
    decision ``chosen`` count. ``improvements`` holds ``concept_improvement`` records
    (``title``). ``planned`` (``theme_meeting`` records) removes themes already planned.
    Any of them may be empty or lack its columns.
    """
    seen = {theme_key(t) for t in _column(planned, "theme")} if planned is not None else set()
    rows = []
    chosen = zip(_column(needs, "need"), _column(needs, "decision"), strict=False)
    candidates = [(n, "need") for n, decision in chosen if decision == "chosen"]
    candidates += [(title, "improvement") for title in _column(improvements, "title")]
    for text, source in candidates:
        theme = plain_text(text)
        if not theme or theme_key(theme) in seen:
            continue
        seen.add(theme_key(theme))
        rows.append({"theme": theme, "source": source})
    return pd.DataFrame(rows, columns=["theme", "source"])


def meeting_plan(meetings: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    """The planned meetings with ``status`` (upcoming, past, unplanned) and ``days_until``.

    ``meetings`` holds ``theme_meeting`` records. ``date`` becomes a ``datetime.date`` (None
    when missing or invalid); ``days_until`` is negative for past meetings and ``<NA>`` when
    unplanned. Rows by date, unplanned last (in their own order).
    """
    rows = []
    for record in [] if meetings is None or meetings.empty else meetings.to_dict("records"):
        day = as_date(record.get("date"))
        status = "unplanned" if day is None else ("past" if day < today else "upcoming")
        rows.append(
            {
                "theme": plain_text(record.get("theme")),
                "date": day,
                "source": record.get("source") if record.get("source") in SOURCES else None,
                "host": plain_text(record.get("host")),
                "place": plain_text(record.get("place")),
                "status": status,
                "days_until": None if day is None else (day - today).days,
            }
        )
    rows.sort(key=lambda r: (r["date"] is None, r["date"] or dt.date.max))
    table = pd.DataFrame(rows, columns=PLAN_COLUMNS, dtype=object)
    return table.astype({"days_until": "Int64"})


def planning_gap(plan: pd.DataFrame, max_days: int = MAX_GAP_DAYS) -> dict[str, Any]:
    """Is there a gap in the plan? ``{"gap": bool, "next_theme", "next_date", "days"}``.

    ``plan`` is the output of ``meeting_plan``. A gap: no upcoming meeting (``days`` None)
    or the next one more than ``max_days`` away.
    """
    upcoming = plan[plan["status"] == "upcoming"] if not plan.empty else plan
    if upcoming.empty:
        return {"gap": True, "next_theme": None, "next_date": None, "days": None}
    first = upcoming.iloc[0]
    days = int(first["days_until"])
    return {
        "gap": days > max_days,
        "next_theme": first["theme"],
        "next_date": first["date"],
        "days": days,
    }


def meeting_contributions(answers: pd.DataFrame) -> pd.DataFrame:
    """What each participant brought: ``pseudonym``, ``role``, ``bring``, ``care_team``.

    One row per participant who wrote something, in the order they submitted; empty texts
    are "".
    """
    columns = ["pseudonym", "role", "bring", "care_team"]
    if answers.empty:
        return pd.DataFrame(columns=columns)
    rows: dict[object, dict[str, str]] = {}
    for question_id in ("bring", "care_team"):
        part = question_values(_in_submission_order(answers), question_id)
        for _, answer in part.iterrows():
            text = plain_text(answer["value"])
            if not text:
                continue
            row = rows.setdefault(
                answer["participant_id"],
                {
                    "pseudonym": answer["pseudonym"],
                    "role": answer["role"],
                    "bring": "",
                    "care_team": "",
                },
            )
            row[question_id] = text
    return pd.DataFrame(list(rows.values()), columns=columns)


def knowledge_for_care_team(contributions: pd.DataFrame, theme: str, for_whom: str) -> pd.DataFrame:
    """Suggested ``shared_knowledge`` records: every non-empty ``care_team`` text with the
    meeting's ``theme`` and ``for_whom`` (e.g. "zorgteam"); columns ``what``, ``theme``,
    ``for_whom``."""
    columns = ["what", "theme", "for_whom"]
    texts = [t for t in _column(contributions, "care_team") if plain_text(t)]
    return pd.DataFrame(
        [{"what": plain_text(t), "theme": plain_text(theme), "for_whom": for_whom} for t in texts],
        columns=columns,
    )


def _idea_text(idea: object) -> str:
    """The idea as typed, cleaned (controls out, lone surrogates replaced), spaces joined."""
    return plain_text(clean_text(idea) if isinstance(idea, str) else idea)


def idea_problem(idea: object, max_length: int = IDEA_MAX_LENGTH) -> str | None:
    """Why an idea cannot be polled: ``"empty"``, ``"too_long"``, or None when it is fine."""
    text = _idea_text(idea)
    if not text:
        return "empty"
    if len(text) > max_length:
        return "too_long"
    return None


def quick_poll_question_set(
    base: Mapping[str, Any],
    idea: object,
    *,
    question_id: str = "stance",
    max_length: int = IDEA_MAX_LENGTH,
) -> dict[str, Any]:
    """A copy of the ``quick_poll`` question set about one ``idea``.

    ``base`` is ``Exercise.to_dict()`` of the template; it is not changed. The idea (spaces
    joined) is written after the title and in the stance question, the same in every
    language: it is data, shown as plain text. Raises ``ValueError`` for an empty idea, one
    longer than ``max_length``, or a template without the stance question.
    """
    problem = idea_problem(idea, max_length)
    if problem == "empty":
        raise ValueError("the idea is empty")
    if problem == "too_long":
        raise ValueError(f"the idea is longer than {max_length} characters")
    text = _idea_text(idea)
    result = copy.deepcopy(dict(base))
    languages = list(result.get("languages") or ("nl", "en"))
    result["title"] = {
        lang: f"{result.get('title', {}).get(lang, '')}: {text}".lstrip(": ") for lang in languages
    }
    for question in result.get("questions", []):
        if not question.get("help"):
            question.pop("help", None)  # an empty help text is no text
    for question in result.get("questions", []):
        if question["id"] == question_id:
            question["help"] = dict.fromkeys(languages, text)
            return result
    raise ValueError(f"the question set has no question {question_id!r}")


def poll_support(answers: pd.DataFrame, question_id: str = "stance") -> pd.DataFrame:
    """Votes per stance: ``stance`` (support, doubts, against, always all three), ``count``
    and ``share`` (of all valid votes, 0 without votes). Unknown values are left out."""
    votes = question_values(answers, question_id)["value"] if not answers.empty else []
    counts = {stance: 0 for stance in STANCES}
    for vote in votes:
        if vote in counts:
            counts[vote] += 1
    total = sum(counts.values())
    return pd.DataFrame(
        [
            {"stance": s, "count": counts[s], "share": counts[s] / total if total else 0.0}
            for s in STANCES
        ]
    )


def poll_score(support: pd.DataFrame) -> float:
    """The mean of +1 (support), 0 (doubts) and -1 (against) over the votes in ``support``
    (the output of ``poll_support``); NaN without votes."""
    total = int(support["count"].sum()) if not support.empty else 0
    if not total:
        return math.nan
    weighted = sum(
        STANCE_WEIGHTS[s] * int(c) for s, c in zip(support["stance"], support["count"], strict=True)
    )
    return weighted / total


def poll_comments(answers: pd.DataFrame, question_id: str = "comment") -> list[str]:
    """The non-empty comments of the poll, spaces joined, in the order submitted."""
    if answers.empty:
        return []
    part = question_values(_in_submission_order(answers), question_id)
    return [t for t in map(plain_text, part["value"]) if t]
