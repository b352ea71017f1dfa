"""Tamper evidence: check every MAC chain against the hall's key and against the anchors.

Each row is checked on its own against the MAC stored in the row before it, so a rewritten
row is named even when later rows are intact, and a chain re-computed without the key (the
old unkeyed hash, or a wrong key) fails from the first row the attacker re-computed. The
anchors (heads kept outside the database) catch what the chain alone cannot: the last rows
deleted. Closed follow-ups and complaints are checked against their sealed closing records.
"""

from __future__ import annotations

import datetime as dt
import hmac
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, select

from app.appraisal.complaints import retention_cutoff
from app.models import AuditLog, Base, Closing
from app.models.anchors import Anchor
from app.models.chain import CHAINS, GENESIS, Chain, seal, short
from app.models.closings import COMPLAINT, FOLLOW_UP, closed_states
from app.models.hall_key import connection_key
from app.models.recovery import CopyRules

SEALED_ACTION = "chains_sealed"  # the audit row of migration 0004 (re-sealing with the key)
CLOSED_TABLES = {FOLLOW_UP: ("follow_ups", "差评回访"), COMPLAINT: ("complaints", "投诉登记")}


@dataclass(frozen=True)
class Finding:
    table: str
    row: int  # the first bad row
    zh: str
    en: str

    def line(self) -> str:
        where = f"table {self.table}, row {self.row}"
        return f"FAIL {self.table} 第 {self.row} 行：{self.zh} / {where}: {self.en}"


@dataclass
class Check:
    """One chain (or one table of closed rows) and what was found in it."""

    label: str
    summary_zh: str
    summary_en: str
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.findings

    def describe(self) -> str:
        if self.ok:
            return f"OK   {self.label}：{self.summary_zh} / {self.summary_en}"
        return "\n".join(finding.line() for finding in self.findings)


@dataclass
class Verification:
    checks: list[Check]
    notes: list[str]

    @property
    def ok(self) -> bool:
        return all(check.ok for check in self.checks)

    def lines(self) -> list[str]:
        return [check.describe() for check in self.checks] + self.notes


def _check_chain(
    conn: Connection, key: bytes, chain: Chain, anchors: list[Anchor]
) -> tuple[Check, bool | None]:
    """The chain's check, and whether every row fails (a wrong key?); None when empty."""
    table = Base.metadata.tables[chain.table]
    columns = [table.c.id, table.c.hash, *(table.c[name] for name in chain.fields)]
    wanted = {anchor.id for anchor in anchors}
    seen: dict[int, str] = {}
    previous, rows, bad, first_bad, last_id = GENESIS, 0, 0, None, 0
    result = conn.execution_options(yield_per=5000).execute(select(*columns).order_by(table.c.id))
    for row in result:
        values = row._mapping
        rows += 1
        expected = seal(key, chain, previous, {name: values[name] for name in chain.fields})
        if not hmac.compare_digest(expected, values["hash"] or ""):
            bad += 1
            first_bad = first_bad if first_bad is not None else row.id
        previous = values["hash"] or ""
        last_id = row.id
        if row.id in wanted:
            seen[row.id] = previous
    findings: list[Finding] = []
    if first_bad is not None:
        findings.append(
            Finding(
                chain.table,
                first_bad,
                f"与其校验码不符：该行被改写，或链被不知密钥者重算（共 {bad} 行不符）",
                "does not match its MAC: the row was rewritten, or the chain was re-computed "
                f"without the hall's key ({bad} row(s) fail)",
            )
        )
    findings += _check_anchors(chain, anchors, seen, last_id)
    head = f"#{last_id} {short(previous)}" if rows else "#0"
    zh, en = f"{rows} 行完整，链头 {head}", f"{rows} rows intact, head {head}"
    if anchors:
        zh, en = f"{zh}，锚点 {len(anchors)} 个相符", f"{en}, {len(anchors)} anchor(s) match"
    check = Check(chain.label, zh, en, findings)
    return check, (bad == rows if rows else None)


def _check_anchors(
    chain: Chain, anchors: list[Anchor], seen: dict[int, str], last_id: int
) -> list[Finding]:
    """The earliest anchor the table no longer agrees with, if any."""
    failing: list[tuple[int, Anchor, str, str]] = []
    for anchor in anchors:
        if anchor.id == 0:
            continue  # taken while the chain was empty
        source = anchor.source
        if anchor.id > last_id:
            first = last_id + 1
            failing.append(
                (
                    first,
                    anchor,
                    f"该行及其后各行缺失：锚点 {source} 记录链头为第 {anchor.id} 行，"
                    "末尾记录被删除",
                    f"missing, and so are the rows after it: the anchor {source} recorded head "
                    f"#{anchor.id}, so the last rows were deleted",
                )
            )
        elif anchor.id not in seen:
            failing.append(
                (
                    anchor.id,
                    anchor,
                    f"缺失：锚点 {source} 记录过该行",
                    f"is missing: the anchor {source} recorded it",
                )
            )
        elif short(seen[anchor.id]) != anchor.digest:
            failing.append(
                (
                    anchor.id,
                    anchor,
                    f"与锚点 {source} 记录的链头不符：此前的记录被删除或改写",
                    f"differs from the head recorded in the anchor {source}: rows up to it "
                    "were deleted or rewritten",
                )
            )
    if not failing:
        return []
    first, _anchor, zh, en = min(failing, key=lambda item: item[0])
    more = len(failing) - 1
    return [
        Finding(
            chain.table,
            first,
            zh + (f"（另有 {more} 个锚点不符）" if more else ""),
            en + (f" ({more} more anchor(s) disagree)" if more else ""),
        )
    ]


