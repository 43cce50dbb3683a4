"""Course mode: the demo lets a trainer show every exercise's results without a live group."""

from __future__ import annotations

from cocreate_widgets.analysis import MIN_GROUP_SIZE
from cocreate_widgets.exercises import list_exercises


def test_every_exercise_has_demo_answers_enough_to_show(demo_store):
    """Does every exercise in data/exercises have a demo run answered by enough people for
    the room's result to show (so no result screen of a course stays empty)?"""
    answered: dict[str, int] = {}
    for workshop in demo_store.workshops():
        for run in demo_store.runs(workshop.id):
            people = {a.participant_id for a in demo_store.answers(run.id)}
            answered[run.exercise_id] = max(answered.get(run.exercise_id, 0), len(people))
    missing = {
        e.id: answered.get(e.id, 0)
        for e in list_exercises()
        if answered.get(e.id, 0) < MIN_GROUP_SIZE
    }
    assert missing == {}
