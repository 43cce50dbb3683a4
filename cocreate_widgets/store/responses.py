"""Drafts and submitted answers: every submitted version kept, the latest counts."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import sqlalchemy as sa

from .base import StoreBase, utcnow
from .errors import ParticipantRemoved, RunNotOpen
from .schema import drafts, exercise_runs, participants, responses, workshops
from .types import Answer, PollState


def _upsert(dialect: str, table: sa.Table, keys: list[str], values: dict[str, Any]):
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    statement = insert(table).values(values)
    return statement.on_conflict_do_update(
        index_elements=keys, set_={k: statement.excluded[k] for k in values if k not in keys}
    )


def _counts() -> sa.ColumnElement[bool]:
    """The participant still counts: neither removed nor merged into another entry."""
    return sa.and_(participants.c.removed_at.is_(None), participants.c.merged_into_id.is_(None))


def _latest_versions():
    """Per run and participant, the highest submitted version."""
    return (
        sa.select(
            responses.c.run_id,
            responses.c.participant_id,
            sa.func.max(responses.c.version).label("version"),
        )
        .group_by(responses.c.run_id, responses.c.participant_id)
        .subquery("latest")
    )


class ResponseMixin(StoreBase):
    """What participants type (drafts) and send (submitted versions)."""

    @staticmethod
    def _check_can_answer(conn: sa.Connection, run_id: int, participant_id: int) -> None:
        state = conn.execute(
            sa.select(exercise_runs.c.state).where(exercise_runs.c.id == run_id)
        ).scalar()
        if state != "open":
            raise RunNotOpen(run_id)
        removed = conn.execute(
            sa.select(participants.c.removed_at, participants.c.merged_into_id).where(
                participants.c.id == participant_id
            )
        ).first()
        if removed is None or removed[0] is not None or removed[1] is not None:
            raise ParticipantRemoved(participant_id)

    def save_draft(self, run_id: int, participant_id: int, question_id: str, value: Any) -> None:
        """Keep what the participant is typing, so a reload or lost kernel loses nothing."""

        def action(conn: sa.Connection) -> None:
            self._check_can_answer(conn, run_id, participant_id)
            conn.execute(
                _upsert(
                    self.dialect,
                    drafts,
                    ["run_id", "participant_id", "question_id"],
                    {
                        "run_id": run_id,
                        "participant_id": participant_id,
                        "question_id": question_id,
                        "value": value,
                        "updated_at": utcnow(),
                    },
                )
            )

        self._retrying(action)

    def drafts(self, run_id: int, participant_id: int) -> dict[str, Any]:
        """The participant's drafts for this run, question id -> value."""
        with self._read() as conn:
            rows = conn.execute(
                sa.select(drafts.c.question_id, drafts.c.value).where(
                    drafts.c.run_id == run_id, drafts.c.participant_id == participant_id
                )
            ).all()
        return dict(rows)

    def submit_answers(
        self,
        run_id: int,
        participant_id: int,
        answers: dict[str, Any],
        *,
        entered_by: str = "participant",
    ) -> int:
        """Store a new version of the participant's answers (one row per question).

        Refused with ``RunNotOpen`` once the run is closed, checked in the same transaction
        as the insert. Two tabs submitting at once each get their own version. Returns the
        version number.
        """

        def action(conn: sa.Connection) -> int:
            self._check_can_answer(conn, run_id, participant_id)
            previous = conn.execute(
                sa.select(sa.func.coalesce(sa.func.max(responses.c.version), 0)).where(
                    responses.c.run_id == run_id, responses.c.participant_id == participant_id
                )
            ).scalar_one()
            version = previous + 1
            now = utcnow()
            conn.execute(
                sa.insert(responses),
                [
                    {
                        "run_id": run_id,
                        "participant_id": participant_id,
                        "question_id": qid,
                        "version": version,
                        "value": value,
                        "submitted_at": now,
                        "entered_by": entered_by,
                    }
                    for qid, value in answers.items()
                ],
            )
            conn.execute(
                sa.delete(drafts).where(
                    drafts.c.run_id == run_id, drafts.c.participant_id == participant_id
                )
            )
            return version

        return self._retrying(action)

    def my_answers(self, run_id: int, participant_id: int) -> dict[str, Any]:
        """The participant's latest submitted answers, question id -> value."""
        with self._read() as conn:
            version = conn.execute(
                sa.select(sa.func.max(responses.c.version)).where(
                    responses.c.run_id == run_id, responses.c.participant_id == participant_id
                )
            ).scalar()
            if version is None:
                return {}
            rows = conn.execute(
                sa.select(responses.c.question_id, responses.c.value).where(
                    responses.c.run_id == run_id,
                    responses.c.participant_id == participant_id,
                    responses.c.version == version,
                )
            ).all()
        return dict(rows)

    def answer_history(self, run_id: int, participant_id: int) -> list[dict[str, Any]]:
        """Every submitted version of one participant, oldest first."""
        with self._read() as conn:
            rows = conn.execute(
                sa.select(responses)
                .where(responses.c.run_id == run_id, responses.c.participant_id == participant_id)
                .order_by(responses.c.version, responses.c.id)
            ).all()
        return [dict(r._mapping) for r in rows]

    def answers(self, run_id: int) -> list[Answer]:
        """The latest answers of every active participant in the run (one query)."""
        latest = _latest_versions()
        query = (
            sa.select(
                responses.c.run_id,
                responses.c.participant_id,
                participants.c.pseudonym,
                participants.c.role,
                participants.c.organisation,
                responses.c.question_id,
                responses.c.value,
                responses.c.version,
                responses.c.submitted_at,
                responses.c.entered_by,
            )
            .join(
                latest,
                sa.and_(
                    latest.c.run_id == responses.c.run_id,
                    latest.c.participant_id == responses.c.participant_id,
                    latest.c.version == responses.c.version,
                ),
            )
            .join(participants, participants.c.id == responses.c.participant_id)
            .where(responses.c.run_id == run_id, _counts())
            .order_by(responses.c.participant_id, responses.c.id)
        )
        # the workshop's roles once, not with every row: decoding them per answer was most
        # of the time this took for a large room
        roles_query = (
            sa.select(workshops.c.roles)
            .join(exercise_runs, exercise_runs.c.workshop_id == workshops.c.id)
            .where(exercise_runs.c.id == run_id)
        )
        with self._read() as conn:
            rows = conn.execute(query).all()
            roles = conn.execute(roles_query).scalar() or []
        sides = {r["id"]: r["side"] for r in roles}
        result = []
        for row in rows:
            m = row._mapping
            result.append(
                Answer(
                    run_id=m["run_id"],
                    participant_id=m["participant_id"],
                    pseudonym=m["pseudonym"],
                    role=m["role"],
                    side=sides.get(m["role"], "other"),
                    organisation=m["organisation"],
                    question_id=m["question_id"],
                    value=m["value"],
                    version=m["version"],
                    submitted_at=m["submitted_at"],
                    entered_by=m["entered_by"],
                )
            )
        return result

    def response_counts(self, workshop_id: int) -> dict[int, dict[str, int]]:
        """Per run, how many active participants of each role have submitted."""
        query = (
            sa.select(
                responses.c.run_id,
                participants.c.role,
                sa.func.count(sa.distinct(responses.c.participant_id)),
            )
            .join(participants, participants.c.id == responses.c.participant_id)
            .join(exercise_runs, exercise_runs.c.id == responses.c.run_id)
            .where(exercise_runs.c.workshop_id == workshop_id, _counts())
            .group_by(responses.c.run_id, participants.c.role)
        )
        counts: dict[int, dict[str, int]] = defaultdict(dict)
        with self._read() as conn:
            for run_id, role, count in conn.execute(query):
                counts[run_id][role] = count
        return dict(counts)

    def poll_state(self, workshop_id: int) -> PollState:
        """The change counter and the newest answer id: one cheap read per poll."""
        last_response = (
            sa.select(sa.func.coalesce(sa.func.max(responses.c.id), 0))
            .join(exercise_runs, exercise_runs.c.id == responses.c.run_id)
            .where(exercise_runs.c.workshop_id == workshop_id)
            .scalar_subquery()
        )
        with self._read() as conn:
            row = conn.execute(
                sa.select(workshops.c.change_seq, last_response).where(
                    workshops.c.id == workshop_id
                )
            ).first()
        if row is None:
            return PollState(-1, -1)
        return PollState(row[0], row[1])
