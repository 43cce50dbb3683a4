"""Records the group decides on and edits together: goals, actions, members, decisions."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from .base import StoreBase, utcnow
from .errors import NotFound, RecordConflict
from .schema import records
from .types import Record


def _record(row: sa.Row) -> Record:
    m = row._mapping
    return Record(
        id=m["id"],
        kind=m["kind"],
        data=dict(m["data"]),
        position=m["position"],
        version=m["version"],
        workshop_id=m["workshop_id"],
        community_id=m["community_id"],
        run_id=m["run_id"],
        created_at=m["created_at"],
        updated_at=m["updated_at"],
    )


class RecordMixin(StoreBase):
    """Shared, editable records with optimistic concurrency."""

    def add_record(
        self,
        kind: str,
        data: dict[str, Any],
        *,
        workshop_id: int | None = None,
        community_id: int | None = None,
        run_id: int | None = None,
    ) -> Record:
        """Add a record of this kind (to a workshop, a community, or a run)."""
        if workshop_id is None and community_id is None:
            raise ValueError("a record belongs to a workshop or a community")
        now = utcnow()

        def action(conn: sa.Connection) -> int:
            position = conn.execute(
                sa.select(sa.func.coalesce(sa.func.max(records.c.position), 0)).where(
                    records.c.kind == kind,
                    # a community's records carry over its waves: number them across all
                    records.c.community_id == community_id
                    if community_id is not None
                    else records.c.workshop_id == workshop_id,
                )
            ).scalar_one()
            new_id = conn.execute(
                sa.insert(records).values(
                    kind=kind,
                    data=data,
                    position=position + 1,
                    version=1,
                    workshop_id=workshop_id,
                    community_id=community_id,
                    run_id=run_id,
                    created_at=now,
                    updated_at=now,
                )
            ).inserted_primary_key[0]
            if workshop_id is not None:
                self._bump(conn, workshop_id)
            return new_id

        return self.record(self._retrying(action))

    def record(self, record_id: int) -> Record:
        """The record with this id (raises ``NotFound``, also when deleted)."""
        with self._read() as conn:
            row = conn.execute(
                sa.select(records).where(records.c.id == record_id, records.c.deleted_at.is_(None))
            ).first()
        if row is None:
            raise NotFound(f"record {record_id}")
        return _record(row)

    def records(
        self,
        *,
        workshop_id: int | None = None,
        community_id: int | None = None,
        kind: str | None = None,
        run_id: int | None = None,
    ) -> list[Record]:
        """Records in order, filtered by owner, kind and run."""
        query = sa.select(records).where(records.c.deleted_at.is_(None))
        if workshop_id is not None:
            query = query.where(records.c.workshop_id == workshop_id)
        if community_id is not None:
            query = query.where(records.c.community_id == community_id)
        if kind is not None:
            query = query.where(records.c.kind == kind)
        if run_id is not None:
            query = query.where(records.c.run_id == run_id)
        with self._read() as conn:
            rows = conn.execute(query.order_by(records.c.position, records.c.id)).all()
        return [_record(r) for r in rows]

    def update_record(
        self, record_id: int, data: dict[str, Any], *, expected_version: int
    ) -> Record:
        """Save an edit made from ``expected_version``; ``RecordConflict`` if someone was first."""
        current = self.record(record_id)
        with self._write() as conn:
            changed = conn.execute(
                sa.update(records)
                .where(records.c.id == record_id, records.c.version == expected_version)
                .values(data=data, version=expected_version + 1, updated_at=utcnow())
            ).rowcount
            if not changed:
                raise RecordConflict(record_id)
            if current.workshop_id is not None:
                self._bump(conn, current.workshop_id)
        return self.record(record_id)

    def delete_record(self, record_id: int) -> None:
        """Delete a record (kept in the table, marked deleted)."""
        current = self.record(record_id)
        with self._write() as conn:
            conn.execute(
                sa.update(records).where(records.c.id == record_id).values(deleted_at=utcnow())
            )
            if current.workshop_id is not None:
                self._bump(conn, current.workshop_id)
