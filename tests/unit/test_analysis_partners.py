"""Find your ideal partner: profiles, the pairing rule, the best pairing, edits, trios."""

from __future__ import annotations

import random

import pandas as pd
import pytest

from cocreate_widgets.analysis.partners import (
    SKILLS,
    TRIO_PLACES,
    agreements_by_group,
    can_pair,
    describe_groups,
    describe_trios,
    join_group,
    leave_group,
    match_partners,
    max_pairs,
    partner_profiles,
    propose_trios,
    swap_members,
    unmatched,
)

SIDE = {
    "patient": "patient_side",
    "relative": "patient_side",
    "doctor": "care_providers",
    "nurse": "care_providers",
    "other_care": "care_providers",
    "coordinator": "other_professionals",
    "manager": "other_professionals",
    "municipality": "other_professionals",
    "other": "other_professionals",
}


def people(*rows: tuple[int, str, list[str]]) -> pd.DataFrame:
    """Profiles from (participant_id, role, themes); pseudonyms P<id>."""
    return pd.DataFrame(
        [
            {
                "participant_id": pid,
                "pseudonym": f"P{pid}",
                "role": role,
                "side": SIDE.get(role, "elsewhere"),
                "themes": themes,
            }
            for pid, role, themes in rows
        ],
        columns=["participant_id", "pseudonym", "role", "side", "themes"],
    )


def total_shared(profiles: pd.DataFrame, groups: list[list[int]]) -> int:
    themes = dict(zip(profiles["participant_id"], profiles["themes"], strict=True))
    return sum(len(set(themes[a]) & set(themes[b])) for a, b in groups)


def greedy(profiles: pd.DataFrame) -> list[list[int]]:
    """Best-first greedy pairing by shared themes: what the matching must beat."""
    rows = profiles.to_dict("records")
    edges = sorted(
        (
            (-len(set(a["themes"]) & set(b["themes"])), a["participant_id"], b["participant_id"])
            for i, a in enumerate(rows)
            for b in rows[i + 1 :]
            if can_pair(a["role"], a["side"], b["role"], b["side"])
        )
    )
    taken: set[int] = set()
    pairs = []
    for _score, a, b in edges:
        if a not in taken and b not in taken:
            taken |= {a, b}
            pairs.append([a, b])
    return pairs


# --- profiles and the rule -------------------------------------------------------------------


def test_partner_profiles_one_sorted_row_per_answer():
    rows = [
        (3, "Dr. C", "doctor", "themes", ["medication", "loneliness", "medication"]),
        (1, "Anna", "patient", "themes", ["loneliness"]),
        (1, "Anna", "patient", "other_question", "x"),
        (2, "Bert", "nurse", "other_question", "y"),  # never answered themes
        (4, "Eva", "relative", "themes", []),  # answered, chose nothing
    ]
    answers = pd.DataFrame(
        [
            {
                "participant_id": pid,
                "pseudonym": name,
                "role": role,
                "side": SIDE[role],
                "organisation": None,
                "question_id": qid,
                "value": value,
            }
            for pid, name, role, qid, value in rows
        ]
    )
    table = partner_profiles(answers)
    assert table["participant_id"].tolist() == [1, 3, 4]
    assert table["themes"].tolist() == [["loneliness"], ["loneliness", "medication"], []]
    assert table.loc[1, "side"] == "care_providers"
    assert partner_profiles(answers.iloc[0:0]).columns.tolist() == [
        "participant_id",
        "pseudonym",
        "role",
        "side",
        "themes",
    ]


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("patient", "doctor", True),
        ("relative", "manager", True),
        ("nurse", "doctor", True),
        ("manager", "municipality", True),
        ("nurse", "nurse", False),
        ("patient", "relative", False),
        ("patient", "patient", False),
    ],
)
def test_can_pair(a, b, expected):
    assert can_pair(a, SIDE[a], b, SIDE[b]) is expected
    assert can_pair(b, SIDE[b], a, SIDE[a]) is expected


def test_unknown_side_pairs_with_nobody():
    assert not can_pair("guest", "visitors", "doctor", "care_providers")


