"""staff must change a password set by an administrator at their first login with it

Revision ID: 0008
Revises: 0006
Create Date: 2026-11-30 18:00:00

Existing staff keep their passwords and are not asked to change them (false for every row).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007e"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # a plain ADD COLUMN, also on SQLite: copying the staff table (batch's "recreate") would
    # have to drop a table that every ticket, rating and audit row refers to
    with op.batch_alter_table("staff", schema=None, recreate="never") as batch_op:
        batch_op.add_column(
            sa.Column(
                "must_change_password",
                sa.Boolean(),
                nullable=False,
                server_default=sa.false(),
            )
        )


def downgrade() -> None:
    # ALTER TABLE DROP COLUMN (SQLite 3.35+), for the same reason
    with op.batch_alter_table("staff", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("must_change_password")
