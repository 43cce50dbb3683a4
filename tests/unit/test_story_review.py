"""Reviewing experience stories: approve (with an edited masking), reject with a reason,
back to pending after the author's edit, and nothing unreviewed leaving the kernel: not in
the room's revealed result, not in the console's room view, not on the page."""

from __future__ import annotations

import pytest

from cocreate_widgets.exercises import load_exercise_by_id
from cocreate_widgets.facilitator.live_results import LiveResultsPanel
from cocreate_widgets.facilitator.reveal import reveal_run
from cocreate_widgets.facilitator.story_review import StoryReviewPanel
from cocreate_widgets.stories.page import stories_page
from cocreate_widgets.stories.review import (
    APPROVED,
    PENDING,
    REJECTED,
    display_name,
    publishable,
    run_stories,
)

STORIES = {
    "Anna": {
        "story": "Ik werd van loket naar loket gestuurd. Bel me: 06-12345678. Groeten, Anna",
        "themes": ["desk_to_desk", "debts"],
        "publish": "yes",
        "name_as": "first_name",
        "name_text": "Anna",
    },
    "Bert": {
        "story": "Mijn buurman kwam nooit buiten; <b>niemand</b> wist ervan. Zeldzaamwoord.",
        "themes": ["loneliness"],
        "publish": "yes",
        "name_as": "pseudonym",
        "name_text": "bert@example.org",
    },
    "Carla": {
        "story": "Schulden en geen werk: geheimverhaal van mij alleen.",
        "themes": ["debts", "no_perspective"],
        "publish": "no",
    },
}


@pytest.fixture
def stories(sqlite_store):
    """A platform with an open experience-story run and three stories: (store, run, ids)."""
    store = sqlite_store
    workshop = store.create_workshop("Platform", consent_text="Akkoord?")
    exercise = load_exercise_by_id("experience_story")
    run = store.open_run(store.add_run(workshop.id, exercise.to_dict(), reveal_free_text=True).id)
    ids = {}
    for name, values in STORIES.items():
        person = store.add_participant(workshop.id, pseudonym=name, role="patient")
        store.submit_answers(run.id, person.id, values)
        ids[name] = person.id
    return store, run, ids


def _panel(store, run, pick=None):
    panel = StoryReviewPanel(store, "nl", run, use_deduce=False)
    panel.refresh()
    if pick is not None:
        panel.picker.value = f"{run.id}:{pick}"
    return panel


def _status(store, run):
    return {s.participant_id: s.status for s in run_stories(store, run)}


def test_queue_shows_every_story_masked_and_escaped(stories):
    """Are all stories pending, shown without the phone number or the roster's name, with
    the user's markup escaped?"""
    store, run, ids = stories
    panel = _panel(store, run)
    assert set(_status(store, run).values()) == {PENDING}
    assert "06-12345678" not in panel.queue.value and "[telefoon]" in panel.queue.value
    assert "Groeten, [naam]" in panel.queue.value
    assert "&lt;b&gt;niemand" in panel.queue.value and "<b>niemand" not in panel.queue.value
    assert "3 verhalen, 3 nog te beoordelen" in panel.queue.value


def test_spans_show_what_was_masked(stories):
    """Does the reviewer see each masked part: kind, original and replacement?"""
    store, run, ids = stories
    panel = _panel(store, run, ids["Anna"])
    assert "telefoonnummer" in panel.spans.value and "06-12345678" in panel.spans.value
    assert "[telefoon]" in panel.masked.value and "06-12345678" not in panel.masked.value


def test_approve_keeps_the_masked_text_as_a_record(stories):
    """Does approving store a story_review record with the masked text?"""
    store, run, ids = stories
    panel = _panel(store, run, ids["Anna"])
    panel.masked.value = panel.masked.value.replace("Groeten, [naam]", "Groeten.")
    panel.approve()
    records = store.records(workshop_id=run.workshop_id, kind="story_review")
    assert len(records) == 1
    data = records[0].data
    assert data["story_key"] == f"{run.id}:{ids['Anna']}"
    assert data["status"] == APPROVED and data["masked_text"].endswith("Groeten.")
    assert _status(store, run)[ids["Anna"]] == APPROVED
    assert "Goedgekeurd" in panel.message.value


def test_an_edit_that_brings_back_a_phone_number_is_refused(stories):
    """Is a masked text with a phone number or roster name refused next to the field, and
    nothing saved?"""
    store, run, ids = stories
    panel = _panel(store, run, ids["Anna"])
    panel.masked.value = "Bel me op 0512-123456, vraag naar Bert."
    panel.approve()
    assert "herkenbaars" in panel.masked_message.value
    assert "telefoon" in panel.masked_message.value.lower()
    assert store.records(workshop_id=run.workshop_id, kind="story_review") == []
    panel.masked.value = "   "
    panel.approve()
    assert "leeg" in panel.masked_message.value


def test_reject_needs_a_reason_and_keeps_it(stories):
    """Is a rejection without a reason refused next to the reason field, and one with a
    reason kept?"""
    store, run, ids = stories
    panel = _panel(store, run, ids["Bert"])
    panel.reason.value = "  "
    panel.reject()
    assert "Geef een reden" in panel.reason_message.value
    assert store.records(workshop_id=run.workshop_id, kind="story_review") == []
    panel.reason.value = "Te herkenbaar: de buurman is bekend in de straat."
    panel.reject()
    story = next(s for s in run_stories(store, run) if s.participant_id == ids["Bert"])
    assert story.status == REJECTED and story.reason.startswith("Te herkenbaar")
    assert "Te herkenbaar" in panel.queue.value


