"""Merging the theme groups' proposals: proposals as rows, text similarity, clusters, concepts."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from cocreate_widgets.analysis.improvements import (
    DEFAULT_THRESHOLD,
    assign_clusters,
    cluster_labels,
    concepts_from_clusters,
    content_words,
    fold,
    proposal_clusters,
    proposal_rows,
    similarity_matrix,
    stop_words,
)


def _proposals(items: list[tuple[str, str, str]]) -> pd.DataFrame:
    """Proposals from (group, title, change) triples, one participant each."""
    rows = [
        {
            "participant_id": i,
            "pseudonym": f"P{i}",
            "role": "patient",
            "question_id": "proposals",
            "value": [{"title": title, "change": change, "for_whom": ""}],
            "group": group,
        }
        for i, (group, title, change) in enumerate(items)
    ]
    return proposal_rows(pd.DataFrame(rows))


NEAR_DUPLICATES = [
    ("Kennis", "Een vaste coach als eerste aanspreekpunt", "Eén coach voor al je vragen."),
    ("Zorgpad", "Coaching door een vast aanspreekpunt", "De coach kent de patiënt."),
    ("Werk", "Kennisbank met ervaringen van patiënten", "Verhalen en tips van patiënten."),
    ("Kennis", "Een kennisbank vol ervaringen van patienten", "Tips van patienten online."),
    ("Zorgpad", "Parkeren bij het ziekenhuis", "Goedkoper parkeren voor de polikliniek."),
]


def test_fold_and_stop_words():
    """Are accents and case folded, and Dutch and English stop words left out?"""
    assert fold("Eén Patiënt") == "een patient"
    assert fold(None) == ""
    assert {"de", "het", "een", "the", "and"} <= stop_words()
    assert content_words("De coach en THE patiënt") == ["coach", "patient"]


def test_proposal_rows_one_row_per_item_with_its_group():
    """Is every item a row with its group, and are empty or broken items left out?"""
    frame = pd.DataFrame(
        [
            {
                "participant_id": 1,
                "pseudonym": "Anneke",
                "question_id": "proposals",
                "group": "Kennis",
                "value": [
                    {"title": " Een   kennisbank ", "change": "Tips delen", "for_whom": "Nieuwe"},
                    {"title": "", "change": "", "for_whom": ""},
                    "not an item",
                    {"title": "", "change": "Alleen een verandering", "for_whom": ""},
                ],
            },
            {
                "participant_id": 2,
                "pseudonym": "Hans",
                "question_id": "proposals",
                "group": None,
                "value": "geen lijst",
            },
            {
                "participant_id": 2,
                "pseudonym": "Hans",
                "question_id": "other",
                "group": "Werk",
                "value": [{"title": "Niet dit"}],
            },
        ]
    )
    rows = proposal_rows(frame)
    assert rows["title"].tolist() == ["Een kennisbank", "Alleen een verandering"]
    assert rows["group"].tolist() == ["Kennis", "Kennis"]
    assert rows["proposal_id"].tolist() == [0, 1]
    assert rows["text"].iloc[0] == "Een kennisbank Tips delen Nieuwe"
    assert proposal_rows(pd.DataFrame()).empty


def test_near_duplicates_in_dutch_meet_and_unrelated_stay_apart():
    """Do coach/coaching and kennisbank with and without accents meet, and parking stay alone?"""
    proposals = _proposals(NEAR_DUPLICATES)
    labels = assign_clusters(proposals)["cluster"].tolist()
    assert labels[0] == labels[1]
    assert labels[2] == labels[3]
    assert labels[0] != labels[2]
    assert labels[4] not in (labels[0], labels[2])
    similarity = similarity_matrix(proposals["text"].tolist())
    assert similarity[0, 1] > DEFAULT_THRESHOLD > similarity[0, 4]
    assert np.allclose(similarity, similarity.T) and np.allclose(np.diag(similarity), 1.0)


def test_clusters_count_groups_coherence_and_suggest_the_central_title():
    """Is overlap the number of groups, coherence the mean pair similarity, a lone one NaN?"""
    proposals = _proposals(NEAR_DUPLICATES)
    clusters = proposal_clusters(proposals)
    assert clusters["size"].tolist() == [2, 2, 1]
    assert clusters["overlap"].tolist() == [2, 2, 1]
    first = clusters.iloc[0]
    assert first["groups"] == ["Kennis", "Zorgpad"]
    similarity = similarity_matrix(proposals["text"].tolist())
    assert first["coherence"] == pytest.approx(similarity[0, 1])
    assert first["suggested_title"] in first["titles"]
    alone = clusters.iloc[2]
    assert alone["titles"] == ["Parkeren bij het ziekenhuis"] and math.isnan(alone["coherence"])
    assert sorted(i for ids in clusters["proposal_ids"] for i in ids) == [0, 1, 2, 3, 4]


def test_the_most_central_proposal_gives_the_title():
    """With three alike proposals, is the one most like the other two suggested?"""
    proposals = _proposals(
        [
            ("A", "Steun voor partners", "Gesprekken voor partners"),
            ("B", "Steun voor partners en naasten", "Gesprekken en steun voor partners en naasten"),
            ("C", "Steun voor naasten", "Een steunpunt voor naasten"),
        ]
    )
    clusters = proposal_clusters(proposals)
    assert len(clusters) == 1
    assert clusters.iloc[0]["suggested_title"] == "Steun voor partners en naasten"
    assert clusters.iloc[0]["overlap"] == 3


def test_one_proposal_alone_is_its_own_cluster():
    """Is a single proposal one cluster of one, without a coherence?"""
    clusters = proposal_clusters(_proposals([("A", "Een kennisbank", "")]))
    assert clusters["size"].tolist() == [1] and clusters["overlap"].tolist() == [1]
    assert math.isnan(clusters["coherence"].iloc[0])


def test_empty_input_gives_empty_tables():
    """Does no proposal at all give empty tables with their columns, not an error?"""
    empty = proposal_rows(pd.DataFrame())
    clusters = proposal_clusters(empty)
    assert clusters.empty and "suggested_title" in clusters.columns
    assert similarity_matrix([]).shape == (0, 0)
    assert cluster_labels(np.zeros((0, 0))) == []
    assert concepts_from_clusters(clusters, empty).empty


def test_texts_with_only_stop_words_meet_nothing():
    """Do proposals of only stop words stay apart, from each other and from real ones?"""
    proposals = _proposals(
        [("A", "de het een", "en of"), ("B", "the and of", ""), ("C", "Een kennisbank", "")]
    )
    similarity = similarity_matrix(proposals["text"].tolist())
    assert similarity[0, 1] == 0 and similarity[0, 2] == 0
    assert proposal_clusters(proposals)["size"].tolist() == [1, 1, 1]
    only_stops = _proposals([("A", "de het", ""), ("B", "de het", "")])
    assert proposal_clusters(only_stops)["size"].tolist() == [1, 1]


def test_threshold_is_checked_and_changes_the_clusters():
    """Is a threshold outside 0..1 refused, 0 one cluster and 1 all apart?"""
    proposals = _proposals(NEAR_DUPLICATES)
    with pytest.raises(ValueError):
        proposal_clusters(proposals, threshold=1.5)
    assert len(proposal_clusters(proposals, threshold=0.0)) == 1
    assert len(proposal_clusters(proposals, threshold=1.0)) == 5


def test_concepts_from_clusters_name_the_merged_proposals():
    """Does each cluster give a concept with its title, description and source proposals?"""
    proposals = _proposals(NEAR_DUPLICATES)
    clusters = proposal_clusters(proposals)
    concepts = concepts_from_clusters(clusters, proposals)
    assert list(concepts.columns) == ["title", "description", "from_proposals"]
    assert len(concepts) == 3
    lines = concepts.iloc[0]["from_proposals"].split("\n")
    assert len(lines) == 2 and all(": " in line for line in lines)
    assert len(concepts_from_clusters(clusters, proposals, min_overlap=2)) == 2
