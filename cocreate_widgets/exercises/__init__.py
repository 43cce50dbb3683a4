"""Exercises: the question sets in ``data/exercises/<id>.yaml``, checked and loaded.

The model (and ``Exercise.from_dict``) imports no YAML; the loader functions are imported on
first use, so a participant kernel that only reads JSON snapshots never loads PyYAML.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from .errors import ExerciseFileError, Problem
from .model import (
    FIELD_TYPES,
    OPTION_TYPES,
    QUESTION_TYPES,
    SETTINGS,
    TEXT_TYPES,
    Exercise,
    Option,
    Question,
    RecordKind,
)

if TYPE_CHECKING:
    from .loader import (
        exercise_paths,
        list_exercises,
        load_exercise,
        load_exercise_by_id,
        usable_exercises,
    )
    from .schema import parse_exercise

_LAZY = {
    "exercise_paths": ".loader",
    "list_exercises": ".loader",
    "load_exercise": ".loader",
    "load_exercise_by_id": ".loader",
    "parse_exercise": ".schema",
    "usable_exercises": ".loader",
}


def __getattr__(name: str) -> Any:
    """Import the YAML-based loader functions on first use."""
    if name in _LAZY:
        return getattr(import_module(_LAZY[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "FIELD_TYPES",
    "OPTION_TYPES",
    "QUESTION_TYPES",
    "SETTINGS",
    "TEXT_TYPES",
    "Exercise",
    "ExerciseFileError",
    "Option",
    "Problem",
    "Question",
    "RecordKind",
    "exercise_paths",
    "list_exercises",
    "load_exercise",
    "load_exercise_by_id",
    "usable_exercises",
    "parse_exercise",
]
