"""The project teams solver: exact small cases checked by hand, the two-to-one rule, what
cannot be done said plainly (codes and numbers), who is left out and why, empty input."""

from __future__ import annotations

import random

import pandas as pd
import pytest
from answer_frames import answer_frame

from cocreate_widgets.analysis.project_teams import (
    LEFT_OUT_COLUMNS,
    MEMBER_COLUMNS,
    TEAM_COLUMNS,
    Problem,
    TeamRules,
    assignment_suggestions,
    check_teams,
    improvement_labels,
    interest,
    points,
    problem_messages,
    solve_teams,
    team_preferences,
    team_question_set,
    teams_wanted,
)
from cocreate_widgets.exercises import load_exercise_by_id
from cocreate_widgets.i18n import t

IMPS = ["a", "b", "c", "d"]
SIDE = {"P": "patient_side", "C": "care_providers", "O": "other"}
ROLE = {"P": "patient", "C": "nurse", "O": "manager"}


def people(*specs: tuple[str, list[str]]) -> pd.DataFrame:
    """Preferences from (kind, choices): kind P (patient side), C (care provider), O (other);
    pseudonyms P1, P2, C1, ... numbered per kind."""
    seen: dict[str, int] = {}
    rows = []
    for pid, (kind, choices) in enumerate(specs, start=1):
        seen[kind] = seen.get(kind, 0) + 1
        rows.append(
            {
                "participant_id": pid,
                "pseudonym": f"{kind}{seen[kind]}",
                "role": ROLE[kind],
                "side": SIDE[kind],
                "choices": list(choices),
                "hours": None,
                "remark": "",
            }
        )
    return pd.DataFrame(rows)


def team_of(plan, pseudonym: str) -> str | None:
    row = plan.members[plan.members["pseudonym"] == pseudonym]
    return row["improvement"].iloc[0] if len(row) else None


def codes(problems: list[Problem]) -> list[str]:
    return [p.code for p in problems]


@pytest.mark.parametrize("method", ["people", "groups"])
def test_one_exact_team_of_six(method):
    """Four patients and two care providers who all want 'a': one team, all first choice."""
    prefs = people(*[("P", ["a"])] * 4, *[("C", ["a"])] * 2)
    plan = solve_teams(prefs, IMPS, method=method)
    assert plan.status == "optimal"
    assert list(plan.teams.columns) == TEAM_COLUMNS
    (team,) = plan.teams.to_dict("records")
    assert team == {
        "team": 1,
        "improvement": "a",
        "size": 6,
        "patient_side": 4,
        "care_providers": 2,
        "other": 0,
        "above_ratio": 0,
        "points": 18,
    }
    assert list(plan.members.columns) == MEMBER_COLUMNS
    assert set(plan.members["rank"]) == {1}
    assert plan.left_out.empty and list(plan.left_out.columns) == LEFT_OUT_COLUMNS


@pytest.mark.parametrize("method", ["people", "groups"])
def test_preferences_decide_who_goes_where(method):
    """Teams of exactly three (2 patients, 1 care provider). By hand: P1, P2 and one care
    provider in 'a', P3, P4 and the other in 'b'; both care providers want 'a' first, so
    one of them gets a second choice: 5 first choices and 1 second = 17 points."""
    rules = TeamRules(min_size=3, max_size=3)
    prefs = people(
        ("P", ["a", "b"]),
        ("P", ["a", "b"]),
        ("P", ["b", "a"]),
        ("P", ["b", "a"]),
        ("C", ["a", "b"]),
        ("C", ["a", "b"]),
    )
    plan = solve_teams(prefs, IMPS, rules=rules, method=method)
    assert [team_of(plan, p) for p in ("P1", "P2", "P3", "P4")] == ["a", "a", "b", "b"]
    assert {team_of(plan, "C1"), team_of(plan, "C2")} == {"a", "b"}
    assert plan.teams["points"].sum() == 17
    assert sorted(plan.members["rank"]) == [1, 1, 1, 1, 1, 2]
    assert plan.left_out.empty


def test_first_choice_counts_most():
    assert [points(r) for r in (1, 2, 3)] == [3, 2, 1]


@pytest.mark.parametrize("method", ["people", "groups"])
def test_a_third_care_provider_is_left_out_when_the_ratio_is_full(method):
    """4 patients, 3 care providers, 1 manager: 4 patients carry only 2 care providers. The
    team is 4 + 2 + 1 = 7 (room for 8), so the third care provider's reason is the ratio."""
    prefs = people(*[("P", ["a"])] * 4, *[("C", ["a"])] * 3, ("O", ["a"]))
    plan = solve_teams(prefs, IMPS, method=method)
    (team,) = plan.teams.to_dict("records")
    assert (team["size"], team["patient_side"], team["care_providers"], team["other"]) == (
        7,
        4,
        2,
        1,
    )
    assert list(plan.left_out["reason"]) == ["ratio_full"]
    assert plan.left_out["side"].iloc[0] == "care_providers"


