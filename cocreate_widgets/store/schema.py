"""The database tables, as SQLAlchemy Core metadata.

Core, not the ORM: participant kernels import this module and must stay light. Alembic
migrations in ``migrations/`` create and change these tables; keep both in step.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

communities = sa.Table(
    "communities",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
)

workshops = sa.Table(
    "workshops",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("community_id", sa.ForeignKey("communities.id"), nullable=True, index=True),
    sa.Column("title", sa.String(200), nullable=False),
    sa.Column("language", sa.String(8), nullable=False),
    # names required / optional / none (pseudonyms only)
    sa.Column("anonymity", sa.String(16), nullable=False),
    sa.Column("consent_text", sa.Text, nullable=False),
    sa.Column("join_code", sa.String(16), nullable=False, unique=True),
    sa.Column("code_expires_at", sa.DateTime, nullable=True),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("wave", sa.Integer, nullable=False),
    sa.Column("previous_workshop_id", sa.ForeignKey("workshops.id"), nullable=True),
    sa.Column("roles", sa.JSON, nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
    # bumped by every change that participants' screens follow; kernels poll it
    sa.Column("change_seq", sa.Integer, nullable=False),
    # privacy (migration 0003): days after created_at until the purge; NULL = until purged
    sa.Column("retention_days", sa.Integer, nullable=True),
    sa.Column("purged_at", sa.DateTime, nullable=True),
)

participants = sa.Table(
    "participants",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("workshop_id", sa.ForeignKey("workshops.id"), nullable=False, index=True),
    sa.Column("pseudonym", sa.String(80), nullable=False),
    sa.Column("name", sa.String(200), nullable=True),
    sa.Column("role", sa.String(40), nullable=False),
    sa.Column("organisation", sa.String(200), nullable=True),
    sa.Column("language", sa.String(8), nullable=False),
    sa.Column("consent_at", sa.DateTime, nullable=True),
    sa.Column("token", sa.String(64), nullable=False, unique=True),
    sa.Column("on_behalf", sa.Boolean, nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("removed_at", sa.DateTime, nullable=True),
    sa.Column("merged_into_id", sa.ForeignKey("participants.id"), nullable=True),
    # privacy (migration 0003): the row stays as an empty shell once its person is erased
    sa.Column("erased_at", sa.DateTime, nullable=True),
    sa.Column("consent_withdrawn_at", sa.DateTime, nullable=True),
)

small_groups = sa.Table(
    "small_groups",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("workshop_id", sa.ForeignKey("workshops.id"), nullable=False, index=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
)

group_members = sa.Table(
    "group_members",
    metadata,
    sa.Column("group_id", sa.ForeignKey("small_groups.id"), primary_key=True),
    sa.Column("participant_id", sa.ForeignKey("participants.id"), primary_key=True),
)

exercise_runs = sa.Table(
    "exercise_runs",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("workshop_id", sa.ForeignKey("workshops.id"), nullable=False, index=True),
    sa.Column("exercise_id", sa.String(80), nullable=False),
    sa.Column("wave", sa.Integer, nullable=False),
    sa.Column("position", sa.Integer, nullable=False),
    # draft / open / closed / revealed
    sa.Column("state", sa.String(16), nullable=False),
    # the question set the run was opened with, as Exercise.to_dict()
    sa.Column("question_set", sa.JSON, nullable=False),
    sa.Column("small_group_id", sa.ForeignKey("small_groups.id"), nullable=True),
    sa.Column("reveal_free_text", sa.Boolean, nullable=False),
    sa.Column("opened_at", sa.DateTime, nullable=True),
    sa.Column("closed_at", sa.DateTime, nullable=True),
    sa.Column("revealed_at", sa.DateTime, nullable=True),
    sa.Column("timer_ends_at", sa.DateTime, nullable=True),
    sa.Column("timer_autoclose", sa.Boolean, nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
)

drafts = sa.Table(
    "drafts",
    metadata,
    sa.Column("run_id", sa.ForeignKey("exercise_runs.id"), primary_key=True),
    sa.Column("participant_id", sa.ForeignKey("participants.id"), primary_key=True),
    sa.Column("question_id", sa.String(80), primary_key=True),
    sa.Column("value", sa.JSON, nullable=True),
    sa.Column("updated_at", sa.DateTime, nullable=False),
)

responses = sa.Table(
    "responses",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("run_id", sa.ForeignKey("exercise_runs.id"), nullable=False),
    sa.Column("participant_id", sa.ForeignKey("participants.id"), nullable=False),
    sa.Column("question_id", sa.String(80), nullable=False),
    # one version per submission; every version is kept, the highest counts
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("value", sa.JSON, nullable=True),
    sa.Column("submitted_at", sa.DateTime, nullable=False),
    # participant / facilitator (answers entered for someone without a phone)
    sa.Column("entered_by", sa.String(16), nullable=False),
    sa.UniqueConstraint("run_id", "participant_id", "question_id", "version"),
    sa.Index("ix_responses_run_participant", "run_id", "participant_id"),
)

records = sa.Table(
    "records",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("workshop_id", sa.ForeignKey("workshops.id"), nullable=True, index=True),
    sa.Column("community_id", sa.ForeignKey("communities.id"), nullable=True, index=True),
    sa.Column("run_id", sa.ForeignKey("exercise_runs.id"), nullable=True),
    # goal / action / member / stakeholder / decision / ...
    sa.Column("kind", sa.String(40), nullable=False),
    sa.Column("data", sa.JSON, nullable=False),
    sa.Column("position", sa.Integer, nullable=False),
    # optimistic concurrency: an edit names the version it started from
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("updated_at", sa.DateTime, nullable=False),
    sa.Column("deleted_at", sa.DateTime, nullable=True),
)

revealed_results = sa.Table(
    "revealed_results",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("run_id", sa.ForeignKey("exercise_runs.id"), nullable=False),
    sa.Column("language", sa.String(8), nullable=False),
    # rendered by the facilitator's kernel from escaped parts; shown as-is to participants
    sa.Column("html", sa.Text, nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.UniqueConstraint("run_id", "language"),
)

personal_results = sa.Table(
    "personal_results",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("run_id", sa.ForeignKey("exercise_runs.id"), nullable=False),
    sa.Column("participant_id", sa.ForeignKey("participants.id"), nullable=False),
    sa.Column("language", sa.String(8), nullable=False),
    # what only this participant sees beside the room's result (their partner, their own
    # profile); rendered by the facilitator's kernel from escaped parts
    sa.Column("html", sa.Text, nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.UniqueConstraint("run_id", "participant_id", "language"),
)
