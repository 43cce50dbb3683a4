"""Bring parties together: parties merged across spellings, means per person, the
power/interest quadrants, what parties bring, and the invitation tracker."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from answer_frames import answer_frame

from cocreate_widgets.analysis.stakeholders import (
    MAP_COLUMNS,
    STATUSES,
    invitation_counts,
    parties_with_status,
    party_key,
    quadrant,
    stakeholder_map,
    stakeholder_suggestions,
    still_to_invite,
)


def item(party, power=None, interest=None, sector=None, brings=None) -> dict:
    return {
        "party": party,
        "sector": sector,
        "power": power,
        "interest": interest,
        "brings": brings,
    }


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("GGD Noord", "ggd noord"),
        ("GGD Noord", "  GGD   Noord "),
        ("GGD Noord", "G.G.D. Noord"),
        ("GGD Noord", "ggd-noord!"),
        ("Welzijn Fryslân", "welzijn fryslan"),
    ],
)
def test_party_key_matches_case_spaces_punctuation_and_accents(one, other):
    assert party_key(one) == party_key(other)


def test_party_key_keeps_different_parties_apart():
    assert party_key("GGD Noord") != party_key("GGD Zuid")
    assert party_key("Wijkteam 1") != party_key("Wijkteam 2")
    assert party_key("!!!") == ""


@pytest.mark.parametrize(
    ("power", "interest", "expected"),
    [
        (5, 5, "manage_closely"),
        (4, 2, "keep_satisfied"),
        (2, 4, "keep_informed"),
        (2, 2, "monitor"),
        (3, 3, "monitor"),  # the threshold itself is low
        (3.01, 3.01, "manage_closely"),
        (math.nan, 4, None),
        (None, 4, None),
    ],
)
def test_quadrant(power, interest, expected):
    assert quadrant(power, interest) == expected


def test_quadrant_threshold_is_a_parameter():
    assert quadrant(3, 3, threshold=2.5) == "manage_closely"
    assert quadrant(4, 4, threshold=4) == "monitor"


def test_map_merges_spellings_and_weighs_each_person_once():
    answers = answer_frame(
        {
            1: {"parties": [item("GGD Noord", 4, 4, "public_health", "Cijfers")]},
            2: {
                "parties": [
                    item("ggd-noord", 2, 2, "public_health", "cijfers"),
                    item("G.G.D. Noord", 4, 4, "other", "Preventie"),  # same person twice
                ]
            },
            3: {"parties": [item("Buurtkamer", 1, 5, "residents")]},
        }
    )
    data = stakeholder_map(answers)
    assert list(data.columns) == MAP_COLUMNS
    assert list(data["party"]) == ["GGD Noord", "Buurtkamer"]  # first spelling kept
    ggd = data.iloc[0]
    assert ggd["mentions"] == 2
    # person 2 averages (2+4)/2 = 3 first; then (4 + 3) / 2
    assert ggd["power"] == pytest.approx(3.5) and ggd["interest"] == pytest.approx(3.5)
    assert ggd["quadrant"] == "manage_closely"
    assert ggd["sector"] == "public_health"  # named twice against once
    assert ggd["brings"] == "Cijfers; Preventie"  # "cijfers" is the same thing
    assert data.iloc[1]["quadrant"] == "keep_informed"
    assert data.iloc[1]["brings"] == ""


def test_map_leaves_out_bad_ratings_and_unnamed_items():
    answers = answer_frame(
        {
            1: {
                "parties": [
                    item("Gemeente", 9, "veel"),
                    item("", 5, 5),
                    item("  ", 5, 5),
                    "not an item",
                    item("Gemeente", 2.5, True),
                ]
            },
            2: {"parties": None},
            3: {"parties": "kapot"},
        }
    )
    data = stakeholder_map(answers)
    assert list(data["party"]) == ["Gemeente"]
    assert data.iloc[0]["mentions"] == 1
    assert math.isnan(data.iloc[0]["power"]) and data.iloc[0]["quadrant"] is None


def test_map_orders_by_mentions_then_power_and_threshold_moves_quadrants():
    answers = answer_frame(
        {
            1: {"parties": [item("A", 2, 2), item("B", 5, 5), item("C", 3, 3)]},
            2: {"parties": [item("C", 3, 3)]},
        }
    )
    data = stakeholder_map(answers)
    assert list(data["party"]) == ["C", "B", "A"]
    assert list(stakeholder_map(answers, threshold=1.5)["quadrant"]) == ["manage_closely"] * 3


def test_map_of_no_answers_is_empty_with_columns():
    data = stakeholder_map(pd.DataFrame())
    assert data.empty and list(data.columns) == MAP_COLUMNS


def test_suggestions_round_means_half_up_and_start_not_invited():
    data = pd.DataFrame(
        {
            "party": ["A", "B"],
            "sector": ["welfare", None],
            "mentions": [2, 1],
            "power": [3.5, math.nan],
            "interest": [2.49, 4.0],
            "quadrant": ["keep_satisfied", None],
            "brings": ["Koffie", ""],
        }
    )
    rows = stakeholder_suggestions(data).to_dict("records")
    assert rows[0] == {
        "party": "A",
        "sector": "welfare",
        "status": "not_invited",
        "brings": "Koffie",
        "power": 4,
        "interest": 2,
    }
    assert rows[1]["power"] is None and rows[1]["brings"] is None


RECORDS = pd.DataFrame(
    {
        "party": ["Gemeente", "GGD", "Buurtkamer", "Wijkteam", "Huisarts"],
        "status": ["confirmed", "invited", None, "not_invited", "weird"],
        "contact": ["Wethouder", None, "Piet", None, None],
        "sector": ["municipality", "public_health", "residents", "area_team", "gp_care"],
        "power": [5, 4, 2, None, 4],
        "interest": [4, 4, 5, 5, 5],
    }
)


def test_counts_list_every_status_and_count_unknown_as_not_invited():
    counts = invitation_counts(RECORDS)
    assert list(counts["status"]) == list(STATUSES)
    assert list(counts["parties"]) == [3, 1, 1, 0]
    assert list(invitation_counts(pd.DataFrame(columns=["record_id"]))["parties"]) == [0] * 4


def test_still_to_invite_most_power_first_unrated_last():
    left = still_to_invite(RECORDS)
    assert list(left["party"]) == ["Huisarts", "Buurtkamer", "Wijkteam"]
    assert still_to_invite(pd.DataFrame(columns=["record_id"])).empty


def test_parties_with_status_take_means_from_the_exercise_when_named():
    data = pd.DataFrame(
        {"party": ["gemeente!"], "mentions": [3], "power": [2.0], "interest": [2.0]}
    )
    grid = parties_with_status(data, RECORDS)
    assert list(grid["party"]) == list(RECORDS["party"])
    first = grid.iloc[0]
    assert (first["status"], first["mentions"], first["power"]) == ("confirmed", 3, 2.0)
    assert first["quadrant"] == "monitor"
    assert grid.iloc[1]["quadrant"] == "manage_closely" and grid.iloc[1]["mentions"] == 1
    assert math.isnan(grid.iloc[3]["power"]) and grid.iloc[3]["quadrant"] is None
    assert grid.iloc[4]["status"] == "not_invited"
    assert parties_with_status(data, pd.DataFrame(columns=["record_id"])).empty
