"""Embedding at every level: the level x depth grid, its gaps, cells and summary."""

from __future__ import annotations

import pandas as pd
from answer_frames import answer_frame

from cocreate_widgets.analysis.embedding import (
    DEPTHS,
    LEVELS,
    activities_in_cell,
    coverage_gaps,
    coverage_grid,
    level_depth_summary,
)

PEOPLE = {
    1: ("Anna", "patient"),
    2: ("Bert", "relative"),
    3: ("Dr. C", "doctor"),
}


def frame(answers: dict[int, dict]) -> pd.DataFrame:
    return answer_frame(answers, PEOPLE)


def item(activity, level=None, depth=None) -> dict:
    return {"activity": activity, "level": level, "depth": depth}


def sample() -> pd.DataFrame:
    return frame(
        {
            1: {
                "activities": [
                    item("Cliëntenraad", "organisation", "advising"),
                    item("Samen beslissen", "own_care", "co_deciding"),
                    item("Nieuwsbrief", "organisation", "informed"),
                ]
            },
            2: {
                "activities": [
                    item(" cliëntenraad ", "organisation", "advising"),  # same one
                    item("Cliëntenraad", "organisation", "co_creating"),  # other cell
                    item("Spiegelgesprek", "team", None),  # no depth: not placed
                    item("", "team", "consulted"),  # no name: dropped
                    item("Regiotafel", "nation", "advising"),  # unknown level
                ]
            },
            3: {"activities": [item("Samen Beslissen", "own_care", "co_deciding")]},
        }
    )


def test_grid_counts_distinct_activities_in_every_cell():
    grid = coverage_grid(sample())
    assert list(grid.index) == list(LEVELS) and list(grid.columns) == list(DEPTHS)
    assert grid.index.name == "level" and grid.columns.name == "depth"
    assert grid.loc["organisation", "advising"] == 1  # named twice, one activity
    assert grid.loc["organisation", "co_creating"] == 1
    assert grid.loc["organisation", "informed"] == 1
    assert grid.loc["own_care", "co_deciding"] == 1
    assert grid.loc["team"].sum() == 0  # neither the one without depth nor without name
    assert int(grid.to_numpy().sum()) == 4
    assert grid.dtypes.map(pd.api.types.is_integer_dtype).all()


def test_grid_of_no_answers_is_all_zeros_and_other_orders_work():
    grid = coverage_grid(frame({}))
    assert grid.shape == (5, 5) and int(grid.to_numpy().sum()) == 0
    small = coverage_grid(sample(), levels=["organisation"], depths=["advising", "informed"])
    assert small.to_dict("index") == {"organisation": {"advising": 1, "informed": 1}}


def test_gaps_list_every_empty_cell_with_the_deepest_depth_at_the_level():
    gaps = coverage_gaps(coverage_grid(sample()))
    assert list(gaps.columns) == ["level", "depth", "deepest_at_level"]
    assert len(gaps) == 25 - 4
    organisation = gaps[gaps["level"] == "organisation"]
    assert list(organisation["depth"]) == ["consulted", "co_deciding"]
    assert set(organisation["deepest_at_level"]) == {"co_creating"}
    own_care = gaps[gaps["level"] == "own_care"]
    assert list(own_care["depth"]) == ["informed", "consulted", "advising", "co_creating"]
    assert set(own_care["deepest_at_level"]) == {"co_deciding"}
    assert gaps[gaps["level"] == "region"]["deepest_at_level"].isna().all()
    # ordered by level then depth, in grid order
    assert list(gaps["level"].drop_duplicates()) == list(LEVELS)
    assert gaps.iloc[0].to_dict() == {
        "level": "own_care",
        "depth": "informed",
        "deepest_at_level": "co_deciding",
    }


def test_no_gaps_in_a_full_grid():
    full = pd.DataFrame(1, index=list(LEVELS), columns=list(DEPTHS))
    assert coverage_gaps(full).empty


def test_activities_in_cell_first_spelling_in_order():
    answers = sample()
    assert activities_in_cell(answers, "organisation", "advising") == ["Cliëntenraad"]
    assert activities_in_cell(answers, "own_care", "co_deciding") == ["Samen beslissen"]
    assert activities_in_cell(answers, "region", "informed") == []
    assert activities_in_cell(frame({}), "team", "informed") == []


def test_level_depth_summary():
    summary = level_depth_summary(coverage_grid(sample()))
    assert list(summary.columns) == ["level", "activities", "depths_covered", "deepest"]
    rows = summary.set_index("level")
    assert rows.loc["organisation"].to_dict() == {
        "activities": 3,  # Cliëntenraad at two depths counts twice
        "depths_covered": 3,
        "deepest": "co_creating",
    }
    assert rows.loc["own_care", "deepest"] == "co_deciding"
    assert rows.loc["region", "activities"] == 0 and rows.loc["region", "deepest"] is None