def test_a_story_changed_after_approval_is_pending_again(stories):
    """Does the author's edit after approval send the story back to the queue?"""
    store, run, ids = stories
    panel = _panel(store, run, ids["Anna"])
    panel.approve()
    assert _status(store, run)[ids["Anna"]] == APPROVED
    changed = dict(STORIES["Anna"], story="Toch nog iets anders: mijn adres is Kerkstraat 3.")
    store.submit_answers(run.id, ids["Anna"], changed)
    story = next(s for s in run_stories(store, run) if s.participant_id == ids["Anna"])
    assert story.status == PENDING and story.edited_after_review and story.masked_text == ""
    panel.refresh()
    assert "na beoordeling gewijzigd" in panel.queue.value
    # approving again updates the same record
    panel.picker.value = story.key
    panel.approve()
    assert len(store.records(workshop_id=run.workshop_id, kind="story_review")) == 1
    assert _status(store, run)[ids["Anna"]] == APPROVED


def test_display_name_is_validated(stories):
    """Is an e-mail address typed as a pseudonym refused (anonymous), a first name kept?"""
    store, run, ids = stories
    by_id = {s.participant_id: s for s in run_stories(store, run)}
    assert display_name(by_id[ids["Anna"]], "nl") == "Anna"
    assert display_name(by_id[ids["Bert"]], "nl") == "Anoniem"
    assert display_name(by_id[ids["Carla"]], "en") == "Anonymous"
    panel = _panel(store, run, ids["Bert"])
    assert "niet bruikbaar" in panel.details.value


def _approve_all(store, run):
    panel = _panel(store, run)
    for key in [s.key for s in panel.stories]:
        panel.picker.value = key
        panel.approve()


def test_room_result_shows_only_approved_publishable_stories(stories):
    """With free text released, does the revealed result hold no pending or unpublishable
    story, not even its words, and the approved one only masked?"""
    store, run, ids = stories
    panel = _panel(store, run, ids["Anna"])
    panel.approve()
    revealed = reveal_run(store, run)
    for lang in ("nl", "en"):
        html = store.revealed_html(revealed.id, lang)
        assert "van loket naar loket" in html and "[telefoon]" in html
        assert "06-12345678" not in html and "zeldzaamwoord" not in html.lower()
        assert "geheimverhaal" not in html.lower()
        assert "bert@example.org" not in html


def test_console_room_view_hides_unreviewed_stories(stories):
    """Does the console's room view (the projector) leave out pending stories' words, while
    the facilitator's own view still lists them?"""
    store, run, ids = stories
    panel = LiveResultsPanel(store, "nl")
    panel.workshop_id = run.workshop_id
    panel.refresh()
    assert "zeldzaamwoord" in panel.output.value.lower()
    panel.room_view.value = True
    panel.refresh()
    assert "Schulden en geldzorgen" in panel.output.value  # the themes are counted
    assert "zeldzaamwoord" not in panel.output.value.lower()
    assert "geheimverhaal" not in panel.output.value.lower()


def test_page_and_publishable_leave_out_pending_rejected_and_unwilling(stories):
    """Is only an approved story whose author agreed on the page?"""
    store, run, ids = stories
    assert publishable(run_stories(store, run)) == []
    _approve_all(store, run)
    panel = _panel(store, run, ids["Bert"])
    panel.reason.value = "Te herkenbaar"
    panel.reject()
    shown = publishable(run_stories(store, run))
    assert [s.participant_id for s in shown] == [ids["Anna"]]
    exercise = load_exercise_by_id("experience_story")
    html = stories_page(run_stories(store, run), exercise, "nl", "Platform")
    assert "van loket naar loket" in html and "06-12345678" not in html
    assert "geheimverhaal" not in html and "niemand" not in html


def test_pseudonymised_report_shows_only_approved_masked_stories(stories):
    """Does the report without names (the default) hold the approved story masked, and no
    pending or unpublishable story text, not even its words?"""
    from cocreate_widgets.export.report import report_html

    store, run, ids = stories
    panel = _panel(store, run, ids["Anna"])
    panel.approve()
    page = report_html(store, run.workshop_id, lang="nl")
    assert "van loket naar loket" in page and "06-12345678" not in page
    assert "zeldzaamwoord" not in page.lower() and "geheimverhaal" not in page.lower()


def test_report_with_names_and_data_exports_hold_no_unreviewed_story(stories):
    """Do the report with names and the exported data (xlsx, csv come from this table) also
    hold only the approved story, masked, and nothing of the pending or unwilling ones?"""
    from cocreate_widgets.export.data import answers_table
    from cocreate_widgets.export.report import report_html

    store, run, ids = stories
    _panel(store, run, ids["Anna"]).approve()
    page = report_html(store, run.workshop_id, lang="nl", names=True)
    for names in (True, False):
        table = answers_table(store, run.workshop_id, names=names)
        cells = " ".join(str(v) for v in table.to_numpy().ravel())
        for text in (page, cells):
            assert "van loket naar loket" in text and "06-12345678" not in text
            assert "zeldzaamwoord" not in text.lower() and "geheimverhaal" not in text.lower()
