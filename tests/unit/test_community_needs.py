"""Needs in view: per group (small groups never shown apart), shares of the top needs, the
wave comparison (rose, fell, new, gone) and the needs set aside earlier that come back."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from answer_frames import answer_frame

from cocreate_widgets.analysis.community_needs import (
    AREAS,
    MEAN_THRESHOLD,
    MERGED,
    area_means,
    compare_waves,
    need_id,
    need_shares,
    needs_by_group,
    needs_coming_back,
    priority_history,
    priority_suggestions,
    set_aside_before,
    wave_number,
)

PEOPLE = {
    1: ("Anneke", "patient", "patient_side"),
    2: ("Gerrit", "patient", "patient_side"),
    3: ("Joost", "patient", "patient_side"),
    4: ("Hans", "relative", "patient_side"),
    5: ("Wil", "relative", "patient_side"),
    6: ("Ilse", "nurse", "care_providers"),
}
NEEDS = ("info", "contact", "exercise", "home_help", "intimacy")
LABELS = {
    "info": "Uitleg over de ziekte",
    "contact": "Eén aanspreekpunt",
    "exercise": "Blijven bewegen",
    "home_help": "Hulp thuis",
    "intimacy": "Intimiteit",
}


def rated(health: int, family: int, phase: str, top: list[str]) -> dict:
    return {"need_health": health, "need_family": family, "phase": phase, "top_needs": top}


def wave1() -> pd.DataFrame:
    return answer_frame(
        {
            1: rated(3, 4, "after_work", ["info", "contact", "intimacy"]),
            2: rated(4, 3, "after_work", ["info", "exercise"]),
            3: rated(2, 2, "working", ["info", "contact"]),
            4: rated(2, 5, "after_work", ["contact", "info"]),
            5: rated(3, 4, "working", ["exercise", "contact"]),
        },
        PEOPLE,
    )


def wave2() -> pd.DataFrame:
    return answer_frame(
        {
            1: rated(3, 4, "after_work", ["exercise", "contact", "intimacy"]),
            2: rated(5, 4, "after_work", ["home_help", "exercise"]),
            3: rated(2, 2, "working", ["contact", "exercise"]),
            4: rated(2, 5, "after_work", ["contact", "home_help"]),
            5: rated(4, 5, "working", ["exercise", "contact"]),
        },
        PEOPLE,
    )


def test_by_role_merges_groups_under_three_and_hides_their_means():
    table = needs_by_group(wave1(), "role").set_index("group")
    assert list(table.index) == ["patient", MERGED]
    assert table.loc["patient", "n"] == 3 and table.loc["patient", "health"] == 3.0
    # the two relatives are a group under three: merged, and still under three: not shown
    assert table.loc[MERGED, "n"] == 2 and not table.loc[MERGED, "shown"]
    assert math.isnan(table.loc[MERGED, "health"])
    assert "relative" not in table.index


def test_merged_small_groups_are_shown_once_they_reach_three():
    extra = answer_frame({6: rated(4, 1, "working", ["info"])}, PEOPLE)
    table = needs_by_group(pd.concat([wave1(), extra]), "role").set_index("group")
    assert table.loc[MERGED, "n"] == 3 and table.loc[MERGED, "shown"]
    assert table.loc[MERGED, "family"] == pytest.approx((5 + 4 + 1) / 3)


def test_by_side_and_by_life_phase():
    by_side = needs_by_group(wave1(), "side").set_index("group")
    assert list(by_side.index) == ["patient_side"] and by_side.loc["patient_side", "n"] == 5
    by_phase = needs_by_group(wave1(), "phase").set_index("group")
    assert by_phase.loc["after_work", "family"] == pytest.approx(4.0)
    assert by_phase.loc[MERGED, "n"] == 2 and not by_phase.loc[MERGED, "shown"]
    assert math.isnan(by_phase.loc["after_work", "work"])  # nobody rated it
    with pytest.raises(ValueError, match="by must be"):
        needs_by_group(wave1(), "organisation")


def test_empty_and_invalid_ratings():
    assert needs_by_group(pd.DataFrame(), "role").empty
    bad = answer_frame({1: {"need_health": 9}, 2: {"need_health": "veel"}, 3: {"need_health": 2}})
    means = area_means(bad).set_index("area")
    assert means.loc["health", "n"] == 1 and means.loc["health", "mean"] == 2.0
    assert list(means.index) == list(AREAS) and math.isnan(means.loc["work", "mean"])
    assert area_means(pd.DataFrame())["n"].sum() == 0


def test_need_shares_count_people_and_ignore_unknown_ids():
    frame = answer_frame(
        {1: {"top_needs": ["info", "hack"]}, 2: {"top_needs": ["info"]}, 3: {"top_needs": []}},
        PEOPLE,
    )
    shares = need_shares(frame, NEEDS).set_index("need")
    assert shares.loc["info", "chosen"] == 2 and shares.loc["info", "respondents"] == 2
    assert shares.loc["info", "share"] == 1.0 and shares.loc["contact", "share"] == 0.0
    assert "hack" not in shares.index
    nobody = need_shares(pd.DataFrame(), NEEDS)
    assert nobody["share"].isna().all() and (nobody["chosen"] == 0).all()


def comparison() -> pd.DataFrame:
    return compare_waves(need_shares(wave1(), NEEDS), need_shares(wave2(), NEEDS))


def test_wave_comparison_rose_fell_new_gone_steady():
    trend = comparison().set_index("item")["trend"].to_dict()
    # info 4/5 -> 0/5 gone; contact 4/5 -> 4/5 steady; exercise 2/5 -> 4/5 rose;
    # home_help 0 -> 2/5 new; intimacy 1/5 -> 1/5 steady
    assert trend == {
        "info": "gone",
        "contact": "steady",
        "exercise": "rose",
        "home_help": "new",
        "intimacy": "steady",
    }
    row = comparison().set_index("item").loc["exercise"]
    assert row["before"] == 0.4 and row["after"] == 0.8 and row["change"] == pytest.approx(0.4)


@pytest.mark.parametrize(
    ("before", "after", "threshold", "trend"),
    [
        (0.4, 0.55, 0.15, "rose"),  # exactly the threshold counts
        (0.4, 0.5, 0.15, "steady"),
        (0.6, 0.4, 0.15, "fell"),
        (0.6, 0.4, 0.25, "steady"),
    ],
)
def test_the_threshold_decides_rose_and_fell(before, after, threshold, trend):
    old = pd.DataFrame({"need": ["x"], "share": [before]})
    new = pd.DataFrame({"need": ["x"], "share": [after]})
    assert compare_waves(old, new, threshold=threshold)["trend"].tolist() == [trend]


def test_area_means_compare_without_new_or_gone():
    table = compare_waves(
        area_means(wave1()),
        area_means(wave2()),
        key="area",
        value="mean",
        threshold=MEAN_THRESHOLD,
        chosen=False,
    ).set_index("item")
    assert table.loc["health", "before"] == pytest.approx(2.8)
    assert table.loc["health", "after"] == pytest.approx(3.2)
    assert table.loc["health", "trend"] == "steady"  # +0.4 is under the threshold 0.5
    assert set(table["trend"]) <= {"rose", "fell", "steady", "unknown"}
    lower = compare_waves(
        area_means(wave1()),
        area_means(wave2()),
        key="area",
        value="mean",
        threshold=0.4,
        chosen=False,
    ).set_index("item")
    assert lower.loc["health", "trend"] == "rose"
    assert table.loc["work", "trend"] == "unknown"  # nobody rated work in either wave


def test_compare_handles_empty_waves_and_refuses_a_zero_threshold():
    empty = need_shares(pd.DataFrame(), NEEDS)
    table = compare_waves(empty, need_shares(wave2(), NEEDS)).set_index("item")
    assert table.loc["home_help", "trend"] == "unknown"  # before nobody answered: NaN
    only_new = need_shares(wave2(), NEEDS)
    fewer = need_shares(wave1(), NEEDS[:3])  # home_help was not on the list in wave 1
    table = compare_waves(fewer, only_new).set_index("item")
    assert table.loc["home_help", "trend"] == "new" and table.loc["home_help", "before"] == 0
    assert compare_waves(empty.iloc[0:0], empty.iloc[0:0]).empty
    with pytest.raises(ValueError):
        compare_waves(empty, empty, threshold=0)


def test_need_texts_and_wave_numbers():
    assert need_id("  blijven   BEWEGEN ", LABELS) == "exercise"
    assert need_id("exercise", LABELS) == "exercise" and need_id("iets", LABELS) is None
    assert [wave_number(w) for w in ("1", "ronde 2", 3, "", None, True)] == [
        1,
        2,
        3,
        None,
        None,
        None,
    ]


def priorities(*rows: tuple[str, str, object]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"record_id": i, "need": n, "decision": d, "wave": w, "note": "x"}
            for i, (n, d, w) in enumerate(rows)
        ]
    )


def test_a_need_set_aside_earlier_that_rises_now_comes_back():
    chosen = priorities(
        ("Uitleg over de ziekte", "chosen", "1"),
        ("blijven bewegen", "set_aside", "ronde 1"),
        ("Intimiteit", "set_aside", "1"),
    )
    back = needs_coming_back(comparison(), chosen, 2, LABELS)
    assert list(back["item"]) == ["exercise"]  # intimacy was set aside but stays steady
    assert back.loc[0, "earlier_note"] == "x"


def test_a_new_need_that_was_set_aside_comes_back_too():
    back = needs_coming_back(comparison(), priorities(("Hulp thuis", "set_aside", "1")), 2, LABELS)
    assert list(back["item"]) == ["home_help"]


def test_set_aside_then_chosen_later_or_in_this_wave_does_not_come_back():
    later = priorities(("exercise", "set_aside", "1"), ("exercise", "chosen", "2"))
    assert needs_coming_back(comparison(), later, 3, LABELS).empty
    assert set_aside_before(priority_history(later, LABELS), 2) == ["exercise"]
    this_wave = priorities(("exercise", "set_aside", "2"))
    assert needs_coming_back(comparison(), this_wave, 2, LABELS).empty
    no_wave = priorities(("exercise", "set_aside", "ooit"))
    assert needs_coming_back(comparison(), no_wave, 2, LABELS).empty
    assert needs_coming_back(comparison(), pd.DataFrame(columns=["record_id"]), 2, LABELS).empty


def test_priority_suggestions_take_the_most_chosen_as_labels():
    rows = priority_suggestions(need_shares(wave1(), NEEDS), LABELS, wave=1)
    assert rows.to_dict("records") == [
        {"need": "Uitleg over de ziekte", "decision": "chosen", "wave": "1"},
        {"need": "Eén aanspreekpunt", "decision": "chosen", "wave": "1"},
        {"need": "Blijven bewegen", "decision": "chosen", "wave": "1"},
    ]
    assert priority_suggestions(need_shares(pd.DataFrame(), NEEDS), LABELS, 1).empty


def test_the_latest_two_waves_are_compared():
    from cocreate_widgets.analysis.community_needs import needs_wave_comparison, wave_pair

    assert wave_pair({}) == (None, None) and wave_pair({1: wave1()}) == (None, 1)
    assert wave_pair({3: wave2(), 1: wave1(), 2: wave1()}) == (2, 3)
    assert needs_wave_comparison({1: wave1()}, NEEDS).empty
    table = needs_wave_comparison({1: wave1(), 2: wave2()}, NEEDS)
    assert table.equals(comparison())
