"""privacy: erased participants, withdrawn consent, retention and purge per workshop

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 04:10:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table("workshops", schema=None) as batch_op:
        batch_op.add_column(sa.Column("retention_days", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("purged_at", sa.DateTime(), nullable=True))
    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.add_column(sa.Column("erased_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("consent_withdrawn_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    """Downgrade schema."""
    # plain ALTER TABLE ... DROP COLUMN (SQLite 3.35+): a batch would copy and drop the
    # tables, which SQLite's enforced foreign keys refuse for participants and workshops
    op.drop_column("participants", "consent_withdrawn_at")
    op.drop_column("participants", "erased_at")
    op.drop_column("workshops", "purged_at")
    op.drop_column("workshops", "retention_days")
