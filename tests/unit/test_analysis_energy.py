"""Follow the energy: matching initiatives, means per person, quadrants, what to join."""

from __future__ import annotations

import math

import pandas as pd
from answer_frames import PEOPLE, answer_frame

from cocreate_widgets.analysis.energy import (
    energy_map_data,
    initiative_key,
    initiatives_to_join,
    quadrant,
    ways_to_work_differently,
)


def frame(answers: dict[int, dict]) -> pd.DataFrame:
    return answer_frame(answers, PEOPLE)


def item(name, energy=None, friction=None, place="") -> dict:
    return {"initiative": name, "place": place, "energy": energy, "friction": friction}


def test_initiative_key_trims_joins_and_ignores_case():
    assert initiative_key(" buurtkamer  OOST ") == "buurtkamer oost"
    assert initiative_key("Buurtkamer Oost") == initiative_key(" buurtkamer  oost")


def test_energy_map_data_matches_names_and_averages_per_person():
    answers = frame(
        {
            1: {
                "initiatives": [
                    item("Buurtkamer Oost", 5, 2, "Oost"),
                    item(" buurtkamer  OOST ", 3, 2, "oost "),  # same person, same initiative
                ]
            },
            2: {"initiatives": [item("buurtkamer oost", 2, 4, "Centrum")]},
            3: {"initiatives": [item("Taalcafé", 4, None), item("", 5, 5)]},
            4: {"initiatives": [item("Buurtkamer Oost", None, None)]},
        }
    )
    data = energy_map_data(answers)
    assert list(data.columns) == [
        "initiative",
        "mentions",
        "energy",
        "friction",
        "places",
        "roles",
        "quadrant",
    ]
    assert list(data["initiative"]) == ["Buurtkamer Oost", "Taalcafé"]  # first spelling
    row = data.iloc[0]
    assert row["mentions"] == 3  # Anna, Bert and Dirk (Anna twice counts once)
    assert row["energy"] == 3.0  # Anna (5 + 3) / 2 = 4, Bert 2: (4 + 2) / 2
    assert row["friction"] == 3.0  # Anna 2, Bert 4; Dirk rated nothing
    assert row["places"] == ["Centrum", "Oost"]  # sorted, "oost " matched
    assert row["roles"] == ["patient", "relative", "nurse"]
    assert row["quadrant"] == "wake"  # 3 is not high
    cafe = data.iloc[1]
    assert cafe["energy"] == 4.0 and math.isnan(cafe["friction"])
    assert cafe["quadrant"] is None and cafe["places"] == []


def test_quadrants_use_three_as_the_middle():
    assert quadrant(4, 2) == "go"
    assert quadrant(4, 4) == "push"
    assert quadrant(2, 2) == "wake"
    assert quadrant(2, 4) == "park"
    assert quadrant(3, 3) == "wake"
    assert quadrant(3.5, 3.01) == "push"
    assert quadrant(math.nan, 2) is None


def test_energy_map_data_rows_by_mentions_and_ignores_bad_ratings():
    answers = frame(
        {
            1: {"initiatives": [item("A", 9, 0), item("B", 4, 1)]},
            2: {"initiatives": [item("B", "5", 2.5)]},
        }
    )
    data = energy_map_data(answers).set_index("initiative")
    assert list(data.index) == ["B", "A"]
    assert data.loc["B", "energy"] == 4.5  # "5" counts
    assert data.loc["B", "friction"] == 1.0  # 2.5 is no rating
    assert math.isnan(data.loc["A", "energy"])  # 9 and 0 are outside 1..5
    assert data.loc["B", "quadrant"] == "go"


def test_energy_map_data_of_nothing():
    assert energy_map_data(frame({})).empty
    assert energy_map_data(frame({1: {"work_differently": "x"}})).empty
    assert initiatives_to_join(energy_map_data(frame({}))).empty


def test_initiatives_to_join_filters_and_orders():
    data = pd.DataFrame(
        {
            "initiative": ["Laag", "Druk", "Stil", "Gelijk", "Ongescoord", "Rand"],
            "mentions": [5, 2, 2, 3, 4, 1],
            "energy": [2.0, 4.5, 4.5, 4.5, math.nan, 3.5],
            "friction": [1.0, 4.0, 1.0, 5.0, 2.0, math.nan],
        }
    )
    table = initiatives_to_join(data)
    # energy desc, then mentions desc, then friction asc; 3.5 counts, NaN energy does not
    assert list(table["initiative"]) == ["Gelijk", "Stil", "Druk", "Rand"]
    assert list(table["quadrant"]) == ["push", "go", "push", None]
    assert list(initiatives_to_join(data, min_energy=4.6)["initiative"]) == []


def test_initiatives_to_join_on_energy_map_data_keeps_quadrant():
    answers = frame(
        {
            1: {"initiatives": [item("Moestuin", 5, 1), item("Raad", 4, 5)]},
            2: {"initiatives": [item("moestuin", 4, 2)]},
        }
    )
    table = initiatives_to_join(energy_map_data(answers))
    assert list(table["initiative"]) == ["Moestuin", "Raad"]
    assert list(table["quadrant"]) == ["go", "push"]


def test_ways_to_work_differently_texts_with_who():
    answers = frame(
        {
            1: {"work_differently": "  Minder vergaderen \n"},
            2: {"work_differently": ""},
            3: {"work_differently": None},
            4: {"work_differently": "Naar de wijk gaan"},
        }
    )
    table = ways_to_work_differently(answers)
    assert table.to_dict("records") == [
        {"pseudonym": "Anna", "role": "patient", "text": "Minder vergaderen"},
        {"pseudonym": "Dirk", "role": "nurse", "text": "Naar de wijk gaan"},
    ]
    assert ways_to_work_differently(frame({})).empty
