"""No cell of an export becomes a formula; every text a person typed comes out intact.

Checked in the written files themselves: the XLSX unzipped (no ``<f>`` element anywhere) and
read back with openpyxl (string cells, the exact text), the CSV files parsed from the zip
(a risky start carries an apostrophe, nothing else changes).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from cocreate_widgets.exercises.model import MAX_TEXT_LENGTH, Exercise, Question, RecordKind
from cocreate_widgets.export import export_workshop
from cocreate_widgets.export.safe_cells import (
    CUT_MARK,
    EXCEL_CELL_LIMIT,
    FORMULA_STARTS,
    clean_text,
    csv_cell,
    neutralise,
    xlsx_text,
)

INJECTIONS = ['=HYPERLINK("http://x")', "+1", "-1+2", "@SUM(A1)", "\t=1", "\r=1"]
UNICODE = [
    "Zorg 💙 samen 👩🏽‍⚕️👨‍👩‍👧 🇳🇱",
    "مرحبا، نحن نعمل معاً من أجل رعاية أفضل",
    "שלום, אנחנו עובדים ביחד",
    "Cafe\u0301 na\u0308ive Z\u0335a\u0336l\u0337g\u0338o\u0339",
    "mixed עברית and English مع العربية 123",
    ("Een lang verhaal over zorg 🙂 met één plan. " * 300)[:MAX_TEXT_LENGTH],
]


def ooxml_unescape(text: str) -> str:
    """Undo the ``_xHHHH_`` escapes of OOXML strings (Excel reads them; openpyxl leaves them)."""
    return re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)), text)


def exercise_with(text: str) -> Exercise:
    """An exercise whose title, question labels and record kind all carry ``text``."""
    label = {"nl": text, "en": text}
    return Exercise(
        id="tricky",
        title=label,
        questions=(
            Question(id="said", type="long_text", label=label),
            Question(
                id="choice",
                type="single_choice",
                label={"nl": "Keuze", "en": "Choice"},
                options=(),
            ),
        ),
        records=(
            RecordKind(
                id="note",
                label=label,
                fields=(Question(id="what", type="long_text", label={"nl": "Wat", "en": "What"}),),
            ),
        ),
    )


def workshop_with(store, texts: list[str]):
    """A workshop with one run per text: the text as title, answer, pseudonym and record."""
    workshop = store.create_workshop(texts[0], anonymity="optional")
    for n, text in enumerate(texts):
        exercise = exercise_with(text)
        run = store.open_run(store.add_run(workshop.id, exercise.to_dict()).id)
        person = store.add_participant(workshop.id, pseudonym=text, role="patient")
        store.submit_answers(run.id, person.id, {"said": text, "choice": text})
        store.add_record("note", {"what": text}, workshop_id=workshop.id, run_id=run.id)
        store.add_record("decision", {"text": f"{text}"}, workshop_id=workshop.id, run_id=run.id)
        assert n == len(store.runs(workshop.id)) - 1
    return workshop


def xlsx_string_cells(path: Path) -> list[openpyxl.cell.Cell]:
    book = openpyxl.load_workbook(path)
    return [cell for sheet in book for row in sheet.iter_rows() for cell in row]


def assert_no_formula(path: Path) -> None:
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            xml = archive.read(name).decode("utf-8")
            assert not re.search(r"<f[\s>/]", xml), name
            assert "<f>" not in xml and ":f>" not in xml, name


def csv_cells(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as archive:
        return [
            cell
            for name in archive.namelist()
            for row in csv.reader(io.StringIO(archive.read(name).decode("utf-8-sig"), newline=""))
            for cell in row
        ]


@pytest.mark.parametrize("names", [False, True])
def test_xlsx_injections_stay_strings(sqlite_store, tmp_path, names):
    """In answers, pseudonyms, records and titles: no formula, string cells, text unchanged?"""
    workshop_with(sqlite_store, INJECTIONS)
    workshop = sqlite_store.workshops()[0]
    out = export_workshop(sqlite_store, workshop.id, "xlsx", tmp_path / "x.xlsx", names=names)
    assert_no_formula(out)
    cells = xlsx_string_cells(out)
    assert all(c.data_type != "f" for c in cells)
    found = {ooxml_unescape(c.value) for c in cells if isinstance(c.value, str)}
    for payload in INJECTIONS:
        assert payload in found, repr(payload)
        holding = [
            c for c in cells if isinstance(c.value, str) and payload in ooxml_unescape(c.value)
        ]
        assert holding and all(c.data_type == "s" for c in holding)
    frames = pd.read_excel(out, sheet_name=None, header=None)
    values = {
        ooxml_unescape(v)
        for f in frames.values()
        for v in f.to_numpy().ravel()
        if isinstance(v, str)
    }
    assert set(INJECTIONS) <= values
    if names:
        # a pseudonym that looks like a formula is shown as the participant's label, as text
        run_sheets = [f for n, f in frames.items() if n not in ("summary", "records")]
        shown = {ooxml_unescape(v) for f in run_sheets for v in f.iloc[1:, 2]}
        assert set(INJECTIONS) <= shown


def test_csv_injections_are_neutralised(sqlite_store, tmp_path):
    """In every CSV file, does no cell start like a formula, and is each payload kept after a ``'``?"""
    workshop_with(sqlite_store, INJECTIONS)
    workshop = sqlite_store.workshops()[0]
    out = export_workshop(sqlite_store, workshop.id, "csv", tmp_path / "x.zip", names=True)
    cells = csv_cells(out)
    assert not [c for c in cells if c.startswith(FORMULA_STARTS)]
    for payload in INJECTIONS:
        assert "'" + payload in cells, repr(payload)
    # the workshop title (summary), the pseudonym and answer (run file), the record (records)
    assert cells.count("'" + INJECTIONS[0]) >= 4


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_unicode_comes_out_intact(sqlite_store, tmp_path, fmt):
    """Emoji, Arabic, Hebrew, combining characters and a 10,000-character answer, unchanged?"""
    workshop_with(sqlite_store, UNICODE)
    workshop = sqlite_store.workshops()[0]
    out = export_workshop(sqlite_store, workshop.id, fmt, tmp_path / f"u.{fmt}", names=True)
    if fmt == "xlsx":
        found = [c.value for c in xlsx_string_cells(out) if isinstance(c.value, str)]
    else:
        found = csv_cells(out)
    for text in UNICODE:
        assert found.count(text) >= 3, text[:30]  # answer, pseudonym, record (and title)
    longest = max(UNICODE, key=len)
    assert len(longest) == MAX_TEXT_LENGTH and longest in found


