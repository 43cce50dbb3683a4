"""Theme meetings: suggestions from the community's needs and improvements, the plan with
its gap, what participants shared, and the quick poll (building, bad input, the panel)."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest
import yaml
from answer_frames import PEOPLE, answer_frame

from cocreate_widgets.analysis.theme_meetings import (
    IDEA_MAX_LENGTH,
    idea_problem,
    knowledge_for_care_team,
    meeting_contributions,
    meeting_plan,
    planning_gap,
    poll_comments,
    poll_score,
    poll_support,
    quick_poll_question_set,
    theme_suggestions,
)
from cocreate_widgets.exercises import load_exercise_by_id
from cocreate_widgets.exercises.schema import parse_exercise
from cocreate_widgets.facilitator.quick_poll import QuickPollPanel
from cocreate_widgets.store import Store
from cocreate_widgets.workbook import Workbook

TODAY = dt.date(2027, 4, 1)
EMPTY = pd.DataFrame(columns=["record_id"])


def test_suggestions_from_chosen_needs_and_improvements():
    needs = pd.DataFrame(
        {
            "need": ["Vermoeidheid", "Werk", "  vermoeidheid ", "", "Mantelzorg"],
            "decision": ["chosen", "set_aside", "chosen", "chosen", "chosen"],
        }
    )
    improvements = pd.DataFrame({"title": ["Een  coach", "MANTELZORG", None, "Kennisbank"]})
    planned = pd.DataFrame({"theme": ["kennisbank"]})
    table = theme_suggestions(needs, improvements, planned)
    assert table.to_dict("records") == [
        {"theme": "Vermoeidheid", "source": "need"},
        {"theme": "Mantelzorg", "source": "need"},  # the improvement with that name is one
        {"theme": "Een coach", "source": "improvement"},
    ]


def test_suggestions_tolerate_empty_or_odd_records():
    assert theme_suggestions(EMPTY, EMPTY).empty
    assert list(theme_suggestions(EMPTY, EMPTY).columns) == ["theme", "source"]
    only_titles = theme_suggestions(pd.DataFrame({"need": ["x"]}), pd.DataFrame({"title": ["T"]}))
    assert only_titles["theme"].tolist() == ["T"]  # a need without decision is not chosen


def test_meeting_plan_and_gap():
    meetings = pd.DataFrame(
        {
            "theme": ["Later", "Vroeger", "Ooit", "Vandaag"],
            "date": ["2027-07-01", "2027-01-10", None, "2027-04-01"],
            "source": ["need", "improvement", "bogus", None],
        }
    )
    plan = meeting_plan(meetings, TODAY)
    assert plan["theme"].tolist() == ["Vroeger", "Vandaag", "Later", "Ooit"]
    assert plan["status"].tolist() == ["past", "upcoming", "upcoming", "unplanned"]
    assert plan.iloc[0]["days_until"] == -81 and pd.isna(plan.iloc[3]["days_until"])
    assert plan.iloc[2]["source"] == "need" and plan.iloc[3]["source"] is None
    gap = planning_gap(plan)
    assert gap == {"gap": False, "next_theme": "Vandaag", "next_date": TODAY, "days": 0}
    far = planning_gap(meeting_plan(meetings.iloc[[0, 1]], TODAY))
    assert far["gap"] and far["days"] == 91
    assert not planning_gap(meeting_plan(meetings.iloc[[0]], TODAY), max_days=91)["gap"]
    nothing = planning_gap(meeting_plan(EMPTY, TODAY))
    assert nothing["gap"] and nothing["next_date"] is None


def test_contributions_and_knowledge_for_the_care_team():
    answers = answer_frame(
        {
            1: {"bring": " Rust  na de lunch ", "care_team": "Vraag ernaar"},
            2: {"bring": "", "care_team": ""},
            3: {"care_team": "Betrek de partner"},
        },
        PEOPLE,
    )
    contributions = meeting_contributions(answers)
    assert contributions["pseudonym"].tolist() == ["Anna", "Dr. C"]
    assert contributions.iloc[0]["bring"] == "Rust na de lunch"
    assert contributions.iloc[1]["bring"] == ""
    knowledge = knowledge_for_care_team(contributions, "Vermoeidheid", "zorgteam")
    assert knowledge.to_dict("records")[1] == {
        "what": "Betrek de partner",
        "theme": "Vermoeidheid",
        "for_whom": "zorgteam",
    }
    assert meeting_contributions(answer_frame({})).empty
    assert knowledge_for_care_team(meeting_contributions(answer_frame({})), "x", "y").empty


@pytest.mark.parametrize(
    ("idea", "problem"),
    [
        ("", "empty"),
        ("   \n ", "empty"),
        (None, "empty"),
        (42, "empty"),
        ("x" * (IDEA_MAX_LENGTH + 1), "too_long"),
        ("x" * IDEA_MAX_LENGTH, None),
        ("Een appgroep", None),
    ],
)
def test_idea_problems(idea, problem):
    assert idea_problem(idea) == problem


def test_quick_poll_question_set_is_a_valid_exercise_with_the_idea_as_text():
    base = load_exercise_by_id("quick_poll").to_dict()
    built = quick_poll_question_set(base, "  Een <b>appgroep</b>\nvoor nieuwe leden ")
    assert built["id"] == "quick_poll"
    assert built["title"]["nl"] == "Snelle peiling: Een <b>appgroep</b> voor nieuwe leden"
    stance = next(q for q in built["questions"] if q["id"] == "stance")
    assert stance["help"] == dict.fromkeys(["nl", "en"], "Een <b>appgroep</b> voor nieuwe leden")
    assert not next(q for q in base["questions"] if q["id"] == "stance").get("help")  # not changed
    exercise = parse_exercise(yaml.safe_dump(built, allow_unicode=True), "quick_poll.yaml")
    assert [o.id for o in exercise.question("stance").options] == ["support", "doubts", "against"]


@pytest.mark.parametrize("idea", ["", "  ", "x" * 201])
def test_quick_poll_question_set_refuses_bad_ideas(idea):
    with pytest.raises(ValueError):
        quick_poll_question_set(load_exercise_by_id("quick_poll").to_dict(), idea)


def test_quick_poll_without_stance_question():
    with pytest.raises(ValueError, match="stance"):
        quick_poll_question_set({"title": {"nl": "x", "en": "x"}, "questions": []}, "Idee")


def test_poll_support_and_score():
    answers = answer_frame(
        {
            1: {"stance": "support", "comment": " ja "},
            2: {"stance": "support"},
            3: {"stance": "against"},
            4: {"stance": "maybe", "comment": ""},
        },
        PEOPLE,
    )
    support = poll_support(answers)
    assert support["stance"].tolist() == ["support", "doubts", "against"]
    assert support["count"].tolist() == [2, 0, 1]
    assert support["share"].tolist() == pytest.approx([2 / 3, 0, 1 / 3])
    assert poll_score(support) == pytest.approx(1 / 3)
    assert poll_comments(answers) == ["ja"]
    none = poll_support(answer_frame({}))
    assert none["count"].tolist() == [0, 0, 0] and math.isnan(poll_score(none))


@pytest.fixture()
def poll_workbook(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'poll.sqlite'}")
    store.upgrade()
    shop = store.create_workshop(
        "Bijeenkomst", language="nl", anonymity="optional", consent_text="ok", join_code="PTHM23"
    )
    yield Workbook("quick_poll", store=store, workshop_id=shop.id)
    store.dispose()


def test_panel_refuses_bad_ideas_next_to_the_field(poll_workbook):
    panel = QuickPollPanel(poll_workbook, "nl")
    assert panel.button.disabled and panel.message.value == ""  # untouched: no scolding
    panel.idea.value = "   "
    assert panel.button.disabled and "Typ eerst een idee" in panel.message.value
    panel.idea.value = "x" * 201
    assert panel.button.disabled and "200" in panel.message.value
    panel.button.click()  # even if clicked: nothing is added
    assert poll_workbook.store.runs(poll_workbook.workshop.id) == []
    english = QuickPollPanel(poll_workbook, "en")
    english.idea.value = "x" * 201
    assert "at most 200" in english.message.value


def test_panel_puts_the_poll_on_the_agenda(poll_workbook):
    panel = QuickPollPanel(poll_workbook, "nl")
    panel.idea.value = "<script>alert(1)</script> appgroep"
    assert not panel.button.disabled and panel.message.value == ""
    panel.button.click()
    (run,) = poll_workbook.store.runs(poll_workbook.workshop.id)
    assert run.exercise_id == "quick_poll" and run.state == "draft"
    assert run.title["nl"].endswith("<script>alert(1)</script> appgroep")  # stored as data
    assert "agenda" in panel.offer.children[1].value


def test_contributions_follow_the_order_of_submission():
    answers = answer_frame({1: {"bring": "eerst Anna"}, 2: {"bring": "dan Bert"}}, PEOPLE)
    answers["submitted_at"] = pd.to_datetime(["2027-01-01 10:05", "2027-01-01 10:01"])
    assert meeting_contributions(answers)["pseudonym"].tolist() == ["Bert", "Anna"]
    assert poll_comments(answers.assign(question_id="comment")) == ["dan Bert", "eerst Anna"]
