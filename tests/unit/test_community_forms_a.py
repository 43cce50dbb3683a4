"""Bad input in the first three community exercises (right approach, core team, needs
survey) and their record kinds: a clear message at the question or field, in the user's
language; crafted values refused; nothing already saved is lost."""

from __future__ import annotations

from form_cases import form_table_tests

from cocreate_widgets.exercises import load_exercise_by_id
from cocreate_widgets.facilitator import RecordEditor

AREAS = ("health", "family", "work", "social", "life_phase", "matters_most")
GOOD = {
    "right_approach": {
        "match_life": 5,
        "chronic_change": 4,
        "equal_knowledge": 3,
        "possibilities": 4,
        "human_view": 2,
        "why": "Omdat het leven meer is dan de ziekte.",
    },
    "core_team": {
        "join": "maybe",
        "ways": ["theme_group", "stay_informed"],
        "brings": "Ervaring",
        "time_available": "h2_4",
    },
    "needs_survey": {
        "phase": "working_children",
        **{f"need_{area}": 3 for area in AREAS},
        "note_work": "Minder uren",
        "top_needs": ["info_course", "one_contact", "exercise"],
    },
}

BAD = [
    # (exercise, question, value, what the Dutch message says, what the English one says)
    ("right_approach", "match_life", None, "invullen", "answer"),
    ("right_approach", "human_view", 6, "oneens", "disagree"),
    ("right_approach", "equal_knowledge", "=1+1", "oneens", "disagree"),
    ("right_approach", "why", "x" * 1501, "1500", "1500"),
    ("core_team", "join", None, "invullen", "answer"),
    ("core_team", "join", "ja!", "lijst", "list"),
    ("core_team", "ways", ["theme_group", "<script>"], "lijst", "list"),
    ("core_team", "time_available", "always", "lijst", "list"),
    ("needs_survey", "phase", "retired", "lijst", "list"),
    ("needs_survey", "need_health", 0, "1", "1"),
    ("needs_survey", "need_family", "veel", "getal", "number"),
    ("needs_survey", "need_matters_most", None, "invullen", "answer"),
    ("needs_survey", "note_social", "x" * 301, "300", "300"),
    ("needs_survey", "top_needs", ["info_course", "one_contact", "exercise", "fatigue"], "3", "3"),
    ("needs_survey", "top_needs", [], "invullen", "answer"),
    ("needs_survey", "top_needs", ["info_course", "DROP TABLE"], "lijst", "list"),
]


GOOD_RECORDS = {
    ("right_approach", "approach_decision"): {
        "decision": "go",
        "reasons": "Past deels",
        "date": "2026-09-03",
    },
    ("core_team", "core_member"): {
        "name": "Anneke",
        "role": "patient",
        "brings": "Netwerk",
        "since": "2026-09-10",
    },
    ("core_team", "community_update"): {
        "date": "2026-10-05",
        "channel": "newsletter",
        "shared": "Nieuwsbrief",
        "reached": "Alle leden",
    },
    ("needs_survey", "priority_need"): {
        "need": "Eén vast aanspreekpunt",
        "decision": "set_aside",
        "wave": "1",
        "note": "",
    },
}

BAD_RECORDS = [
    # (exercise, kind, field, value, Dutch, English)
    ("right_approach", "approach_decision", "decision", None, "invullen", "answer"),
    ("right_approach", "approach_decision", "decision", "maybe", "lijst", "list"),
    ("right_approach", "approach_decision", "date", "03-09-2026", "datum", "date"),
    ("core_team", "core_member", "name", "   ", "invullen", "answer"),
    ("core_team", "core_member", "name", "x" * 101, "100", "100"),
    ("core_team", "core_member", "role", "admin", "lijst", "list"),
    ("core_team", "core_member", "since", "2027-02-30", "datum", "date"),
    ("core_team", "community_update", "date", "", "invullen", "answer"),
    ("core_team", "community_update", "channel", "pigeon", "lijst", "list"),
    ("core_team", "community_update", "shared", "", "invullen", "answer"),
    ("needs_survey", "priority_need", "need", "", "invullen", "answer"),
    ("needs_survey", "priority_need", "decision", "later", "lijst", "list"),
    ("needs_survey", "priority_need", "wave", "1" * 21, "20", "20"),
]

test_good_answers, test_bad_answers, test_good_records, test_bad_records = form_table_tests(
    GOOD, BAD, GOOD_RECORDS, BAD_RECORDS
)


def test_the_register_keeps_what_is_saved_when_a_bad_member_is_added(sqlite_store):
    """A bad core member gets messages at its fields and the register keeps its members."""
    workshop = sqlite_store.create_workshop("Kernteam")
    kind = load_exercise_by_id("core_team").record_kind("core_member")
    editor = RecordEditor(sqlite_store, "nl", kind)
    editor.show_workshop(workshop.id)
    editor.fields["name"].value = "Linda <b>"
    editor.fields["role"].value = "coordinator"
    first = editor.add()
    assert first is not None and first.data["name"] == "Linda <b>"
    editor.fields["name"].value = ""
    editor.fields["role"].set_trait("value", "admin")
    assert editor.add() is None
    assert editor.fields["name"].error and editor.fields["role"].error
    assert [r.id for r in editor.records()] == [first.id]
    assert "&lt;b&gt;" in editor.table.value and "Linda <b>" not in editor.table.value
