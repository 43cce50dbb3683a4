"""The exercise data model: plain frozen dataclasses, JSON snapshots, no YAML.

A participant kernel rebuilds an :class:`Exercise` from the JSON snapshot stored with every
run (``Exercise.from_dict``), so this module imports nothing beyond the standard library.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..localtext import LocalText

SCHEMA_VERSION = 1

TEXT_TYPES: tuple[str, ...] = ("short_text", "long_text")
OPTION_TYPES: tuple[str, ...] = (
    "single_choice",
    "multiple_choice",
    "ranking",
    "allocation",
    "dot_voting",
)
# The fields of one item of a ``repeating_list``.
FIELD_TYPES: tuple[str, ...] = ("short_text", "long_text", "date", "single_choice", "scale")
# The fields of a record the group keeps together (a goal, an action, a risk, ...).
RECORD_FIELD_TYPES: tuple[str, ...] = (
    "short_text",
    "long_text",
    "date",
    "single_choice",
    "scale",
    "yes_no",
)
QUESTION_TYPES: tuple[str, ...] = tuple(
    sorted(
        (
            *TEXT_TYPES,
            *OPTION_TYPES,
            "agreement",
            "scale",
            "yes_no",
            "date",
            "repeating_list",
        )
    )
)

MAX_TEXT_LENGTH = 10000

# Type-specific settings and their defaults (``None``: optional, no default).
SETTINGS: dict[str, dict[str, Any]] = {
    "short_text": {"max_length": MAX_TEXT_LENGTH},
    "long_text": {"max_length": MAX_TEXT_LENGTH},
    "single_choice": {},
    "multiple_choice": {"min_selected": None, "max_selected": None},
    "agreement": {},
    "scale": {"min": 0, "max": 10, "min_label": None, "max_label": None},
    "ranking": {},
    "allocation": {"total": 100},
    "dot_voting": {"dots": 3, "max_per_option": None},
    "yes_no": {},
    "date": {"min_date": None, "max_date": None},
    "repeating_list": {"fields": None, "min_items": 0, "max_items": 20, "item_label": None},
}


@dataclass(frozen=True)
class Option:
    """One answer option of a choice, ranking, allocation or dot-voting question."""

    id: str
    label: LocalText = field(hash=False)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-safe dict."""
        return {"id": self.id, "label": dict(self.label)}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Option:
        """Rebuild an option from :meth:`to_dict` output."""
        return cls(id=d["id"], label=dict(d["label"]))


