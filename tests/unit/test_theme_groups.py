"""Theme groups, end to end in Python: type themes, assign people, save; each phone then shows
only its own group's proposals form, and the core team reads all groups' proposals."""

from __future__ import annotations

import pytest

from cocreate_widgets.exercises import load_exercise_by_id
from cocreate_widgets.facilitator.theme_groups import (
    ThemeGroupsPanel,
    ThemeNameError,
    check_theme_names,
    group_answers,
    mixed_assignment,
)
from cocreate_widgets.participant.follow import FollowScreen
from cocreate_widgets.workbook import Workbook

PEOPLE = [
    ("Anneke", "patient"),
    ("Hans", "relative"),
    ("Eva", "doctor"),
    ("Gerrit", "patient"),
    ("<b>Ilse</b>", "nurse"),
]


@pytest.fixture
def room(sqlite_store):
    """A workshop with five people and the theme groups panel on it: (store, panel, ids)."""
    store = sqlite_store
    workshop = store.create_workshop("Verbeteringen", consent_text="Akkoord?")
    ids = {
        name: store.add_participant(workshop.id, pseudonym=name, role=role).id
        for name, role in PEOPLE
    }
    panel = ThemeGroupsPanel(store, "nl", load_exercise_by_id("improvement_proposals"))
    panel.show_workshop(workshop.id)
    return store, panel, ids


def _proposal_runs(store, workshop_id):
    return [r for r in store.runs(workshop_id) if r.exercise_id == "improvement_proposals"]


def test_check_theme_names_tidies_and_refuses_bad_names():
    """Are blank lines skipped and spaces tidied, and empty, long, double and taken names refused?"""
    assert check_theme_names("  Kennis   delen \n\nWerk\n") == ["Kennis delen", "Werk"]
    for text, key in [
        ("", "theme_groups.error.none"),
        ("  \n \n", "theme_groups.error.none"),
        ("x" * 81, "theme_groups.error.too_long"),
        ("Werk\nwerk ", "theme_groups.error.twice"),
        ("\n".join(f"t{i}" for i in range(13)), "theme_groups.error.too_many"),
    ]:
        with pytest.raises(ThemeNameError) as caught:
            check_theme_names(text)
        assert caught.value.key == key
    with pytest.raises(ThemeNameError):
        check_theme_names("Kennis", taken=["KENNIS"])


def test_mixed_assignment_spreads_the_sides():
    """Does the suggestion give each theme someone of the patients' side and of care?"""
    import pandas as pd

    people = pd.DataFrame(
        {
            "participant_id": [1, 2, 3, 4],
            "side": ["patient_side", "patient_side", "care_providers", "care_providers"],
        }
    )
    result = mixed_assignment(people, ["A", "B"])
    assert {result[1], result[2]} == {"A", "B"} and {result[3], result[4]} == {"A", "B"}
    assert mixed_assignment(people, []) == {}


def test_save_creates_groups_and_one_run_each(room):
    """Does saving make two small groups with the chosen members and a run per group?"""
    store, panel, ids = room
    panel.themes.value = "Kennis en informatie\nWerk en naasten"
    panel._apply()
    assert panel.themes_message.value == ""
    for name in ("Anneke", "Eva"):
        panel.choices[ids[name]].value = "Kennis en informatie"
    for name in ("Hans", "Gerrit"):
        panel.choices[ids[name]].value = "Werk en naasten"
    panel.open_now.value = True
    panel._save()
    groups = store.workshop_small_groups(panel.workshop_id)
    assert [(g["name"], g["member_ids"]) for g in groups] == [
        ("Kennis en informatie", sorted([ids["Anneke"], ids["Eva"]])),
        ("Werk en naasten", sorted([ids["Hans"], ids["Gerrit"]])),
    ]
    runs = _proposal_runs(store, panel.workshop_id)
    assert [r.small_group_id for r in runs] == [g["id"] for g in groups]
    assert all(r.state == "open" for r in runs)
    assert runs[0].title["nl"].endswith("· Kennis en informatie")
    assert "Bewaarde themagroepjes" in panel.saved.value and "Anneke, Eva" in panel.saved.value
    assert "2 groepjes bewaard" in panel.message.value
    # nothing left to save twice
    panel._save()
    assert len(_proposal_runs(store, panel.workshop_id)) == 2
    assert "minstens één thema" in panel.themes_message.value


def test_each_phone_shows_only_its_own_groups_form(room):
    """With both group runs open, does Anneke see her group's form and not a choice of two?"""
    store, panel, ids = room
    panel.themes.value = "Kennis\nWerk"
    panel._apply()
    panel.choices[ids["Anneke"]].value = "Kennis"
    panel.choices[ids["Hans"]].value = "Werk"
    panel.open_now.value = True
    panel._save()
    workshop = store.workshop(panel.workshop_id)
    runs = {r.title["nl"].split(" · ")[-1]: r for r in _proposal_runs(store, workshop.id)}
    anneke = FollowScreen(store, workshop, store.participant(ids["Anneke"]), "nl")
    anneke.refresh()
    assert anneke.form is not None and anneke.form.run_id == runs["Kennis"].id
    eva = FollowScreen(store, workshop, store.participant(ids["Eva"]), "nl")
    eva.refresh()
    assert eva.form is None  # in no group: no group's form


