"""The demo's experience stories (citizen platform BURGER): loaded into a fresh database the
run is open, every story is stored as written and passes the exercise's validation, all wait
for review, the masking catches the invented names, numbers, e-mail and address, and the
patterns show what the demo is meant to show."""

from __future__ import annotations

import pytest
import yaml

from cocreate_widgets.analysis.stories import (
    SMALL_GROUP,
    theme_cooccurrence,
    theme_frequencies,
    themes_by_neighbourhood,
)
from cocreate_widgets.answers import validate_form
from cocreate_widgets.exercises import load_exercise_by_id
from cocreate_widgets.facilitator.reveal import reveal_run
from cocreate_widgets.paths import data_dir
from cocreate_widgets.stories.masking import mask_text
from cocreate_widgets.stories.page import workshop_page
from cocreate_widgets.stories.review import (
    EXERCISE_ID,
    PENDING,
    roster_names,
    run_stories,
    stories_frame,
)

EXERCISE = load_exercise_by_id(EXERCISE_ID)
SPEC = yaml.safe_load(
    (data_dir() / "demo" / "more" / "platform" / "10_experience_story.yaml").read_text("utf-8")
)
(RUN_SPEC,) = SPEC["runs"]


@pytest.fixture(scope="module")
def platform(demo_copy, tmp_path_factory):
    """The whole demo loaded once: (store, platform workshop, story run)."""
    store = demo_copy(tmp_path_factory.mktemp("demo"))
    workshop = store.workshop_by_code("BURGER")
    (run,) = [r for r in store.runs(workshop.id) if r.exercise_id == EXERCISE_ID]
    yield store, workshop, run
    store.dispose()


def test_run_is_open_with_eleven_stories_as_written(platform):
    """Is the run open, with every story stored as written and valid?"""
    store, _workshop, run = platform
    assert RUN_SPEC["state"] == "open" and run.state == "open"
    stories = {s.participant_id: s for s in run_stories(store, run)}
    assert len(stories) == len(RUN_SPEC["answers"]) == 11
    by_name = {a.pseudonym: a.participant_id for a in store.answers(run.id)}
    for answer in RUN_SPEC["answers"]:
        values = answer["values"]
        story = stories[by_name[answer["who"]["pseudonym"]]]
        assert story.text == values["story"].strip()
        assert list(story.themes) == values["themes"]
        _cleaned, problems = validate_form(EXERCISE, values, "nl")
        assert problems == {}, answer["who"]["pseudonym"]


def test_every_story_waits_for_review_and_nothing_is_public(platform):
    """Are all stories pending, so the page and the room's view show no story text?"""
    store, workshop, run = platform
    stories = run_stories(store, run)
    assert {s.status for s in stories} == {PENDING}
    page = workshop_page(store, workshop, "nl")
    assert "nog geen verhalen" in page
    for story in stories:
        assert story.text[:40] not in page


def test_masking_catches_the_invented_details(platform):
    """Are the demo's phone numbers, e-mail, address and names (the roster's Jelle too)
    masked?"""
    store, workshop, run = platform
    names = roster_names(store, workshop.id)
    assert "Jelle" in names
    joined = "\n".join(mask_text(s.text, names=names).text for s in run_stories(store, run))
    for secret in (
        "06-12345678",
        "0512-123456",
        "tjitske.demo@example.nl",
        "Lindelaan 14",
        "Hendrika van der Meer",
        "Piet de Boer",
        "Jelle",
    ):
        assert secret not in joined, secret
    assert "niet bij haar hoorde" in joined  # the rest of the story stays


def test_patterns_show_themes_together_and_small_neighbourhoods_merged(platform):
    """Do debts and loneliness lead, go together with other themes, and are Zuid and the story without
    a neighbourhood merged?"""
    store, _workshop, run = platform
    frame = stories_frame(run_stories(store, run))
    themes = list(EXERCISE.question("themes").option_ids)
    freq = theme_frequencies(frame, themes).set_index("theme")["stories"]
    assert freq["debts"] == 4 and freq["loneliness"] == 4
    matrix = theme_cooccurrence(frame, themes)
    assert matrix.loc["debts", "not_connected"] == 2
    assert matrix.loc["loneliness", "no_daily_activity"] == 2
    places = list(EXERCISE.question("neighbourhood").option_ids)
    table = themes_by_neighbourhood(frame, themes, places)
    assert list(table.columns) == ["noord", "oost", SMALL_GROUP]
    assert table.loc["stories"].tolist() == [5, 3, 3]


def test_a_reveal_of_the_demo_shows_no_story_text(platform, tmp_path):
    """Would revealing the demo run (all pending) show no story's words to the room?"""
    store, workshop, run = platform
    copy = store.open_run(store.add_run(workshop.id, EXERCISE.to_dict(), reveal_free_text=True).id)
    values: dict[int, dict] = {}
    for answer in store.answers(run.id):
        values.setdefault(answer.participant_id, {})[answer.question_id] = answer.value
    for participant_id, given in values.items():
        store.submit_answers(copy.id, participant_id, given)
    html = store.revealed_html(reveal_run(store, copy).id, "nl")
    assert "Schulden en geldzorgen" in html
    assert "koffieochtend" not in html and "06-12345678" not in html
