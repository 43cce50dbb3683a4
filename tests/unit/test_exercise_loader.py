"""Exercise files: broken files give file, line and field; real files load; snapshots round-trip."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from cocreate_widgets.exercises import (
    QUESTION_TYPES,
    Exercise,
    ExerciseFileError,
    list_exercises,
    load_exercise,
    load_exercise_by_id,
    parse_exercise,
)
from cocreate_widgets.paths import data_dir

FIXTURES = Path(__file__).parent / "fixtures"

HEAD = """\
id: demo
title: {nl: Titel, en: Title}
questions:
"""  # lines 1-3; questions start at line 4


def q(body: str) -> str:
    """A file with the standard head and the given questions (line 4 onwards)."""
    return HEAD + textwrap.dedent(body)


# (case, file text, expected line, expected field path, fragment of the message)
BROKEN = [
    (
        "unknown type",
        q("""\
            - id: q1
              type: likert5
              label: {nl: V, en: Q}
            """),
        5,
        "questions[0].type",
        "'likert5' is unknown; known types are agreement, allocation,",
    ),
    (
        "missing label",
        q("""\
            - id: q1
              type: long_text
            """),
        4,
        "questions[0]",
        "the question has no 'label'",
    ),
    (
        "typo in a key",
        q("""\
            - id: q1
              type: long_text
              lable: {nl: V, en: Q}
            """),
        6,
        "questions[0].lable",
        "did you mean 'label'?",
    ),
    (
        "setting of another type",
        q("""\
            - id: q1
              type: single_choice
              label: {nl: V, en: Q}
              max_selected: 2
              options:
                - {id: a, label: {nl: A, en: A}}
                - {id: b, label: {nl: B, en: B}}
            """),
        7,
        "questions[0].max_selected",
        "is not used by type 'single_choice'",
    ),
    (
        "english text missing",
        q("""\
            - id: q1
              type: long_text
              label:
                nl: Vraag
            """),
        6,
        "questions[0].label",
        "the 'en' text is missing",
    ),
    (
        "empty dutch text",
        q("""\
            - id: q1
              type: long_text
              label:
                nl: "  "
                en: Question
            """),
        7,
        "questions[0].label.nl",
        "must not be empty",
    ),
    (
        "text that is not a string",
        q("""\
            - id: q1
              type: long_text
              label:
                nl: 12
                en: Question
            """),
        7,
        "questions[0].label.nl",
        "must be text, not a number",
    ),
    (
        "unquoted yes as an option label",
        q("""\
            - id: q1
              type: single_choice
              label: {nl: V, en: Q}
              options:
                - id: ja
                  label: {nl: Ja, en: Yes}
                - {id: nee, label: {nl: Nee, en: "No"}}
            """),
        9,
        "questions[0].options[0].label.en",
        "in quotes",
    ),
    (
        "duplicate question id",
        q("""\
            - id: q1
              type: long_text
              label: {nl: V, en: Q}
            - id: q1
              type: yes_no
              label: {nl: V, en: Q}
            """),
        7,
        "questions[1].id",
        "question id 'q1' is used twice",
    ),
    (
        "options on a text question",
        q("""\
            - id: q1
              type: long_text
              label: {nl: V, en: Q}
              options: []
            """),
        7,
        "questions[0].options",
        "'options' is not used by type 'long_text'",
    ),
    (
        "choice without options",
        q("""\
            - id: q1
              type: ranking
              label: {nl: V, en: Q}
            """),
        4,
        "questions[0]",
        "type 'ranking' needs 'options'",
    ),
    (
        "one option only",
        q("""\
            - id: q1
              type: dot_voting
              label: {nl: V, en: Q}
              options:
                - {id: a, label: {nl: A, en: A}}
            """),
        7,
        "questions[0].options",
        "has 1 options; use 2 to 50",
    ),
    (
        "duplicate option id",
        q("""\
            - id: q1
              type: allocation
              label: {nl: V, en: Q}
              options:
                - {id: a, label: {nl: A, en: A}}
                - {id: a, label: {nl: B, en: B}}
            """),
        9,
        "questions[0].options[1].id",
        "option id 'a' is used twice",
    ),
    (
        "max_length too big",
        q("""\
            - id: q1
              type: short_text
              label: {nl: V, en: Q}
              max_length: 20000
            """),
        7,
        "questions[0].max_length",
        "20000 is out of range; use 1 to 10000",
    ),
    (
        "max_length not a whole number",
        q("""\
            - id: q1
              type: short_text
              label: {nl: V, en: Q}
              max_length: 12.5
            """),
        7,
        "questions[0].max_length",
        "must be a whole number",
    ),
    (
        "scale min not below max",
        q("""\
            - id: q1
              type: scale
              label: {nl: V, en: Q}
              min: 5
              max: 5
            """),
        7,
        "questions[0].min",
        "min (5) must be below max (5)",
    ),
    (
        "allocation total zero",
        q("""\
            - id: q1
              type: allocation
              label: {nl: V, en: Q}
              total: 0
              options:
                - {id: a, label: {nl: A, en: A}}
                - {id: b, label: {nl: B, en: B}}
            """),
        7,
        "questions[0].total",
        "0 is out of range",
    ),
    (
        "no dots",
        q("""\
            - id: q1
              type: dot_voting
              label: {nl: V, en: Q}
              dots: 0
              options:
                - {id: a, label: {nl: A, en: A}}
                - {id: b, label: {nl: B, en: B}}
            """),
        7,
        "questions[0].dots",
        "0 is out of range",
    ),
    (
        "bad field type in a repeating list",
        q("""\
            - id: q1
              type: repeating_list
              label: {nl: V, en: Q}
              fields:
                - id: f1
                  type: agreement
                  label: {nl: V, en: Q}
            """),
        9,
        "questions[0].fields[0].type",
        "field type 'agreement' is unknown; known types are short_text, long_text, date, "
        "single_choice, scale",
    ),
    (
        "option id of a choice field that is not an id",
        q("""\
            - id: q1
              type: repeating_list
              label: {nl: V, en: Q}
              fields:
                - id: level
                  type: single_choice
                  label: {nl: N, en: L}
                  options:
                    - {id: Team A, label: {nl: A, en: A}}
                    - {id: b, label: {nl: B, en: B}}
            """),
        12,
        "questions[0].fields[0].options[0].id",
        "option id 'Team A' may only use lower-case letters",
    ),
    (
        "option id used twice in a choice field",
        q("""\
            - id: q1
              type: repeating_list
              label: {nl: V, en: Q}
              fields:
                - id: level
                  type: single_choice
                  label: {nl: N, en: L}
                  options:
                    - {id: a, label: {nl: A, en: A}}
                    - {id: a, label: {nl: B, en: B}}
            """),
        13,
        "questions[0].fields[0].options[1].id",
        "option id 'a' is used twice",
    ),
    (
        "option of a choice field without English",
        q("""\
            - id: q1
              type: repeating_list
              label: {nl: V, en: Q}
              fields:
                - id: level
                  type: single_choice
                  label: {nl: N, en: L}
                  options:
                    - {id: a, label: {nl: A, en: A}}
                    - {id: b, label: {nl: B}}
            """),
        13,
        "questions[0].fields[0].options[1].label",
        "the 'en' text is missing",
    ),
    (
        "choice field without options",
        q("""\
            - id: q1
              type: repeating_list
              label: {nl: V, en: Q}
              fields:
                - id: level
                  type: single_choice
                  label: {nl: N, en: L}
            """),
        8,
        "questions[0].fields[0]",
        "type 'single_choice' needs 'options' (at least 2)",
    ),
    (
        "scale field with min not below max",
        q("""\
            - id: q1
              type: repeating_list
              label: {nl: V, en: Q}
              fields:
                - id: energy
                  type: scale
                  label: {nl: E, en: E}
                  min: 5
                  max: 5
            """),
        11,
        "questions[0].fields[0].min",
        "min (5) must be below max (5)",
    ),
    (
        "scale field with options",
        q("""\
            - id: q1
              type: repeating_list
              label: {nl: V, en: Q}
              fields:
                - id: energy
                  type: scale
                  label: {nl: E, en: E}
                  options:
                    - {id: a, label: {nl: A, en: A}}
                    - {id: b, label: {nl: B, en: B}}
            """),
        11,
        "questions[0].fields[0].options",
        "'options' is not used by type 'scale'",
    ),
    (
        "bad date",
        q("""\
            - id: q1
              type: date
              label: {nl: V, en: Q}
              min_date: 2024-13-01
            """),
        7,
        "questions[0].min_date",
        "is not a date; write it as YYYY-MM-DD",
    ),
    (
        "required not a boolean",
        q("""\
            - id: q1
              type: long_text
              label: {nl: V, en: Q}
              required: maybe
            """),
        7,
        "questions[0].required",
        "must be true or false",
    ),
    (
        "id differs from file name",
        "id: other\ntitle: {nl: T, en: T}\n"
        "questions:\n  - {id: q1, type: yes_no, label: {nl: V, en: Q}}\n",
        1,
        "id",
        "id 'other' must equal the file name 'demo'",
    ),
    (
        "missing title",
        "id: demo\nquestions:\n  - {id: q1, type: yes_no, label: {nl: V, en: Q}}\n",
        1,
        "(file)",
        "'title' is missing",
    ),
    (
        "unknown top-level key",
        "id: demo\ntitel: {nl: T, en: T}\ntitle: {nl: T, en: T}\n"
        "questions:\n  - {id: q1, type: yes_no, label: {nl: V, en: Q}}\n",
        2,
        "titel",
        "did you mean 'title'?",
    ),
    (
        "a key twice",
        "id: demo\ntitle: {nl: T, en: T}\ntitle: {nl: T, en: T}\n"
        "questions:\n  - {id: q1, type: yes_no, label: {nl: V, en: Q}}\n",
        3,
        "title",
        "this key appears twice",
    ),
    (
        "YAML syntax error",
        "id: demo\ntitle: {nl: T, en: T}\nquestions:\n  - id: q1\n    type: [yes_no\n",
        6,
        "(file)",
        "YAML syntax error",
    ),
    (
        "tab indentation",
        "id: demo\ntitle: {nl: T, en: T}\nquestions:\n\t- id: q1\n",
        4,
        "(file)",
        "YAML syntax error",
    ),
    ("empty file", "# nothing here\n", 1, "(file)", "the file is empty"),
    ("a list, not a mapping", "- a\n- b\n", 1, "(file)", "must be a mapping"),
]


@pytest.mark.parametrize(
    ("text", "line", "field", "fragment"),
    [case[1:] for case in BROKEN],
    ids=[case[0] for case in BROKEN],
)
def test_broken_file_names_file_line_and_field(tmp_path, text, line, field, fragment):
    path = tmp_path / "demo.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ExerciseFileError) as info:
        load_exercise(path)
    prefix = f"demo.yaml:{line}: {field}: "
    lines = str(info.value).splitlines()
    assert any(entry.startswith(prefix) and fragment in entry for entry in lines), lines


def test_every_problem_is_listed_at_once(tmp_path):
    path = tmp_path / "demo.yaml"
    path.write_text(
        q("""\
            - id: q1
              type: likert5
              label: {nl: V}
            - id: Q 2
              type: yes_no
              label: {nl: V, en: Q}
            """),
        encoding="utf-8",
    )
    with pytest.raises(ExerciseFileError) as info:
        load_exercise(path)
    fields = [p.field for p in info.value.problems]
    assert fields == ["questions[0].type", "questions[0].label", "questions[1].id"]
    assert [p.line for p in info.value.problems] == [5, 6, 7]


def test_non_utf8_file_is_reported(tmp_path):
    path = tmp_path / "demo.yaml"
    path.write_bytes(b"id: demo\ntitle: {nl: caf\xe9, en: T}\n")
    with pytest.raises(ExerciseFileError, match=r"demo\.yaml:2: \(file\): is not UTF-8"):
        load_exercise(path)


def test_defaults_are_filled_in(tmp_path):
    path = tmp_path / "demo.yaml"
    path.write_text(
        q("""\
            - {id: t, type: short_text, label: {nl: V, en: Q}}
            - {id: s, type: scale, label: {nl: V, en: Q}}
            - id: d
              type: dot_voting
              label: {nl: V, en: Q}
              options:
                - {id: a, label: {nl: A, en: A}}
                - {id: b, label: {nl: B, en: B}}
            """),
        encoding="utf-8",
    )
    exercise = load_exercise(path)
    assert exercise.question("t").settings == {"max_length": 10000}
    assert exercise.question("t").required is False
    assert exercise.question("s").settings == {"min": 0, "max": 10}
    assert exercise.question("d").settings == {"dots": 3, "max_per_option": 3}
    assert exercise.languages == ("nl", "en")


def test_shared_vision_loads():
    exercise = load_exercise_by_id("shared_vision")
    assert exercise.id == "shared_vision"
    assert exercise.group == "partnership"
    types = [q.type for q in exercise.questions]
    assert types.count("agreement") == 6
    assert types.count("long_text") == 3
    choice = exercise.question("shared_vision_possible")
    assert choice.type == "single_choice"
    assert choice.option_ids == ("yes", "partly", "not_yet")
    assert "Tips en trucs voor samenwerking" in exercise.source["nl"]
    for lang in ("nl", "en"):
        assert exercise.title[lang] and exercise.intro[lang]
        assert all(q.label[lang] for q in exercise.questions)


def test_every_data_file_loads():
    exercises = list_exercises()
    assert "shared_vision" in [e.id for e in exercises]
    assert data_dir().name == "data"


def test_data_dir_follows_the_environment(tmp_path, monkeypatch):
    (tmp_path / "exercises").mkdir()
    (tmp_path / "exercises" / "all_types.yaml").write_bytes(
        (FIXTURES / "all_types.yaml").read_bytes()
    )
    (tmp_path / "exercises" / "_draft.yaml").write_text("not: [valid", encoding="utf-8")
    monkeypatch.setenv("COCREATE_DATA_DIR", str(tmp_path))
    assert [e.id for e in list_exercises()] == ["all_types"]
    with pytest.raises(KeyError):
        load_exercise_by_id("shared_vision")
    with pytest.raises(KeyError):
        load_exercise_by_id("../exercises/all_types")


def test_list_exercises_reports_problems_of_every_file(tmp_path):
    folder = tmp_path / "exercises"
    folder.mkdir()
    (folder / "one.yaml").write_text("id: one\n", encoding="utf-8")
    (folder / "two.yaml").write_text("id: [\n", encoding="utf-8")
    with pytest.raises(ExerciseFileError) as info:
        list_exercises(tmp_path)
    assert {p.file for p in info.value.problems} == {"one.yaml", "two.yaml"}


def test_fixture_has_every_type():
    exercise = load_exercise(FIXTURES / "all_types.yaml")
    assert sorted({q.type for q in exercise.questions}) == sorted(QUESTION_TYPES)


@pytest.mark.parametrize(
    "load",
    [
        lambda: load_exercise(FIXTURES / "all_types.yaml"),
        lambda: load_exercise_by_id("shared_vision"),
    ],
    ids=["all_types", "shared_vision"],
)
def test_snapshot_round_trips_through_json(load):
    exercise = load()
    snapshot = json.loads(json.dumps(exercise.to_dict()))
    assert snapshot == exercise.to_dict()
    again = Exercise.from_dict(snapshot)
    assert again == exercise
    assert [q.settings for q in again.questions] == [q.settings for q in exercise.questions]
    assert again.to_dict() == snapshot


def test_snapshot_keeps_repeating_list_fields_as_questions():
    exercise = load_exercise(FIXTURES / "all_types.yaml")
    again = Exercise.from_dict(json.loads(json.dumps(exercise.to_dict())))
    fields = again.question("actions").fields
    assert [f.id for f in fields] == ["what", "who", "when"]
    assert fields[0].required is True and fields[0].settings == {"max_length": 100}


def test_list_items_with_a_choice_and_scales_load_and_round_trip():
    """Do choice and scale fields of a list keep their options and range in a snapshot?"""
    exercise = load_exercise(FIXTURES / "list_items.yaml")
    again = Exercise.from_dict(json.loads(json.dumps(exercise.to_dict())))
    assert again == exercise
    name, level, energy, friction = again.question("initiatives").fields
    assert [f.type for f in (name, level, energy, friction)] == [
        "short_text",
        "single_choice",
        "scale",
        "scale",
    ]
    assert level.option_ids == ("team", "region", "bold") and level.required
    assert level.option("region").label == {"nl": "Regio", "en": "Region"}
    assert energy.settings == {
        "min": 1,
        "max": 5,
        "min_label": {"nl": "weinig", "en": "little"},
        "max_label": {"nl": "veel", "en": "a lot"},
    }
    assert (friction.setting("min"), friction.setting("max")) == (0, 3)


def test_list_example_in_the_format_documentation_is_valid():
    """Does the documented list with a choice and scales load as it says?"""
    doc = (Path(__file__).resolve().parents[2] / "docs" / "exercise-format.md").read_text(
        encoding="utf-8"
    )
    example = doc.split("```yaml\n  - id: initiatives", 1)[1].split("```", 1)[0]
    exercise = parse_exercise(HEAD + "  - id: initiatives" + example, "demo.yaml")
    fields = exercise.question("initiatives").fields
    assert [f.type for f in fields] == ["short_text", "single_choice", "scale", "scale"]
    assert fields[1].option_ids == ("group", "project", "place")


def test_question_lookup():
    exercise = load_exercise(FIXTURES / "all_types.yaml")
    assert exercise.question("role").option("patient").label["en"] == "Patient"
    with pytest.raises(KeyError):
        exercise.question("nope")


def test_example_in_the_format_documentation_is_valid():
    doc = (Path(__file__).resolve().parents[2] / "docs" / "exercise-format.md").read_text(
        encoding="utf-8"
    )
    example = doc.split("```yaml\nid: session_check", 1)[1].split("```", 1)[0]
    exercise = parse_exercise("id: session_check" + example, "session_check.yaml")
    assert [q.type for q in exercise.questions] == [
        "agreement",
        "scale",
        "single_choice",
        "repeating_list",
        "long_text",
    ]


def test_third_language_must_be_in_every_text(tmp_path):
    text = (
        "id: demo\nlanguages: [nl, en, de]\ntitle: {nl: T, en: T, de: T}\n"
        "questions:\n  - {id: q1, type: yes_no, label: {nl: V, en: Q}}\n"
    )
    with pytest.raises(ExerciseFileError, match=r"demo\.yaml:5: questions\[0\]\.label: the 'de'"):
        parse_exercise(text, "demo.yaml")
    exercise = parse_exercise(text.replace("en: Q}", "en: Q, de: F}"), "demo.yaml")
    assert exercise.languages == ("nl", "en", "de")


RECORDS_OK = """\
id: with_records
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
        label: {nl: Wat, en: What}
      - id: by_when
        type: date
        label: {nl: Wanneer klaar, en: By when}
