"""A hall with every kind of sealed record, its own key file and anchors, for tamper tests.

The attacker's tools are here too: plain sqlite3 on the database file (no app code), and the
old unkeyed SHA-256 chain they would recompute.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, insert, select

from app.__main__ import main
from app.appraisal.complaints import close_complaint, register_complaint
from app.appraisal.followups import follow_ups, sync_follow_ups, update_follow_up
from app.appraisal.ratings import correct_rating
from app.appraisal.settings import DEFAULT_SETTINGS
from app.models import Database, Rating, Staff, StaffRole, sqlite_url
from app.models.anchors import HEADS_FOLDER, append_heads
from app.models.audit import append_audit
from app.models.chain import GENESIS, RATING_FIELDS, chain_heads
from app.queue import ManualClock, QueueEngine
from tests.visitor import rate

ROOT = Path(__file__).resolve().parents[2]
MONDAY_9 = dt.datetime(2026, 11, 23, 9, 0, 0)
DAY = MONDAY_9.date()
SUPERVISOR = "9001"


@dataclass
class SealedHall:
    folder: Path
    ratings: list[int] = field(default_factory=list)
    audit: list[int] = field(default_factory=list)
    follow_up: int = 0
    complaint: int = 0
    last_event: int = 0

    @property
    def db_path(self) -> Path:
        return self.folder / "hall.db"

    @property
    def key_file(self) -> Path:
        return self.folder / "hall.key"

    @property
    def anchors(self) -> Path:
        return self.folder / "anchors"

    @property
    def url(self) -> str:
        return sqlite_url(self.db_path)

    def open(self) -> Database:
        return Database(self.url, key_file=self.key_file)

    def sql(self, statement: str, *params: object) -> None:
        """The attacker: sqlite3 on the file, no app code, no key."""
        conn = sqlite3.connect(self.db_path)
        try:
            conn.execute(statement, params)
            conn.commit()
        finally:
            conn.close()

    def rows(self, query: str, *params: object) -> list[tuple[object, ...]]:
        conn = sqlite3.connect(self.db_path)
        try:
            return list(conn.execute(query, params))
        finally:
            conn.close()

    def anchor_now(self, *, heads_file: bool = True, manifest: bool = True) -> None:
        """What the closing job and a backup do: the heads into a heads file, a manifest."""
        db = self.open()
        try:
            with db.read() as conn:
                heads = chain_heads(conn)
        finally:
            db.dispose()
        if heads_file:
            append_heads(self.anchors / HEADS_FOLDER, DAY, heads, MONDAY_9)
        if manifest:  # a backup manifest's own layout, the heads nested inside
            path = self.anchors / "backups" / f"hall-{DAY}.manifest.json"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(
                json.dumps({"file": f"hall-{DAY}.db", "database": {"chain_heads": heads}}),
                encoding="utf-8",
            )

    def verify(self, *extra: str, capsys: object = None) -> tuple[int, str]:
        """`python -m app verify` in this process; returns (exit code, stdout)."""
        assert capsys is not None
        capsys.readouterr()  # type: ignore[attr-defined]
        code = main(["verify", "--db", self.url, "--key-file", str(self.key_file), *extra])
        return code, capsys.readouterr().out  # type: ignore[attr-defined]

    def verify_process(self, *extra: str, key: bool = True) -> subprocess.CompletedProcess[str]:
        """The real command line, as a separate process."""
        args = [sys.executable, "-m", "app", "verify", "--db", self.url, *extra]
        if key:
            args += ["--key-file", str(self.key_file)]
        env = {**os.environ, "HALLQUEUE_HOME": str(self.folder / "home")}
        return subprocess.run(
            args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
        )


def build_sealed_hall(folder: Path, template: Path) -> SealedHall:
    """Ratings (one corrected), events, audit rows, a closed follow-up and a closed complaint."""
    folder.mkdir(parents=True, exist_ok=True)
    hall = SealedHall(folder)
    shutil.copy(template, hall.db_path)
    db = hall.open()
    clock = ManualClock(MONDAY_9)
    engine = QueueEngine(db, clock=clock)
    engine.sign_in(1, "1001")
    for level in (5, 2, 4, 3, 5):
        ticket = engine.issue_ticket("A").ticket.id
        engine.call_next(1)
        clock.advance(minutes=3)
        engine.finish(1, "done")
        clock.advance(seconds=2)
        hall.ratings.append(rate(engine, ticket, level).id)
    now = clock.now()
    with db.write() as conn:
        conn.execute(
            insert(Staff).values(
                staff_no=SUPERVISOR,
                name="主管",
                title="科长",
                role=StaffRole.SUPERVISOR.value,
                password_hash="x",
            )
        )
        hall.ratings.append(
            correct_rating(
                conn,
                hall.ratings[3],
                4,
                by_staff_no=SUPERVISOR,
                reason="群众按错键，现场确认",
                now=now,
                settings=DEFAULT_SETTINGS,
            )
        )
        for n in range(3):
            hall.audit.append(
                append_audit(
                    conn,
                    at=now,
                    actor="admin",
                    action="service_save",
                    target=f"service:{n}",
                    before={"name": f"旧{n}"},
                    after={"name": f"新{n}", "limits": (1, 2)},
                )
            )
        sync_follow_ups(conn, DEFAULT_SETTINGS)
        [bad] = follow_ups(conn)
        hall.follow_up = bad.id
        update_follow_up(
            conn, bad.id, visit_result="已电话回访，群众表示理解", close=True, by="admin", now=now
        )
        hall.complaint = register_complaint(
            conn, kind="complaint", received_at=now, content="窗口态度差", settings=DEFAULT_SETTINGS
        )
        close_complaint(
            conn,
            hall.complaint,
            result="已约谈",
            feedback="已电话告知",
            substantiated=True,
            now=now,
            by="admin",
        )
    hall.last_event = engine.last_seq()
    db.dispose()
    return hall


def _payload(fields: dict[str, Any]) -> str:
    plain = {k: v.isoformat() if isinstance(v, dt.datetime) else v for k, v in fields.items()}
    return json.dumps(plain, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def legacy_hash(previous: str, fields: dict[str, Any]) -> str:
    """The old unkeyed SHA-256 link (revisions 0001-0003), as an attacker recomputes it."""
    return hashlib.sha256((previous + _payload(fields)).encode("utf-8")).hexdigest()


def rechain_ratings(
    hall: SealedHall, from_id: int, link: Callable[[str, dict[str, Any]], str]
) -> None:
    """The attacker re-computes the ratings chain from `from_id` on with `link`, starting
    from the MAC stored in the row before (so the rows before still verify)."""
    engine = create_engine(hall.url)  # the bare file: no Database, no key
    try:
        with engine.connect() as conn:
            rows = conn.execute(select(Rating).order_by(Rating.id)).all()
    finally:
        engine.dispose()
    previous = GENESIS
    for row in rows:
        if row.id >= from_id:
            previous = link(previous, {name: getattr(row, name) for name in RATING_FIELDS})
            hall.sql("UPDATE ratings SET hash = ? WHERE id = ?", previous, row.id)
        else:
            previous = row.hash