def test_bad_input_is_told_and_nothing_is_saved(room):
    """Are a double theme and a theme without members refused next to the field, saving nothing?"""
    store, panel, ids = room
    panel.themes.value = "Werk\nwerk"
    panel._save()
    assert "twee keer" in panel.themes_message.value
    assert store.workshop_small_groups(panel.workshop_id) == []
    panel.themes.value = "Werk\nKennis"
    panel._apply()
    panel.choices[ids["Hans"]].value = "Werk"
    panel._save()
    assert "Kennis&#x27; heeft nog niemand" in panel.message.value
    assert store.workshop_small_groups(panel.workshop_id) == []
    assert _proposal_runs(store, panel.workshop_id) == []


def test_names_are_escaped_and_a_saved_name_cannot_return(room):
    """Is a pseudonym with markup shown as text, and is a saved group's name refused again?"""
    store, panel, ids = room
    panel.themes.value = "<i>Zorgpad</i>"
    panel._apply()
    panel.choices[ids["<b>Ilse</b>"]].value = "<i>Zorgpad</i>"
    panel._save()
    assert "&lt;b&gt;Ilse&lt;/b&gt;" in panel.saved.value and "<b>Ilse" not in panel.saved.value
    assert "&lt;i&gt;Zorgpad" in panel.saved.value
    panel.themes.value = "<i>zorgpad</i>"
    panel._apply()
    assert "twee keer" in panel.themes_message.value


def test_new_people_get_a_dropdown_and_choices_survive_a_refresh(room):
    """Does someone who joins later appear, without losing the choices already made?"""
    store, panel, ids = room
    panel.themes.value = "Werk"
    panel._apply()
    panel.choices[ids["Anneke"]].value = "Werk"
    newcomer = store.add_participant(panel.workshop_id, pseudonym="Bram", role="patient")
    panel.refresh()
    assert newcomer.id in panel.choices
    assert panel.choices[ids["Anneke"]].value == "Werk"
    assert len(panel.people.children) == len(PEOPLE) + 1


def test_group_answers_reads_every_groups_run(room):
    """Does the core team's frame hold the proposals of both groups, each with its group?"""
    store, panel, ids = room
    panel.themes.value = "Kennis\nWerk"
    panel._apply()
    panel.choices[ids["Anneke"]].value = "Kennis"
    panel.choices[ids["Hans"]].value = "Werk"
    panel.open_now.value = True
    panel._save()
    runs = _proposal_runs(store, panel.workshop_id)
    item = {"title": "Een kennisbank", "change": "", "for_whom": ""}
    store.submit_answers(runs[0].id, ids["Anneke"], {"proposals": [item]})
    store.submit_answers(runs[1].id, ids["Hans"], {"proposals": [{**item, "title": "Werk"}]})
    wb = Workbook("improvement_proposals", store=store, workshop_id=panel.workshop_id)
    frame = group_answers(wb)
    assert sorted(zip(frame["pseudonym"], frame["group"], strict=True)) == [
        ("Anneke", "Kennis"),
        ("Hans", "Werk"),
    ]


def test_clicking_suggest_and_save_mixes_the_sides(room):
    """Clicking the buttons as a facilitator would: does the suggestion put a patient's-side
    person and a care provider in each group, and does saving keep exactly that?"""
    store, panel, ids = room
    panel.themes.value = "Kennis\nWerk"
    panel.suggest_button.click()
    chosen = {name: panel.choices[pid].value for name, pid in ids.items()}
    assert set(chosen.values()) == {"Kennis", "Werk"}
    assert {chosen["Anneke"], chosen["Hans"]} == {"Kennis", "Werk"}
    assert {chosen["Eva"], chosen["<b>Ilse</b>"]} == {"Kennis", "Werk"}
    panel.save_button.click()
    saved = {
        g["name"]: set(g["member_ids"]) for g in store.workshop_small_groups(panel.workshop_id)
    }
    assert saved == {
        theme: {pid for name, pid in ids.items() if chosen[name] == theme}
        for theme in ("Kennis", "Werk")
    }
    assert all(r.state == "draft" for r in _proposal_runs(store, panel.workshop_id))


def test_a_store_failure_is_told_not_raised(room, monkeypatch):
    """When the database fails while saving, does the facilitator see a message, not a traceback?"""
    store, panel, ids = room
    panel.themes.value = "Werk"
    panel.apply_button.click()
    panel.choices[ids["Hans"]].value = "Werk"

    def broken(*_args, **_kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(store, "create_small_group", broken)
    panel.save_button.click()
    assert "cc-notice-error" in panel.message.value
