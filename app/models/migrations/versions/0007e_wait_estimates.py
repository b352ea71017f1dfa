"""wait estimates: a ticket's latest estimate before its first call

Revision ID: 0007e
Revises: 0006
Create Date: 2026-11-29 23:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007e"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "wait_estimates",
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("estimated_at", sa.DateTime(), nullable=False),
        sa.Column("wait_s", sa.Integer(), nullable=False),
        sa.Column("low_s", sa.Integer(), nullable=True),
        sa.Column("high_s", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["ticket_id"], ["tickets.id"], name=op.f("fk_wait_estimates_ticket_id_tickets")
        ),
        sa.PrimaryKeyConstraint("ticket_id", name=op.f("pk_wait_estimates")),
    )


def downgrade() -> None:
    op.drop_table("wait_estimates")
