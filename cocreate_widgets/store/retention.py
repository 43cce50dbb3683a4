"""Retention and purge: a workshop's personal data goes, its aggregates stay.

``workshops.retention_days`` (``None``: kept until the facilitator purges).
:meth:`RetentionMixin.purge_workshop` removes the personal data of a whole workshop and keeps
the aggregates later waves are compared with: participants stay as anonymous shells with
their role (sides and roles drive the comparisons), structured answers (choices, scales,
rankings, points, dates) stay, free text goes (text questions; the text fields of list
items), as do drafts, personal results, story reviews, partner matchings, names in records,
and the room results of every run with free text (its word lists and, with
``reveal_free_text``, its quoted answers come from the texts): those runs are hidden again
(state ``closed``), not re-rendered; a facilitator may reveal them anew from what is left.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from .base import utcnow
from .privacy import PrivacyMixin
from .schema import (
    drafts,
    exercise_runs,
    participants,
    personal_results,
    records,
    responses,
    workshops,
)
from .scrub import (
    PERSON_FIELDS,
    PERSONAL_KINDS,
    PURGED_PSEUDONYM,
    NameScrubber,
    free_text_questions,
    strip_list_text,
)

MAX_RETENTION_DAYS = 3650  # ten years; the console's field has the same bound


class _RolledBack(Exception):
    """Leaves a dry run's transaction, so it is rolled back, carrying what it counted."""

    def __init__(self, counts: dict[str, Any]) -> None:
        super().__init__("dry run")
        self.counts = counts


