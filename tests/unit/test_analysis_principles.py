"""The six principles: means and counts per meeting and wave, the weakest and the one that
fell most, trend rows, remarks, meetings read from a store, and the cycle overview."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
from answer_frames import PEOPLE, answer_frame

from cocreate_widgets.analysis.cycle import (
    cycle_html,
    cycle_overview,
    runs_frame,
    steps_never_done,
)
from cocreate_widgets.analysis.principles import (
    PRINCIPLES,
    fell_most,
    meeting_answers,
    meeting_remarks,
    principle_changes,
    principles_by_meeting,
    principles_by_wave,
    trend_rows,
    weakest_principle,
)
from cocreate_widgets.exercises import load_exercise_by_id
from cocreate_widgets.store import Store


def scores(co_owners, use_existing, rest=4) -> dict:
    values = dict.fromkeys(PRINCIPLES, rest)
    values.update(co_owners=co_owners, use_existing=use_existing)
    return values


def meeting(number: int, wave: int, answers: dict[int, dict]) -> pd.DataFrame:
    return answer_frame(answers, PEOPLE).assign(meeting=number, wave=wave)


FRAME = pd.concat(
    [
        meeting(1, 1, {1: scores(5, 2, rest=4), 2: {**scores(4, 2), "remark": "  goed  "}}),
        meeting(2, 1, {1: scores(4, 3), 3: scores(4, 9)}),  # 9 is no rating
        meeting(3, 2, {1: scores(2, 4), 2: {**scores(3, 5), "qualities": "veel"}, 4: {}}),
    ],
    ignore_index=True,
)


def test_means_and_counts_per_meeting():
    table = principles_by_meeting(FRAME)
    assert list(table.columns) == ["meeting", "wave", "principle", "mean", "count"]
    assert len(table) == 3 * 6
    row = table.set_index(["meeting", "principle"])
    assert row.loc[(1, "co_owners"), "mean"] == 4.5
    assert row.loc[(2, "use_existing"), "count"] == 1  # the 9 is left out
    assert row.loc[(3, "qualities"), "count"] == 1  # "veel" is left out
    assert list(table[table["meeting"] == 3]["wave"].unique()) == [2]


def test_means_per_wave_pool_the_meetings():
    table = principles_by_wave(FRAME).set_index(["wave", "principle"])
    assert table.loc[(1, "co_owners"), "mean"] == (5 + 4 + 4 + 4) / 4
    assert table.loc[(1, "co_owners"), "count"] == 4
    assert table.loc[(2, "co_owners"), "mean"] == 2.5


def test_weakest_and_fell_most():
    table = principles_by_meeting(FRAME)
    assert weakest_principle(table) == {"principle": "co_owners", "meeting": 3, "mean": 2.5}
    fell = fell_most(table)
    assert fell["principle"] == "co_owners" and fell["change"] == -2.0
    changes = principle_changes(table).set_index("principle")
    assert changes.loc["use_existing", "change"] == 2.5  # rose from 2 to 4.5


def test_nothing_fell_and_ties():
    rising = pd.concat(
        [meeting(1, 1, {1: scores(3, 3, rest=3)}), meeting(2, 1, {1: scores(4, 4, rest=4)})],
        ignore_index=True,
    )
    table = principles_by_meeting(rising)
    assert fell_most(table) is None
    # all equal in the last meeting: the first principle wins the tie
    assert weakest_principle(table)["principle"] == PRINCIPLES[0]


def test_one_meeting_has_no_change_and_empty_input():
    one = principles_by_meeting(meeting(1, 1, {1: scores(3, 3)}))
    assert all(math.isnan(c) for c in principle_changes(one)["change"])
    assert fell_most(one) is None
    empty = principles_by_meeting(pd.DataFrame(columns=FRAME.columns))
    assert empty.empty and weakest_principle(empty) is None and fell_most(empty) is None
    assert trend_rows(empty, {}).empty and principle_changes(empty).empty


def test_trend_rows_leave_gaps_for_unrated_points():
    frame = pd.concat(
        [meeting(1, 1, {1: scores(3, 3)}), meeting(2, 1, {1: {"co_owners": 5}})],
        ignore_index=True,
    )
    rows = trend_rows(principles_by_meeting(frame), {"co_owners": "Mede-eigenaar"})
    assert list(rows.columns) == ["meeting", "series", "mean"]
    assert len(rows) == 6 + 1
    assert rows[rows["meeting"] == 2]["series"].tolist() == ["Mede-eigenaar"]


def test_remarks_without_names():
    remarks = meeting_remarks(FRAME)
    assert remarks.to_dict("records") == [
        {"meeting": 1, "wave": 1, "role": "relative", "text": "goed"}
    ]


def test_meeting_answers_from_a_store_and_the_cycle(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'x.sqlite'}")
    store.upgrade()
    shop = store.create_workshop(
        "Ronde", language="nl", anonymity="optional", consent_text="ok", join_code="PRNC23"
    )
    reflection = load_exercise_by_id("principles_reflection").to_dict()
    first = store.open_run(store.add_run(shop.id, reflection).id)
    store.add_run(shop.id, reflection)  # a draft: no meeting
    second = store.open_run(store.add_run(shop.id, reflection).id)
    person = store.add_participant(shop.id, pseudonym="Ria", role="patient", language="nl")
    store.submit_answers(first.id, person.id, scores(2, 2))
    store.submit_answers(second.id, person.id, scores(4, 4))
    store.close_run(first.id)
    frame = meeting_answers(store, [shop.id])
    assert sorted(frame["meeting"].unique()) == [1, 2]
    assert set(frame[frame["meeting"] == 2]["run_id"]) == {second.id}
    table = principles_by_meeting(frame)
    assert fell_most(table) is None and weakest_principle(table)["mean"] == 4

    runs = runs_frame(store, [shop.id])
    assert len(runs) == 3
    overview = cycle_overview(["principles_reflection", "theme_meeting"], [1, 2], runs)
    row = overview.set_index(["step", "wave"])
    assert bool(row.loc[("principles_reflection", 1), "done"])
    assert row.loc[("principles_reflection", 1), "runs"] == 2  # the draft is not done
    assert row.loc[("principles_reflection", 1), "last_closed"] is None  # one still open
    assert isinstance(row.loc[("principles_reflection", 1), "first_opened"], dt.date)
    assert not row.loc[("principles_reflection", 2), "done"]
    assert steps_never_done(overview) == ["theme_meeting"]
    store.dispose()
    assert meeting_answers(Store(f"sqlite:///{tmp_path / 'x.sqlite'}"), []).empty


def test_cycle_html_reads_without_colour_and_escapes():
    runs = pd.DataFrame(
        [
            (1, 1, 10, "a", "closed", dt.datetime(2027, 1, 5, 10), dt.datetime(2027, 1, 5, 12)),
            (1, 1, 11, "a", "closed", dt.datetime(2027, 1, 9, 10), dt.datetime(2027, 1, 9, 12)),
        ],
        columns=["workshop_id", "wave", "run_id", "exercise_id", "state", "opened_at", "closed_at"],
    )
    overview = cycle_overview(["a", "b"], [1, 2], runs)
    assert overview.iloc[0]["last_closed"] == dt.date(2027, 1, 9)
    html = cycle_html(overview, {"a": "<b>Stap A</b>"}, "Ronde", "Stap", "nog niet")
    assert "&lt;b&gt;Stap A&lt;/b&gt;" in html and "<b>Stap A" not in html
    assert "✓ 2027-01-05 (×2)" in html
    assert html.count("— nog niet") == 3  # a in wave 2, b in both waves
    assert "Ronde 1" in html and "Ronde 2" in html


def test_community_steps_follow_the_method_and_cover_every_community_exercise():
    """Are the community's exercises listed in the method's order (not by id), each once?"""
    from types import SimpleNamespace

    from cocreate_widgets.analysis.cycle import COMMUNITY_STEP_ORDER, community_steps
    from cocreate_widgets.exercises import list_exercises

    steps = [e.id for e in community_steps(list_exercises())]
    assert steps == list(COMMUNITY_STEP_ORDER)
    own = SimpleNamespace(id="aaa_own_step", group="community")
    other = SimpleNamespace(id="shared_vision", group="partnership")
    mixed = community_steps([own, other, *list_exercises()])
    assert [e.id for e in mixed][-1] == "aaa_own_step" and "shared_vision" not in [
        e.id for e in mixed
    ]
