"""`verify` against someone who has the database file: each tamper made with plain sqlite3 on
the file is found and named (table, first bad row) with exit 1; an intact hall exits 0."""

from __future__ import annotations

import datetime as dt
import secrets
from pathlib import Path

import pytest
from sqlalchemy import select

from app.appraisal.complaints import close_complaint, delete_complaint, register_complaint
from app.appraisal.settings import DEFAULT_SETTINGS
from app.models import Ticket
from app.models.chain import RATINGS, seal
from app.queue.ratings import append_rating

from .sealed_hall import MONDAY_9, SealedHall, build_sealed_hall, legacy_hash, rechain_ratings

Capture = pytest.CaptureFixture[str]
CHAIN_TABLES = ("events", "ratings", "audit_log", "closings", "follow_ups", "complaints")


@pytest.fixture
def hall(demo_template: Path, tmp_path: Path) -> SealedHall:
    return build_sealed_hall(tmp_path / "hall", demo_template)


def fails(out: str) -> list[str]:
    return [line for line in out.splitlines() if line.startswith("FAIL")]


def test_an_intact_hall_passes_with_one_line_per_chain(hall: SealedHall, capsys: Capture) -> None:
    hall.anchor_now()
    code, out = hall.verify("--anchors", str(hall.anchors), capsys=capsys)
    assert code == 0, out
    ok = [line for line in out.splitlines() if line.startswith("OK")]
    assert [line.split()[1] for line in ok] == list(CHAIN_TABLES)
    assert f"ratings 评价及更正：{len(hall.ratings)} 行完整" in out
    assert "2 anchor(s) match" in out  # the heads file and the backup manifest
    assert fails(out) == []


def test_a_rewritten_rating_is_named(hall: SealedHall, capsys: Capture) -> None:
    target = hall.ratings[1]
    hall.sql("UPDATE ratings SET level = 5 WHERE id = ?", target)
    code, out = hall.verify(capsys=capsys)
    assert code == 1
    assert fails(out) == [
        f"FAIL ratings 第 {target} 行：与其校验码不符：该行被改写，或链被不知密钥者重算"
        f"（共 1 行不符） / table ratings, row {target}: does not match its MAC: the row was "
        "rewritten, or the chain was re-computed without the hall's key (1 row(s) fail)"
    ]


def test_a_rating_rewritten_and_rechained_unkeyed_is_named_by_the_command_line(
    hall: SealedHall,
) -> None:
    """The attack that passed before: rewrite a rating, recompute the unkeyed SHA-256 chain."""
    target = hall.ratings[1]
    hall.sql("UPDATE ratings SET level = 5 WHERE id = ?", target)
    rechain_ratings(hall, target, legacy_hash)
    done = hall.verify_process()
    assert done.returncode == 1, done.stdout + done.stderr
    later = len([r for r in hall.ratings if r >= target])
    assert fails(done.stdout) == [
        f"FAIL ratings 第 {target} 行：与其校验码不符：该行被改写，或链被不知密钥者重算"
        f"（共 {later} 行不符） / table ratings, row {target}: does not match its MAC: the row "
        "was rewritten, or the chain was re-computed without the hall's key "
        f"({later} row(s) fail)"
    ]


def test_a_rating_rechained_with_a_wrong_key_is_named(hall: SealedHall, capsys: Capture) -> None:
    """The attacker knows the algorithm (it is in the source) but not the hall's key."""
    target = hall.ratings[2]
    guess = secrets.token_bytes(32)
    hall.sql("UPDATE ratings SET level = 1 WHERE id = ?", target)
    rechain_ratings(hall, target, lambda previous, fields: seal(guess, RATINGS, previous, fields))
    code, out = hall.verify(capsys=capsys)
    assert code == 1
    [line] = fails(out)
    assert line.startswith(f"FAIL ratings 第 {target} 行")


