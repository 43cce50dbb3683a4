"""personal results: what one participant sees beside the room's revealed result

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 22:50:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "personal_results",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("html", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_personal_results_participant_id_participants"),
        ),
        sa.ForeignKeyConstraint(
            ["run_id"], ["exercise_runs.id"], name=op.f("fk_personal_results_run_id_exercise_runs")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_personal_results")),
        sa.UniqueConstraint(
            "run_id", "participant_id", "language", name=op.f("uq_personal_results_run_id")
        ),
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("personal_results")
