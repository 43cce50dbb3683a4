"""The platform's self-check: means per check and tip, checks ordered by date, the weakest
points and the falls, and the short summaries of the logs; links only when http(s)."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest
from answer_frames import answer_frame

from cocreate_widgets.analysis.platform_check import (
    MEAN_COLUMNS,
    OUTCOMES,
    TIPS,
    activity_summary,
    changed_most,
    check_means,
    check_table,
    fell_most,
    last_meeting,
    lobby_outcomes,
    remarks,
    safe_link,
    trend_lines,
    weakest_points,
)


def check(**ratings_by_person) -> pd.DataFrame:
    """An answer frame: person id -> {tip: rating}."""
    return answer_frame({int(pid[1:]): values for pid, values in ratings_by_person.items()})


EARLY = check(p1={"lobby": 4, "patience": 2}, p2={"lobby": 4, "patience": 4, "remark": " Goed "})
MIDDLE = check(p1={"lobby": 3, "patience": 3}, p2={"lobby": 5, "patience": 3})
LATE = check(p1={"lobby": 2, "patience": 5}, p2={"lobby": 1, "patience": 9, "remark": ""})


def test_means_per_check_and_tip_in_date_order():
    given = [("2026-11-01", LATE), ("2026-03-01", EARLY), ("2026-06-01", MIDDLE)]
    means = check_means(given, tips=("lobby", "patience"))
    assert list(means.columns) == MEAN_COLUMNS
    assert list(means["check"]) == [1, 1, 2, 2, 3, 3]
    assert list(means["date"][::2]) == ["2026-03-01", "2026-06-01", "2026-11-01"]
    assert list(means["mean"]) == pytest.approx([4.0, 3.0, 4.0, 3.0, 1.5, 5.0])
    assert list(means["answers"]) == [2, 2, 2, 2, 2, 1]  # 9 is no rating


def test_equal_dates_keep_the_given_order_and_undated_go_last():
    means = check_means(
        [(None, LATE), (dt.date(2026, 1, 1), MIDDLE), (dt.date(2026, 1, 1), EARLY)],
        tips=("lobby",),
    )
    assert list(means["mean"]) == pytest.approx([4.0, 4.0, 1.5])


def test_a_tip_nobody_rated_is_nan_and_no_checks_is_empty():
    means = check_means([("2026-01-01", EARLY)])
    assert list(means["tip"]) == list(TIPS)
    core = means[means["tip"] == "core_team"].iloc[0]
    assert math.isnan(core["mean"]) and core["answers"] == 0
    assert check_means([]).empty
    assert check_means([("2026-01-01", pd.DataFrame())])["answers"].sum() == 0


def test_table_weakest_falls_and_moves():
    means = check_means(
        [("2026-03-01", EARLY), ("2026-06-01", MIDDLE), ("2026-11-01", LATE)],
        tips=("lobby", "patience"),
    )
    table = check_table(means)
    assert list(table.index) == ["lobby", "patience"] and list(table.columns) == [1, 2, 3]
    weakest = weakest_points(means, count=1)
    assert list(weakest["tip"]) == ["lobby"] and weakest["mean"][0] == pytest.approx(1.5)
    fell = fell_most(means)
    assert list(fell["tip"]) == ["lobby"]  # patience rose from 3 to 5
    assert fell.iloc[0][["before", "after", "change"]].tolist() == pytest.approx([4, 1.5, -2.5])
    assert changed_most(means) == ["lobby", "patience"]  # -2.5, then +2


def test_one_check_has_no_falls_and_no_moves():
    means = check_means([("2026-03-01", EARLY)], tips=("lobby",))
    assert fell_most(means).empty and changed_most(means) == []
    assert weakest_points(pd.DataFrame()).empty


def test_remarks_are_trimmed_and_numbered_like_the_checks():
    found = remarks([("2026-11-01", LATE), ("2026-03-01", EARLY)])
    assert found.to_dict("records") == [{"check": 1, "date": "2026-03-01", "text": "Goed"}]


MEETINGS = pd.DataFrame(
    {
        "date": ["2026-10-01", "2026-11-17", "kapot"],
        "topics": ["Website", "Conferentie", "?"],
        "decisions": [None, "Bellen", None],
    }
)


def test_last_meeting_and_days_since():
    last = last_meeting(MEETINGS, dt.date(2026, 11, 23))
    assert last == {
        "date": dt.date(2026, 11, 17),
        "days_since": 6,
        "topics": "Conferentie",
        "decisions": "Bellen",
    }
    assert last_meeting(pd.DataFrame(columns=["record_id"]), dt.date(2026, 1, 1)) is None


def test_activity_summary_counts_people_and_dates():
    records = pd.DataFrame({"date": ["2026-10-03", "2026-09-12", None], "people": [41, 23, None]})
    assert activity_summary(records) == {
        "activities": 3,
        "people": 64,
        "first": dt.date(2026, 9, 12),
        "last": dt.date(2026, 10, 3),
    }
    empty = activity_summary(pd.DataFrame(columns=["record_id"]))
    assert empty == {"activities": 0, "people": 0, "first": None, "last": None}


def test_lobby_outcomes_count_every_outcome():
    records = pd.DataFrame({"outcome": ["support", "support", "refused", "made_up"]})
    counts = lobby_outcomes(records)
    assert list(counts["outcome"]) == list(OUTCOMES)
    assert list(counts["contacts"]) == [2, 0, 0, 1]
    assert lobby_outcomes(pd.DataFrame())["contacts"].sum() == 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("https://example.org/krachtige-zorg", "https://example.org/krachtige-zorg"),
        ("  http://example.org  ", "http://example.org"),
        ("HTTPS://Example.org/a?b=1", "HTTPS://Example.org/a?b=1"),
        ("javascript:alert(1)", None),
        ("JavaScript:alert(1)", None),
        ("data:text/html,<script>alert(1)</script>", None),
        ("https://exa mple.org", None),
        ("https://", None),
        ("example.org", None),
        ("ftp://example.org", None),
        ("https://example.org/\x00", None),
        ("http://[::1", None),
        (None, None),
        (42, None),
    ],
)
def test_safe_link_takes_only_web_addresses(text, expected):
    assert safe_link(text) == expected


def test_trend_lines_name_the_chosen_tips_and_add_the_overall_mean():
    means = check_means([("2026-03-01", EARLY), ("2026-11-01", LATE)], tips=("lobby", "patience"))
    lines = trend_lines(means, ["patience"], {"patience": "Geduld"}, overall="Alles")
    assert lines.to_dict("records") == [
        {"check": 1, "series": "Geduld", "mean": 3.0},
        {"check": 2, "series": "Geduld", "mean": 5.0},
        {"check": 1, "series": "Alles", "mean": 3.5},
        {"check": 2, "series": "Alles", "mean": 3.25},
    ]
    assert list(trend_lines(means, ["lobby"], {})["series"]) == ["lobby", "lobby"]
    assert trend_lines(pd.DataFrame(), ["lobby"], {}).empty
