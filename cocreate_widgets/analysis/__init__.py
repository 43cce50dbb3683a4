"""Analysis: pure functions over answers and records, DataFrames in and out.

Never widgets, never SQL. ``frames`` turns stored answers into a long DataFrame;
``summaries`` gives each question type its fitting summary; one module per exercise group
(and step) holds what that step decides on.
"""

from .evaluation import feedback_trend, pulse_trend, suggestions, weakest_points
from .frames import answers_frame, question_values
from .partnership import SIDE_ORDER, answers_side_by_side, statement_consensus
from .partnership_goals import (
    goals_from_ambitions,
    prioritise,
    proposed_ambitions,
    top_ambitions,
    vote_question_set,
)
from .partnership_interests import (
    clashing_interests,
    financing_differences,
    interest_matrix,
    too_small_interests,
)
from .partnership_plan import (
    mandate_warnings,
    plan_gaps,
    precondition_status,
    risk_table,
    risks_from_interests,
    timeline,
)
from .partnership_table import missing_parties, roster_from_answers, table_coverage
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
    "clashing_interests",
    "feedback_trend",
    "financing_differences",
    "goals_from_ambitions",
    "interest_matrix",
    "mandate_warnings",
    "missing_parties",
    "plan_gaps",
    "precondition_status",
    "prioritise",
    "proposed_ambitions",
    "pulse_trend",
    "question_values",
    "ranking_scores",
    "rating_distribution",
    "risk_table",
    "risks_from_interests",
    "roster_from_answers",
    "statement_consensus",
    "suggestions",
    "table_coverage",
    "text_answers",
    "timeline",
    "too_small_interests",
    "top_ambitions",
    "totals",
    "vote_question_set",
    "weakest_points",
    "word_counts",
]
