"""`cocreate new-exercise`: a question set and a workbook that pass the checks at once."""

from __future__ import annotations

import json

import pytest

from cocreate_widgets.cli import main
from cocreate_widgets.exercises import load_exercise
from cocreate_widgets.trainer.check import run_check
from cocreate_widgets.trainer.new_exercise import expected_counts_output


@pytest.fixture
def course(tmp_path, monkeypatch):
    """A trainer's folder with a scaffolded exercise ``my_exercise``."""
    monkeypatch.chdir(tmp_path)
    assert main(["new-exercise", "my_exercise", "--dir", "course"]) == 0
    return tmp_path / "course"


def test_scaffold_writes_a_valid_question_set_with_todos(course):
    """Is the question set valid, in Dutch and English, with TODOs left to replace?"""
    path = course / "exercises" / "my_exercise.yaml"
    exercise = load_exercise(path)
    assert exercise.id == "my_exercise"
    assert set(exercise.title) == {"nl", "en"}
    assert all(set(q.label) == {"nl", "en"} for q in exercise.questions)
    assert path.read_text(encoding="utf-8").count("TODO") >= 10


def test_scaffold_passes_cocreate_check(course, capsys):
    """Does `cocreate check` on the new folder find nothing and exit 0?"""
    report = run_check(course)
    assert (report.exercises, report.notebooks, report.findings) == (1, 1, [])
    assert main(["check", "course"]) == 0
    assert "All fine" in capsys.readouterr().out


def test_scaffold_workbook_has_every_part(course):
    """Does the workbook have method, form, live results, analysis, chart, export, decision?"""
    cells = json.loads((course / "my_exercise.ipynb").read_text(encoding="utf-8"))["cells"]
    code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    for call in ('Workbook("my_exercise")', "wb.introduction()", "wb.form_preview()"):
        assert call in code
    for call in ("wb.live_results()", "wb.chart(", "wb.export()", "wb.decisions()"):
        assert call in code
    assert "# NBVAL_CHECK_OUTPUT" in code and "from cocreate_widgets import" not in code
    assert text.index("Meenemen") < text.index("## Besluit")
    checked = next(c for c in cells if "NBVAL_CHECK_OUTPUT" in "".join(c["source"]))
    assert "".join(checked["outputs"][0]["text"]) == expected_counts_output()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("My-Exercise", "is not an id"),
        ("met spatie", "is not an id"),
        ("_hidden", "is not an id"),
        ("follow_energy", "already exists"),
    ],
)
def test_bad_or_taken_names_are_refused(tmp_path, monkeypatch, capsys, name, message):
    """Is a bad or taken name one clear line and exit 1, with nothing written?"""
    monkeypatch.chdir(tmp_path)
    assert main(["new-exercise", name, "--dir", "course"]) == 1
    assert message in capsys.readouterr().err
    assert not (tmp_path / "course").exists()


def test_a_second_scaffold_of_the_same_name_is_refused(course, capsys):
    """Does running it twice keep the trainer's edits (nothing overwritten)?"""
    path = course / "exercises" / "my_exercise.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("TODO de vraag", "Mijn vraag"))
    assert main(["new-exercise", "my_exercise", "--dir", "course"]) == 1
    assert "Mijn vraag" in path.read_text(encoding="utf-8")


def test_default_location_is_the_apps_data_dir(tmp_path, monkeypatch):
    """Without --dir, does the question set go where the app loads it (COCREATE_DATA_DIR)?"""
    data = tmp_path / "data"
    (data / "exercises").mkdir(parents=True)
    monkeypatch.setenv("COCREATE_DATA_DIR", str(data))
    monkeypatch.setattr(
        "cocreate_widgets.trainer.new_exercise.workbooks_dir", lambda: tmp_path / "workbooks"
    )
    assert main(["new-exercise", "own_one", "--group", "my_course"]) == 0
    assert (data / "exercises" / "own_one.yaml").is_file()
    assert (tmp_path / "workbooks" / "my_course" / "own_one.ipynb").is_file()
    from cocreate_widgets.exercises import load_exercise_by_id

    assert load_exercise_by_id("own_one").group == "my_course"


@pytest.mark.slow
def test_scaffolded_workbook_passes_nbval_via_test_notebooks(course):
    """Slower (a kernel and the demo database): does `cocreate test-notebooks` pass on it?"""
    assert main(["test-notebooks", str(course)]) == 0
