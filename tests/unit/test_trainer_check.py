"""`cocreate check`: broken question sets, workbooks and catalogues give readable messages.

Each row of the table is one broken file and the exact line `cocreate check` prints for it
(file, line, field, what), so a trainer can find the problem without reading code.
"""

from __future__ import annotations

import json
import shutil

import nbformat
import pytest

from cocreate_widgets.cli import main
from cocreate_widgets.i18n import catalogue_dir, use_catalogue_dir
from cocreate_widgets.trainer.check import readable_field, run_check

KNOWN_TYPES = (
    "agreement, allocation, date, dot_voting, long_text, multiple_choice, ranking, "
    "repeating_list, scale, short_text, single_choice, yes_no"
)

QUESTION_SET = """\
id: {id}
title: {{nl: Titel, en: Title}}
questions:
  - id: first
    type: short_text
    label: {{nl: Eerste, en: First}}
  - id: {second}
    type: yes_no
    label: {{nl: Tweede{en2}}}
  - id: third
    type: {qtype}
    label: {{nl: Derde, en: Third}}
"""


def question_set(name: str, **changes: str) -> str:
    """A small valid question set, with the given parts broken."""
    parts = {"id": name, "second": "second", "en2": ", en: Second", "qtype": "long_text"}
    return QUESTION_SET.format(**{**parts, **changes})


def notebook(exercise_id: str) -> nbformat.NotebookNode:
    """A workbook whose second cell opens ``exercise_id`` on its third line."""
    book = nbformat.v4.new_notebook()
    book.cells = [
        nbformat.v4.new_markdown_cell("# Titel"),
        nbformat.v4.new_code_cell(
            "from cocreate_widgets.workbook import Workbook\n\n"
            f'wb = Workbook("{exercise_id}")\nwb.introduction()'
        ),
    ]
    return book


CASES = [
    (
        "bad YAML",
        "exercises/bad_yaml.yaml",
        "id: bad_yaml\ntitle: {nl: x, en: y\nquestions: []\n",
        "course/exercises/bad_yaml.yaml:3: YAML syntax error: while parsing a flow mapping "
        "expected ',' or '}', but got ':'",
    ),
    (
        "unknown type",
        "exercises/likert.yaml",
        question_set("likert", qtype="likert5"),
        f"course/exercises/likert.yaml:11: question 3: type 'likert5' is unknown; "
        f"known types are {KNOWN_TYPES}",
    ),
    (
        "missing English label",
        "exercises/no_english.yaml",
        question_set("no_english", en2=""),
        "course/exercises/no_english.yaml:9: question 2, label: the 'en' text is missing",
    ),
    (
        "duplicate question id",
        "exercises/twice.yaml",
        question_set("twice", second="first"),
        "course/exercises/twice.yaml:7: question 2, id: question id 'first' is used twice",
    ),
    (
        "exercise id of the project's",
        "exercises/follow_energy.yaml",
        question_set("follow_energy"),
        "course/exercises/follow_energy.yaml:1: id: exercise id 'follow_energy' is used "
        "twice: also ",
    ),
    (
        "workbook with an unknown exercise",
        "typo.ipynb",
        notebook("folow_energy"),
        "course/typo.ipynb: cell 2, line 3: Workbook('folow_energy'): there is no exercise "
        "'folow_energy'; did you mean follow_energy?",
    ),
]


@pytest.fixture
def catalogues(tmp_path):
    """A copy of the catalogues to break; the real ones are used again afterwards."""
    folder = tmp_path / "i18n"
    folder.mkdir()
    for lang in ("nl", "en"):
        shutil.copy(catalogue_dir() / f"{lang}.json", folder / f"{lang}.json")
    use_catalogue_dir(folder)
    yield folder
    use_catalogue_dir(None)


@pytest.mark.parametrize(("case", "name", "content", "expected"), CASES, ids=[c[0] for c in CASES])
def test_broken_file_gives_the_expected_message(
    tmp_path, monkeypatch, catalogues, capsys, case, name, content, expected
):
    """Does each broken file give its one readable message, and `check` exit 1?"""
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "course" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / "course" / "exercises").mkdir(exist_ok=True)
    if isinstance(content, str):
        target.write_text(content, encoding="utf-8")
    else:
        nbformat.write(content, target)
    messages = [str(f) for f in run_check(tmp_path / "course").findings]
    assert len(messages) == 1, messages
    assert messages[0].startswith(expected)
    assert main(["check", "course"]) == 1
    assert expected in capsys.readouterr().out


def test_catalogue_key_missing_in_english(tmp_path, monkeypatch, catalogues, capsys):
    """Is a key that Dutch has and English lacks named, with the file it is missing in?"""
    monkeypatch.chdir(tmp_path)
    nl = json.loads((catalogues / "nl.json").read_text(encoding="utf-8"))
    nl["trainer.only_dutch"] = "Alleen in het Nederlands"
    (catalogues / "nl.json").write_text(json.dumps(nl), encoding="utf-8")
    use_catalogue_dir(catalogues)  # forget the cached catalogue
    (tmp_path / "course").mkdir()
    assert main(["check", "course"]) == 1
    assert "en.json: key 'trainer.only_dutch': missing in en.json" in capsys.readouterr().out


def test_the_project_passes_its_own_check(capsys):
    """Do the project's question sets, workbooks and catalogues pass (exit 0)?"""
    assert main(["check"]) == 0
    assert capsys.readouterr().out.startswith("All fine:")


def test_a_path_that_does_not_exist_is_told(tmp_path, capsys):
    """Is a missing path one line on stderr and exit 1, not a traceback?"""
    assert main(["check", str(tmp_path / "nowhere")]) == 1
    assert "does not exist" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("path", "message", "expected"),
    [
        ("questions[2].type", "type 'x' is unknown", "question 3"),
        (
            "questions[0].options[1].label",
            "the 'en' text is missing",
            "question 1, option 2, label",
        ),
        ("records[0].fields[2].type", "field type 'x' is unknown", "record kind 1, field 3, type"),
        ("(file)", "the file is empty", ""),
        ("title", "the 'en' text is missing", "title"),
    ],
)
def test_field_paths_are_counted_as_a_trainer_counts(path, message, expected):
    """Are schema paths written as 'question 3, option 2' (counting from 1)?"""
    assert readable_field(path, message) == expected
