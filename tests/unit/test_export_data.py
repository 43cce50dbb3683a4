"""Data exports: the long table, the XLSX and the CSV zip agree with the store, by code by default."""

from __future__ import annotations

import csv
import io
import os
import re
import sqlite3
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import sqlalchemy as sa

from cocreate_widgets.demo import load_demo
from cocreate_widgets.exercises import load_exercise_by_id
from cocreate_widgets.export import (
    COLUMNS,
    RECORD_COLUMNS,
    ExportError,
    answers_table,
    export_workshop,
)
from cocreate_widgets.export import files as export_files
from cocreate_widgets.export.people import Scrubber, participant_codes
from cocreate_widgets.export.safe_cells import neutralise
from cocreate_widgets.export.xlsx import STATED_IN_SUMMARY
from cocreate_widgets.store import NotFound, Store

TEXT_COLUMNS = [
    "workshop",
    "exercise_id",
    "exercise",
    "run_state",
    "participant",
    "role",
    "side",
    "question_id",
    "question",
    "option",
    "answer",
    "entered_by",
]


def copy_of_demo(folder: Path) -> Store:
    """A store on a copy of the demo database the root conftest prepared (else loaded anew)."""
    target = folder / "demo.sqlite"
    url = os.environ.get("COCREATE_DB", "")
    source = sa.make_url(url).database if url.startswith("sqlite") else None
    if source and Path(source).is_file():
        with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
            src.backup(dst)
    store = Store(f"sqlite:///{target}")
    store.upgrade()
    load_demo(store)  # keeps the demo when the copy has it
    return store


@pytest.fixture
def demo(tmp_path):
    """(store, workshop) of the demo workshop, on a copy of its own."""
    store = copy_of_demo(tmp_path)
    yield store, store.workshop_by_code("SAMEN7")
    store.dispose()


def demo_people(store: Store, workshop_id: int) -> list[str]:
    """Every pseudonym and name on the demo roster."""
    roster = store.roster(workshop_id, include_removed=True)
    return sorted({said for p in roster for said in (p.pseudonym, p.name) if said})


def whole_word(text: str, said: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(said)}(?!\w)", text) is not None


