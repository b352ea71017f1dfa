"""the outbox (好差评 uploads, the city's copy), 办件编号 and 事项编码 on tickets and ratings,
the services' 事项编码, and the triggers that capture changes for the city

Revision ID: 0009
Revises: 0006
Create Date: 2026-12-02 09:00:00

The new rating columns are nullable and left out of a row's MAC while NULL, so the rows
sealed before this revision still verify. The capture triggers write nothing until the city
channel is enabled (outbox_channels).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.models.outbox import install_capture

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("ref", sa.String(length=64), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("delivered_at", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
        sqlite_autoincrement=True,  # ids never used twice (the city resumes by them)
    )
    op.create_index("ix_outbox_channel_state", "outbox", ["channel", "state", "id"])
    op.create_table(
        "outbox_channels",
        sa.Column("name", sa.String(length=16), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("target", sa.String(length=255), nullable=False),
        sa.Column("enabled_at", sa.DateTime(), nullable=True),
        sa.Column("last_attempt_at", sa.DateTime(), nullable=True),
        sa.Column("last_success_at", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("delivered", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_outbox_channels")),
    )
    # Plain ADD COLUMN (no table copy: a copy would drop the rows' references and triggers).
    for table in ("tickets", "ratings"):
        op.add_column(table, sa.Column("case_no", sa.String(length=64), nullable=True))
        op.add_column(table, sa.Column("item_code", sa.String(length=64), nullable=True))
    op.add_column("services", sa.Column("item_code", sa.String(length=64), nullable=True))
    install_capture(op.get_bind())


def downgrade() -> None:
    bind = op.get_bind()
    for name in sorted(_triggers(bind)):
        if bind.dialect.name == "sqlite":
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        else:
            table = name.removeprefix("outbox_city_")
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
    if bind.dialect.name != "sqlite":
        op.execute("DROP FUNCTION IF EXISTS outbox_city_row()")
        op.execute("DROP FUNCTION IF EXISTS outbox_city_whole()")
    op.drop_column("services", "item_code")
    for table in ("ratings", "tickets"):
        op.drop_column(table, "item_code")
        op.drop_column(table, "case_no")
    op.drop_table("outbox_channels")
    op.drop_index("ix_outbox_channel_state", table_name="outbox")
    op.drop_table("outbox")


def _triggers(bind: sa.Connection) -> set[str]:
    from app.models.outbox import capture_triggers

    return capture_triggers(bind)