def test_a_rewritten_audit_row_is_named(hall: SealedHall, capsys: Capture) -> None:
    target = hall.audit[1]
    hall.sql("UPDATE audit_log SET actor = '1001' WHERE id = ?", target)
    code, out = hall.verify(capsys=capsys)
    assert code == 1
    [line] = fails(out)
    assert line.startswith(f"FAIL audit_log 第 {target} 行：与其校验码不符")


def test_deleting_the_last_events_is_found_with_the_anchors_by_the_command_line(
    hall: SealedHall,
) -> None:
    hall.anchor_now(manifest=False)  # the closing job's heads file only
    kept = hall.last_event - 10
    hall.sql("DELETE FROM events WHERE id > ?", kept)
    alone = hall.verify_process()
    assert alone.returncode == 0, alone.stdout  # a shorter chain is still a valid chain ...
    done = hall.verify_process("--anchors", str(hall.anchors))
    assert done.returncode == 1  # ... but not the chain the anchor recorded
    heads = hall.anchors / "heads" / "heads-2026-11-23.jsonl"
    assert fails(done.stdout) == [
        f"FAIL events 第 {kept + 1} 行：该行及其后各行缺失：锚点 {heads} 记录链头为第 "
        f"{hall.last_event} 行，末尾记录被删除 / table events, row {kept + 1}: missing, and so are "
        f"the rows after it: the anchor {heads} recorded head #{hall.last_event}, so the last "
        "rows were deleted"
    ]


def test_deleting_the_last_rating_is_found_with_a_backup_manifest(
    hall: SealedHall, capsys: Capture
) -> None:
    hall.anchor_now(heads_file=False)  # a backup manifest only
    last = hall.ratings[-1]
    hall.sql("DELETE FROM ratings WHERE id = ?", last)
    assert hall.verify(capsys=capsys)[0] == 0
    code, out = hall.verify("--anchors", str(hall.anchors), capsys=capsys)
    assert code == 1
    [line] = fails(out)
    assert line.startswith(f"FAIL ratings 第 {last} 行：该行及其后各行缺失：锚点 ")
    assert "manifest.json" in line


def test_a_deleted_rating_followed_by_a_new_one_differs_from_the_anchor(
    hall: SealedHall, capsys: Capture
) -> None:
    """SQLite gives the next rating the deleted row's id: the anchor's digest tells them apart."""
    hall.anchor_now()
    last = hall.ratings[-1]
    [(ticket, original)] = hall.rows(
        "SELECT ticket_id, corrects_id FROM ratings WHERE id = ?", last
    )
    hall.sql("DELETE FROM ratings WHERE id = ?", last)
    db = hall.open()
    with db.write() as conn:  # the hall goes on: the next rating row is written
        window = conn.scalar(select(Ticket.window_id).where(Ticket.id == ticket))
        again = append_rating(
            conn,
            ticket_id=ticket,
            window_id=window,
            level=1,
            at=MONDAY_9,
            corrects_id=original,
            corrected_by="9001",
            reason="x",
        )
    db.dispose()
    assert again == last
    code, out = hall.verify("--anchors", str(hall.anchors), capsys=capsys)
    assert code == 1
    [line] = fails(out)
    assert line.startswith(f"FAIL ratings 第 {last} 行：与锚点 ")
    assert "另有 1 个锚点不符" in line


def test_a_rewritten_follow_up_closing_is_named(hall: SealedHall, capsys: Capture) -> None:
    hall.sql("UPDATE follow_ups SET deadline = '2027-01-01' WHERE id = ?", hall.follow_up)
    code, out = hall.verify(capsys=capsys)
    assert code == 1
    [line] = fails(out)
    assert line.startswith(
        f"FAIL follow_ups 第 {hall.follow_up} 行：与办结记录 #1 不符（deadline）"
    )


