"""rating sessions: the server asks for each finished case's rating; every rating row says
which device path it came by, which session it answered and the 差评 reasons

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 12:00:00

The new rating columns are nullable and left out of a row's MAC while NULL, so the rows
sealed before this revision still verify.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "rating_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("window_id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("opened_at", sa.DateTime(), nullable=False),
        sa.Column("deadline", sa.DateTime(), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.ForeignKeyConstraint(
            ["ticket_id"], ["tickets.id"], name=op.f("fk_rating_sessions_ticket_id_tickets")
        ),
        sa.ForeignKeyConstraint(
            ["window_id"], ["windows.id"], name=op.f("fk_rating_sessions_window_id_windows")
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff.id"], name=op.f("fk_rating_sessions_staff_id_staff")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rating_sessions")),
        sa.UniqueConstraint("ticket_id", name=op.f("uq_rating_sessions_ticket_id")),
    )
    op.create_index(
        "uq_rating_sessions_open_per_window",
        "rating_sessions",
        ["window_id"],
        unique=True,
        sqlite_where=sa.text("closed_at IS NULL"),
        postgresql_where=sa.text("closed_at IS NULL"),
    )
    # Plain ADD COLUMN (no table copy: the ratings are referenced by follow-ups, and a copy
    # would have to drop them). session_id names a rating_sessions row by convention.
    op.add_column("ratings", sa.Column("path", sa.String(length=16), nullable=True))
    op.add_column("ratings", sa.Column("session_id", sa.Integer(), nullable=True))
    op.add_column("ratings", sa.Column("reasons", sa.JSON(), nullable=True))


def downgrade() -> None:
    for column in ("reasons", "session_id", "path"):
        op.drop_column("ratings", column)
    op.drop_index("uq_rating_sessions_open_per_window", table_name="rating_sessions")
    op.drop_table("rating_sessions")
