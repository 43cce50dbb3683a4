"""Who is at the table: coverage per side and role, and who is missing."""

from __future__ import annotations

import pandas as pd
import pytest

from cocreate_widgets.analysis.partnership_table import (
    missing_parties,
    roster_from_answers,
    table_coverage,
)
from cocreate_widgets.roles import default_roles


@pytest.fixture
def roles():
    """The roles of data/roles.yaml."""
    return default_roles()


def roster(*people: tuple[str, str, str | None]) -> pd.DataFrame:
    return pd.DataFrame(people, columns=["role", "side", "organisation"])


def row(table: pd.DataFrame, role: str) -> dict:
    return table[table["role"] == role].iloc[0].to_dict()


def test_coverage_counts_every_role_and_side(roles):
    people = roster(
        ("patient", "patient_side", "Vereniging"),
        ("patient", "patient_side", None),
        ("doctor", "care_providers", "Praktijk B"),
        ("doctor", "care_providers", "Praktijk A"),
        ("nurse", "care_providers", "Thuiszorg"),
        ("municipality", "other_professionals", "Gemeente"),
    )
    table = table_coverage(people, roles)
    assert list(table["role"]) == [r["id"] for r in roles]
    assert row(table, "patient")["present"] == 2
    assert row(table, "relative")["present"] == 0
    assert row(table, "doctor")["organisations"] == "Praktijk A, Praktijk B"
    assert row(table, "nurse")["side_present"] == 3
    assert not table[["side_empty", "no_patient_voice", "care_pair_incomplete"]].any().any()


def test_empty_side_no_patient_voice_and_missing_nurse(roles):
    table = table_coverage(roster(("doctor", "care_providers", "Praktijk")), roles)
    assert set(table.loc[table["side_empty"], "side"]) == {"patient_side", "other_professionals"}
    assert list(table.loc[table["no_patient_voice"], "role"]) == ["patient", "relative"]
    assert list(table.loc[table["care_pair_incomplete"], "role"]) == ["nurse"]


def test_a_relative_alone_is_a_patient_voice(roles):
    table = table_coverage(roster(("relative", "patient_side", None)), roles)
    assert not table["no_patient_voice"].any()
    assert list(table.loc[table["care_pair_incomplete"], "role"]) == ["doctor", "nurse"]


def test_empty_roster_flags_everything(roles):
    table = table_coverage(pd.DataFrame(columns=["role", "side", "organisation"]), roles)
    assert len(table) == len(roles)
    assert table["present"].sum() == 0 and table["side_empty"].all()


def test_unknown_role_is_added_on_its_side(roles):
    table = table_coverage(roster(("pharmacist", "care_providers", "Apotheek")), roles)
    care = list(table.loc[table["side"] == "care_providers", "role"])
    assert care[-1] == "pharmacist" and row(table, "pharmacist")["present"] == 1


def test_missing_parties_combines_rules_names_and_invitees(roles):
    people = roster(
        ("patient", "patient_side", None),
        ("doctor", "care_providers", "Praktijk"),
    )
    answers = pd.DataFrame(
        {
            "participant_id": [1, 2, 2],
            "question_id": ["missing_roles", "missing_roles", "other"],
            "value": [["nurse", "manager"], ["nurse"], ["manager"]],
        }
    )
    invitees = [{"role": "nurse", "name": "Wijkverpleging"}, {"role": "manager"}, {}]
    table = missing_parties(people, roles, answers, invitees)
    assert table.to_dict("records") == [
        {
            "party": "other_professionals",
            "kind": "side",
            "side": "other_professionals",
            "reasons": "side_empty",
            "named_by": 1,
            "invitees": 1,
        },
        {
            "party": "nurse",
            "kind": "role",
            "side": "care_providers",
            "reasons": "care_pair_incomplete",
            "named_by": 2,
            "invitees": 1,
        },
        {
            "party": "manager",
            "kind": "role",
            "side": "other_professionals",
            "reasons": "named",
            "named_by": 1,
            "invitees": 1,
        },
    ]


def test_missing_parties_without_answers_and_a_full_table(roles):
    people = roster(
        ("patient", "patient_side", None),
        ("doctor", "care_providers", None),
        ("nurse", "care_providers", None),
        ("manager", "other_professionals", None),
    )
    table = missing_parties(people, roles)
    assert table.empty and list(table.columns)[0] == "party"


def test_roster_from_answers_one_row_per_person():
    frame = pd.DataFrame(
        {
            "participant_id": [1, 1, 2],
            "pseudonym": ["A", "A", "B"],
            "role": ["patient", "patient", "nurse"],
            "side": ["patient_side", "patient_side", "care_providers"],
            "organisation": [None, None, "Thuiszorg"],
            "question_id": ["q1", "q2", "q1"],
            "value": ["x", "y", "z"],
        }
    )
    assert list(roster_from_answers(frame)["pseudonym"]) == ["A", "B"]
    assert roster_from_answers(frame.iloc[0:0]).empty
