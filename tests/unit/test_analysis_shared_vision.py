"""Shared vision (step 1): consensus and disagreement on statements, answers side by side."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from cocreate_widgets.analysis import (
    answers_side_by_side,
    choice_counts,
    ranking_scores,
    rating_distribution,
    statement_consensus,
    totals,
    word_counts,
)


def frame(rows):
    """A long answers frame from (pseudonym, side, organisation, question, value) rows."""
    columns = ["participant_id", "pseudonym", "role", "side", "organisation", "question_id"]
    return pd.DataFrame(
        [
            {
                "participant_id": hash(p) % 1000,
                "pseudonym": p,
                "role": "x",
                "side": side,
                "organisation": org,
                "question_id": q,
                "value": v,
            }
            for p, side, org, q, v in rows
        ],
        columns=[*columns, "value"],
    )


def ratings(values, side="patient_side"):
    return frame([(f"p{i}", side, None, "s", v) for i, v in enumerate(values)])


@pytest.mark.parametrize(
    ("values", "verdict"),
    [
        ([4, 4, 5, 5, 4], "consensus"),  # all agree, spread 0.49
        ([1, 1, 5, 5], "disagreement"),  # two camps: the mean (3) hides it
        ([2, 3, 3, 4], "mixed"),  # a quarter each way is not yet two camps
        ([5, 5], "too_few"),  # fewer than three answers
        ([], "too_few"),
    ],
)
def test_verdicts(values, verdict):
    """Does the verdict follow the camps and the spread, not only the mean?"""
    table = statement_consensus(ratings(values), ["s"])
    assert table.loc[0, "verdict"] == verdict


def test_consensus_numbers_by_hand():
    """Are n, mean, spread and the shares computed as by hand?"""
    row = statement_consensus(ratings([1, 1, 5, 5]), ["s"]).iloc[0]
    assert (row.n, row["mean"], row.spread) == (4, 3.0, 2.0)
    assert (row.agree, row.disagree) == (0.5, 0.5)


def test_side_means_only_for_groups_of_three():
    """Is a side's own mean shown only when that side gave three answers or more?"""
    data = pd.concat([ratings([5, 5, 4], "patient_side"), ratings([1, 2], "care_providers")])
    row = statement_consensus(data, ["s"]).iloc[0]
    assert row.mean_patient_side == pytest.approx(14 / 3)
    assert math.isnan(row.mean_care_providers)


def test_distribution_keeps_empty_levels():
    """Does a distribution list every level, zero where nobody chose it?"""
    counts, stats = rating_distribution(ratings([2, 2, 5]), "s", range(1, 6))
    assert counts.tolist() == [0, 2, 0, 0, 1] and stats["n"] == 3


def test_side_by_side_joins_several_answers_of_one_partner():
    """Are answers of one organisation joined, each on its own line, per question?"""
    data = frame(
        [
            ("a", "care_providers", "Praktijk", "q", "Eerste"),
            ("b", "care_providers", "Praktijk", "q", "Tweede"),
            ("c", "patient_side", None, "q", "Derde"),
            ("c", "patient_side", None, "r", "   "),
        ]
    )
    table = answers_side_by_side(data, ["q", "r"], by="organisation")
    assert table.loc["Praktijk", "q"] == "Eerste\nTweede"
    assert table.loc["—", "q"] == "Derde" and table.loc["—", "r"] == ""


def test_counts_totals_and_borda_with_ties():
    """Do choice counts, point totals and Borda scores (ties kept in order) add up?"""
    data = frame(
        [
            ("a", "s", None, "c", ["x", "y"]),
            ("b", "s", None, "c", ["y"]),
            ("a", "s", None, "p", {"x": 60, "y": 40}),
            ("b", "s", None, "p", {"x": 40, "y": 60}),
            ("a", "s", None, "r", ["x", "y", "z"]),
            ("b", "s", None, "r", ["y", "x", "z"]),
        ]
    )
    assert choice_counts(data, "c", ["x", "y", "z"]).tolist() == [1, 2, 0]
    assert totals(data, "p", ["x", "y"]).to_dict() == {"x": 100, "y": 100}
    assert ranking_scores(data, "r", ["x", "y", "z"]).to_dict() == {"x": 3, "y": 3, "z": 0}


def test_word_counts_skip_short_and_common_words():
    """Are meaningful words counted once per answer, common words left out?"""
    data = frame(
        [
            ("a", "s", None, "t", "Samen beslissen, samen doen"),
            ("b", "s", None, "t", "Beslissen met de patiënt"),
        ]
    )
    assert word_counts(data, "t").to_dict() == {"beslissen": 2, "samen": 1, "doen": 1, "patiënt": 1}