@dataclass(frozen=True)
class Question:
    """One question: its type, texts, options and type-specific settings.

    ``settings`` holds only the keys of the question's type (see ``SETTINGS``); for a
    ``repeating_list`` its ``fields`` entry is a tuple of :class:`Question`.
    """

    id: str
    type: str
    label: LocalText = field(hash=False)
    help: LocalText = field(default_factory=dict, hash=False)
    required: bool = False
    options: tuple[Option, ...] = ()
    settings: dict[str, Any] = field(default_factory=dict, hash=False)

    def setting(self, key: str) -> Any:
        """Return a setting, or its default for this question type (``None`` if none)."""
        if key in self.settings:
            return self.settings[key]
        return SETTINGS.get(self.type, {}).get(key)

    @property
    def option_ids(self) -> tuple[str, ...]:
        """The option ids, in the order of the file."""
        return tuple(option.id for option in self.options)

    @property
    def fields(self) -> tuple[Question, ...]:
        """The item fields of a ``repeating_list`` (empty for other types)."""
        return tuple(self.settings.get("fields") or ())

    def option(self, option_id: str) -> Option:
        """Return the option with this id; raise ``KeyError`` if there is none."""
        for option in self.options:
            if option.id == option_id:
                return option
        raise KeyError(option_id)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-safe dict in the shape of the YAML file (settings at top level)."""
        d: dict[str, Any] = {
            "id": self.id,
            "type": self.type,
            "label": dict(self.label),
            "required": self.required,
        }
        if self.help:  # an empty help text is left out, as in a file (the schema refuses {})
            d["help"] = dict(self.help)
        if self.options:
            d["options"] = [option.to_dict() for option in self.options]
        for key, value in self.settings.items():
            if key == "fields":
                d[key] = [f.to_dict() for f in value]
            elif isinstance(value, dict):
                d[key] = dict(value)
            else:
                d[key] = value
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Question:
        """Rebuild a question from :meth:`to_dict` output."""
        base = {"id", "type", "label", "help", "required", "options"}
        settings: dict[str, Any] = {}
        for key, value in d.items():
            if key in base:
                continue
            if key == "fields":
                settings[key] = tuple(cls.from_dict(f) for f in value)
            elif isinstance(value, dict):
                settings[key] = dict(value)
            else:
                settings[key] = value
        return cls(
            id=d["id"],
            type=d["type"],
            label=dict(d["label"]),
            help=dict(d.get("help") or {}),
            required=bool(d.get("required", False)),
            options=tuple(Option.from_dict(o) for o in d.get("options") or ()),
            settings=settings,
        )


@dataclass(frozen=True)
class RecordKind:
    """A kind of record the group keeps and edits together, with its fields.

    Declared in the exercise file under ``records:``; e.g. a goal with what, measure,
    target, by when and owner. The fields are questions (of ``RECORD_FIELD_TYPES``).
    """

    id: str
    label: LocalText = field(hash=False)
    fields: tuple[Question, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-safe dict."""
        return {
            "id": self.id,
            "label": dict(self.label),
            "fields": [f.to_dict() for f in self.fields],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> RecordKind:
        """Rebuild a record kind from :meth:`to_dict` output."""
        return cls(
            id=d["id"],
            label=dict(d["label"]),
            fields=tuple(Question.from_dict(f) for f in d.get("fields") or ()),
        )


@dataclass(frozen=True)
class Exercise:
    """An exercise: its texts and its ordered questions."""

    id: str
    schema: int = SCHEMA_VERSION
    group: str = ""
    title: LocalText = field(default_factory=dict, hash=False)
    intro: LocalText = field(default_factory=dict, hash=False)
    source: LocalText = field(default_factory=dict, hash=False)
    questions: tuple[Question, ...] = ()
    languages: tuple[str, ...] = ("nl", "en")
    records: tuple[RecordKind, ...] = ()

    def question(self, qid: str) -> Question:
        """Return the question with this id; raise ``KeyError`` if there is none."""
        for q in self.questions:
            if q.id == qid:
                return q
        raise KeyError(qid)

    def record_kind(self, kind_id: str) -> RecordKind:
        """Return the record kind with this id; raise ``KeyError`` if there is none."""
        for kind in self.records:
            if kind.id == kind_id:
                return kind
        raise KeyError(kind_id)

    @property
    def question_ids(self) -> tuple[str, ...]:
        """The question ids, in order."""
        return tuple(q.id for q in self.questions)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-safe snapshot; ``Exercise.from_dict`` rebuilds an equal exercise."""
        return {
            "id": self.id,
            "schema": self.schema,
            "group": self.group,
            "title": dict(self.title),
            "intro": dict(self.intro),
            "source": dict(self.source),
            "languages": list(self.languages),
            "questions": [q.to_dict() for q in self.questions],
            "records": [r.to_dict() for r in self.records],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Exercise:
        """Rebuild an exercise from a :meth:`to_dict` snapshot."""
        return cls(
            id=d["id"],
            schema=int(d.get("schema", SCHEMA_VERSION)),
            group=d.get("group") or "",
            title=dict(d.get("title") or {}),
            intro=dict(d.get("intro") or {}),
            source=dict(d.get("source") or {}),
            questions=tuple(Question.from_dict(q) for q in d.get("questions") or ()),
            languages=tuple(d.get("languages") or ("nl", "en")),
            records=tuple(RecordKind.from_dict(r) for r in d.get("records") or ()),
        )
