"""Maintaining results: overdue and due-soon reviews against a fixed date, owners, the
HTML register (marked and escaped) and members' checks matched to the register."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from answer_frames import PEOPLE, answer_frame

from cocreate_widgets.analysis.upkeep import (
    by_owner,
    checks_by_result,
    due_soon,
    member_checks,
    overdue,
    register_html,
    register_table,
    review_state,
)

TODAY = dt.date(2027, 4, 1)
STATE_LABELS = {
    "overdue": "te laat",
    "due_soon": "binnenkort",
    "ok": "op tijd",
    "no_date": "geen datum",
    "stopped": "gestopt",
}


def records(*rows: dict) -> pd.DataFrame:
    return pd.DataFrame([{"record_id": i, **row} for i, row in enumerate(rows, start=1)])


REGISTER = records(
    {"result": "Folder", "owner": "Pieter", "next_review": "2027-09-01", "status": "running"},
    {
        "result": "Kennisbank",
        "owner": "Noor",
        "next_review": "2027-02-15",
        "status": "needs_attention",
    },
    {"result": "Coach", "owner": "Ilse", "next_review": "2027-04-20", "status": "running"},
    {"result": "Wandelgroep", "owner": "Noor", "next_review": "2026-01-01", "status": "stopped"},
    {"result": "Zonder datum", "owner": "", "next_review": "not a date", "status": None},
    {"result": "Vandaag", "owner": "Ilse", "next_review": "2027-04-01", "status": "running"},
    {"result": "Gisteren", "owner": "Ilse", "next_review": "2027-03-31", "status": "running"},
)


def test_review_state_edges():
    assert review_state(dt.date(2027, 3, 31), "running", TODAY) == "overdue"
    assert review_state(TODAY, "running", TODAY) == "due_soon"  # today is not late
    assert review_state(dt.date(2027, 5, 1), None, TODAY) == "due_soon"  # 30 days
    assert review_state(dt.date(2027, 5, 2), None, TODAY) == "ok"  # 31 days
    assert review_state(dt.date(2020, 1, 1), "stopped", TODAY) == "stopped"
    assert review_state(None, "running", TODAY) == "no_date"
    assert review_state(dt.date(2027, 4, 10), "running", TODAY, soon=5) == "ok"


def test_register_table_orders_by_state_then_date():
    table = register_table(REGISTER, TODAY)
    assert list(table["result"]) == [
        "Kennisbank",
        "Gisteren",
        "Vandaag",
        "Coach",
        "Folder",
        "Zonder datum",
        "Wandelgroep",
    ]
    assert list(table["state"]) == [
        "overdue",
        "overdue",
        "due_soon",
        "due_soon",
        "ok",
        "no_date",
        "stopped",
    ]
    row = table.iloc[0]
    assert row["next_review"] == dt.date(2027, 2, 15) and row["days_to_review"] == -45
    assert table.iloc[5]["next_review"] is None and pd.isna(table.iloc[5]["days_to_review"])


def test_the_date_is_a_parameter():
    later = register_table(REGISTER, dt.date(2027, 5, 1))
    assert set(overdue(later)["result"]) == {"Kennisbank", "Gisteren", "Vandaag", "Coach"}
    assert list(overdue(register_table(REGISTER, dt.date(2026, 1, 1)))["result"]) == []


def test_overdue_and_due_soon():
    table = register_table(REGISTER, TODAY)
    assert list(overdue(table)["result"]) == ["Kennisbank", "Gisteren"]
    assert list(due_soon(table)["result"]) == ["Vandaag", "Coach"]


def test_by_owner_counts_and_order():
    summary = by_owner(register_table(REGISTER, TODAY), nobody="(niemand)")
    assert summary.to_dict("records") == [
        {"owner": "Ilse", "results": 3, "overdue": 1, "due_soon": 2, "needs_attention": 0},
        {"owner": "Noor", "results": 2, "overdue": 1, "due_soon": 0, "needs_attention": 1},
        {"owner": "(niemand)", "results": 1, "overdue": 0, "due_soon": 0, "needs_attention": 0},
        {"owner": "Pieter", "results": 1, "overdue": 0, "due_soon": 0, "needs_attention": 0},
    ]


def test_empty_register():
    table = register_table(pd.DataFrame(columns=["record_id"]), TODAY)
    assert table.empty and overdue(table).empty and by_owner(table).empty
    assert "<tbody></tbody>" in register_html(table, {"result": "Resultaat"}, STATE_LABELS)


def test_register_html_marks_overdue_with_text_and_escapes():
    evil = records(
        {
            "result": "<script>alert(1)</script>",
            "owner": "A & B",
            "next_review": "2027-01-01",
            "status": "running",
            "kind": "leaflet",
        },
        {"result": "Coach", "owner": "Ilse", "next_review": "2027-12-01", "status": "running"},
    )
    html = register_html(
        register_table(evil, TODAY),
        {"result": "Resultaat", "kind": "Soort", "owner": "Eigenaar", "state": "Controle"},
        STATE_LABELS,
        {"kind": {"leaflet": "Folder"}},
    )
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "A &amp; B" in html
    late, fine = html.split("<tr")[2:4]
    assert "class='cc-overdue'" in late and "⚠ te laat" in late and "Folder" in late
    assert "cc-overdue" not in fine and "op tijd" in fine


def test_member_checks_and_matching_to_the_register():
    answers = answer_frame(
        {
            1: {
                "checks": [
                    {"result": " kennisbank ", "used": "hardly", "maintenance": "Verouderd"},
                    {"result": "", "used": "often"},
                    {"result": "App", "used": "=cmd", "maintenance": ""},
                ]
            },
            2: {"checks": [{"result": "Kennisbank", "used": "often", "maintenance": ""}]},
            3: {"checks": "not a list"},
        },
        PEOPLE,
    )
    checks = member_checks(answers)
    assert list(checks["result"]) == ["kennisbank", "App", "Kennisbank"]
    assert checks.iloc[1]["used"] is None  # unknown option dropped
    register = register_table(REGISTER, TODAY)
    table = checks_by_result(register, checks).set_index("result")
    assert table.loc["Kennisbank", "checks"] == 2
    assert table.loc["Kennisbank", "hardly"] == 1 and table.loc["Kennisbank", "often"] == 1
    assert table.loc["Kennisbank", "needs"] == ["Verouderd"]
    assert bool(table.loc["Kennisbank", "in_register"])
    assert table.loc["Coach", "checks"] == 0  # in the register, nobody checked it
    assert not table.loc["App", "in_register"]
    assert list(table.index)[-1] == "App"  # member-only results after the register
    assert member_checks(answer_frame({})).empty