# --- the best pairing ------------------------------------------------------------------------


def test_matching_pairs_more_people_than_greedy():
    # 2 (doctor) and 3 (nurse) share most, but then the two patients are left alone.
    room = people(
        (1, "patient", ["housing"]),
        (2, "doctor", ["medication", "loneliness"]),
        (3, "nurse", ["medication", "loneliness"]),
        (4, "patient", ["exercise"]),
    )
    assert greedy(room) == [[2, 3]]
    assert max_pairs(room) == 2
    pairs = match_partners(room)
    assert len(pairs) == 2
    assert pairs in ([[1, 2], [3, 4]], [[1, 3], [2, 4]])


def test_best_total_needs_the_non_obvious_pairing():
    # 1-3 share three themes, but then 2 and 4 share none: 3 in total; 1-4 and 2-3 make 4.
    room = people(
        (1, "patient", ["a", "b", "c"]),
        (2, "relative", ["d", "e"]),
        (3, "doctor", ["a", "b", "c", "d", "e"]),
        (4, "nurse", ["a", "b"]),
    )
    assert total_shared(room, greedy(room)) == 3
    pairs = match_partners(room)
    assert pairs == [[1, 4], [2, 3]]
    assert total_shared(room, pairs) == 4


def test_ties_prefer_patient_with_professional():
    room = people((1, "doctor", ["a"]), (2, "nurse", ["a"]), (3, "patient", ["a"]))
    (pair,) = match_partners(room)
    assert 3 in pair


def test_one_shared_theme_outweighs_the_patient_side_preference():
    room = people((1, "doctor", ["a", "b"]), (2, "nurse", ["a", "b"]), (3, "patient", ["a"]))
    assert match_partners(room) == [[1, 2]]


def test_shared_themes_first_even_if_the_patient_is_left_out():
    # 2-3 (two themes) + 4-5 (one) = 3 shared; pairing the patient gives at most 2.
    room = people(
        (1, "patient", ["a"]),
        (2, "doctor", ["a", "b"]),
        (3, "nurse", ["a", "b"]),
        (4, "manager", ["c"]),
        (5, "coordinator", ["c"]),
    )
    assert match_partners(room) == [[2, 3], [4, 5]]
    left = unmatched([[2, 3], [4, 5]], room)
    assert left["reason"].tolist() == ["odd_one_out"]
    assert left["suggested_group"].tolist() == [1]


def test_matching_is_deterministic_and_sorted():
    room = people(
        (7, "nurse", ["a"]), (3, "patient", ["a"]), (5, "doctor", ["b"]), (1, "relative", ["b"])
    )
    first = match_partners(room)
    assert first == match_partners(room.iloc[::-1])
    assert first == sorted(first)
    assert all(pair == sorted(pair) for pair in first)
    assert first == [[1, 5], [3, 7]]


def random_room(n: int, seed: int) -> pd.DataFrame:
    rng = random.Random(seed)
    roles = rng.choices(
        ["patient", "relative", "doctor", "nurse", "other_care", "manager", "municipality"],
        weights=[25, 10, 12, 30, 10, 8, 5],
        k=n,
    )
    themes = [f"t{i}" for i in range(12)]
    return people(*[(i, r, rng.sample(themes, rng.randint(1, 5))) for i, r in enumerate(roles)])


def test_thinned_matching_never_loses_a_pair():
    # One candidate each: only the built-in pairing with the most pairs keeps cardinality.
    for seed in range(5):
        room = random_room(90, seed)
        assert len(match_partners(room, thin=True, candidates=1)) == max_pairs(room)


def test_thinned_matching_finds_the_exact_total_on_a_random_room():
    room = random_room(80, 1)
    full = match_partners(room, thin=False)
    thinned = match_partners(room, thin=True)
    assert len(thinned) == len(full) == max_pairs(room)
    assert total_shared(room, thinned) == total_shared(room, full)


def test_max_pairs_with_a_dominant_profession():
    room = people(*[(i, "nurse", []) for i in range(5)], (9, "patient", []), (8, "doctor", []))
    assert max_pairs(room) == 2
    assert len(match_partners(room)) == 2