"""


def test_record_kinds_load_and_round_trip():
    """Does a records section load, and survive the JSON snapshot of a run?"""
    from cocreate_widgets.exercises import parse_exercise
    from cocreate_widgets.exercises.model import Exercise

    exercise = parse_exercise(RECORDS_OK, "with_records.yaml")
    goal = exercise.record_kind("goal")
    assert [f.id for f in goal.fields] == ["what", "by_when"] and goal.fields[0].required
    assert Exercise.from_dict(exercise.to_dict()) == exercise


def test_record_field_of_a_wrong_type_is_named_with_its_line():
    """Is a ranking inside a record refused with file, line and field?"""
    from cocreate_widgets.exercises import ExerciseFileError, parse_exercise

    broken = RECORDS_OK.replace("type: date", "type: ranking")
    with pytest.raises(ExerciseFileError) as caught:
        parse_exercise(broken, "with_records.yaml")
    assert str(caught.value) == (
        "with_records.yaml:16: records[0].fields[1].type: type 'ranking' is unknown; "
        "known types are short_text, long_text, date, single_choice, scale, yes_no"
    )


def test_a_question_set_written_out_parses_again():
    """Does every question set, written with to_dict (as a run stores it), pass the schema
    again (e.g. no empty help text the schema would refuse)?"""
    import yaml

    from cocreate_widgets.exercises import list_exercises, parse_exercise

    for exercise in list_exercises():
        again = parse_exercise(yaml.safe_dump(exercise.to_dict()), f"{exercise.id}.yaml")
        assert again.to_dict() == exercise.to_dict()