def xlsx_texts(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return "\n".join(archive.read(n).decode("utf-8") for n in archive.namelist())


def csv_files(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_long_table_has_one_row_per_answer_with_the_documented_columns(demo):
    """Does the long table hold, per run, exactly the store's answers, by code?"""
    store, workshop = demo
    table = answers_table(store, workshop.id, lang="en")
    assert tuple(table.columns) == COLUMNS
    assert str(table["number"].dtype) == "Int64"
    assert str(table["submitted_at"].dtype).startswith("datetime64")
    for run in store.runs(workshop.id):
        mine = table[table["run_id"] == run.id]
        answers = store.answers(run.id)
        assert len(mine.drop_duplicates(["participant", "question_id"])) == len(answers)
        assert mine["participant"].nunique() == len({a.participant_id for a in answers})
    assert table["participant"].str.fullmatch(r"P\d{3}").all()
    assert set(table["workshop"]) == {workshop.title}


def test_long_table_values_follow_the_answers(demo):
    """Are agreement and scale numbers, yes/no 1/0, allocation points per option, words right?"""
    store, workshop = demo
    table = answers_table(store, workshop.id, lang="en")
    codes = participant_codes(store.roster(workshop.id, include_removed=True))
    run = next(r for r in store.runs(workshop.id) if r.exercise_id == "shared_vision")
    for answer in store.answers(run.id):
        row = table[
            (table["run_id"] == run.id)
            & (table["participant"] == codes[answer.participant_id])
            & (table["question_id"] == answer.question_id)
        ]
        assert len(row) == 1
        if isinstance(answer.value, int):
            assert row["number"].iloc[0] == answer.value
            assert row["answer"].iloc[0] in {
                "Strongly disagree",
                "Disagree",
                "Neither agree nor disagree",
                "Agree",
                "Strongly agree",
            }
        elif answer.value is None:
            assert row["answer"].iloc[0] == "" and pd.isna(row["number"].iloc[0])
    vote = next(r for r in store.runs(workshop.id) if r.exercise_id == "ambition_vote")
    question = load_exercise_by_id("ambition_vote").questions[0]
    assert question.type == "allocation"
    for answer in store.answers(vote.id):
        if answer.question_id != question.id:
            continue
        rows = table[
            (table["run_id"] == vote.id)
            & (table["participant"] == codes[answer.participant_id])
            & (table["question_id"] == question.id)
        ]
        assert len(rows) == len(question.options)
        assert rows["number"].sum() == sum(answer.value.values())
        assert (rows["option"] != "").all()


def test_xlsx_round_trip_matches_the_store(demo, tmp_path):
    """Read back with pandas: per run the same answers, participants and values as the store?"""
    store, workshop = demo
    out = export_workshop(store, workshop.id, "xlsx", tmp_path / "demo.xlsx", lang="en")
    sheets = pd.read_excel(out, sheet_name=None)
    table = answers_table(store, workshop.id, lang="en")
    summary = pd.read_excel(out, sheet_name="summary", header=None)
    assert summary.iloc[0, 1] == workshop.title
    participants = summary[summary.iloc[:, 0] == "Participants"].iloc[0, 1]
    assert int(participants) == len(store.roster(workshop.id))
    start = summary.index[summary.iloc[:, 0] == "position"][0]
    runs_listed = summary.iloc[start + 1 :].copy()
    runs_listed.columns = summary.iloc[start].tolist()
    assert len(runs_listed) == len(store.runs(workshop.id))
    for _, listed in runs_listed.iterrows():
        run_id = int(listed["run_id"])
        sheet = sheets[listed["sheet"]]
        expected = table[table["run_id"] == run_id].drop(columns=list(STATED_IN_SUMMARY))
        assert list(sheet.columns) == list(expected.columns)
        assert len(sheet.drop_duplicates(["participant", "question_id"])) == len(
            store.answers(run_id)
        )
        assert int(listed["answers"]) == len(store.answers(run_id))
        for column in ("participant", "question_id", "answer", "option", "entered_by"):
            got = sheet[column].fillna("").astype(str).tolist()
            assert got == expected[column].tolist(), column
        assert sheet["number"].fillna(-1).tolist() == expected["number"].fillna(-1).tolist()
        assert (sheet["submitted_at"] == expected["submitted_at"].reset_index(drop=True)).all()
    records = sheets["records"]
    assert tuple(records.columns) == RECORD_COLUMNS
    assert len(records) == len(store.records(workshop_id=workshop.id))


def test_xlsx_cells_are_typed_and_sheets_are_tidy(demo, tmp_path):
    """Numbers as numbers, times as dates, texts as strings; header frozen, autofilter, widths?"""
    store, workshop = demo
    out = export_workshop(store, workshop.id, "xlsx", tmp_path / "demo.xlsx")
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[0] == "summary" and book.sheetnames[-1] == "records"
    names = book.sheetnames
    assert len({n.casefold() for n in names}) == len(names)
    assert all(len(n) <= 31 and not re.search(r"[\[\]:*?/\\]", n) for n in names)
    sheet = book[names[1]]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref.startswith("A1:")
    header = [c.value for c in sheet[1]]
    row = {h: c for h, c in zip(header, sheet[2], strict=True)}
    assert row["run_id"].data_type == "n"
    assert row["participant"].data_type == "s" and row["participant"].value == "P001"
    assert row["submitted_at"].is_date and "yyyy" in row["submitted_at"].number_format
    numbers = [r[header.index("number")] for r in sheet.iter_rows(min_row=2)]
    assert any(c.data_type == "n" and c.value is not None for c in numbers)
    widths = [sheet.column_dimensions[letter].width for letter in "ABCDEFGHIJ"]
    assert all(6 <= w <= 62 for w in widths)


def test_csv_zip_round_trip_matches_the_store(demo, tmp_path):
    """One file per run plus summary and records, UTF-8 with BOM, the same values as the store?"""
    store, workshop = demo
    out = export_workshop(store, workshop.id, "csv", tmp_path / "demo.zip", lang="nl")
    files = csv_files(out)
    assert {"summary.csv", "records.csv"} <= set(files)
    assert all(data.startswith(b"\xef\xbb\xbf") for data in files.values())
    table = answers_table(store, workshop.id, lang="nl")
    runs = [r for r in store.runs(workshop.id) if r.state != "draft"]
    run_files = sorted(set(files) - {"summary.csv", "records.csv"})
    assert len(run_files) == len(runs)
    for name, run in zip(run_files, runs, strict=True):
        assert name == f"{run.position:02d}_{run.exercise_id}.csv"
        frame = pd.read_csv(
            io.BytesIO(files[name]), encoding="utf-8-sig", dtype=str, keep_default_na=False
        )
        expected = table[table["run_id"] == run.id]
        assert tuple(frame.columns) == COLUMNS
        assert len(frame.drop_duplicates(["participant", "question_id"])) == len(
            store.answers(run.id)
        )
        for column in TEXT_COLUMNS:
            assert frame[column].tolist() == [neutralise(v) for v in expected[column]], column
        numbers = ["" if pd.isna(v) else str(v) for v in expected["number"]]
        assert frame["number"].tolist() == numbers
        times = expected["submitted_at"].dt.strftime("%Y-%m-%d %H:%M:%S").tolist()
        assert frame["submitted_at"].tolist() == times
    records = pd.read_csv(io.BytesIO(files["records.csv"]), encoding="utf-8-sig", dtype=str)
    assert len(records) == len(store.records(workshop_id=workshop.id))
    summary = list(csv.reader(io.StringIO(files["summary.csv"].decode("utf-8-sig"))))
    assert summary[0] == ["Workshop", workshop.title]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_no_name_or_pseudonym_by_default_and_all_with_names(demo, tmp_path, fmt):
    """By default not one pseudonym appears in the files (typed texts too); with names all do?"""
    store, workshop = demo
    people = demo_people(store, workshop.id)
    assert len(people) >= 10

    def everything(path: Path) -> str:
        if fmt == "xlsx":
            return xlsx_texts(path)
        return "\n".join(d.decode("utf-8-sig") for d in csv_files(path).values())

    coded = everything(export_workshop(store, workshop.id, fmt, tmp_path / f"a.{fmt}"))
    assert [said for said in people if whole_word(coded, said)] == []
    named = everything(export_workshop(store, workshop.id, fmt, tmp_path / f"b.{fmt}", names=True))
    assert [said for said in people if not whole_word(named, said)] == []


def test_scrubber_replaces_whole_words_only():
    """Are names replaced as whole words, longest first, case-sensitively?"""
    scrub = Scrubber({"Els": "P001", "Dr. Jansen": "P002", "Jan": "P003", "X": "P004"})
    assert scrub("Els en Dr. Jansen; Elsa, Jan. els") == "P001 en P002; Elsa, P003. els"
    assert scrub("(Jan)") == "(P003)"
    assert scrub("X marks") == "X marks"  # one letter is too short to be sure


def test_export_of_one_run(demo, tmp_path):
    """With run_id, only that run's sheet and records; another workshop's run is refused."""
    store, workshop = demo
    run = next(r for r in store.runs(workshop.id) if r.exercise_id == "plan")
    out = export_workshop(store, workshop.id, "xlsx", tmp_path / "plan.xlsx", run_id=run.id)
    sheets = pd.read_excel(out, sheet_name=None)
    assert len(sheets) == 3
    assert set(sheets["records"]["run_id"]) <= {run.id}
    assert len(sheets["records"]) == len(store.records(workshop_id=workshop.id, run_id=run.id))
    other = store.create_workshop("Ander")
    with pytest.raises(ExportError):
        export_workshop(store, other.id, "csv", tmp_path / "x.zip", run_id=run.id)
    with pytest.raises(NotFound):
        export_workshop(store, workshop.id, "csv", tmp_path / "x.zip", run_id=99999)


def test_progress_goes_from_zero_to_one(demo, tmp_path):
    """Is progress told in order, from 0 to 1, with a description at every step?"""
    store, workshop = demo
    seen: list[tuple[float, str]] = []
    export_workshop(
        store, workshop.id, "xlsx", tmp_path / "p.xlsx", progress=lambda f, s: seen.append((f, s))
    )
    fractions = [f for f, _ in seen]
    assert fractions[0] == 0.0 and fractions[-1] == 1.0
    assert fractions == sorted(fractions)
    assert all(step for _, step in seen) and len(seen) > len(store.runs(workshop.id))


def test_small_workshop_on_each_database(store, tmp_path):
    """On SQLite and PostgreSQL: drafts listed but not written, removed people not counted."""
    workshop = store.create_workshop("Klein", anonymity="none")
    exercise = load_exercise_by_id("session_feedback")
    run = store.open_run(store.add_run(workshop.id, exercise.to_dict()).id)
    store.add_run(workshop.id, exercise.to_dict())  # stays a draft
    anna = store.add_participant(workshop.id, pseudonym="Anna", role="patient")
    bert = store.add_participant(workshop.id, pseudonym="Bert", role="nurse")
    gone = store.add_participant(workshop.id, pseudonym="Gone", role="nurse")
    for person, score in ((anna, 4), (bert, 2), (gone, 5)):
        store.submit_answers(run.id, person.id, {exercise.questions[0].id: score})
    store.remove_participant(gone.id)
    store.add_record("decision", {"text": "Anna en Bert gaan door."}, workshop_id=workshop.id)
    out = export_workshop(store, workshop.id, "xlsx", tmp_path / "k.xlsx", names=True)
    sheets = pd.read_excel(out, sheet_name=None)
    assert len(sheets) == 3  # summary, the open run, records: no sheet for the draft
    run_sheet = sheets[[n for n in sheets if n not in ("summary", "records")][0]]
    # an anonymous workshop is exported with codes, even when names are asked for
    assert run_sheet["participant"].tolist() == ["P001", "P002"]
    assert run_sheet["number"].tolist() == [4, 2]
    assert sheets["records"]["record"].tolist() == ["P001 en P002 gaan door."]
    summary = pd.read_excel(out, sheet_name="summary", header=None)
    assert summary[summary.iloc[:, 0] == "Deelnemers"].iloc[0, 1] == 2


def test_failed_export_leaves_no_file(demo, tmp_path, monkeypatch):
    """When writing fails halfway, is there neither a half file nor a temporary one?"""
    store, workshop = demo
    out = tmp_path / "broken.xlsx"
    out.write_bytes(b"the earlier export")

    def broken(bundle, path, *, steps=None):
        Path(path).write_bytes(b"half")
        raise RuntimeError("disk full")

    monkeypatch.setitem(export_files.WRITERS, "xlsx", broken)
    with pytest.raises(RuntimeError):
        export_workshop(store, workshop.id, "xlsx", out)
    assert out.read_bytes() == b"the earlier export"
    assert sorted(p.name for p in tmp_path.iterdir() if "broken" in p.name) == ["broken.xlsx"]


@pytest.mark.parametrize(
    ("make", "error"),
    [
        (lambda tmp: tmp / "missing" / "x.xlsx", FileNotFoundError),
        (lambda tmp: tmp, IsADirectoryError),
    ],
)
def test_unwritable_path_is_refused_before_any_work(demo, tmp_path, make, error):
    """Is a path that cannot be written refused at once, with the OSError that says why?"""
    store, workshop = demo
    with pytest.raises(error):
        export_workshop(store, workshop.id, "xlsx", make(tmp_path))
