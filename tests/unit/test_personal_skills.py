"""Leadership and working together: each participant's own profile after the reveal."""

from __future__ import annotations

from cocreate_widgets.exercises import load_exercise_by_id
from cocreate_widgets.facilitator.reveal import reveal_run

SKILLS = ("dialogue", "trust_diverse", "common_goal", "good_questions", "influence")


def _workshop_with(store, ratings):
    workshop = store.create_workshop("Leiderschap", consent_text="Akkoord?")
    run = store.open_run(
        store.add_run(workshop.id, load_exercise_by_id("leadership_skills").to_dict()).id
    )
    ids = []
    for i, scores in enumerate(ratings):
        person = store.add_participant(workshop.id, pseudonym=f"P{i}", role="nurse")
        values = dict(zip(SKILLS, scores, strict=True))
        values["development_goal"] = f"Doel <i>{i}</i>"
        store.submit_answers(run.id, person.id, values)
        ids.append(person.id)
    return run, ids


def test_own_profile_beside_the_group_from_three_answers(sqlite_store):
    """With three answers, does each card show one's own numbers, the group mean and the goal?"""
    run, ids = _workshop_with(sqlite_store, [(5, 4, 3, 2, 1), (1, 2, 3, 4, 5), (3, 3, 3, 3, 3)])
    reveal_run(sqlite_store, sqlite_store.run(run.id))
    card = sqlite_store.personal_html(run.id, ids[0], "nl")
    assert "<svg" in card
    assert "<td>5</td><td>3.0</td>" in card  # dialogue: own 5, group mean 3.0
    assert "Doel &lt;i&gt;0&lt;/i&gt;" in card
    other = sqlite_store.personal_html(run.id, ids[1], "en")
    assert "<td>1</td><td>3.0</td>" in other and "group (average)" in other


def test_group_hidden_below_three_answers(sqlite_store):
    """With two answers, is the group's average left out, so nobody reads the other back?"""
    run, ids = _workshop_with(sqlite_store, [(5, 4, 3, 2, 1), (1, 2, 3, 4, 5)])
    reveal_run(sqlite_store, sqlite_store.run(run.id))
    card = sqlite_store.personal_html(run.id, ids[0], "nl")
    assert "verschijnt vanaf 3 antwoorden" in card
    assert "<td>3.0</td>" not in card and "<td>5</td><td>–</td>" in card
