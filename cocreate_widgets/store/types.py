"""Plain, immutable views of stored rows that the store hands out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class Role:
    """A participant role and the side it belongs to (patient side, care, other)."""

    id: str
    side: str
    label: dict[str, str]


@dataclass(frozen=True)
class Workshop:
    """A workshop: one meeting (or one wave of a community) with its join code."""

    id: int
    title: str
    language: str
    anonymity: str
    consent_text: str
    join_code: str
    status: str
    wave: int
    roles: tuple[Role, ...]
    community_id: int | None
    previous_workshop_id: int | None
    code_expires_at: datetime | None
    created_at: datetime
    change_seq: int
    # privacy: kept days (None: until the facilitator purges) and when it was purged
    retention_days: int | None = None
    purged_at: datetime | None = None

    def role(self, role_id: str) -> Role | None:
        """The role with this id, or None."""
        return next((r for r in self.roles if r.id == role_id), None)


@dataclass(frozen=True)
class Participant:
    """Someone who joined a workshop (or was added by the facilitator)."""

    id: int
    workshop_id: int
    pseudonym: str
    name: str | None
    role: str
    organisation: str | None
    language: str
    consent_at: datetime | None
    token: str
    on_behalf: bool
    created_at: datetime
    removed_at: datetime | None
    merged_into_id: int | None
    # privacy: when their data was erased (the row is an empty shell) and when they withdrew
    erased_at: datetime | None = None
    consent_withdrawn_at: datetime | None = None

    @property
    def active(self) -> bool:
        """Still part of the workshop (not removed, not merged into another)."""
        return self.removed_at is None and self.merged_into_id is None


@dataclass(frozen=True)
class Run:
    """One exercise run in a workshop's agenda, with the question set it runs with."""

    id: int
    workshop_id: int
    exercise_id: str
    wave: int
    position: int
    state: str
    question_set: dict[str, Any]
    small_group_id: int | None
    reveal_free_text: bool
    opened_at: datetime | None
    closed_at: datetime | None
    revealed_at: datetime | None
    timer_ends_at: datetime | None
    timer_autoclose: bool
    created_at: datetime

    @property
    def title(self) -> dict[str, str]:
        """The exercise title per language."""
        return self.question_set.get("title", {})


@dataclass(frozen=True)
class Answer:
    """The latest submitted answer of one participant to one question."""

    run_id: int
    participant_id: int
    pseudonym: str
    role: str
    side: str
    organisation: str | None
    question_id: str
    value: Any
    version: int
    submitted_at: datetime
    entered_by: str


@dataclass(frozen=True)
class Record:
    """Something the group decides on and edits together (goal, action, decision ...)."""

    id: int
    kind: str
    data: dict[str, Any]
    position: int
    version: int
    workshop_id: int | None
    community_id: int | None
    run_id: int | None
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class PollState:
    """What a kernel polls to know whether it must redraw: cheap to read, grows on change."""

    change_seq: int
    last_response_id: int
