"""Check the text of one exercise file and build an :class:`Exercise` from it.

The file is composed (not just loaded) with PyYAML so that every value keeps the line it came
from; every problem is collected, so a trainer sees all of them at once. The format is
documented in ``docs/exercise-format.md``.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from typing import Any

import yaml

from .errors import ExerciseFileError, Problem
from .model import (
    FIELD_TYPES,
    MAX_TEXT_LENGTH,
    OPTION_TYPES,
    QUESTION_TYPES,
    RECORD_FIELD_TYPES,
    SCHEMA_VERSION,
    SETTINGS,
    Exercise,
    Option,
    Question,
    RecordKind,
)

Path_ = tuple[str | int, ...]

ID_RE = re.compile(r"^[a-z0-9][a-z0-9_]{0,63}$")
LANG_RE = re.compile(r"^[a-z]{2,3}$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

REQUIRED_LANGUAGES: tuple[str, ...] = ("nl", "en")
EXERCISE_KEYS: tuple[str, ...] = (
    "id",
    "schema",
    "group",
    "title",
    "intro",
    "source",
    "languages",
    "questions",
    "records",
)
RECORD_KEYS: tuple[str, ...] = ("id", "label", "fields")
QUESTION_BASE_KEYS: tuple[str, ...] = ("id", "type", "label", "help", "required")
OPTION_KEYS: tuple[str, ...] = ("id", "label")
ALL_QUESTION_KEYS: tuple[str, ...] = tuple(
    sorted({*QUESTION_BASE_KEYS, "options", *(k for s in SETTINGS.values() for k in s)})
)
MIN_OPTIONS = 2
MAX_OPTIONS = 50
MAX_ITEMS = 100
MAX_VALUES = 200_000


def format_path(path: Path_) -> str:
    """Format a field path as ``questions[2].label.nl`` (``(file)`` for the whole file)."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out or "(file)"


def _kind(value: Any) -> str:
    """Describe the kind of a YAML value for a message."""
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, dt.date):
        return "a date"
    return type(value).__name__


def _quote(value: Any) -> str:
    """Show a value short and safely in a message."""
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


class _TooBig(Exception):
    """The file expands to more than ``MAX_VALUES`` values."""


class _Composer:
    """Turn a composed YAML node tree into plain values, remembering each value's line."""

    def __init__(self, checker: _Checker, loader: yaml.SafeLoader) -> None:
        self.checker = checker
        self.loader = loader
        self.active: set[int] = set()  # collections being converted: catches `&a [*a]`
        self.budget = MAX_VALUES  # aliases can multiply a small file ("billion laughs")

    def convert(self, node: yaml.Node, path: Path_) -> Any:
        self.checker.lines.setdefault(path, node.start_mark.line + 1)
        self.budget -= 1
        if self.budget < 0:
            raise _TooBig
        if isinstance(node, yaml.CollectionNode):
            if id(node) in self.active:
                self.checker.add(path, "an alias refers to itself")
                return None
            self.active.add(id(node))
            try:
                return self.collection(node, path)
            finally:
                self.active.discard(id(node))
        return self.scalar(node, path)

    def collection(self, node: yaml.CollectionNode, path: Path_) -> Any:
        """Build a mapping or a list."""
        if isinstance(node, yaml.MappingNode):
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                line = key_node.start_mark.line + 1
                if not isinstance(key_node, yaml.ScalarNode):
                    self.checker.add_at(line, path, "a key must be a plain word")
                    continue
                key = self.scalar(key_node, path)
                if not isinstance(key, str):
                    self.checker.add_at(line, path, f"key {_quote(key)} must be a word")
                    continue
                if key in result:
                    self.checker.add_at(line, (*path, key), "this key appears twice")
                    continue
                self.checker.lines[(*path, key)] = line
                result[key] = self.convert(value_node, (*path, key))
            return result
        return [self.convert(item, (*path, i)) for i, item in enumerate(node.value)]

    def scalar(self, node: yaml.Node, path: Path_) -> Any:
        """Build a scalar; a value YAML cannot build (such as 2024-13-01) stays text."""
        try:
            return self.loader.construct_object(node)
        except yaml.constructor.ConstructorError as exc:
            self.checker.add_at(node.start_mark.line + 1, path, f"cannot be read: {exc.problem}")
            return None
        except (ValueError, TypeError, OverflowError):
            return node.value