class RetentionMixin(PrivacyMixin):
    """A workshop's retention period, and the purge of its personal data."""

    def set_retention(self, workshop_id: int, days: int | None) -> None:
        """Keep the workshop's personal data ``days`` days after it was created (then
        :meth:`purge_expired` purges it); ``None``: until the facilitator purges."""
        if days is not None and (isinstance(days, bool) or not isinstance(days, int)):
            raise ValueError("the retention period is a whole number of days, or None")
        if days is not None and not 1 <= days <= MAX_RETENTION_DAYS:
            raise ValueError(f"the retention period is 1 to {MAX_RETENTION_DAYS} days")
        with self._write() as conn:
            self._workshop_row(conn, workshop_id)
            conn.execute(
                sa.update(workshops)
                .where(workshops.c.id == workshop_id)
                .values(retention_days=days)
            )
            self._bump(conn, workshop_id)

    def retention_expires_at(self, workshop_id: int) -> datetime | None:
        """When the workshop's retention period ends (UTC), or None without one."""
        with self._read() as conn:
            row = self._workshop_row(conn, workshop_id)
        if row.retention_days is None:
            return None
        return row.created_at + timedelta(days=row.retention_days)

    def expired_workshops(self, now: datetime | None = None) -> list[int]:
        """Ids of the workshops whose retention period has passed and that are not purged."""
        now = now or utcnow()
        with self._read() as conn:
            rows = conn.execute(
                sa.select(workshops.c.id, workshops.c.created_at, workshops.c.retention_days)
                .where(workshops.c.retention_days.is_not(None), workshops.c.purged_at.is_(None))
                .order_by(workshops.c.id)
            ).all()
        return [r.id for r in rows if r.created_at + timedelta(days=r.retention_days) <= now]

    def purge_expired(
        self, now: datetime | None = None, *, dry_run: bool = False
    ) -> list[dict[str, Any]]:
        """Purge every workshop whose retention period has passed; one summary per workshop
        (``dry_run``: what would go, nothing changed)."""
        return [
            self.purge_workshop(workshop_id, dry_run=dry_run)
            for workshop_id in self.expired_workshops(now)
        ]

    def purge_workshop(self, workshop_id: int, *, dry_run: bool = False) -> dict[str, Any]:
        """Remove a workshop's personal data and keep its aggregates (see the module text).

        The workshop stops taking joins (status ``closed``). Returns ``workshop_id``,
        ``join_code`` and counts: ``participants`` (made anonymous), ``responses_removed``
        (free-text answers), ``responses_cleaned`` (list answers without their texts),
        ``drafts``, ``personal_results``, ``revealed_results``, ``records_deleted``,
        ``records_edited``, ``results_edited`` (kept room results that named someone),
        ``labels_edited`` (small groups and question texts that named someone).
        Purging again is harmless. With ``dry_run`` the purge runs in a
        transaction that is rolled back: the counts say what would go, nothing changes.
        """
        if dry_run:
            try:
                with self._write() as conn:
                    raise _RolledBack(self._purge(conn, workshop_id))
            except _RolledBack as done:
                return done.counts
        return self._retrying(lambda conn: self._purge(conn, workshop_id))

    def _purge(self, conn: sa.Connection, workshop_id: int) -> dict[str, Any]:
        workshop = self._workshop_row(conn, workshop_id)
        now = utcnow()
        people = conn.execute(
            sa.select(participants)
            .where(participants.c.workshop_id == workshop_id)
            .order_by(participants.c.id)
        ).all()
        # after an earlier purge only those who came later still carry their own names
        named = [
            p
            for p in people
            if p.erased_at is None
            and (workshop.purged_at is None or p.created_at > workshop.purged_at)
        ]
        counts: dict[str, Any] = {
            "workshop_id": workshop.id,
            "join_code": workshop.join_code,
            "participants": len(people),
            "responses_removed": 0,
            "responses_cleaned": 0,
            "drafts": 0,
            "personal_results": 0,
            "revealed_results": 0,
            "records_deleted": 0,
            "records_edited": 0,
            "results_edited": 0,
            "labels_edited": 0,
        }
        runs = conn.execute(
            sa.select(exercise_runs).where(exercise_runs.c.workshop_id == workshop_id)
        ).all()
        for run in runs:
            texts, list_fields = free_text_questions(run.question_set or {})
            if texts:
                counts["responses_removed"] += conn.execute(
                    sa.delete(responses).where(
                        responses.c.run_id == run.id, responses.c.question_id.in_(texts)
                    )
                ).rowcount
            if list_fields:
                counts["responses_cleaned"] += self._strip_list_answers(conn, run.id, list_fields)
            counts["drafts"] += conn.execute(
                sa.delete(drafts).where(drafts.c.run_id == run.id)
            ).rowcount
            counts["personal_results"] += conn.execute(
                sa.delete(personal_results).where(personal_results.c.run_id == run.id)
            ).rowcount
            if texts or list_fields or run.reveal_free_text:
                counts["revealed_results"] += self._hide_run_result(conn, run.id)
        self._purge_records(conn, workshop, named, now, counts)
        names = NameScrubber({n for p in named for n in (p.pseudonym, p.name) if n})
        counts["results_edited"] = self._scrub_results(conn, workshop.id, names)
        counts["labels_edited"] = self._scrub_labels(conn, workshop.id, names)
        template = PURGED_PSEUDONYM.get(workshop.language, PURGED_PSEUDONYM["nl"])
        # an erased shell keeps its neutral text: it shows who asked to be erased
        kept = [p for p in people if p.erased_at is None]
        counts["participants"] = len(kept)
        for number, person in enumerate(kept, start=1):
            conn.execute(
                sa.update(participants)
                .where(participants.c.id == person.id)
                .values(
                    pseudonym=template.format(n=number),
                    name=None,
                    organisation=None,
                    token=secrets.token_urlsafe(18),
                )
            )
        conn.execute(
            sa.update(workshops)
            .where(workshops.c.id == workshop_id)
            .values(purged_at=workshop.purged_at or now, status="closed")
        )
        self._bump(conn, workshop_id)
        return counts

    @staticmethod
    def _strip_list_answers(conn: sa.Connection, run_id: int, list_fields: dict) -> int:
        rows = conn.execute(
            sa.select(responses.c.id, responses.c.question_id, responses.c.value).where(
                responses.c.run_id == run_id, responses.c.question_id.in_(list(list_fields))
            )
        ).all()
        changed = 0
        for row in rows:
            stripped = strip_list_text(row.value, list_fields[row.question_id])
            if stripped != row.value:
                conn.execute(
                    sa.update(responses).where(responses.c.id == row.id).values(value=stripped)
                )
                changed += 1
        return changed

    def _purge_records(
        self,
        conn: sa.Connection,
        workshop: sa.Row,
        named: list[sa.Row],
        now: datetime,
        counts: dict[str, Any],
    ) -> None:
        """Delete the records about named participants; take names out of the others.

        A community's records carry over its waves: they lose the names of this workshop's
        people (unless the same name is on the roster of a wave not yet purged) but keep
        the names typed into them (the core team, owners of actions).
        """
        own_names = {n for p in named for n in (p.pseudonym, p.name) if n}
        still_present: set[str] = set()
        if workshop.community_id is not None:
            still_present = {
                n.strip().casefold()
                for row in conn.execute(
                    sa.select(participants.c.pseudonym, participants.c.name)
                    .join(workshops, workshops.c.id == participants.c.workshop_id)
                    .where(
                        workshops.c.community_id == workshop.community_id,
                        workshops.c.id != workshop.id,
                        workshops.c.purged_at.is_(None),
                        participants.c.erased_at.is_(None),
                    )
                ).all()
                for n in row
                if n
            }
        everywhere = NameScrubber(own_names)
        shared = NameScrubber({n for n in own_names if n.strip().casefold() not in still_present})
        for record in self._records_in_reach(conn, workshop):
            data = record.data or {}
            in_community = record.community_id is not None
            if record.workshop_id == workshop.id and record.kind in PERSONAL_KINDS:
                conn.execute(sa.delete(records).where(records.c.id == record.id))
                counts["records_deleted"] += 1
                continue
            names = shared if in_community else everywhere
            cleaned = names.scrub(data) if names and names.mentioned_in(data) else data
            if not in_community and record.workshop_id == workshop.id:
                fields = PERSON_FIELDS.get(record.kind, ())
                cleaned = {k: ("" if k in fields and v else v) for k, v in cleaned.items()}
            if cleaned != data:
                self._save_record_data(conn, record, cleaned, now)
                counts["records_edited"] += 1
