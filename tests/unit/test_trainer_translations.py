"""`cocreate translations`: gaps per language, and adding a third language step by step.

The second test follows ``docs/languages.md`` for German in a temporary catalogue folder and
data dir: the report goes from gaps (no catalogue, exercises without ``de``) to none.
"""

from __future__ import annotations

import json
import shutil

import pytest

from cocreate_widgets.cli import main
from cocreate_widgets.exercises import load_exercise
from cocreate_widgets.i18n import catalogue_dir, t, use_catalogue_dir
from cocreate_widgets.trainer.translations import translation_gaps

EXERCISE = """\
id: tiny
title: {nl: Klein, en: Small}
questions:
  - id: pick
    type: single_choice
    label: {nl: Kies, en: Choose}
    options:
      - id: a
        label: {nl: Appel, en: Apple}
      - id: b
        label: {nl: Peer, en: Pear}
"""

GERMAN = """\
id: tiny
languages: [nl, en, de]
title: {nl: Klein, en: Small, de: Klein}
questions:
  - id: pick
    type: single_choice
    label: {nl: Kies, en: Choose, de: Wähle}
    options:
      - id: a
        label: {nl: Appel, en: Apple, de: Apfel}
      - id: b
        label: {nl: Peer, en: Pear%s}
"""


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A catalogue folder (copies of nl and en) and a data dir with one exercise."""
    folder = tmp_path / "i18n"
    folder.mkdir()
    for lang in ("nl", "en"):
        shutil.copy(catalogue_dir() / f"{lang}.json", folder / f"{lang}.json")
    (tmp_path / "data" / "exercises").mkdir(parents=True)
    (tmp_path / "data" / "exercises" / "tiny.yaml").write_text(EXERCISE, encoding="utf-8")
    monkeypatch.setenv("COCREATE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    use_catalogue_dir(folder)
    yield tmp_path
    use_catalogue_dir(None)


def test_a_key_missing_in_english_is_a_gap(project, capsys):
    """Is a catalogue key only Dutch has reported for English, and exit 1?"""
    nl_file = project / "i18n" / "nl.json"
    nl = json.loads(nl_file.read_text(encoding="utf-8"))
    nl["trainer.example"] = "Alleen Nederlands"
    nl_file.write_text(json.dumps(nl), encoding="utf-8")
    use_catalogue_dir(project / "i18n")
    assert main(["translations", "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert "i18n/en.json: key 'trainer.example': no 'en' text" in out
    assert [g.field for g in translation_gaps("nl")] == []


def test_adding_a_third_language_goes_from_gaps_to_none(project, capsys):
    """Following docs/languages.md for German: does the report end with no gaps?"""
    assert main(["translations", "--lang", "de"]) == 1
    out = capsys.readouterr().out
    assert "there is no de.json: copy en.json to de.json" in out
    assert "tiny.yaml:1: languages: 'de' is not one of the languages: 4 texts" in out

    # 1. copy en.json to de.json and translate (here: one text, the rest stays as copied)
    english = json.loads((project / "i18n" / "en.json").read_text(encoding="utf-8"))
    german = {**english, "workbook.source": "Quelle"}
    (project / "i18n" / "de.json").write_text(json.dumps(german), encoding="utf-8")
    use_catalogue_dir(project / "i18n")
    # 2. add `de` to the exercise's languages and a de: text beside each en: (one forgotten)
    exercise = project / "data" / "exercises" / "tiny.yaml"
    exercise.write_text(GERMAN % "", encoding="utf-8")
    gaps = translation_gaps("de")
    assert [(g.file, g.line, g.field) for g in gaps] == [
        ("data/exercises/tiny.yaml", 12, "question 1, option 2, label")
    ]
    assert main(["check", "data/exercises/tiny.yaml"]) == 1  # the schema wants it too
    exercise.write_text(GERMAN % ", de: Birne", encoding="utf-8")
    # 3. the report has no gaps; the checks pass; the texts are used
    capsys.readouterr()
    assert main(["translations", "--lang", "de"]) == 0
    assert capsys.readouterr().out == "de: every text is translated.\n"
    assert main(["translations"]) == 0  # nl, en and every catalogue's language
    assert main(["check", "data/exercises/tiny.yaml"]) == 0
    assert t("workbook.source", "de") == "Quelle"
    assert load_exercise(exercise).questions[0].options[1].label["de"] == "Birne"


def test_a_bad_language_code_is_told(project, capsys):
    """Is --lang with something that is not a code refused, not looked up?"""
    assert main(["translations", "--lang", "../x"]) == 2
    assert "not a language code" in capsys.readouterr().out
