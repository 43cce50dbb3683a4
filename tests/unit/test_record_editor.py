"""The record editor with a structured kind: every field checked, shown in words."""

from __future__ import annotations

import pytest

from cocreate_widgets.exercises import parse_exercise
from cocreate_widgets.facilitator import RecordEditor

GOALS = """\
id: goals
title: {nl: Doelen, en: Goals}
questions:
  - id: q
    type: short_text
    label: {nl: Vraag, en: Question}
records:
  - id: goal
    label: {nl: Doel, en: Goal}
    fields:
      - id: what
        type: short_text
        required: true
        max_length: 80
        label: {nl: Wat, en: What}
      - id: by_when
        type: date
        label: {nl: Wanneer klaar, en: By when}
      - id: owner_side
        type: single_choice
        label: {nl: Wie trekt, en: Who leads}
        options:
          - {id: patients, label: {nl: Patiënten, en: Patients}}
          - {id: care, label: {nl: Zorgverleners, en: Care providers}}
"""


@pytest.fixture
def editor(sqlite_store):
    workshop = sqlite_store.create_workshop("Doelen")
    kind = parse_exercise(GOALS, "goals.yaml").record_kind("goal")
    panel = RecordEditor(sqlite_store, "nl", kind)
    panel.show_workshop(workshop.id)
    return panel


def test_a_goal_is_stored_with_every_field_and_shown_in_words(editor):
    """Is a complete goal stored as data and shown with the option's label?"""
    editor.fields["what"].value = "Eén zorgplan <b>samen</b>"
    editor.fields["by_when"].value = "2027-06-30"
    editor.fields["owner_side"].value = "patients"
    record = editor.add()
    assert record.data == {
        "what": "Eén zorgplan <b>samen</b>",
        "by_when": "2027-06-30",
        "owner_side": "patients",
    }
    assert "Patiënten" in editor.table.value and "&lt;b&gt;samen&lt;/b&gt;" in editor.table.value


def test_bad_fields_get_messages_and_nothing_is_stored(editor):
    """Are a missing 'what', a bad date and a crafted option refused at their fields?"""
    editor.fields["what"].value = ""
    editor.fields["by_when"].set_trait("value", "2027-02-30")
    editor.fields["owner_side"].set_trait("value", "admins")
    assert editor.add() is None
    assert editor.fields["what"].error == "Deze vraag moet je invullen."
    assert editor.fields["by_when"].value == ""  # an impossible date never becomes a value
    editor.fields["what"].value = "Goed doel"
    editor.fields["owner_side"].set_trait("value", "admins")
    assert editor.add() is None
    assert editor.fields["owner_side"].error  # the kernel refuses an option not offered
    assert editor.records() == []


def test_edit_loads_the_record_back_into_the_form(editor):
    """Does 'edit' fill the form with the stored values, and 'save' store the change?"""
    editor.fields["what"].value = "Eerste"
    editor.add()
    editor.edit()
    assert editor.fields["what"].value == "Eerste"
    editor.fields["what"].value = "Tweede"
    assert editor.save().data["what"] == "Tweede"