# --- groups and the unmatched ----------------------------------------------------------------


def odd_room() -> pd.DataFrame:
    return people(
        (1, "patient", ["a"]),
        (2, "doctor", ["a"]),
        (3, "patient", ["b"]),
        (4, "nurse", ["b", "c"]),
        (5, "manager", ["c"]),
    )


def test_odd_number_leaves_one_odd_one_out_with_a_suggested_group():
    room = odd_room()
    groups = match_partners(room)
    assert groups == [[1, 2], [3, 4]]
    left = unmatched(groups, room)
    assert left["participant_id"].tolist() == [5]
    assert left.loc[0, "reason"] == "odd_one_out"
    assert left["suggested_group"].tolist() == [2]  # shares "c" with the nurse


def test_describe_groups_pairs_and_trios():
    room = odd_room()
    table = describe_groups([[1, 2], [3, 4, 5], [1, 3]], room)
    assert table["group"].tolist() == [1, 2, 3]
    assert table.loc[0, "shared"] == ["a"]
    assert table.loc[0, "pseudonyms"] == ["P1", "P2"]
    assert table.loc[1, "shared"] == ["b", "c"]  # b: 3 and 4; c: 4 and 5
    assert table.loc[1, "roles"] == ["patient", "nurse", "manager"]
    assert table["n_shared"].tolist() == [1, 2, 0]
    assert table["nothing_in_common"].tolist() == [False, False, True]
    assert table["fits_rule"].tolist() == [True, True, False]  # two patients never pair


def test_only_patients_all_only_patient_side():
    room = people((1, "patient", ["a"]), (2, "relative", ["a"]), (3, "patient", []))
    groups = match_partners(room)
    assert groups == []
    left = unmatched(groups, room)
    assert left["reason"].tolist() == ["only_patient_side"] * 3
    assert left["suggested_group"].tolist() == [None, None, None]


def test_two_nurses_same_profession_only():
    room = people((1, "nurse", ["a"]), (2, "nurse", ["a"]))
    assert match_partners(room) == []
    assert unmatched([], room)["reason"].tolist() == ["same_profession_only"] * 2


def test_unknown_side_is_named():
    room = people((1, "guest", ["a"]), (2, "doctor", ["a"]), (3, "patient", ["a"]))
    assert match_partners(room) == [[2, 3]]
    assert unmatched([[2, 3]], room)["reason"].tolist() == ["unknown_side"]


def test_empty_and_one_person():
    empty = people()
    assert match_partners(empty) == []
    assert max_pairs(empty) == 0
    assert unmatched([], empty).empty
    assert describe_groups([], empty).empty
    one = people((1, "doctor", ["a"]))
    assert match_partners(one) == []
    assert unmatched([], one)["reason"].tolist() == ["same_profession_only"]


def test_swap_between_groups_and_with_the_ungrouped():
    groups = [[1, 2], [3, 4]]
    assert swap_members(groups, 1, 3) == [[2, 3], [1, 4]]
    assert swap_members(groups, 5, 2) == [[1, 5], [3, 4]]  # 5 takes 2's place
    assert swap_members(groups, 1, 2) == [[1, 2], [3, 4]]
    assert groups == [[1, 2], [3, 4]]  # pure


def test_swap_errors():
    with pytest.raises(ValueError, match="^same_person"):
        swap_members([[1, 2]], 1, 1)
    with pytest.raises(ValueError, match="^not_in_a_group"):
        swap_members([[1, 2]], 5, 6)


def test_join_and_leave():
    groups = [[1, 2], [3, 4]]
    assert join_group(groups, 5, 2) == [[1, 2], [3, 4, 5]]
    with pytest.raises(ValueError, match="^already_grouped"):
        join_group(groups, 1, 2)
    with pytest.raises(ValueError, match="^no_such_group"):
        join_group(groups, 5, 3)
    with pytest.raises(ValueError, match="^no_such_group"):
        join_group(groups, 5, 0)
    assert leave_group([[1, 2], [3, 4, 5]], 4) == [[1, 2], [3, 5]]
    assert leave_group(groups, 1) == [[3, 4]]  # 2 is left alone: the group is dissolved
    with pytest.raises(ValueError, match="^not_in_a_group"):
        leave_group(groups, 9)
    assert groups == [[1, 2], [3, 4]]


