"""Learn and share: learning items, the board, the audience x channel matrix, the exchange."""

from __future__ import annotations

import numpy as np
import pandas as pd
from answer_frames import PEOPLE, answer_frame

from cocreate_widgets.analysis.learning import (
    AUDIENCES,
    CHANNELS,
    UNSPECIFIED,
    audience_channel_matrix,
    exchange_candidates,
    learning_board,
    learning_items,
)


def frame(answers: dict[int, dict]) -> pd.DataFrame:
    return answer_frame(answers, PEOPLE)


def item(learning, audience=None, channel=None) -> dict:
    return {"learning": learning, "audience": audience, "channel": channel}


def sample() -> pd.DataFrame:
    return frame(
        {
            1: {
                "learnings": [
                    item("Vraag  wat iemand  nodig heeft ", "management", "story"),
                    item("", "own_team", "meeting"),  # no learning text: dropped
                    item("Samen plannen werkt", None, "meeting"),  # missing audience
                ]
            },
            2: {"learnings": [item("Luister eerst", "own_team", "conversation")]},
            3: {
                "learnings": [
                    item("Kleine stappen", "own_team", "meeting"),
                    item("Deel verhalen", "community", ""),  # empty channel
                    "not an item",
                ]
            },
            4: {"learnings": []},
        }
    )


def test_learning_items_drops_empty_ones_and_marks_missing_choices():
    items = learning_items(sample())
    assert list(items.columns) == [
        "participant_id",
        "pseudonym",
        "role",
        "learning",
        "audience",
        "channel",
    ]
    assert list(items["learning"]) == [
        "Vraag wat iemand nodig heeft",
        "Samen plannen werkt",
        "Luister eerst",
        "Kleine stappen",
        "Deel verhalen",
    ]
    assert list(items["audience"]) == [
        "management",
        UNSPECIFIED,
        "own_team",
        "own_team",
        "community",
    ]
    assert items.loc[4, "channel"] == UNSPECIFIED
    assert learning_items(frame({})).empty
    assert learning_items(frame({4: {"exchange_join": True}})).empty


def test_learning_board_is_sorted_by_audience_order_then_answer_order():
    board = learning_board(learning_items(sample()), AUDIENCES)
    assert list(zip(board["audience"], board["learning"], strict=True)) == [
        ("own_team", "Luister eerst"),
        ("own_team", "Kleine stappen"),
        ("management", "Vraag wat iemand nodig heeft"),
        ("community", "Deel verhalen"),
        (UNSPECIFIED, "Samen plannen werkt"),  # not in the order: last
    ]
    reversed_board = learning_board(learning_items(sample()), AUDIENCES[::-1])
    assert reversed_board.loc[0, "audience"] == "community"
    groups = [a for a, _ in board.groupby("audience", sort=False)]
    assert groups == ["own_team", "management", "community", UNSPECIFIED]
    assert learning_board(learning_items(frame({}))).empty


def test_audience_channel_matrix_keeps_every_cell_and_adds_up():
    items = learning_items(sample())
    matrix = audience_channel_matrix(items, AUDIENCES, CHANNELS)
    assert list(matrix.index) == [*AUDIENCES, UNSPECIFIED]
    assert list(matrix.columns) == [*CHANNELS, UNSPECIFIED]
    assert matrix.loc["own_team", "meeting"] == 1
    assert matrix.loc["own_team", "conversation"] == 1
    assert matrix.loc[UNSPECIFIED, "meeting"] == 1
    assert matrix.loc["community", UNSPECIFIED] == 1
    assert matrix.loc["funders"].sum() == 0  # nobody: zeros kept
    assert int(matrix.to_numpy().sum()) == len(items)


def test_audience_channel_matrix_of_nothing_is_all_zeros():
    matrix = audience_channel_matrix(learning_items(frame({})), AUDIENCES, CHANNELS)
    assert matrix.shape == (len(AUDIENCES), len(CHANNELS))
    assert int(matrix.to_numpy().sum()) == 0
    two = audience_channel_matrix(learning_items(frame({})), ["a", "b"], ["x"])
    assert list(two.index) == ["a", "b"] and list(two.columns) == ["x"]


def test_exchange_candidates_are_those_who_said_yes():
    answers = frame(
        {
            1: {"exchange_join": True, "exchange_topic": "  Samen beslissen "},
            2: {"exchange_join": False, "exchange_topic": "Zou kunnen"},
            3: {"exchange_join": np.True_},
            4: {"exchange_topic": "Geen ja gegeven"},
        }
    )
    table = exchange_candidates(answers)
    assert list(table.columns) == ["participant_id", "pseudonym", "role", "topic"]
    assert list(zip(table["pseudonym"], table["topic"], strict=True)) == [
        ("Anna", "Samen beslissen"),
        ("Dr. C", ""),
    ]
    assert exchange_candidates(frame({})).empty
