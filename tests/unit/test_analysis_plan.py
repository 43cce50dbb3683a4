"""Partnership step 4: timeline, risks, preconditions, mandates and gaps in the plan."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from cocreate_widgets.analysis.partnership_plan import (
    mandate_warnings,
    plan_gaps,
    precondition_status,
    risk_level,
    risk_table,
    timeline,
    to_date,
)

# --- timeline ------------------------------------------------------------------------------


def test_timeline_sorts_counts_days_and_flags():
    actions = pd.DataFrame(
        [
            {"what": "Later", "owner": "Ilse", "start": "2027-03-01", "end": "2027-03-31"},
            {"what": "Eerst", "owner": "Sanne", "start": "2027-01-01", "end": "2027-01-01"},
            {
                "what": "Achterstevoren",
                "owner": "Peter",
                "start": "2027-05-01",
                "end": "2027-04-30",
            },
            {"what": "Zonder eind", "owner": "  ", "start": "2027-02-01", "end": ""},
            {"what": "Kapotte datum", "owner": "Henk", "start": "2027-02-30", "end": "2027-03-01"},
        ]
    )
    table = timeline(actions)
    assert list(table["what"]) == [
        "Eerst",
        "Zonder eind",
        "Later",
        "Achterstevoren",
        "Kapotte datum",
    ]
    assert list(table["number"]) == [2, 4, 1, 3, 5]
    days = table.set_index("what")["days"]
    assert days["Eerst"] == 1 and days["Later"] == 31
    assert pd.isna(days["Achterstevoren"]) and pd.isna(days["Zonder eind"])
    flags = table.set_index("what")
    assert list(flags["missing_dates"]) == [False, True, False, False, True]
    assert list(flags["end_before_start"]) == [False, False, False, True, False]
    assert list(flags["no_owner"]) == [False, True, False, False, False]
    assert table.loc[0, "start"] == pd.Timestamp("2027-01-01")


def test_timeline_accepts_dates_and_missing_columns():
    table = timeline(pd.DataFrame([{"what": "Iets", "start": dt.date(2027, 1, 1)}]))
    assert table.loc[0, "start"] == pd.Timestamp("2027-01-01")
    assert bool(table.loc[0, "missing_dates"]) and bool(table.loc[0, "no_owner"])
    assert table.loc[0, "owner"] == "" and table.loc[0, "goal"] == ""


def test_timeline_of_no_actions_is_empty_with_its_columns():
    table = timeline(pd.DataFrame())
    assert table.empty
    assert {"what", "start", "end", "days", "missing_dates", "no_owner"} <= set(table.columns)


@pytest.mark.parametrize("value", ["2027-13-01", "1-2-2027", "morgen", 20270101, None, True])
def test_bad_dates_are_missing(value):
    assert pd.isna(to_date(value))


# --- risk_table ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "level"),
    [(1, "low"), (4, "low"), (5, "medium"), (9, "medium"), (10, "high"), (25, "high")],
)
def test_risk_bands(score, level):
    assert risk_level(score) == level


def test_risk_table_scores_levels_and_order():
    risks = pd.DataFrame(
        [
            {"description": "Klein", "likelihood": 2, "impact": 2, "measure": "niets"},
            {"description": "Groot", "likelihood": 4, "impact": 5},
            {"description": "Onbekend", "likelihood": None, "impact": 3},
            {"description": "Buiten de schaal", "likelihood": 6, "impact": 3},
            {"description": "Midden", "likelihood": 3, "impact": 3},
        ]
    )
    table = risk_table(risks)
    assert list(table["description"]) == [
        "Groot",
        "Midden",
        "Klein",
        "Onbekend",
        "Buiten de schaal",
    ]
    assert list(table["number"]) == [2, 5, 1, 3, 4]
    assert table["score"].tolist()[:3] == [20, 9, 4]
    assert table["score"].isna().tolist() == [False, False, False, True, True]
    assert list(table["level"]) == ["high", "medium", "low", "unknown", "unknown"]
    assert table.loc[2, "measure"] == "niets"


def test_risk_table_of_nothing_is_empty():
    assert risk_table(pd.DataFrame()).empty


# --- precondition_status -------------------------------------------------------------------


def test_preconditions_counted_per_kind_and_status_and_open_ones_listed():
    items = pd.DataFrame(
        [
            {"kind": "time", "description": "Uren", "status": "arranged"},
            {"kind": "time", "description": "Overleg", "status": "missing"},
            {"kind": "money", "description": "Budget", "status": "in_progress"},
            {"kind": "ict", "description": "Dossier", "status": None},
            {"kind": "weird", "description": "Ruimte", "status": "missing"},
        ]
    )
    counts, open_items = precondition_status(items)
    assert list(counts.index) == ["time", "money", "ict", "other"]
    assert counts.loc["time"].to_dict() == {
        "arranged": 1,
        "in_progress": 0,
        "missing": 1,
        "unknown": 0,
        "total": 2,
    }
    assert counts.loc["ict", "unknown"] == 1 and counts.loc["other", "missing"] == 1
    assert int(counts["total"].sum()) == 5
    assert list(open_items["description"]) == ["Overleg", "Dossier", "Ruimte"]
    assert list(open_items["status"]) == ["missing", "unknown", "missing"]


def test_no_preconditions_give_zero_counts():
    counts, open_items = precondition_status(pd.DataFrame())
    assert int(counts.to_numpy().sum()) == 0 and len(counts) == 4
    assert open_items.empty


# --- mandate_warnings ----------------------------------------------------------------------


def test_mandate_warnings_name_who_cannot_decide_or_lacks_support():
    mandates = pd.DataFrame(
        [
            {"delegate": "Dr. Jansen", "can_decide": True, "management_support": True},
            {"delegate": "Sanne", "can_decide": False, "management_support": True},
            {"delegate": "Peter", "can_decide": True, "management_support": False},
            {"delegate": "Ilse", "can_decide": None, "management_support": True},
        ]
    )
    warnings = mandate_warnings(mandates)
    assert list(warnings["delegate"]) == ["Sanne", "Peter", "Ilse"]
    assert list(warnings["reasons"]) == [
        ["cannot_decide"],
        ["no_management_support"],
        ["can_decide_unknown"],
    ]
    assert warnings.loc[0, "can_decide"] is False


def test_all_bool_columns_from_a_frame_are_understood():
    """A column of only booleans holds numpy booleans; they still count."""
    mandates = pd.DataFrame({"delegate": ["A", "B"], "can_decide": [True, False]})
    mandates["management_support"] = [True, True]
    assert list(mandate_warnings(mandates)["delegate"]) == ["B"]
    assert mandate_warnings(pd.DataFrame()).empty


# --- plan_gaps -----------------------------------------------------------------------------


def test_plan_gaps_match_goal_text_without_case():
    goals = pd.DataFrame({"what": ["Eén zorgplan", "Cursus", "Steun voor mantelzorgers"]})
    actions = pd.DataFrame(
        [
            {"what": "Afspraken maken", "goal": " één ZORGPLAN "},
            {"what": "Kookgroep", "goal": "Samen koken"},
            {"what": "Folder", "goal": ""},
            {"what": "Aanspreekpunt", "goal": "steun voor mantelzorgers"},
        ]
    )
    gaps = plan_gaps(goals, actions)
    assert gaps.to_dict("records") == [
        {"gap": "goal_without_action", "goal": "Cursus", "action": ""},
        {"gap": "action_without_goal", "goal": "Samen koken", "action": "Kookgroep"},
        {"gap": "action_without_goal", "goal": "", "action": "Folder"},
    ]


def test_plan_gaps_with_nothing():
    assert plan_gaps(pd.DataFrame(), pd.DataFrame()).empty
    only_goal = plan_gaps(pd.DataFrame({"what": ["Doel"]}), pd.DataFrame())
    assert list(only_goal["gap"]) == ["goal_without_action"]


def test_interests_of_step_3_become_risks_once_per_pair():
    """Does a clash reported both ways give one risk, and a too small interest another?"""
    from cocreate_widgets.analysis import risks_from_interests

    clashes = pd.DataFrame(
        [
            {"partner": "Praktijk", "with_partners": "Diëtist", "about": "verwijzingen"},
            {"partner": "Diëtist", "with_partners": "Praktijk", "about": ""},
        ]
    )
    small = pd.DataFrame([{"partner": "Gemeente"}])
    risks = risks_from_interests(clashes, small)
    assert risks["description"].tolist() == [
        "Botsend belang: Praktijk en Diëtist (verwijzingen)",
        "Te klein belang bij Gemeente: de inzet kan wegvallen",
    ]
    assert risks[["likelihood", "impact"]].values.tolist() == [[3, 4], [3, 3]]
    assert risks_from_interests(pd.DataFrame(), pd.DataFrame()).empty
