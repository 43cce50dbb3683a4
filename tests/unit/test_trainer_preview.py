"""`cocreate preview`: every exercise's form and results with invented answers, escaped."""

from __future__ import annotations

import random
import shutil

import pytest

from cocreate_widgets.answers import validate_answer
from cocreate_widgets.cli import main
from cocreate_widgets.exercises import list_exercises
from cocreate_widgets.paths import data_dir
from cocreate_widgets.trainer.preview import invent_value, preview_page

EXERCISES = list_exercises()


@pytest.mark.parametrize("exercise", EXERCISES, ids=[e.id for e in EXERCISES])
def test_preview_renders_for_every_exercise(exercise):
    """Does each exercise's page show its form and a results screen of eight people?"""
    page = preview_page(exercise, "nl")
    assert page.startswith("<!doctype html>") and page.rstrip().endswith("</html>")
    assert "Deelnemers die antwoordden: 8" in page
    assert page.count("<section><h3>") == len(exercise.questions)
    assert "<script" not in page  # self-contained and inert: no scripts, no links out
    assert 'src="http' not in page and "href='http" not in page


@pytest.mark.parametrize("exercise", EXERCISES, ids=[e.id for e in EXERCISES])
def test_invented_answers_are_valid(exercise):
    """Is every invented answer accepted by the answer checks of its question?"""
    rng = random.Random(1)
    for person in range(8):
        for question in exercise.questions:
            value = invent_value(question, person, rng, "nl")
            assert value is not None, question.id
            assert validate_answer(question, value, "nl") == value


def test_texts_of_the_question_set_are_escaped(tmp_path, monkeypatch):
    """Is markup in a trainer's texts shown as text, never run?"""
    (tmp_path / "exercises").mkdir()
    (tmp_path / "exercises" / "markup.yaml").write_text(
        "id: markup\n"
        "title: {nl: '<script>alert(1)</script>', en: Markup}\n"
        "questions:\n"
        "  - id: pick\n"
        "    type: single_choice\n"
        "    label: {nl: '<b>vet</b>', en: Bold}\n"
        "    options:\n"
        "      - {id: a, label: {nl: '<img src=x onerror=alert(1)>', en: A}}\n"
        "      - {id: b, label: {nl: B, en: B}}\n",
        encoding="utf-8",
    )
    shutil.copy(data_dir() / "roles.yaml", tmp_path / "roles.yaml")
    monkeypatch.setenv("COCREATE_DATA_DIR", str(tmp_path))
    out = tmp_path / "page.html"
    assert main(["preview", "markup", "--out", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert "<script>" not in page and "<img src=x" not in page and "<b>vet" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_an_unknown_exercise_is_told(tmp_path, capsys):
    """Is an unknown id one line and exit 1, with no file written?"""
    out = tmp_path / "page.html"
    assert main(["preview", "no_such_thing", "--out", str(out)]) == 1
    assert "there is no exercise 'no_such_thing'" in capsys.readouterr().err
    assert not out.exists()
