"""``cocreate check [PATH]``: are the question sets, workbooks and catalogues usable?

One list of problems, each naming file, line and field:

- every question set against the schema (:mod:`..exercises.schema` does the checking; its
  field paths are written the way a trainer counts: ``questions[2].type`` is ``question 3``);
- an exercise id used twice (a trainer's folder beside the project's);
- each workbook's ``Workbook("…")`` calls name an existing exercise (found with ``ast``);
- every catalogue key exists in Dutch and English (exercise texts: the schema requires both);
- with ``outputs``: the committed outputs still match (nbval, see :mod:`.notebook_tests`).
"""

from __future__ import annotations

import ast
import difflib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..exercises.errors import ExerciseFileError
from ..exercises.loader import load_exercise
from ..i18n import LANGUAGES, catalogue_dir, missing_keys
from .locations import own_exercise_dir, project_exercise_dir, shown, workbooks_dir

_PART = re.compile(r"([a-z_]+)\[(\d+)\]")
_COUNTED = {
    "questions": "question",
    "options": "option",
    "fields": "field",
    "records": "record kind",
    "languages": "language",
}


@dataclass(frozen=True)
class Finding:
    """One problem: where (file, line, field) and what."""

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


def readable_field(path: str, message: str) -> str:
    """``questions[2].options[0].label`` -> ``question 3, option 1, label``.

    A last part the message starts with is left out: ``question 3: type 'x' is unknown``.
    """
    if path == "(file)":
        return ""
    parts = []
    for part in path.split("."):
        match = _PART.fullmatch(part)
        if match and match.group(1) in _COUNTED:
            parts.append(f"{_COUNTED[match.group(1)]} {int(match.group(2)) + 1}")
        else:
            parts.append(part)
    if len(parts) > 1 and message.startswith(parts[-1] + " "):
        parts.pop()
    return ", ".join(parts)


def exercise_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.yaml") if not p.name.startswith(("_", ".")))


def check_exercise_file(path: Path) -> list[Finding]:
    """The schema's problems of one question set, in a trainer's words."""
    try:
        load_exercise(path)
    except ExerciseFileError as error:
        return [
            Finding(shown(path), p.line, readable_field(p.field, p.message), p.message)
            for p in error.problems
        ]
    return []


def known_exercises(extra_dirs: Iterable[Path] = ()) -> dict[str, Path]:
    """Exercise id -> file, the project's data dir first, then a trainer's folders."""
    known: dict[str, Path] = {}
    for folder in (project_exercise_dir(), *extra_dirs):
        for path in exercise_files(folder):
            known.setdefault(path.stem, path)
    return known


def duplicate_ids(own_dir: Path) -> list[Finding]:
    """A trainer's exercise with the id of one of the project's: which one would load?"""
    project = {p.stem: p for p in exercise_files(project_exercise_dir())}
    return [
        Finding(
            shown(path),
            1,
            "id",
            f"exercise id '{path.stem}' is used twice: also {shown(project[path.stem])}; "
            "rename one (file name and id)",
        )
        for path in exercise_files(own_dir)
        if path.stem in project
    ]


def _python_lines(source: str) -> str:
    """A cell's code with IPython magics and shell lines blanked (line numbers kept)."""
    return "\n".join(
        "" if line.lstrip().startswith(("%", "!", "?")) else line for line in source.splitlines()
    )


def workbook_ids(tree: ast.AST) -> list[tuple[int, str]]:
    """``(line, exercise id)`` of each ``Workbook("id")`` call in a parsed cell."""
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        first = node.args[0]
        if name == "Workbook" and isinstance(first, ast.Constant) and isinstance(first.value, str):
            found.append((node.lineno, first.value))
    return found


def check_notebook(path: Path, known: dict[str, Path]) -> list[Finding]:
    """Each ``Workbook("…")`` of the notebook names a known exercise; cells are Python."""
    where = shown(path)
    try:
        notebook = json.loads(path.read_text(encoding="utf-8"))
        cells = notebook["cells"]
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as error:
        return [Finding(where, 0, "", f"is not a readable notebook: {error}")]
    findings = []
    for number, cell in enumerate(cells, start=1):
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else str(source)
        try:
            tree = ast.parse(_python_lines(source))
        except SyntaxError as error:
            findings.append(
                Finding(where, 0, f"cell {number}", f"line {error.lineno}: {error.msg}")
            )
            continue
        for line, exercise_id in workbook_ids(tree):
            if exercise_id in known:
                continue
            close = difflib.get_close_matches(exercise_id, list(known), n=3)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            findings.append(
                Finding(
                    where,
                    0,
                    f"cell {number}, line {line}",
                    f"Workbook({exercise_id!r}): there is no exercise '{exercise_id}'{hint}",
                )
            )
    return findings


def check_catalogues() -> list[Finding]:
    """Every catalogue key in every base language (Dutch and English)."""
    folder = catalogue_dir()
    findings = []
    for lang in LANGUAGES:
        for key in missing_keys(lang):
            findings.append(
                Finding(
                    shown(folder / f"{lang}.json"),
                    0,
                    f"key '{key}'",
                    f"missing in {lang}.json (the other language has it)",
                )
            )
    return findings


@dataclass
class CheckReport:
    """What ``check`` looked at and what it found."""

    exercises: int = 0
    notebooks: int = 0
    findings: list[Finding] | None = None

    def __post_init__(self) -> None:
        self.findings = list(self.findings or [])


def _targets(path: Path | None) -> tuple[list[Path], list[Path], list[Path]]:
    """(question sets, notebooks, a trainer's exercise folders) to check under ``path``."""
    project = project_exercise_dir().resolve()
    if path is None:
        return exercise_files(project_exercise_dir()), _notebooks(workbooks_dir()), []
    if path.is_file():
        if path.suffix == ".ipynb":
            own = own_exercise_dir(path.parent)
            return [], [path], [own] if own else []
        return [path], [], [] if path.parent.resolve() == project else [path.parent]
    if path.resolve() == project:
        return exercise_files(path), [], []
    own = own_exercise_dir(path)
    if own is None and exercise_files(path):
        own = path  # a folder of question sets
    question_sets = exercise_files(own) if own else []
    return question_sets, _notebooks(path), [own] if own else []


def _notebooks(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def run_check(path: Path | None = None, *, outputs: bool = False) -> CheckReport:
    """Check everything under ``path`` (default: the project's exercises and workbooks)."""
    question_sets, notebooks, own_dirs = _targets(path)
    report = CheckReport(exercises=len(question_sets), notebooks=len(notebooks))
    for exercise_file in question_sets:
        report.findings.extend(check_exercise_file(exercise_file))
    for own in own_dirs:
        report.findings.extend(duplicate_ids(own))
    known = known_exercises(own_dirs)
    for notebook in notebooks:
        report.findings.extend(check_notebook(notebook, known))
    report.findings.extend(check_catalogues())
    if outputs and notebooks:
        from .notebook_tests import run_nbval

        target = path if path is not None else workbooks_dir()
        if run_nbval(target) != 0:
            report.findings.append(
                Finding(shown(target), 0, "", "committed outputs differ (nbval's report above)")
            )
    return report


def print_report(report: CheckReport) -> int:
    """Print the findings (or that all is well); the exit code: 1 when anything was found."""
    checked = f"{report.exercises} question set(s), {report.notebooks} workbook(s), catalogues"
    if not report.findings:
        print(f"All fine: {checked}.")
        return 0
    print(f"{len(report.findings)} problem(s) in {checked}:")
    for finding in report.findings:
        print(f"  {finding}")
    return 1