def test_after_join_the_odd_one_out_is_placed():
    room = odd_room()
    groups = join_group(match_partners(room), 5, 2)
    assert unmatched(groups, room).empty
    assert describe_groups(groups, room).loc[1, "fits_rule"]


# --- agreements ------------------------------------------------------------------------------


def test_agreements_by_group():
    rows = [
        (1, "Anna", "goal", "Less loneliness"),
        (2, "Dr. B", "meet", "monthly"),
        (3, "Carl", "goal", "Fewer falls"),
        (4, "Dee", "meet", ""),  # empty: not an answer
    ]
    answers = pd.DataFrame(
        [
            {"participant_id": pid, "pseudonym": name, "question_id": qid, "value": value}
            for pid, name, qid, value in rows
        ]
    )
    table = agreements_by_group(answers, [[1, 2], [3, 4], [5, 6]], ["goal", "meet"])
    assert table.columns.tolist() == ["group", "pseudonyms", "goal", "meet", "complete"]
    assert table.loc[0, "goal"] == [("Anna", "Less loneliness")]
    assert table.loc[0, "meet"] == [("Dr. B", "monthly")]
    assert table.loc[1, "meet"] == []
    assert table.loc[2, "pseudonyms"] == [None, None]
    assert table["complete"].tolist() == [True, False, False]
    assert agreements_by_group(answers.iloc[0:0], [[1, 2]], ["goal"])["complete"].tolist() == [
        False
    ]


# --- trios -----------------------------------------------------------------------------------


def skilled(*rows: tuple[int, str, tuple[int, ...]]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "participant_id": pid,
                "pseudonym": f"P{pid}",
                "role": role,
                "skills": dict(zip(SKILLS, ratings, strict=True)),
            }
            for pid, role, ratings in rows
        ]
    )


FLAT = (3, 3, 3, 3, 3)


def test_trios_enough_of_each_in_place_order():
    room = skilled(
        (1, "patient", FLAT),
        (2, "doctor", FLAT),
        (3, "manager", FLAT),
        (4, "relative", FLAT),
        (5, "nurse", FLAT),
        (6, "coordinator", FLAT),
    )
    trios, left = propose_trios(room)
    role = dict(zip(room["participant_id"], room["role"], strict=True))
    assert len(trios) == 2
    for clinician, manager, partner in trios:
        assert role[clinician] in TRIO_PLACES["clinician"]
        assert role[manager] in TRIO_PLACES["manager"]
        assert role[partner] in TRIO_PLACES["partner"]
    assert left.empty


def test_trios_a_place_short_and_a_role_without_place():
    room = skilled(
        (1, "doctor", FLAT),
        (2, "nurse", FLAT),
        (3, "manager", FLAT),
        (4, "patient", FLAT),
        (5, "municipality", FLAT),
        (6, "other", FLAT),
    )
    trios, left = propose_trios(room)
    assert len(trios) == 1
    assert len(left) == 3
    reasons = dict(zip(left["participant_id"], left["reason"], strict=True))
    places = dict(zip(left["participant_id"], left["place"], strict=True))
    assert reasons[6] == "no_place_for_role"
    assert places[6] is None
    short = [pid for pid, reason in reasons.items() if reason == "short_of_manager"]
    assert len(short) == 2  # one clinician and one partner had no manager left
    assert sorted(places[pid] for pid in short) == ["clinician", "partner"]


def test_trios_none_when_a_place_is_empty():
    room = skilled((1, "doctor", FLAT), (2, "patient", FLAT))
    trios, left = propose_trios(room)
    assert trios == []
    assert left["reason"].tolist() == ["short_of_manager", "short_of_manager"]


def test_trios_empty_input():
    trios, left = propose_trios(skilled())
    assert trios == [] and left.empty