@pytest.mark.parametrize("method", ["people", "groups"])
def test_full_team_leaves_people_out_and_keeps_closest_to_two_to_one(method):
    """8 patients and 2 care providers want 'a': at most 8 fit. 6 + 2 (2 above the ratio)
    beats 7 + 1 (5 above); two patients are left out because the team is full."""
    prefs = people(*[("P", ["a"])] * 8, *[("C", ["a"])] * 2)
    plan = solve_teams(prefs, IMPS, method=method)
    (team,) = plan.teams.to_dict("records")
    assert (team["patient_side"], team["care_providers"], team["above_ratio"]) == (6, 2, 2)
    assert list(plan.left_out["reason"]) == ["teams_full", "teams_full"]


def test_too_few_patients_for_the_ratio_means_no_team_and_says_why():
    """3 patients, 2 care providers, 1 other want 'a': a team of 6 with two to one needs 4
    patients or relatives (with one other to fill a place), there are 3."""
    prefs = people(*[("P", ["a"])] * 3, *[("C", ["a"])] * 2, ("O", ["a"]))
    plan = solve_teams(prefs, IMPS, wanted=["a"])
    assert plan.teams.empty and plan.members.empty
    problem = next(p for p in plan.problems if p.code == "too_few_patient_side_for")
    assert problem.numbers == {"improvement": "a", "available": 3, "needed": 4, "size": 6}
    assert "team_not_formed" not in codes(plan.problems)  # already said why
    assert set(plan.left_out["reason"]) == {"no_team_for_choices"}
    assert len(plan.left_out) == 6


def test_largest_feasible_set_of_teams():
    """'a' and 'b' both have six people, but 'b' has no care provider: only 'a' is formed."""
    prefs = people(*[("P", ["a"])] * 4, *[("C", ["a"])] * 2, *[("P", ["b"])] * 6)
    plan = solve_teams(prefs, IMPS, wanted=["a", "b"])
    assert list(plan.teams["improvement"]) == ["a"]
    problem = next(p for p in plan.problems if p.code == "no_care_provider_for")
    assert problem.numbers == {"improvement": "b", "available": 0, "needed": 1}
    assert set(plan.left_out["reason"]) == {"no_team_for_choices"}


def test_a_team_crowded_out_is_reported_after_solving():
    """Six people want 'a' or 'b' (both enough interest on paper), but they make one team."""
    prefs = people(*[("P", ["a", "b"])] * 4, *[("C", ["b", "a"])] * 2)
    plan = solve_teams(prefs, IMPS)
    assert len(plan.teams) == 1
    assert plan.left_out.empty
    missing = [p for p in plan.problems if p.code == "team_not_formed"]
    assert len(missing) == 1 and missing[0].numbers["available"] == 6
    assert "too_few_members" in codes(plan.problems)


def test_check_before_solving_gives_the_numbers():
    """19 people and four wanted teams: 4 x 6 = 24 members needed; patients and care
    providers counted too; an improvement nobody chose is named."""
    prefs = people(
        *[("P", ["a", "b", "c"])] * 7,
        *[("C", ["b", "c", "d"])] * 6,
        *[("O", ["d", "a"])] * 6,
    )
    found = check_teams(prefs, [*IMPS, "e"], wanted=IMPS)
    numbers = {p.code: p.numbers for p in found}
    assert numbers["too_few_members"] == {"teams": 4, "needed": 24, "available": 19}
    # 4 teams of 6 minus 6 others: 18 places, two thirds patient side: 12; at least 2 per team
    assert numbers["too_few_patient_side"] == {
        "teams": 4,
        "size": 6,
        "needed": 12,
        "available": 7,
    }
    assert "too_few_care_providers" not in numbers
    assert numbers["nobody_chose"] == {"improvement": "e"}
    sentences = problem_messages(found, lambda key, **v: t(key, "nl", **v), {"e": "Advies"})
    assert "4 teams hebben minstens 24 leden nodig, er zijn er 19." in sentences
    assert "Niemand koos 'Advies'." in sentences
    english = problem_messages(found, lambda key, **v: t(key, "en", **v))
    assert "4 teams need at least 24 members, there are 19." in english


def test_too_few_care_providers():
    prefs = people(*[("P", ["a", "b"])] * 10, ("C", ["a", "b"]), ("O", ["b"]))
    found = {p.code: p.numbers for p in check_teams(prefs, IMPS, wanted=["a", "b"])}
    assert found["too_few_care_providers"] == {"teams": 2, "needed": 2, "available": 1}


def test_empty_input():
    prefs = team_preferences(pd.DataFrame())
    assert prefs.empty
    plan = solve_teams(prefs, IMPS)
    assert plan.status == "no_teams"
    assert plan.teams.empty and plan.members.empty and plan.left_out.empty
    assert codes(plan.problems) == ["no_members"]


