"""Analysis: pure functions over answers, DataFrames in and out; never widgets, never SQL.

``frames`` turns stored answers into a long DataFrame; ``summaries`` gives each question type
its fitting summary; one module per exercise group holds what that group decides on.
"""

from .frames import answers_frame, question_values
from .partnership import SIDE_ORDER, answers_side_by_side, statement_consensus
from .summaries import (
    MIN_GROUP_SIZE,
    choice_counts,
    ranking_scores,
    rating_distribution,
    text_answers,
    totals,
    word_counts,
)

__all__ = [
    "MIN_GROUP_SIZE",
    "SIDE_ORDER",
    "answers_frame",
    "answers_side_by_side",
    "choice_counts",
    "question_values",
    "ranking_scores",
    "rating_distribution",
    "statement_consensus",
    "text_answers",
    "totals",
    "word_counts",
]
