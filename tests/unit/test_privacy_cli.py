"""``cocreate privacy export|erase|retention|purge``: what they write and print, and bad
input as one line with exit code 2, never a traceback."""

from __future__ import annotations

import json

import pytest

from cocreate_widgets.cli import main
from cocreate_widgets.store import Store

QUESTION_SET = {
    "id": "check",
    "title": {"nl": "Controle", "en": "Check"},
    "questions": [
        {"id": "score", "type": "scale", "label": {"nl": "Cijfer", "en": "Score"}},
        {"id": "why", "type": "long_text", "label": {"nl": "Waarom?", "en": "Why?"}},
    ],
}


@pytest.fixture
def db(tmp_path) -> dict:
    """A SQLite file with one workshop: Anna, Bert and two people called Kim."""
    path = tmp_path / "privacy.sqlite"
    store = Store(f"sqlite:///{path}")
    store.upgrade()
    workshop = store.create_workshop("Privacy", join_code="PRVS42")
    people = {
        key: store.add_participant(workshop.id, pseudonym=pseudonym, name=name, role=role)
        for key, pseudonym, name, role in [
            ("anna", "Anna", "Anna de Wit", "patient"),
            ("bert", "Bert", None, "nurse"),
            ("kim1", "Kim", None, "patient"),
            ("kim2", "kim", None, "doctor"),
        ]
    }
    run = store.open_run(store.add_run(workshop.id, QUESTION_SET).id)
    store.submit_answers(run.id, people["anna"].id, {"score": 8, "why": "Anna's eigen verhaal"})
    store.submit_answers(run.id, people["bert"].id, {"score": 2, "why": "Bert zijn tekst"})
    store.dispose()
    return {"path": str(path), "workshop": workshop, "people": people, "run": run}


def _store(db: dict) -> Store:
    return Store(f"sqlite:///{db['path']}")


