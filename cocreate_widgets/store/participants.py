"""Participants: join, rejoin, roster fixes, small groups."""

from __future__ import annotations

import secrets
from typing import Any

import sqlalchemy as sa

from .base import StoreBase, utcnow
from .errors import NotFound
from .schema import group_members, participants, small_groups
from .types import Participant


def _participant(row: sa.Row) -> Participant:
    return Participant(**dict(row._mapping))


class ParticipantMixin(StoreBase):
    """Who takes part, per workshop."""

    def add_participant(
        self,
        workshop_id: int,
        *,
        pseudonym: str,
        role: str,
        name: str | None = None,
        organisation: str | None = None,
        language: str = "nl",
        consented: bool = True,
        on_behalf: bool = False,
    ) -> Participant:
        """Register a participant (they joined, or the facilitator added someone)."""
        now = utcnow()

        def action(conn: sa.Connection) -> int:
            new_id = conn.execute(
                sa.insert(participants).values(
                    workshop_id=workshop_id,
                    pseudonym=pseudonym,
                    name=name or None,
                    role=role,
                    organisation=organisation or None,
                    language=language,
                    consent_at=now if consented else None,
                    token=secrets.token_urlsafe(18),
                    on_behalf=on_behalf,
                    created_at=now,
                )
            ).inserted_primary_key[0]
            self._bump(conn, workshop_id)
            return new_id

        return self.participant(self._retrying(action))

    def participant(self, participant_id: int) -> Participant:
        """The participant with this id (raises ``NotFound``)."""
        with self._read() as conn:
            row = conn.execute(
                sa.select(participants).where(participants.c.id == participant_id)
            ).first()
        if row is None:
            raise NotFound(f"participant {participant_id}")
        return _participant(row)

    def participant_by_token(self, workshop_id: int, token: str) -> Participant | None:
        """The active participant whose rejoin token this is, in this workshop, else None."""
        if not isinstance(token, str) or not token or len(token) > 64:
            return None
        with self._read() as conn:
            row = conn.execute(
                sa.select(participants).where(
                    participants.c.workshop_id == workshop_id, participants.c.token == token
                )
            ).first()
        if row is None:
            return None
        found = _participant(row)
        if found.merged_into_id is not None:
            found = self.participant(found.merged_into_id)
        return found if found.active else None

    def roster(self, workshop_id: int, *, include_removed: bool = False) -> list[Participant]:
        """Everyone in the workshop, in order of joining."""
        query = sa.select(participants).where(participants.c.workshop_id == workshop_id)
        if not include_removed:
            query = query.where(
                participants.c.removed_at.is_(None), participants.c.merged_into_id.is_(None)
            )
        with self._read() as conn:
            rows = conn.execute(query.order_by(participants.c.id)).all()
        return [_participant(r) for r in rows]

    def update_participant(self, participant_id: int, **values: Any) -> Participant:
        """Fix a roster entry: role, pseudonym, name, organisation or language."""
        allowed = {"role", "pseudonym", "name", "organisation", "language"}
        unknown = set(values) - allowed
        if unknown:
            raise ValueError(f"cannot change {sorted(unknown)}")
        current = self.participant(participant_id)
        with self._write() as conn:
            conn.execute(
                sa.update(participants).where(participants.c.id == participant_id).values(values)
            )
            self._bump(conn, current.workshop_id)
        return self.participant(participant_id)

    def remove_participant(self, participant_id: int) -> None:
        """Take someone off the roster; their answers stay stored but stop counting."""
        current = self.participant(participant_id)
        with self._write() as conn:
            conn.execute(
                sa.update(participants)
                .where(participants.c.id == participant_id)
                .values(removed_at=utcnow())
            )
            self._bump(conn, current.workshop_id)

    def merge_participants(self, duplicate_id: int, keep_id: int) -> None:
        """Fold a duplicate entry into the one to keep; the duplicate's rejoin link follows."""
        duplicate, keep = self.participant(duplicate_id), self.participant(keep_id)
        if duplicate.workshop_id != keep.workshop_id or duplicate_id == keep_id:
            raise ValueError("can only merge two different participants of one workshop")
        with self._write() as conn:
            conn.execute(
                sa.update(participants)
                .where(participants.c.id == duplicate_id)
                .values(merged_into_id=keep_id)
            )
            self._bump(conn, keep.workshop_id)

    def record_consent(self, participant_id: int) -> None:
        """Keep the moment this participant agreed to the consent text."""
        with self._write() as conn:
            conn.execute(
                sa.update(participants)
                .where(participants.c.id == participant_id)
                .values(consent_at=utcnow())
            )

    def create_small_group(self, workshop_id: int, name: str, member_ids: list[int]) -> int:
        """Create a small group (e.g. a theme group) with these members; returns its id."""
        with self._write() as conn:
            group_id = conn.execute(
                sa.insert(small_groups).values(
                    workshop_id=workshop_id, name=name, created_at=utcnow()
                )
            ).inserted_primary_key[0]
            if member_ids:
                conn.execute(
                    sa.insert(group_members),
                    [{"group_id": group_id, "participant_id": pid} for pid in member_ids],
                )
            self._bump(conn, workshop_id)
        return group_id

    def workshop_small_groups(self, workshop_id: int) -> list[dict[str, Any]]:
        """The small groups of a workshop in order of creation: ``id``, ``name`` and
        ``member_ids`` (participant ids, ascending)."""
        with self._read() as conn:
            groups = conn.execute(
                sa.select(small_groups.c.id, small_groups.c.name)
                .where(small_groups.c.workshop_id == workshop_id)
                .order_by(small_groups.c.id)
            ).all()
            members = conn.execute(
                sa.select(group_members.c.group_id, group_members.c.participant_id)
                .where(group_members.c.group_id.in_([g.id for g in groups]))
                .order_by(group_members.c.participant_id)
            ).all()
        return [
            {
                "id": g.id,
                "name": g.name,
                "member_ids": [m.participant_id for m in members if m.group_id == g.id],
            }
            for g in groups
        ]

    def small_groups_of(self, participant_id: int) -> set[int]:
        """Ids of the small groups this participant belongs to."""
        with self._read() as conn:
            return set(
                conn.execute(
                    sa.select(group_members.c.group_id).where(
                        group_members.c.participant_id == participant_id
                    )
                ).scalars()
            )
