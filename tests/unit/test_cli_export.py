"""``cocreate export``: files by join code or id, and one clear line (exit 1) for every mistake."""

from __future__ import annotations

import os
import sqlite3
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from cocreate_widgets.cli import main
from cocreate_widgets.store import Store


@pytest.fixture
def demo_db(demo_database_file, tmp_path) -> Path:
    """A copy of the demo database, as a file the command is given."""
    target = tmp_path / "demo.sqlite"
    with sqlite3.connect(demo_database_file) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    return target


def samen_id(db: Path) -> str:
    """The numeric id of the main demo workshop (SAMEN7) in this database."""
    store = Store(f"sqlite:///{db}")
    try:
        return str(store.workshop_by_code("SAMEN7").id)
    finally:
        store.dispose()


def export(db: Path, *args: str) -> int:
    return main(["export", *args, "--db", str(db)])


def test_xlsx_by_join_code(demo_db, tmp_path, capsys):
    """Does a typed join code (any case) write the workbook, with a progress bar on stderr?"""
    out = tmp_path / "demo.xlsx"
    assert export(demo_db, "samen7", "--format", "xlsx", "--out", str(out)) == 0
    captured = capsys.readouterr()
    assert f"Wrote {out}" in captured.out
    assert "100%" in captured.err and "[####" in captured.err
    sheets = pd.read_excel(out, sheet_name=None)
    assert "summary" in sheets and "records" in sheets and len(sheets) > 3


def test_csv_of_one_exercise_by_id_in_english(demo_db, tmp_path, capsys):
    """By numeric id, one exercise, English labels: a zip with its file, summary and records?"""
    out = tmp_path / "plan.zip"
    assert (
        export(
            demo_db,
            samen_id(demo_db),
            "--format",
            "csv",
            "--out",
            str(out),
            "--exercise",
            "plan",
            "--lang",
            "en",
        )
        == 0
    )
    with zipfile.ZipFile(out) as archive:
        names = sorted(archive.namelist())
        summary = archive.read("summary.csv").decode("utf-8-sig")
    assert names == ["06_plan.csv", "records.csv", "summary.csv"]
    assert "Participants" in summary


def test_names_only_when_asked(demo_db, tmp_path):
    """Codes by default; with --names the pseudonyms appear."""
    plain, named = tmp_path / "a.zip", tmp_path / "b.zip"
    assert export(demo_db, "SAMEN7", "--format", "csv", "--out", str(plain)) == 0
    assert export(demo_db, "SAMEN7", "--format", "csv", "--out", str(named), "--names") == 0

    def text(path: Path) -> str:
        with zipfile.ZipFile(path) as archive:
            return "".join(archive.read(n).decode("utf-8-sig") for n in archive.namelist())

    assert "Marja" not in text(plain) and "P001" in text(plain)
    assert "Marja" in text(named)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["NOPE42", "--format", "xlsx", "--out", "{tmp}/x.xlsx"],
            "no workshop with code or id 'NOPE42'",
        ),
        (["999", "--format", "csv", "--out", "{tmp}/x.zip"], "no workshop with code or id '999'"),
        (
            ["SAMEN7", "--format", "xlsx", "--out", "{tmp}/missing/x.xlsx"],
            "cannot write {tmp}/missing/x.xlsx: the folder {tmp}/missing does not exist",
        ),
        (
            ["SAMEN7", "--format", "xlsx", "--out", "{tmp}"],
            "cannot write {tmp}: it is a folder; give a file name",
        ),
        (
            ["SAMEN7", "--format", "html", "--out", "{tmp}/missing/r.html"],
            "cannot write {tmp}/missing/r.html: the folder {tmp}/missing does not exist",
        ),
        (
            ["SAMEN7", "--format", "xlsx", "--out", "{tmp}/x.xlsx", "--exercise", "nope"],
            "no exercise 'nope' in workshop {id} (SAMEN7); its exercises: shared_vision",
        ),
        (
            [
                "SAMEN7",
                "--format",
                "xlsx",
                "--out",
                "{tmp}/x.xlsx",
                "--exercise",
                "session_feedback",
            ],
            "exercise 'session_feedback' runs 3 times in workshop {id} (SAMEN7): give the id of one run",
        ),
    ],
)
def test_mistakes_are_one_line_without_traceback(demo_db, tmp_path, capsys, args, message):
    """Unknown workshop or exercise, a path that cannot be written: one line, exit 1?"""
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    message = message.replace("{tmp}", str(tmp_path)).replace("{id}", samen_id(demo_db))
    assert export(demo_db, *args) == 1
    err = capsys.readouterr().err
    assert err.startswith("cocreate: " + message)
    assert err.count("\n") == 1 and "Traceback" not in err
    assert not (tmp_path / "x.xlsx").exists() and not (tmp_path / "x.zip").exists()


def test_permission_denied(demo_db, tmp_path, capsys):
    """A folder without write permission: said, exit 1. As root (who may write anywhere
    else) the kernel's read-only /sys stands in for a locked folder."""
    if os.geteuid() == 0:
        locked = Path("/sys")
    else:
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
    assert export(demo_db, "SAMEN7", "--format", "csv", "--out", str(locked / "x.zip")) == 1
    assert "permission denied" in capsys.readouterr().err


def test_report_without_its_engine_is_said(demo_db, tmp_path, capsys, monkeypatch):
    """When the report module cannot be imported: one line, exit 1, nothing written."""
    monkeypatch.setitem(sys.modules, "cocreate_widgets.export.report", None)
    out = tmp_path / "r.pdf"
    assert export(demo_db, "SAMEN7", "--format", "pdf", "--out", str(out)) == 1
    err = capsys.readouterr().err
    assert err == "cocreate: the report format is not available yet\n"
    assert not out.exists()


def test_an_argument_missing_is_usage(demo_db, capsys):
    """Without --format or --out, argparse says how to use it (exit 2)."""
    with pytest.raises(SystemExit) as stopped:
        export(demo_db, "SAMEN7", "--out", "x.xlsx")
    assert stopped.value.code == 2
    assert "--format" in capsys.readouterr().err