def test_export_writes_the_persons_data_as_utf8_json(db, tmp_path, capsys):
    """Does the export file hold Anna's answer and not Bert's, and does stdout work too?"""
    out = tmp_path / "anna.json"
    code = main(["privacy", "export", "--workshop", "prvs-42", "--pseudonym", " anna ",
                 "--out", str(out), "--db", db["path"]])  # fmt: skip
    assert code == 0 and "written to" in capsys.readouterr().out
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["participant"]["name"] == "Anna de Wit"
    [answers] = data["answers"]
    assert {q["question_id"]: q["value"] for q in answers["questions"]}["why"] == (
        "Anna's eigen verhaal"
    )
    assert "Bert zijn tekst" not in out.read_text(encoding="utf-8")
    bert = str(db["people"]["bert"].id)
    assert main(["privacy", "export", "--workshop", "PRVS42", "--participant", bert,
                 "--db", db["path"]]) == 0  # fmt: skip
    printed = json.loads(capsys.readouterr().out)
    assert printed["participant"]["pseudonym"] == "Bert"


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["export", "--workshop", "NOPE99", "--participant", "1"], "no workshop"),
        (["export", "--workshop", "PRVS42", "--participant", "999"], "no participant 999"),
        (["export", "--workshop", "PRVS42", "--participant", "abc"], "no participant abc"),
        (["erase", "--workshop", "PRVS42", "--pseudonym", "Zoë", "--yes"], "no participant"),
        (["retention", "PRVS42", "-3"], "whole number of days"),
        (["retention", "PRVS42", "veel"], "whole number of days"),
        (["retention", "PRVS42", "99999999999"], "whole number of days"),
        (["retention", "PRVS42", "３０"], "whole number of days"),
        (["retention", "NOPE99", "30"], "no workshop"),
        (["purge"], "--workshop CODE, or --expired"),
        (["purge", "--workshop", "\x1b[31mX"], "no workshop with code or id '?[31mX'"),
    ],
)
def test_bad_input_is_one_line_and_exit_code_2(db, capsys, argv, said):
    """Does each bad input give one line on stderr with exit code 2, and no traceback?"""
    assert main(["privacy", *argv, "--db", db["path"]]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and said in err and "Traceback" not in err


def test_an_ambiguous_pseudonym_lists_the_matches_and_erases_nothing(db, capsys):
    """With two people called Kim, are both listed and is nothing erased?"""
    code = main(["privacy", "erase", "--workshop", "PRVS42", "--pseudonym", "KIM", "--yes",
                 "--db", db["path"]])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 2
    for person in (db["people"]["kim1"], db["people"]["kim2"]):
        assert f"participant {person.id}" in err
    store = _store(db)
    try:
        assert all(p.erased_at is None for p in store.roster(db["workshop"].id))
    finally:
        store.dispose()


def test_erase_asks_first_and_erases_only_that_person(db, monkeypatch, capsys):
    """Does erase refuse without a yes, then erase Anna's answers and keep Bert's?"""
    anna = str(db["people"]["anna"].id)
    argv = ["privacy", "erase", "--workshop", "PRVS42", "--participant", anna, "--db", db["path"]]
    monkeypatch.setattr("builtins.input", lambda _question: "nee")
    assert main(argv) == 1 and "Nothing erased" in capsys.readouterr().out
    store = _store(db)
    try:
        assert len(store.answers(db["run"].id)) == 4
    finally:
        store.dispose()
    monkeypatch.setattr("builtins.input", lambda _question: "yes")
    assert main(argv) == 0
    assert "Erased Anna" in capsys.readouterr().out
    assert main([*argv, "--yes"]) == 0 and "already erased" in capsys.readouterr().out
    store = _store(db)
    try:
        assert {a.pseudonym for a in store.answers(db["run"].id)} == {"Bert"}
        shell = store.participant(db["people"]["anna"].id)
        assert shell.name is None and shell.erased_at is not None
    finally:
        store.dispose()


def test_retention_then_purge_with_dry_run(db, capsys):
    """Do retention, a dry run (nothing changes) and a purge of the workshop say and do what
    they should, and does --expired find nothing before the period passed?"""
    assert main(["privacy", "retention", "PRVS42", "30", "--db", db["path"]]) == 0
    assert "30 days" in capsys.readouterr().out
    assert main(["privacy", "purge", "--expired", "--db", db["path"]]) == 0
    assert "No workshop" in capsys.readouterr().out
    dry = ["privacy", "purge", "--workshop", "PRVS42", "--dry-run", "--db", db["path"]]
    assert main(dry) == 0
    assert "Would purge PRVS42" in capsys.readouterr().out
    store = _store(db)
    try:
        assert store.workshop(db["workshop"].id).retention_days == 30
        assert store.workshop(db["workshop"].id).purged_at is None
        assert "Anna" in {p.pseudonym for p in store.roster(db["workshop"].id)}
    finally:
        store.dispose()
    purge = ["privacy", "purge", "--workshop", "PRVS42", "--yes", "--db", db["path"]]
    assert main(purge) == 0 and "Purged PRVS42" in capsys.readouterr().out
    assert main(["privacy", "retention", "PRVS42", "none", "--db", db["path"]]) == 0
    store = _store(db)
    try:
        workshop = store.workshop(db["workshop"].id)
        assert workshop.purged_at is not None and workshop.retention_days is None
        answers = store.answers(db["run"].id)
        assert sorted(a.value for a in answers) == [2, 8]  # the scores stay, the texts go
        assert {p.name for p in store.roster(workshop.id)} == {None}
    finally:
        store.dispose()


def test_an_unwritable_export_file_is_one_line(db, tmp_path, capsys):
    """Is a file that cannot be written one line with exit code 1?"""
    out = tmp_path / "missing" / "anna.json"
    code = main(["privacy", "export", "--workshop", "PRVS42", "--pseudonym", "Anna",
                 "--out", str(out), "--db", db["path"]])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 1 and "cannot write" in err and len(err.strip().splitlines()) == 1