def test_a_rewritten_closing_record_is_named(hall: SealedHall, capsys: Capture) -> None:
    hall.sql("UPDATE closings SET data = json_set(data, '$.visit_result', '群众满意') WHERE id = 1")
    code, out = hall.verify(capsys=capsys)
    assert code == 1
    assert [line.split("：")[0] for line in fails(out)] == [
        "FAIL closings 第 1 行",  # the record no longer matches its MAC
        f"FAIL follow_ups 第 {hall.follow_up} 行",  # nor the row it sealed
    ]


def test_a_reopened_follow_up_and_a_changed_complaint_are_named(
    hall: SealedHall, capsys: Capture
) -> None:
    hall.sql("UPDATE follow_ups SET status = 'open', closed_at = NULL WHERE id = ?", hall.follow_up)
    hall.sql("UPDATE complaints SET substantiated = 0 WHERE id = ?", hall.complaint)
    code, out = hall.verify(capsys=capsys)
    assert code == 1
    assert fails(out) == [
        f"FAIL follow_ups 第 {hall.follow_up} 行：办结记录 #1 之后被重新打开 / table follow_ups, "
        f"row {hall.follow_up}: reopened after its closing record #1",
        f"FAIL complaints 第 {hall.complaint} 行：与办结记录 #2 不符（substantiated） / table "
        f"complaints, row {hall.complaint}: differs from its closing record #2 (substantiated)",
    ]


def test_a_deleted_recent_complaint_is_named(hall: SealedHall, capsys: Capture) -> None:
    hall.sql("DELETE FROM complaints WHERE id = ?", hall.complaint)
    code, out = hall.verify(capsys=capsys)
    assert code == 1
    [line] = fails(out)
    assert line.startswith(f"FAIL complaints 第 {hall.complaint} 行：已被删除")


def test_without_the_key_file_verify_exits_2_and_says_where_it_looked(hall: SealedHall) -> None:
    done = hall.verify_process(key=False)  # HALLQUEUE_HOME is an empty folder
    assert done.returncode == 2
    looked = hall.folder / "home" / "hall.key"
    assert f"looked for {looked} (beside the config file {looked.parent}/hallqueue.toml)" in (
        done.stderr
    )
    assert "找不到大厅密钥文件" in done.stderr


def test_another_hall_key_fails_every_chain_and_says_so(hall: SealedHall, capsys: Capture) -> None:
    other = hall.folder / "other.key"
    other.write_text(secrets.token_hex(32) + "\n", encoding="ascii")
    capsys.readouterr()
    from app.__main__ import main

    code = main(["verify", "--db", hall.url, "--key-file", str(other)])
    out = capsys.readouterr().out
    assert code == 1
    assert {line.split()[1] for line in fails(out)} == {
        "events",
        "ratings",
        "audit_log",
        "closings",
    }
    assert "is this the hall's key file?" in out


def test_a_rating_deleted_from_the_middle_names_the_row_after_it(
    hall: SealedHall, capsys: Capture
) -> None:
    gone, after = hall.ratings[2], hall.ratings[3]
    hall.sql("DELETE FROM ratings WHERE id = ?", gone)
    code, out = hall.verify(capsys=capsys)
    assert code == 1
    [line] = fails(out)
    assert line.startswith(f"FAIL ratings 第 {after} 行：与其校验码不符")


def test_a_complaint_deleted_after_its_year_of_retention_is_not_reported(
    hall: SealedHall, capsys: Capture
) -> None:
    received = dt.datetime.combine(dt.date.today() - dt.timedelta(days=800), dt.time(10))
    db = hall.open()
    with db.write() as conn:
        old = register_complaint(
            conn,
            kind="suggestion",
            received_at=received,
            content="建议",
            settings=DEFAULT_SETTINGS,
            promised_on=received.date(),  # a 建议 is registered with its promised reply date
        )
        close_complaint(
            conn, old, result="已采纳", feedback="已告知", substantiated=False, now=received
        )
        delete_complaint(conn, old, dt.date.today())
    db.dispose()
    code, out = hall.verify(capsys=capsys)
    assert code == 0, out
