"""Find your ideal partner, end to end in Python: answers, the facilitator's matching panel
(swap, trio, take out), the reveal, and what each participant then sees."""

from __future__ import annotations

import pytest

from cocreate_widgets.exercises import load_exercise_by_id
from cocreate_widgets.facilitator.partner_matching import PartnerMatchingPanel
from cocreate_widgets.participant.follow import FollowScreen
from cocreate_widgets.personal.partner import kept_groups

PEOPLE = [
    ("Anna", "patient", ["medication", "loneliness"]),
    ("Bert", "nurse", ["medication"]),
    ("Carla", "doctor", ["loneliness", "carers"]),
    ("Dirk", "relative", ["carers"]),
    ("<b>Eva</b>", "patient", ["access"]),
]


@pytest.fixture
def matching(sqlite_store):
    """A workshop whose find_partner run has five answers: (store, workshop, run, ids)."""
    store = sqlite_store
    workshop = store.create_workshop("Partners", consent_text="Akkoord?")
    exercise = load_exercise_by_id("find_partner")
    run = store.open_run(store.add_run(workshop.id, exercise.to_dict()).id)
    ids = {}
    for name, role, themes in PEOPLE:
        person = store.add_participant(workshop.id, pseudonym=name, role=role)
        store.submit_answers(run.id, person.id, {"themes": themes, "idea": "Beter samen"})
        ids[name] = person.id
    return store, workshop, run, ids


def _groups(panel):
    return sorted(sorted(g) for g in panel.groups)


def test_panel_pairs_most_people_and_names_who_is_left(matching):
    """Are two pairs made on shared themes, and is the fifth person listed with a reason?"""
    store, _workshop, run, ids = matching
    panel = PartnerMatchingPanel(store, "nl", run)
    panel.refresh()
    assert _groups(panel) == sorted(
        [sorted([ids["Anna"], ids["Bert"]]), sorted([ids["Carla"], ids["Dirk"]])]
    )
    assert "Medicijnen" in panel.pairs.value
    assert "&lt;b&gt;Eva&lt;/b&gt;" in panel.left.value and "<b>Eva" not in panel.left.value
    assert "oneven aantal" in panel.left.value


def test_swap_and_trio_are_kept_for_the_reveal(matching):
    """Does a swap, and adding the odd one out as a trio, survive a new panel?"""
    store, _workshop, run, ids = matching
    panel = PartnerMatchingPanel(store, "nl", run)
    panel.refresh()
    panel.first.value, panel.second.value = ids["Bert"], ids["Carla"]
    panel._swap()
    panel.loner.value, panel.group.value = ids["<b>Eva</b>"], 1
    panel._join()
    kept = sorted(sorted(g) for g in kept_groups(store, run))
    again = PartnerMatchingPanel(store, "nl", run)
    again.refresh()
    assert _groups(again) == kept
    assert any(len(g) == 3 and ids["<b>Eva</b>"] in g for g in kept)
    assert any(set(g) >= {ids["Anna"], ids["Carla"]} for g in kept)


def test_an_impossible_swap_is_told_and_changes_nothing(matching):
    """Is swapping someone with themselves refused next to the buttons, keeping the matching?"""
    store, _workshop, run, ids = matching
    panel = PartnerMatchingPanel(store, "nl", run)
    panel.refresh()
    before = _groups(panel)
    panel.first.value = panel.second.value = ids["Anna"]
    panel._swap()
    assert "Dat kan niet" in panel.message.value
    assert kept_groups(store, run) is None and _groups(panel) == before


def test_reveal_shows_each_participant_their_partner(matching):
    """After the reveal, does Anna see Bert and what they share, and Eva why she has no partner?"""
    store, workshop, run, ids = matching
    panel = PartnerMatchingPanel(store, "nl", run)
    panel.refresh()
    panel._reveal()
    assert store.run(run.id).state == "revealed"
    anna = FollowScreen(store, workshop, store.participant(ids["Anna"]), "nl")
    anna.refresh()
    card = anna.body.children[0].value
    assert "Bert (Verpleegkundige)" in card and "Medicijnen" in card
    eva = store.personal_html(run.id, ids["<b>Eva</b>"], "en")
    assert "no partner yet" in eva and "trio" in eva
    bert_en = store.personal_html(run.id, ids["Bert"], "en")
    assert "Anna (Patient)" in bert_en and "Medication" in bert_en


def test_reveal_with_only_patients_says_why(sqlite_store):
    """With only the patients' side present, does everyone learn no professional is here?"""
    store = sqlite_store
    workshop = store.create_workshop("Alleen patiënten", consent_text="Akkoord?")
    run = store.open_run(
        store.add_run(workshop.id, load_exercise_by_id("find_partner").to_dict()).id
    )
    people = [store.add_participant(workshop.id, pseudonym=n, role="patient") for n in "ABC"]
    for person in people:
        store.submit_answers(run.id, person.id, {"themes": ["access"], "idea": "x"})
    panel = PartnerMatchingPanel(store, "nl", run)
    panel.refresh()
    assert panel.groups == []
    panel._reveal()
    for person in people:
        assert "geen professional" in store.personal_html(run.id, person.id, "nl")