STRONG_TALK = (5, 5, 1, 1, 1)
STRONG_AIM = (1, 1, 5, 5, 1)
STRONG_PULL = (1, 1, 1, 1, 5)


def complementary_room() -> pd.DataFrame:
    # Like with like (1-3-5, 2-4-6) covers 17 + 17; crossed (1-4, 2-3) covers 25 + 25.
    return skilled(
        (1, "doctor", STRONG_TALK),
        (2, "nurse", STRONG_AIM),
        (3, "manager", STRONG_TALK),
        (4, "coordinator", STRONG_AIM),
        (5, "patient", STRONG_PULL),
        (6, "relative", STRONG_PULL),
    )


@pytest.mark.parametrize("max_exact", [20_000, 0])
def test_trios_choose_complementary_skills(max_exact):
    room = complementary_room()
    trios, _left = propose_trios(room, max_exact=max_exact)
    assert [trio[:2] for trio in trios] == [[1, 4], [2, 3]]
    table = describe_trios(trios, room)
    assert table["complementarity"].tolist() == [25.0, 25.0]
    assert table.loc[0, "coverage"] == dict.fromkeys(SKILLS, 5.0)


def test_describe_trios_weakest_skill():
    room = complementary_room()
    table = describe_trios([[1, 3, 5], [2, 4, 6]], room)
    assert table["complementarity"].tolist() == [17.0, 17.0]
    assert table["weakest_skill"].tolist() == ["common_goal", "dialogue"]
    assert table.loc[0, "pseudonyms"] == ["P1", "P3", "P5"]
    assert table.loc[1, "roles"] == ["nurse", "coordinator", "relative"]


def test_exact_trios_beat_the_two_stages_where_they_differ():
    # Clinician-manager pairings 1-3 + 2-4 and 1-4 + 2-3 both cover 42 on their own, but
    # only 1-4-5 and 2-3-6 give two trios strong at every skill (25 + 25).
    room = skilled(
        (1, "doctor", (1, 5, 5, 1, 1)),
        (2, "doctor", (1, 1, 1, 1, 1)),
        (3, "manager", (5, 1, 5, 5, 5)),
        (4, "manager", (5, 5, 1, 5, 1)),
        (5, "patient", (5, 1, 1, 5, 5)),
        (6, "patient", (5, 5, 1, 5, 1)),
    )
    trios, _left = propose_trios(room)
    assert trios == [[1, 4, 5], [2, 3, 6]]
    assert describe_trios(trios, room)["complementarity"].sum() == 50
    staged, _left = propose_trios(room, max_exact=0)
    assert len(staged) == 2
    assert describe_trios(staged, room)["complementarity"].sum() <= 50


def random_skilled(counts: dict[str, int], seed: int) -> pd.DataFrame:
    rng = random.Random(seed)
    roles = [role for role, n in counts.items() for _ in range(n)]
    rng.shuffle(roles)
    return skilled(
        *[(i, role, tuple(rng.randint(1, 5) for _ in SKILLS)) for i, role in enumerate(roles)]
    )


def test_large_path_gives_as_many_trios_as_the_exact_one():
    room = random_skilled({"nurse": 9, "manager": 6, "patient": 8, "other": 2}, seed=3)
    exact, left_exact = propose_trios(room)
    staged, left_staged = propose_trios(room, max_exact=0)
    assert len(exact) == len(staged) == 6
    assert len(left_exact) == len(left_staged) == 25 - 18
    score = describe_trios(exact, room)["complementarity"].sum()
    assert score >= describe_trios(staged, room)["complementarity"].sum()
    assert sorted(left_staged["reason"].unique()) == ["no_place_for_role", "short_of_manager"]


def test_large_room_uses_assignment_and_places_everyone_possible():
    room = random_skilled({"doctor": 40, "coordinator": 30, "municipality": 35}, seed=5)
    trios, left = propose_trios(room)  # 40 * 30 * 35 possible trios: two assignment stages
    assert len(trios) == 30
    assert len({pid for trio in trios for pid in trio}) == 90
    assert (left["reason"] == "short_of_manager").all() and len(left) == 15