def test_csv_cell_neutralises_only_risky_text():
    """Does only text with a risky start get the apostrophe; numbers and dates stay as they are?"""
    for payload in INJECTIONS:
        assert csv_cell(payload) == "'" + payload
    assert csv_cell("a=b") == "a=b"
    assert csv_cell("'quoted") == "'quoted"
    assert csv_cell(-3) == "-3" and csv_cell(2.5) == "2.5" and csv_cell(None) == ""
    assert csv_cell(float("nan")) == "" and csv_cell(pd.NA) == ""
    assert neutralise("") == ""


def test_text_that_cannot_be_written_is_repaired_not_dropped():
    """NUL goes, a lone surrogate becomes U+FFFD, everything else stays."""
    assert clean_text("a\x00b\ud800c") == "ab\ufffdc"
    assert clean_text("tab\tline\nend") == "tab\tline\nend"


def test_xlsx_text_is_cut_only_beyond_excels_limit():
    """Up to 32,767 UTF-16 units a text is unchanged; beyond, it is cut and marked."""
    fits = "x" * EXCEL_CELL_LIMIT
    assert xlsx_text(fits) == fits
    long = "💙" * EXCEL_CELL_LIMIT  # two UTF-16 units each
    cut = xlsx_text(long)
    assert cut.endswith(CUT_MARK)
    assert len(cut.encode("utf-16-le")) // 2 <= EXCEL_CELL_LIMIT
    assert cut[: -len(CUT_MARK)] == "💙" * ((EXCEL_CELL_LIMIT - len(CUT_MARK)) // 2)


def test_sheet_names_are_valid_for_any_title(sqlite_store, tmp_path):
    """Forbidden characters, long and repeated titles, emoji: unique names of at most 31?"""
    titles = [
        "a/b:c*?[x]\\y",
        "'quoted'",
        "Een heel lange titel van een oefening die nooit past",
        "Een heel lange titel van een oefening die nooit past",
        "💙" * 40,
        "\x1b[31mred",
    ]
    workshop_with(sqlite_store, titles)
    workshop = sqlite_store.workshops()[0]
    out = export_workshop(sqlite_store, workshop.id, "xlsx", tmp_path / "n.xlsx")
    names = openpyxl.load_workbook(out).sheetnames
    assert len(names) == len(titles) + 2
    assert len({n.casefold() for n in names}) == len(names)
    for name in names:
        assert len(name.encode("utf-16-le")) // 2 <= 31, name
        assert not re.search(r"[\[\]:*?/\\\x00-\x1f]", name), name
        assert not name.startswith("'") and not name.endswith("'"), name