class _Checker:
    """Collects problems of one file."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.lines: dict[Path_, int] = {}
        self.problems: list[Problem] = []
        self.languages: tuple[str, ...] = REQUIRED_LANGUAGES

    def line_of(self, path: Path_) -> int:
        """The line of a field, or of its nearest parent that has one."""
        while path not in self.lines and path:
            path = path[:-1]
        return self.lines.get(path, 1)

    def add(self, path: Path_, message: str) -> None:
        """Record a problem at the line of ``path``."""
        self.add_at(self.line_of(path), path, message)

    def add_at(self, line: int, path: Path_, message: str) -> None:
        """Record a problem at an explicit line."""
        self.problems.append(Problem(self.filename, line, format_path(path), message))

    # --- small value checks -------------------------------------------------------------

    def keys(self, d: dict[str, Any], path: Path_, allowed: tuple[str, ...], hint: str) -> None:
        """Report keys of ``d`` that are not in ``allowed``."""
        for key in d:
            if key in allowed:
                continue
            close = difflib.get_close_matches(key, allowed, n=1)
            if hint and key in ALL_QUESTION_KEYS:
                self.add((*path, key), f"'{key}' is not used by {hint}")
            elif close:
                self.add((*path, key), f"unknown key '{key}'; did you mean '{close[0]}'?")
            else:
                self.add((*path, key), f"unknown key '{key}'; known keys are {', '.join(allowed)}")

    def ident(self, value: Any, path: Path_, what: str) -> str | None:
        """Check an id: lower-case letters, digits and underscores."""
        if isinstance(value, bool):
            self.add(path, f"{what} must be a word; write yes/no/on/off/true/false in quotes")
            return None
        if not isinstance(value, str | int):
            self.add(path, f"{what} must be a word, not {_kind(value)}")
            return None
        text = str(value)
        if not ID_RE.match(text):
            self.add(
                path,
                f"{what} {_quote(text)} may only use lower-case letters a-z, digits and _ "
                "(at most 64, starting with a letter or digit)",
            )
            return None
        return text

    def unique_ident(self, d: dict[str, Any], path: Path_, what: str, seen: set[str]) -> str | None:
        """Check the ``id`` of ``d`` (if present) and that no earlier sibling used it."""
        if "id" not in d:
            return None
        ident = self.ident(d["id"], (*path, "id"), what)
        if ident is not None:
            if ident in seen:
                self.add((*path, "id"), f"{what} '{ident}' is used twice")
            seen.add(ident)
        return ident

    def local_text(self, value: Any, path: Path_, *, required: bool = True) -> dict[str, str]:
        """Check a text in every language of the exercise."""
        if value is None and not required:
            return {}
        if not isinstance(value, dict):
            langs = " and ".join(self.languages)
            self.add(path, f"must be a text per language ({langs}), not {_kind(value)}")
            return {}
        result: dict[str, str] = {}
        for lang in self.languages:
            if lang not in value:
                self.add(path, f"the '{lang}' text is missing")
        for lang, text in value.items():
            if lang not in self.languages:
                listed = ", ".join(self.languages)
                self.add(
                    (*path, lang),
                    f"language '{lang}' is not in the exercise's languages ({listed})",
                )
            elif isinstance(text, bool):
                self.add((*path, lang), "must be text; write yes/no/on/off/true/false in quotes")
            elif not isinstance(text, str):
                self.add((*path, lang), f"must be text, not {_kind(text)}")
            elif not text.strip():
                self.add((*path, lang), "must not be empty")
            else:
                result[lang] = text.strip()
        return result

    def integer(self, value: Any, path: Path_, low: int, high: int) -> int | None:
        """Check a whole number between ``low`` and ``high``."""
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(path, f"must be a whole number, not {_kind(value)} ({_quote(value)})")
            return None
        if not low <= value <= high:
            self.add(path, f"{value} is out of range; use {low} to {high}")
            return None
        return value

    def date(self, value: Any, path: Path_) -> str | None:
        """Check a date written as YYYY-MM-DD."""
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, str) and DATE_RE.match(value):
            try:
                return dt.date.fromisoformat(value).isoformat()
            except ValueError:
                pass
        self.add(path, f"{_quote(value)} is not a date; write it as YYYY-MM-DD")
        return None


def _check_options(c: _Checker, q: dict[str, Any], path: Path_, qtype: str) -> tuple[Option, ...]:
    raw = q.get("options")
    if qtype not in OPTION_TYPES:
        return ()  # an 'options' key is reported as not used by this type
    opath = (*path, "options")
    if raw is None:
        c.add(path, f"type '{qtype}' needs 'options' (at least {MIN_OPTIONS})")
        return ()
    if not isinstance(raw, list):
        c.add(opath, f"must be a list of options, not {_kind(raw)}")
        return ()
    if not MIN_OPTIONS <= len(raw) <= MAX_OPTIONS:
        c.add(opath, f"has {len(raw)} options; use {MIN_OPTIONS} to {MAX_OPTIONS}")
    options: list[Option] = []
    seen: set[str] = set()
    for i, item in enumerate(raw):
        ipath = (*opath, i)
        if not isinstance(item, dict):
            c.add(ipath, f"an option must be a mapping with id and label, not {_kind(item)}")
            continue
        c.keys(item, ipath, OPTION_KEYS, "")
        if "id" not in item:
            c.add(ipath, "the option has no 'id'")
        if "label" not in item:
            c.add(ipath, "the option has no 'label'")
        oid = c.ident(item["id"], (*ipath, "id"), "option id") if "id" in item else None
        label = c.local_text(item.get("label"), (*ipath, "label")) if "label" in item else {}
        if oid is not None and oid in seen:
            c.add((*ipath, "id"), f"option id '{oid}' is used twice")
        elif oid is not None:
            seen.add(oid)
            options.append(Option(id=oid, label=label))
    return tuple(options)


def _check_settings(
    c: _Checker, q: dict[str, Any], path: Path_, qtype: str, n_options: int
) -> dict[str, Any]:
    s: dict[str, Any] = {}

    def num(key: str, low: int, high: int) -> int | None:
        if key not in q:
            return None
        return c.integer(q[key], (*path, key), low, high)

    if qtype in ("short_text", "long_text"):
        s["max_length"] = num("max_length", 1, MAX_TEXT_LENGTH) or MAX_TEXT_LENGTH
    elif qtype == "multiple_choice":
        n = max(n_options, 1)
        low = num("min_selected", 0, n)
        high = num("max_selected", 1, n)
        s["min_selected"] = low if low is not None else 0
        s["max_selected"] = high if high is not None else n_options
        if low is not None and high is not None and low > high:
            c.add((*path, "min_selected"), f"min_selected ({low}) is above max_selected ({high})")
    elif qtype == "scale":
        low = num("min", -1000, 1000)
        high = num("max", -1000, 1000)
        s["min"] = low if low is not None else 0
        s["max"] = high if high is not None else 10
        if s["min"] >= s["max"] and (low is not None or high is not None):
            c.add((*path, "min"), f"min ({s['min']}) must be below max ({s['max']})")
        for key in ("min_label", "max_label"):
            if key in q:
                s[key] = c.local_text(q[key], (*path, key))
    elif qtype == "allocation":
        total = num("total", 1, 1_000_000)
        s["total"] = total if total is not None else 100
    elif qtype == "dot_voting":
        dots = num("dots", 1, 100)
        s["dots"] = dots if dots is not None else 3
        per = num("max_per_option", 1, s["dots"])
        s["max_per_option"] = per if per is not None else s["dots"]
    elif qtype == "date":
        for key in ("min_date", "max_date"):
            if key in q:
                value = c.date(q[key], (*path, key))
                if value is not None:
                    s[key] = value
        if "min_date" in s and "max_date" in s and s["min_date"] > s["max_date"]:
            c.add((*path, "min_date"), "min_date is after max_date")
    elif qtype == "repeating_list":
        s["fields"] = _check_fields(c, q, path)
        low = num("min_items", 0, MAX_ITEMS)
        high = num("max_items", 1, MAX_ITEMS)
        s["min_items"] = low if low is not None else 0
        s["max_items"] = high if high is not None else 20
        if s["min_items"] > s["max_items"]:
            c.add(
                (*path, "min_items"),
                f"min_items ({s['min_items']}) is above max_items ({s['max_items']})",
            )
        if "item_label" in q:
            s["item_label"] = c.local_text(q["item_label"], (*path, "item_label"))
    return s


def _check_fields(c: _Checker, q: dict[str, Any], path: Path_) -> tuple[Question, ...]:
    fpath = (*path, "fields")
    raw = q.get("fields")
    if raw is None:
        c.add(path, "type 'repeating_list' needs 'fields' (a list of questions)")
        return ()
    if not isinstance(raw, list) or not raw:
        c.add(fpath, f"must be a list of at least one field, not {_kind(raw)}")
        return ()
    return _check_questions(c, raw, fpath, FIELD_TYPES)


def _check_question(
    c: _Checker, q: Any, path: Path_, types: tuple[str, ...], seen: set[str]
) -> Question | None:
    if not isinstance(q, dict):
        c.add(path, f"a question must be a mapping with id, type and label, not {_kind(q)}")
        return None
    for key in ("id", "type", "label"):
        if key not in q:
            c.add(path, f"the question has no '{key}'")
    qid = c.unique_ident(q, path, "question id", seen)
    qtype = q.get("type")
    known = isinstance(qtype, str) and qtype in types
    if "type" in q and not known:
        what = "field type" if types == FIELD_TYPES else "type"
        c.add(
            (*path, "type"),
            f"{what} {_quote(qtype)} is unknown; known types are {', '.join(types)}",
        )
    if known:
        allowed = (*QUESTION_BASE_KEYS, *SETTINGS[qtype])
        if qtype in OPTION_TYPES:
            allowed = (*allowed, "options")
        c.keys(q, path, allowed, f"type '{qtype}'")
    else:
        c.keys(q, path, ALL_QUESTION_KEYS, "")
    label = c.local_text(q.get("label"), (*path, "label")) if "label" in q else {}
    help_ = c.local_text(q.get("help"), (*path, "help"), required=False)
    required = q.get("required", False)
    if not isinstance(required, bool):
        c.add((*path, "required"), f"must be true or false, not {_kind(required)}")
        required = False
    if not known:
        return None
    options = _check_options(c, q, path, qtype)
    settings = _check_settings(c, q, path, qtype, len(options))
    if qid is None:
        return None
    return Question(
        id=qid,
        type=qtype,
        label=label,
        help=help_,
        required=required,
        options=options,
        settings=settings,
    )


def _check_questions(
    c: _Checker, raw: list[Any], path: Path_, types: tuple[str, ...]
) -> tuple[Question, ...]:
    seen: set[str] = set()
    questions = []
    for i, q in enumerate(raw):
        built = _check_question(c, q, (*path, i), types, seen)
        if built is not None:
            questions.append(built)
    return tuple(questions)


def _check_records(c: _Checker, raw: Any) -> tuple[RecordKind, ...]:
    """The ``records:`` section: kinds of records with their fields."""
    path: Path_ = ("records",)
    if not isinstance(raw, list):
        c.add(path, f"must be a list of record kinds (id, label, fields), not {_kind(raw)}")
        return ()
    kinds = []
    seen: set[str] = set()
    for i, item in enumerate(raw):
        ipath = (*path, i)
        if not isinstance(item, dict):
            c.add(
                ipath,
                f"a record kind must be a mapping with id, label and fields, not {_kind(item)}",
            )
            continue
        c.keys(item, ipath, RECORD_KEYS, "")
        for key in RECORD_KEYS:
            if key not in item:
                c.add(ipath, f"the record kind has no '{key}'")
        kid = c.unique_ident(item, ipath, "record kind id", seen)
        label = c.local_text(item.get("label"), (*ipath, "label")) if "label" in item else {}
        raw_fields = item.get("fields")
        fields: tuple[Question, ...] = ()
        if "fields" in item:
            if not isinstance(raw_fields, list) or not raw_fields:
                c.add(
                    (*ipath, "fields"),
                    f"must be a list of at least one field, not {_kind(raw_fields)}",
                )
            else:
                fields = _check_questions(c, raw_fields, (*ipath, "fields"), RECORD_FIELD_TYPES)
        if kid is not None:
            kinds.append(RecordKind(id=kid, label=label, fields=fields))
    return tuple(kinds)


def _check_languages(c: _Checker, doc: dict[str, Any]) -> None:
    if "languages" not in doc:
        return
    raw = doc["languages"]
    path: Path_ = ("languages",)
    if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
        c.add(path, f"must be a list of language codes such as [nl, en], not {_kind(raw)}")
        return
    for i, lang in enumerate(raw):
        if not LANG_RE.match(lang):
            c.add((*path, i), f"{_quote(lang)} is not a language code such as 'nl'")
    if len(set(raw)) != len(raw):
        c.add(path, "a language is listed twice")
    for lang in REQUIRED_LANGUAGES:
        if lang not in raw:
            c.add(path, f"'{lang}' must be one of the languages")
    c.languages = tuple(dict.fromkeys([*REQUIRED_LANGUAGES, *raw]))


def _check_exercise(c: _Checker, doc: Any, stem: str) -> Exercise | None:
    if doc is None:
        c.add((), "the file is empty")
        return None
    if not isinstance(doc, dict):
        c.add((), f"the file must be a mapping with id, title and questions, not {_kind(doc)}")
        return None
    c.keys(doc, (), EXERCISE_KEYS, "")
    for key in ("id", "title", "questions"):
        if key not in doc:
            c.add((), f"'{key}' is missing")
    _check_languages(c, doc)
    eid = c.ident(doc["id"], ("id",), "id") if "id" in doc else None
    if eid is not None and eid != stem:
        c.add(("id",), f"id '{eid}' must equal the file name '{stem}'")
    schema = doc.get("schema", SCHEMA_VERSION)
    if schema != SCHEMA_VERSION or isinstance(schema, bool):
        c.add(("schema",), f"schema {_quote(schema)} is not supported; use {SCHEMA_VERSION}")
    group = doc.get("group", "")
    if group and (not isinstance(group, str) or not ID_RE.match(group)):
        c.add(("group",), f"{_quote(group)} is not a group name (lower-case letters, digits, _)")
        group = ""
    title = c.local_text(doc.get("title"), ("title",)) if "title" in doc else {}
    intro = c.local_text(doc.get("intro"), ("intro",), required=False)
    source = c.local_text(doc.get("source"), ("source",), required=False)
    raw_questions = doc.get("questions")
    questions: tuple[Question, ...] = ()
    if "questions" in doc:
        if not isinstance(raw_questions, list) or not raw_questions:
            c.add(
                ("questions",),
                f"must be a list of at least one question, not {_kind(raw_questions)}",
            )
        else:
            questions = _check_questions(c, raw_questions, ("questions",), QUESTION_TYPES)
    records = _check_records(c, doc["records"]) if "records" in doc else ()
    if c.problems or eid is None:
        return None
    return Exercise(
        id=eid,
        schema=SCHEMA_VERSION,
        group=group or "",
        title=title,
        intro=intro,
        source=source,
        questions=questions,
        languages=c.languages,
        records=records,
    )


def parse_exercise(text: str, filename: str) -> Exercise:
    """Check the YAML ``text`` of the file ``filename`` and return its exercise.

    Raises :class:`ExerciseFileError` listing every problem (file, line, field, what).
    """
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    stem = name.rsplit(".", 1)[0] if "." in name else name
    c = _Checker(name)
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        doc = _Composer(c, loader).convert(node, ()) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        what = " ".join(p for p in (exc.context, exc.problem) if p)
        c.add_at(line, (), f"YAML syntax error: {what}")
        raise ExerciseFileError(c.problems) from None
    except _TooBig:
        c.add_at(1, (), f"the file holds more than {MAX_VALUES} values (too many aliases?)")
        raise ExerciseFileError(c.problems) from None
    except yaml.YAMLError as exc:
        c.add_at(1, (), f"YAML error: {exc}")
        raise ExerciseFileError(c.problems) from None
    finally:
        loader.dispose()
    exercise = _check_exercise(c, doc, stem)
    if exercise is None:
        c.problems.sort(key=lambda p: p.line)
        raise ExerciseFileError(c.problems)
    return exercise