def _check_closed(conn: Connection, today: dt.date) -> list[Check]:
    """Each closed follow-up and complaint holds what its (latest) closing record sealed."""
    latest: dict[tuple[str, int], tuple[int, Any]] = {}
    for closing_id, kind, target, data in conn.execute(
        select(Closing.id, Closing.kind, Closing.target_id, Closing.data).order_by(Closing.id)
    ):
        latest[(kind, target)] = (closing_id, data)
    cutoff = retention_cutoff(today).isoformat()
    checks = []
    for kind, (table, zh) in CLOSED_TABLES.items():
        states = closed_states(conn, kind)
        findings: list[Finding] = []
        closed = 0
        for target, state in sorted(states.items()):
            record = latest.get((kind, target))
            if state["status"] == "closed":
                closed += 1
                if record is None:
                    findings.append(
                        Finding(
                            table, target, "已办结但没有办结记录", "closed without a closing record"
                        )
                    )
                elif record[1] != state:
                    changed = sorted(k for k in state if state.get(k) != record[1].get(k))
                    findings.append(
                        Finding(
                            table,
                            target,
                            f"与办结记录 #{record[0]} 不符（{'、'.join(changed)}）",
                            f"differs from its closing record #{record[0]} ({', '.join(changed)})",
                        )
                    )
            elif record is not None:
                findings.append(
                    Finding(
                        table,
                        target,
                        f"办结记录 #{record[0]} 之后被重新打开",
                        f"reopened after its closing record #{record[0]}",
                    )
                )
        for (record_kind, target), (closing_id, data) in sorted(latest.items()):
            if record_kind != kind or target in states:
                continue
            if kind == COMPLAINT and str(data.get("received_at", "")) < cutoff:
                continue  # deleted after the one-year retention, as complaints.py allows
            findings.append(
                Finding(
                    table,
                    target,
                    f"已被删除，但办结记录 #{closing_id} 记录过它",
                    f"was deleted, though the closing record #{closing_id} sealed it",
                )
            )
        findings.sort(key=lambda finding: finding.row)
        checks.append(
            Check(
                f"{table} {zh}",
                f"{closed} 件已办结，均与办结记录相符",
                f"{closed} closed, each as its closing record sealed it",
                findings,
            )
        )
    return checks


def _sealing_notes(conn: Connection) -> list[str]:
    """What migration 0004 found in the old unkeyed chains before it sealed them."""
    notes = []
    for audit_id, at, before in conn.execute(
        select(AuditLog.id, AuditLog.at, AuditLog.before).where(AuditLog.action == SEALED_ACTION)
    ):
        for table, part in sorted((before or {}).items()):
            broken = part.get("old_chain_broken_at") if isinstance(part, dict) else None
            if broken is not None:
                notes.append(
                    f"注意 {table}：{at:%Y-%m-%d} 以密钥封存时，旧的无密钥链已在第 {broken} 行断开"
                    f"（审计记录 #{audit_id}）/ note: when the chains were sealed with the key on "
                    f"{at:%Y-%m-%d}, the old unkeyed {table} chain was already broken at row "
                    f"{broken} (audit row #{audit_id})"
                )
    return notes


def verify_chains(
    conn: Connection,
    key: bytes | None = None,
    anchors: Iterable[Anchor] = (),
    today: dt.date | None = None,
) -> Verification:
    """Check every chain with `key` (default: the key the connection's Database carries),
    against the anchors given, and the closed follow-ups and complaints."""
    key = key if key is not None else connection_key(conn)
    anchors = list(anchors)
    checks: list[Check] = []
    all_bad: list[bool] = []
    for chain in CHAINS:
        check, every_row = _check_chain(
            conn, key, chain, [a for a in anchors if a.table == chain.table]
        )
        checks.append(check)
        if every_row is not None:
            all_bad.append(every_row)
    checks += _check_closed(conn, today or dt.date.today())
    notes = _sealing_notes(conn)
    if all_bad and all(all_bad):
        notes.append(
            "提示：每条链自第一行起全部不符，所用密钥文件可能不是本大厅的 / "
            "hint: every chain fails from its first row: is this the hall's key file?"
        )
    return Verification(checks, notes)


def copy_rules(hall_id: str | None, key: bytes | None) -> CopyRules:
    """What a copy of the database must match to replace it: this hall's id, and chains
    intact under the hall's key (with no key at hand, the chains cannot be checked)."""

    def chains(conn: Connection) -> list[Check]:
        assert key is not None
        return verify_chains(conn, key).checks

    return CopyRules(hall_id, chains if key is not None else None)
