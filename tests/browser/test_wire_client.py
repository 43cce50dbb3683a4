"""The wire client (``serve/wire.py``): a participant driven over HTTP and the kernel websocket,
without a browser, against the real participant app. It needs a server, not Chromium.

One wire participant joins with the code in two steps, answers the open shared-vision form by
setting widget values and clicking "send", and the store holds that answer exactly once.
"""

from __future__ import annotations

import pytest

from cocreate_widgets.serve.wire import (
    SyncWireClient,
    fill_form_async,
    join,
    submit_form_async,
)
from cocreate_widgets.store import Store

pytestmark = pytest.mark.browser

PICTURE = "Samen beslissen <b>met</b> de patiënt"


def test_a_wire_participant_joins_answers_and_is_stored_once(
    exercise_suite, kernel_exists, tmp_path
):
    """Does a participant without a browser join, submit the form once and get stored once?"""
    served = exercise_suite("shared_vision", title="Draadloos", room=1)
    page = SyncWireClient(served.suite.participant_url)
    try:
        assert page.kernel_id and page.cookies.get("_xsrf")
        assert page.by_label("Code van de workshop").value == ""
        with pytest.raises(LookupError):
            page.by_label("Hoe ziet goede begeleiding", exact=False)  # not before joining

        join(page, served.join_code.lower(), "Wessel", "nurse")
        # once under CI load the page's text read empty right after joining; wait for it
        page.wait_for(lambda p: "Je doet mee als Wessel (Verpleegkundige)" in p.page_text(), 60)

        sent = page.run(fill_form_async, text=PICTURE)
        picture_label = next(label for label in sent if label.startswith("Hoe ziet goede"))
        assert sent[picture_label] == PICTURE
        page.run(submit_form_async)
        page.wait_for(lambda p: "Je antwoorden zijn opgeslagen" in p.page_text(), 60)
        kernel_id = page.kernel_id
    finally:
        beacon = page.close()
    assert beacon == 204

    store = Store(f"sqlite:///{tmp_path / 'shared_vision.sqlite'}")  # exercise_suite's
    try:
        answers = store.answers(served.run_id)
        (person,) = {a.participant_id for a in answers}
        history = store.answer_history(served.run_id, person)
        assert {row["version"] for row in history} == {1}
        by_question = {a.question_id: a.value for a in answers}
        assert by_question["our_picture"] == PICTURE
        assert by_question["own_goals_steer"] == 4
        assert len(history) == len(by_question)  # one row per question, sent once
    finally:
        store.dispose()
    assert not kernel_exists(served.suite, kernel_id)  # the beacon ended the kernel


def test_a_wrong_code_is_refused_next_to_the_field(exercise_suite):
    """Does the wire client see the refusal a phone would see for an unknown code?"""
    served = exercise_suite("quick_poll", title="Peiling", room=1)
    with SyncWireClient(served.suite.participant_url) as page:
        code_field = page.by_label("Code van de workshop")
        page.set_value(code_field.model_id, value="NOPE9999")
        page.click(page.by_description("Verder").model_id)
        error = page.wait_for(lambda p: p.models[code_field.model_id].state.get("error"))
        assert "Deze code kennen we niet" in error
        assert not page.find(lambda m: m.label == "Wie ben je in deze workshop?")