def test_one_person():
    prefs = people(("P", ["a"]))
    plan = solve_teams(prefs, IMPS)
    assert plan.status == "no_teams" and plan.teams.empty
    assert list(plan.left_out["reason"]) == ["no_team_for_choices"]
    found = {p.code: p.numbers for p in plan.problems}
    assert found["too_few_interested"] == {"improvement": "a", "available": 1, "needed": 6}
    forced = solve_teams(prefs, IMPS, wanted=["a"])
    assert forced.teams.empty
    assert {"too_few_members", "too_few_interested"} <= set(codes(forced.problems))


def test_someone_who_chose_nothing():
    prefs = people(*[("P", ["a"])] * 4, *[("C", ["a"])] * 2, ("O", []))
    plan = solve_teams(prefs, IMPS)
    assert len(plan.members) == 6
    assert list(plan.left_out["reason"]) == ["chose_nothing"]


def test_people_and_groups_find_plans_of_equal_value():
    rng = random.Random(7)
    specs = [(rng.choice("PPPCCO"), rng.sample(IMPS, rng.randint(0, 3))) for _ in range(45)]
    prefs = people(*specs)
    by_people = solve_teams(prefs, IMPS, method="people")
    by_groups = solve_teams(prefs, IMPS, method="groups")
    for plan in (by_people, by_groups):
        assert (plan.teams["size"].between(6, 8)).all()
        assert (plan.teams["patient_side"] >= 2 * plan.teams["care_providers"]).all()
        assert (plan.teams["care_providers"] >= 1).all()
        assert plan.members["participant_id"].is_unique
        for row in plan.members.itertuples():
            chosen = prefs.loc[prefs["participant_id"] == row.participant_id, "choices"].iloc[0]
            assert chosen.index(row.improvement) + 1 == row.rank
    assert len(by_people.teams) == len(by_groups.teams)
    assert len(by_people.members) == len(by_groups.members)
    assert by_people.teams["points"].sum() == by_groups.teams["points"].sum()
    assert by_people.teams["above_ratio"].sum() == by_groups.teams["above_ratio"].sum()


def test_preferences_from_answers():
    frame = answer_frame(
        {
            1: {"first_choice": "a", "second_choice": "a", "third_choice": "b", "hours": "h4"},
            2: {"first_choice": None, "second_choice": "c", "remark": "  graag\n avond "},
            3: {"hours": "h2"},
        },
        {
            1: ("Anna", "patient", "patient_side", None),
            2: ("Bert", "manager", "other_professionals", None),
            3: ("Cees", "nurse", "care_providers", None),
        },
    )
    prefs = team_preferences(frame)
    assert list(prefs["choices"]) == [["a", "b"], ["c"], []]
    assert list(prefs["side"]) == ["patient_side", "other", "care_providers"]
    assert list(prefs["hours"]) == ["h4", None, "h2"]
    assert prefs["remark"].iloc[1] == "graag avond"
    table = interest(prefs, ["a", "b", "c"]).set_index("improvement")
    assert table.loc["b", "second"] == 1 and table.loc["a", "first"] == 1
    assert table.loc["c", "other"] == 1
    assert teams_wanted(prefs, ["a", "b", "c"]) == []


@pytest.mark.parametrize(
    "kwargs",
    [
        {"min_size": 0},
        {"min_size": 9, "max_size": 8},
        {"ratio": -1},
        {"min_size": 6.5},
        {"min_care_providers": 3},  # 3 care providers with 6 patients do not fit in 8
    ],
)
def test_bad_rules_are_refused(kwargs):
    with pytest.raises(ValueError):
        TeamRules(**kwargs)


def test_bad_method_is_refused():
    with pytest.raises(ValueError):
        solve_teams(people(("P", ["a"])), IMPS, method="fast")


def test_question_set_from_concept_improvements():
    base = load_exercise_by_id("team_preferences").to_dict()
    before = repr(base)
    records = pd.DataFrame(
        {
            "title": ["Een kennisbank", "Een vaste coach", " Een kennisbank ", None],
            "description": ["", "", "", ""],
        }
    )
    built = team_question_set(base, records)
    assert repr(base) == before
    labels = improvement_labels(built, "nl")
    assert list(labels.values()) == ["Een kennisbank", "Een vaste coach"]
    choices = [q for q in built["questions"] if q["id"].endswith("_choice")]
    assert len(choices) == 3 and all(q["options"] == choices[0]["options"] for q in choices)
    from cocreate_widgets.exercises.model import Exercise

    assert list(Exercise.from_dict(built).question("first_choice").option_ids) == list(labels)
    with pytest.raises(ValueError):
        team_question_set(base, records.iloc[:1])
    with pytest.raises(ValueError):
        team_question_set(base, pd.DataFrame(columns=["record_id"]))


def test_assignment_suggestions_use_the_labels():
    teams = pd.DataFrame({"improvement": ["a", "x"]})
    rows = assignment_suggestions(teams, {"a": "Kennisbank"})
    assert list(rows["team"]) == ["Kennisbank", "x"]
