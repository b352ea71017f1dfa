"""appointments end to end: the visitor's phone, status, the slot place held, where it came
from (console, counter, online platform, import) with the platform's id, check-in time and
whether on time, the 材料不齐 case it is a return visit for; slot rules per service

Revision ID: 0010
Revises: 0006
Create Date: 2026-11-30 09:00:00

Chained after 0006 (one round's revisions, chained when merged: 0006, 0010, 0007e, 0008, 0009).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TEXT_COLUMNS = (("phone", 32), ("source", 16), ("booked_by", 64), ("note", 200))


def upgrade() -> None:
    op.create_table(
        "appointment_rules",
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("slot_minutes", sa.Integer(), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["service_id"], ["services.id"], name=op.f("fk_appointment_rules_service_id_services")
        ),
        sa.PrimaryKeyConstraint("service_id", name=op.f("pk_appointment_rules")),
    )
    with op.batch_alter_table("appointments", schema=None) as batch_op:
        for name, length in _TEXT_COLUMNS:
            batch_op.add_column(
                sa.Column(name, sa.String(length=length), server_default="", nullable=False)
            )
        batch_op.add_column(
            sa.Column("status", sa.String(length=16), server_default="booked", nullable=False)
        )
        batch_op.add_column(sa.Column("place", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("external_id", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("booked_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("cancelled_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("checked_in_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("on_time", sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column("origin_ticket_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_appointments_origin_ticket_id_tickets"),
            "tickets",
            ["origin_ticket_id"],
            ["id"],
        )
        batch_op.create_unique_constraint(
            batch_op.f("uq_appointments_external_id"), ["external_id"]
        )
        batch_op.create_unique_constraint(
            batch_op.f("uq_appointments_service_id_slot_start_place"),
            ["service_id", "slot_start", "place"],
        )
        batch_op.create_index("ix_appointments_slot", ["slot_start", "service_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("appointments", schema=None) as batch_op:
        batch_op.drop_index("ix_appointments_slot")
        batch_op.drop_constraint(
            batch_op.f("uq_appointments_service_id_slot_start_place"), type_="unique"
        )
        batch_op.drop_constraint(batch_op.f("uq_appointments_external_id"), type_="unique")
        batch_op.drop_constraint(
            batch_op.f("fk_appointments_origin_ticket_id_tickets"), type_="foreignkey"
        )
        for name in (
            "origin_ticket_id",
            "on_time",
            "checked_in_at",
            "cancelled_at",
            "booked_at",
            "external_id",
            "place",
            "status",
            *(name for name, _ in _TEXT_COLUMNS),
        ):
            batch_op.drop_column(name)
    op.drop_table("appointment_rules")
