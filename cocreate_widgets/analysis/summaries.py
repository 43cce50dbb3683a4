"""A fitting summary for every question type: distributions, counts, totals, words.

Each function takes the long answers frame (see ``frames.answers_frame``) and a question id
and returns a small DataFrame the console shows and the charts draw.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

import pandas as pd

from .frames import question_values

# Groups smaller than this are never shown apart to the room.
MIN_GROUP_SIZE = 3
_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
# Short words that say nothing about the content (Dutch and English).
STOP_WORDS = frozenset(
    """aan als bij dan dat die dit door een en het hij hoe ik in is je maar met naar niet
    noch nog of om ons ook op over te tot uit van voor wat wel wij wie zijn zo ze zij
    and are but for from has have how its not our that the their them they this was were
    what when who why with you your can will our all more meer veel goed moet kan worden
    wordt hebben heeft zich onze hun der des the""".split()
)


def rating_distribution(
    frame: pd.DataFrame, question_id: str, levels: Sequence[int]
) -> tuple[pd.Series, dict[str, float]]:
    """Counts per level (all levels present, zero where nobody chose it) and n, mean, spread.

    The spread is the standard deviation over the answers (population form), so a room
    that is split shows a large spread even when the mean sits in the middle.
    """
    values = pd.to_numeric(question_values(frame, question_id)["value"], errors="coerce")
    values = values.dropna().astype(int)
    counts = values.value_counts().reindex(list(levels), fill_value=0)
    stats = {
        "n": int(values.size),
        "mean": float(values.mean()) if values.size else float("nan"),
        "spread": float(values.std(ddof=0)) if values.size else float("nan"),
    }
    return counts, stats


def choice_counts(frame: pd.DataFrame, question_id: str, option_ids: Sequence) -> pd.Series:
    """How often each option was chosen (single or multiple choice, or yes/no)."""
    counter: Counter = Counter()
    for value in question_values(frame, question_id)["value"]:
        counter.update(value if isinstance(value, list) else [value])
    return pd.Series([counter.get(o, 0) for o in option_ids], index=list(option_ids), dtype=int)


def item_field_values(frame: pd.DataFrame, question_id: str, field_id: str) -> list:
    """The values of one field over every item of a list question (empty ones left out)."""
    values = []
    for answer in question_values(frame, question_id)["value"]:
        for item in answer if isinstance(answer, list) else []:
            value = item.get(field_id) if isinstance(item, dict) else None
            if value is not None and value != "":
                values.append(value)
    return values


def totals(frame: pd.DataFrame, question_id: str, option_ids: Sequence[str]) -> pd.Series:
    """Points or dots per option, summed over participants (allocation, dot voting)."""
    result = pd.Series(0, index=list(option_ids), dtype=int)
    for value in question_values(frame, question_id)["value"]:
        for option, points in (value or {}).items():
            if option in result.index:
                result[option] += int(points)
    return result.sort_values(ascending=False, kind="stable")


def ranking_scores(frame: pd.DataFrame, question_id: str, option_ids: Sequence[str]) -> pd.Series:
    """Borda score per option: first place of n options earns n-1 points, last place 0."""
    n = len(option_ids)
    result = pd.Series(0, index=list(option_ids), dtype=int)
    for ranking in question_values(frame, question_id)["value"]:
        for place, option in enumerate(ranking or []):
            if option in result.index:
                result[option] += n - 1 - place
    return result.sort_values(ascending=False, kind="stable")


def text_answers(frame: pd.DataFrame, question_id: str) -> pd.DataFrame:
    """The text answers with who gave them (for the facilitator; pseudonyms only)."""
    part = question_values(frame, question_id)
    return part[["pseudonym", "role", "side", "organisation", "value"]].rename(
        columns={"value": "answer"}
    )


def word_counts(frame: pd.DataFrame, question_id: str, top: int = 12) -> pd.Series:
    """The most frequent meaningful words in the text answers (lower case)."""
    counter: Counter = Counter()
    for text in question_values(frame, question_id)["value"]:
        if isinstance(text, str):
            words = {w.lower() for w in _WORD.findall(text)} - STOP_WORDS
            counter.update(words)
    common = counter.most_common(top)
    return pd.Series([c for _, c in common], index=[w for w, _ in common], dtype=int)
