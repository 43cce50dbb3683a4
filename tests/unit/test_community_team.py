"""The core team: composition against what the method asks, candidates from the answers,
and how long ago the community was last informed."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from answer_frames import answer_frame

from cocreate_widgets.analysis.community_team import (
    core_team_candidates,
    days_since_last_update,
    describe_missing,
    missing_requirements,
    not_yet_in_register,
    team_composition,
    team_verdict,
    update_log,
    update_overdue,
)


def register(*members: tuple[str, str]) -> pd.DataFrame:
    return pd.DataFrame(
        [{"record_id": i, "name": n, "role": r} for i, (n, r) in enumerate(members)]
    )


def composition(*members: tuple[str, str]) -> pd.DataFrame:
    return team_composition(register(*members)).set_index("requirement")


FULL = [
    ("Anneke", "patient"),
    ("Hans", "relative"),
    ("Eva", "doctor"),
    ("Ilse", "nurse"),
    ("Linda", "coordinator"),
]


def test_a_full_team_is_complete():
    table = composition(*FULL)
    assert table["met"].all()
    assert table.loc["care_provider", "who"] == ["Eva", "Ilse"]
    assert team_verdict(table.reset_index()) == "complete"
    assert describe_missing(table.reset_index(), str.upper) == []


def test_a_missing_doctor_or_relative_is_a_warning_not_a_failure():
    table = team_composition(register(*[m for m in FULL if m[1] not in ("doctor", "relative")]))
    assert team_verdict(table) == "warnings"
    missing = missing_requirements(table)
    assert list(missing["requirement"]) == ["doctor", "relative"]
    assert set(missing["severity"]) == {"recommended"}


def test_no_patient_or_coordinator_is_incomplete_required_first_in_words():
    table = team_composition(register(("Eva", "doctor"), ("Hans", "relative")))
    assert team_verdict(table) == "incomplete"
    words = describe_missing(table, lambda code: f"mist:{code}")
    assert words == ["mist:patient", "mist:coordinator", "mist:nurse"]


def test_other_care_counts_as_care_provider_but_not_as_doctor_or_nurse():
    table = composition(("Koen", "other_care"), ("Anneke", "patient"), ("Linda", "coordinator"))
    assert table.loc["care_provider", "met"]
    assert not table.loc["doctor", "met"] and not table.loc["nurse", "met"]


def test_an_empty_register_misses_everything_and_blank_names_do_not_count():
    empty = team_composition(pd.DataFrame(columns=["record_id"]))
    assert not empty["met"].any() and team_verdict(empty) == "incomplete"
    blank = team_composition(register(("  ", "patient")))
    assert not blank.set_index("requirement").loc["patient", "met"]


PEOPLE = {
    1: ("Anneke", "patient"),
    2: ("Eva", "doctor"),
    3: ("Gerrit", "patient"),
    4: ("Gem", "alderman"),
}


def answers() -> pd.DataFrame:
    return answer_frame(
        {
            1: {"join": "yes", "brings": " Ervaring\n en netwerk ", "time_available": "h4_8"},
            2: {"join": "yes"},
            3: {"join": "maybe", "brings": "Geduld"},
            4: {"join": "yes"},
        },
        PEOPLE,
    )


def test_candidates_are_those_who_said_yes_with_their_own_role():
    found = core_team_candidates(answers(), since="2026-09-10")
    assert list(found["name"]) == ["Anneke", "Eva", "Gem"]
    assert list(found["role"]) == ["patient", "doctor", "other"]  # unknown role -> other
    assert found.loc[0, "brings"] == "Ervaring en netwerk"
    assert found.loc[0, "time_available"] == "h4_8" and found.loc[1, "brings"] == ""
    assert set(found["since"]) == {"2026-09-10"}
    assert list(core_team_candidates(answers(), include=("yes", "maybe"))["name"]) == [
        "Anneke",
        "Eva",
        "Gerrit",
        "Gem",
    ]
    assert core_team_candidates(pd.DataFrame()).empty


def test_candidates_already_in_the_register_are_not_offered_again():
    found = core_team_candidates(answers())
    left = not_yet_in_register(found, register((" anneke", "patient")))
    assert list(left["name"]) == ["Eva", "Gem"]
    assert len(not_yet_in_register(found, pd.DataFrame(columns=["record_id"]))) == 3


def updates(*dates: str) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"record_id": i, "date": d, "channel": "newsletter", "shared": "x"}
            for i, d in enumerate(dates)
        ]
    )


def test_the_log_is_newest_first_and_skips_bad_dates():
    log = update_log(updates("2026-09-10", "2026-10-05", "kapot"))
    assert list(log["date"]) == ["2026-10-05", "2026-09-10"]
    assert list(log.columns) == ["date", "channel", "shared", "reached"]
    assert update_log(pd.DataFrame(columns=["record_id"])).empty


@pytest.mark.parametrize(
    ("dates", "today", "days", "overdue"),
    [
        (("2026-09-10", "2026-10-05"), dt.date(2026, 10, 20), 15, False),
        (("2026-10-05",), dt.date(2026, 12, 4), 60, False),  # exactly the limit: not yet
        (("2026-10-05",), dt.date(2026, 12, 5), 61, True),
        ((), dt.date(2026, 12, 5), None, True),  # never informed
    ],
)
def test_days_since_the_last_update(dates, today, days, overdue):
    found = days_since_last_update(updates(*dates) if dates else pd.DataFrame(), today)
    assert found == days
    assert update_overdue(found) is overdue


def test_the_silence_threshold_is_a_parameter():
    assert update_overdue(20, max_days=14) and not update_overdue(20, max_days=30)


def test_no_candidates_leave_nothing_to_add():
    nobody = core_team_candidates(answer_frame({1: {"join": "no"}}, PEOPLE))
    assert nobody.empty and "since" in nobody.columns
    assert not_yet_in_register(nobody, register(("Anneke", "patient"))).empty
