"""keyed chains: the audit log and the closings of follow-ups and complaints are chained, and
every chain is re-sealed with the hall's MAC key

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 09:00:00

Before this revision the events and ratings were chained with unkeyed SHA-256, which anyone
with the database file can recompute. This revision first checks those old chains, then seals
every chain with the hall's key (the key the Database carries; run from the alembic command
line, the default key file, created if missing).

If an old chain is already broken, the rows are sealed all the same (the hall must keep
working), but the break is not laundered: the revision appends a "chains_sealed" audit row
(itself sealed) naming each old chain's first broken row, `verify` prints it on every run, and
Database keeps the pre-migration copy of the file in backups/premigrate-0003-*.db.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from collections.abc import Iterator, Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

from app.models.audit import append_audit
from app.models.base import Base
from app.models.chain import AUDIT, EVENTS, GENESIS, Chain, Sealer
from app.models.closings import COMPLAINT, FOLLOW_UP, append_closing
from app.models.hall_key import INFO_KEY, default_key_file, fingerprint, load_or_create_key

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

log = logging.getLogger("alembic.runtime.migration")
# The ratings chain as it was sealed at this revision (later revisions add nullable columns,
# which a NULL leaves out of a row's MAC; this revision must not read columns it predates).
RATINGS = Chain(
    "ratings",
    (
        "ticket_id", "window_id", "staff_id", "level", "scale", "at", "device",
        "device_address", "keypad_session", "raw_frame", "corrects_id", "corrected_by", "reason",
    ),
    (),
    "评价及更正",
)  # fmt: skip
PAGE = 5000
SEALED_ACTION = "chains_sealed"


def _legacy_hash(previous: str, fields: dict[str, Any]) -> str:
    """The unkeyed SHA-256 link of revisions 0001-0003 (frozen here, used by nothing else)."""

    def plain(value: Any) -> Any:
        return value.isoformat() if isinstance(value, dt.datetime | dt.date | dt.time) else value

    payload = json.dumps(
        {key: plain(value) for key, value in fields.items()},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256((previous + payload).encode("utf-8")).hexdigest()


def _pages(bind: sa.Connection, chain: Chain) -> Iterator[list[dict[str, Any]]]:
    """Rows of a chain's table in id order, a page at a time (each page is read afresh after
    the previous one was updated, so no cursor stays open on a table being written). The
    models' typed columns read them exactly as `verify` does."""
    table = Base.metadata.tables[chain.table]
    columns = [table.c.id, table.c.hash, *(table.c[name] for name in chain.fields)]
    last = 0
    while True:
        rows = bind.execute(
            sa.select(*columns).where(table.c.id > last).order_by(table.c.id).limit(PAGE)
        ).all()
        if not rows:
            return
        yield [dict(row._mapping) for row in rows]
        last = rows[-1].id


def _reseal(bind: sa.Connection, key: bytes, chain: Chain, legacy: bool) -> dict[str, Any]:
    """Check the old chain (when there was one), then seal every row with the key."""
    seal = Sealer(key, chain)
    previous, broken, count = GENESIS, None, 0
    update = sa.text(f"UPDATE {chain.table} SET hash = :mac WHERE id = :id")
    for page in _pages(bind, chain):
        macs = []
        for values in page:
            count += 1
            fields = {name: values[name] for name in chain.fields}
            if legacy and broken is None:
                if _legacy_hash(previous, fields) != values["hash"]:
                    broken = values["id"]
                previous = values["hash"]
            macs.append({"id": values["id"], "mac": seal(fields)})
        bind.execute(update, macs)
    return {"rows": count, "old_chain_broken_at": broken} if legacy else {"rows": count}


def upgrade() -> None:
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.add_column(sa.Column("hash", sa.String(length=64), nullable=True))
    op.create_table(
        "closings",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("by", sa.String(length=64), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_closings")),
    )
    with op.batch_alter_table("closings", schema=None) as batch_op:
        batch_op.create_index("ix_closings_target", ["kind", "target_id"], unique=False)

    bind = op.get_bind()
    key = bind.info.get(INFO_KEY)
    if key is None:  # the alembic command line: the default key file
        key = load_or_create_key(default_key_file())[0]
        bind.info[INFO_KEY] = key
    report = {
        EVENTS.table: _reseal(bind, key, EVENTS, legacy=True),
        RATINGS.table: _reseal(bind, key, RATINGS, legacy=True),
        AUDIT.table: _reseal(bind, key, AUDIT, legacy=False),
    }
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.alter_column("hash", existing_type=sa.String(length=64), nullable=False)
    report["closings"] = {"rows": _seal_closed(bind)}
    if any(part["rows"] for part in report.values()):
        for table, part in report.items():
            if part.get("old_chain_broken_at") is not None:
                log.warning(
                    "the old unkeyed %s chain was already broken at row %s; sealed anyway, "
                    "and recorded in the audit log",
                    table,
                    part["old_chain_broken_at"],
                )
        append_audit(
            bind,
            at=dt.datetime.now().replace(microsecond=0),
            actor="migration 0004",
            action=SEALED_ACTION,
            target="chains",
            before=report,
            after={"key_fingerprint": fingerprint(key)},
        )


def _seal_closed(bind: sa.Connection) -> int:
    """A closing record for each follow-up and complaint closed before this revision."""
    closed = [
        (row.closed_at, FOLLOW_UP, row.id, row.handled_by or "")
        for row in bind.execute(
            sa.text("SELECT id, closed_at, handled_by FROM follow_ups WHERE status = 'closed'")
        )
    ] + [
        (row.closed_at, COMPLAINT, row.id, row.recorded_by or "")
        for row in bind.execute(
            sa.text("SELECT id, closed_at, recorded_by FROM complaints WHERE status = 'closed'")
        )
    ]
    closed.sort(key=lambda item: (str(item[0] or ""), item[1], item[2]))
    for closed_at, kind, target, by in closed:
        at = dt.datetime.fromisoformat(closed_at) if isinstance(closed_at, str) else closed_at
        append_closing(bind, kind, target, by=by, at=at or dt.datetime.now())
    return len(closed)


def downgrade() -> None:
    bind = op.get_bind()
    for chain in (EVENTS, RATINGS):  # back to the unkeyed chains of revision 0003
        previous = GENESIS
        update = sa.text(f"UPDATE {chain.table} SET hash = :mac WHERE id = :id")
        for page in _pages(bind, chain):
            macs = []
            for values in page:
                previous = _legacy_hash(previous, {name: values[name] for name in chain.fields})
                macs.append({"id": values["id"], "mac": previous})
            bind.execute(update, macs)
    with op.batch_alter_table("closings", schema=None) as batch_op:
        batch_op.drop_index("ix_closings_target")
    op.drop_table("closings")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_column("hash")
