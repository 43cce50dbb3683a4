"""Find and load exercise files (``<data dir>/exercises/<id>.yaml``)."""

from __future__ import annotations

from pathlib import Path

from ..paths import exercises_dir
from .errors import ExerciseFileError, Problem
from .model import Exercise
from .schema import parse_exercise


def load_exercise(path: Path | str) -> Exercise:
    """Load and check one exercise file; raise :class:`ExerciseFileError` listing all problems."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ExerciseFileError(
            [Problem(path.name, 1, "(file)", f"cannot be read: {exc.strerror or exc}")]
        ) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ExerciseFileError(
            [Problem(path.name, line, "(file)", "is not UTF-8 text; save it as UTF-8")]
        ) from None
    return parse_exercise(text, path.name)


def exercise_paths(data_dir: Path | str | None = None) -> list[Path]:
    """Return the exercise files, sorted; files starting with ``_`` or ``.`` are skipped."""
    folder = exercises_dir(data_dir)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.yaml") if not p.name.startswith(("_", ".")))


def load_exercise_by_id(exercise_id: str, data_dir: Path | str | None = None) -> Exercise:
    """Load ``<data dir>/exercises/<exercise_id>.yaml``; ``KeyError`` if there is no such file."""
    if not exercise_id or "/" in exercise_id or "\\" in exercise_id or exercise_id[0] in "._":
        raise KeyError(exercise_id)
    path = exercises_dir(data_dir) / f"{exercise_id}.yaml"
    if not path.is_file():
        raise KeyError(exercise_id)
    return load_exercise(path)


def list_exercises(data_dir: Path | str | None = None) -> list[Exercise]:
    """Load every exercise, sorted by id; one :class:`ExerciseFileError` lists all problems."""
    exercises: list[Exercise] = []
    problems: list[Problem] = []
    for path in exercise_paths(data_dir):
        try:
            exercises.append(load_exercise(path))
        except ExerciseFileError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ExerciseFileError(problems)
    return sorted(exercises, key=lambda e: e.id)


def usable_exercises(data_dir: Path | str | None = None) -> tuple[list[Exercise], list[str]]:
    """Every exercise that loads, sorted by id, and the problems of those that do not.

    For screens: one broken file (a trainer's work in progress) must not hide the others.
    """
    try:
        return list_exercises(data_dir), []
    except ExerciseFileError as error:
        broken = {p.file for p in error.problems}
        good = []
        for path in exercise_paths(data_dir):
            if path.name not in broken:
                good.append(load_exercise(path))
        return sorted(good, key=lambda e: e.id), [str(p) for p in error.problems]
