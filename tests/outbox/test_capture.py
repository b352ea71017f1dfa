"""The city channel's capture: the triggers queue each change of a mirrored table in its own
transaction, only once the channel is on; switching it on queues the hall's history; a
trigger a migration dropped is put back; the ratings sealed before revision 0009 verify."""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path
from typing import Any

from alembic import command
from sqlalchemy import create_engine, func, select, text

from app.appraisal.verify import verify_chains
from app.models import Database, OutboxItem, sqlite_url
from app.models.chain import RATINGS, Chain, Sealer
from app.models.db import alembic_config
from app.models.outbox import CAPTURED, CITY, WHOLE_TABLES, capture_triggers, install_capture
from app.outbox.items import disable, enable
from app.queue import QueueEngine
from tests.outbox.conftest import Rate


def city_items(db: Database) -> list[Any]:
    with db.read() as conn:
        return list(
            conn.execute(
                select(OutboxItem.kind, OutboxItem.ref)
                .where(OutboxItem.channel == CITY)
                .order_by(OutboxItem.id)
            )
        )


def test_every_mirrored_table_has_its_capture_triggers(db: Database) -> None:
    with db.read() as conn:
        found = capture_triggers(conn)
    expected = {f"outbox_city_{t}_{op}" for t in CAPTURED for op in ("i", "u", "d")}
    expected -= {f"outbox_city_{t}_{op}" for t in ("events", "ratings", "closings") for op in "ud"}
    assert found == expected


def test_nothing_is_captured_until_the_city_channel_is_on(db: Database, rate: Rate) -> None:
    rate(5)
    assert city_items(db) == []


def test_each_change_is_queued_in_its_own_transaction_with_the_rows_id(
    city: Database, engine: QueueEngine
) -> None:
    before = len(city_items(city))
    engine.sign_in(1, "1001")
    ticket = engine.issue_ticket("A").ticket
    engine.call_next(1)
    found = city_items(city)[before:]
    kinds = [kind for kind, _ in found]
    assert kinds.count("tickets") == 2  # issued, then called: the same row twice
    assert {ref for kind, ref in found if kind == "tickets"} == {str(ticket.id)}
    assert kinds.count("staff_sessions") == 1 and kinds.count("events") == 3


def test_a_failed_transaction_queues_nothing(city: Database, engine: QueueEngine) -> None:
    before = len(city_items(city))

    def failing(tx: Any) -> None:
        tx.log("anything", note="x")
        raise RuntimeError("rolled back")

    with contextlib.suppress(RuntimeError):
        engine.run(failing)
    assert len(city_items(city)) == before


def test_switching_the_city_on_queues_the_halls_history_in_order(db: Database, rate: Rate) -> None:
    for level in (5, 4, 2):
        rate(level)
    assert enable(db, CITY, "city") is True
    found = city_items(db)
    whole = [kind for kind, ref in found if ref == "*"]
    assert sorted(whole) == sorted(WHOLE_TABLES)
    with db.read() as conn:
        events = conn.scalar(text("SELECT count(*) FROM events"))
        tickets = conn.scalar(text("SELECT count(*) FROM tickets"))
    assert sum(1 for kind, _ in found if kind == "events") == events
    assert [ref for kind, ref in found if kind == "tickets"] == [
        str(i) for i in range(1, tickets + 1)
    ]
    assert enable(db, CITY, "city") is False  # on already: nothing queued again
    assert len(city_items(db)) == len(found)
    disable(db, CITY)
    rate(5)
    assert len(city_items(db)) == len(found)  # off: nothing more


def test_a_trigger_dropped_by_a_migration_is_put_back(db: Database) -> None:
    with db.write() as conn:
        conn.execute(text("DROP TRIGGER outbox_city_tickets_u"))
        install_capture(conn)
        install_capture(conn)  # twice: harmless
    with db.read() as conn:
        assert "outbox_city_tickets_u" in capture_triggers(conn)


def test_ratings_sealed_before_revision_0009_still_verify(tmp_path: Path) -> None:
    """A hall at revision 0006 with sealed ratings; upgraded, its chain verifies, and a new
    rating with a 办件编号 chains on."""
    url = sqlite_url(tmp_path / "old.db")
    key = bytes(range(32))
    db = Database(url, mac_key=key, migrate=False)
    with db.engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0006")
    fields_0006 = tuple(f for f in RATINGS.fields if f not in ("case_no", "item_code"))
    sealer = Sealer(key, Chain("ratings", fields_0006, ("reasons",), "评价及更正"))
    raw = create_engine(url)
    with raw.begin() as conn:
        for statement in (
            "INSERT INTO services (id, code, name, group_name, promised_minutes, open_at,"
            " close_at, sort_order, active) VALUES (1, 'A', '社保', '', 10, '08:30:00.000000',"
            " '17:00:00.000000', 0, 1)",
            "INSERT INTO staff (id, staff_no, name, title, role, password_hash, active)"
            " VALUES (1, '1001', '王芳', '', 'clerk', '', 1)",
            "INSERT INTO windows (id, number, name, lunch_duty, keypad_url, keypad_address,"
            " active) VALUES (1, 1, '', 0, '', 1, 1)",
        ):
            conn.execute(text(statement))
        conn.execute(
            text(
                "INSERT INTO tickets (id, day, prefix, number, service_id, priority, state,"
                " issued_at, queue_at, window_id, staff_id, recalls, outcome_note, print_state,"
                " kiosk)"
                " VALUES (1, '2026-11-23', 'A', 1, 1, 0, 'finished', '2026-11-23 09:00:00.000000',"
                " '2026-11-23 09:00:00.000000', 1, 1, 0, '', 'printed', '')"
            )
        )
        at = dt.datetime(2026, 11, 23, 9, 5)
        fields = {f: None for f in fields_0006} | {
            "ticket_id": 1,
            "window_id": 1,
            "staff_id": 1,
            "level": 5,
            "scale": 5,
            "at": at,
            "device": "",
            "raw_frame": "",
            "corrected_by": "",
            "reason": "",
            "path": "bus",
        }
        mac = sealer(fields)
        conn.execute(
            text(
                "INSERT INTO ratings (ticket_id, window_id, staff_id, level, scale, at, device,"
                " raw_frame, corrected_by, reason, path, hash) VALUES (1, 1, 1, 5, 5,"
                " '2026-11-23 09:05:00.000000', '', '', '', '', 'bus', :mac)"
            ),
            {"mac": mac},
        )
    raw.dispose()
    db.dispose()
    upgraded = Database(url, mac_key=key)  # to the head: 0009
    with upgraded.read() as conn:
        assert verify_chains(conn, key, []).ok
        assert conn.scalar(select(func.count()).select_from(OutboxItem)) == 0
    upgraded.dispose()


def test_outbox_ids_are_never_used_again_after_the_outbox_empties(
    city: Database, rate: Rate
) -> None:
    """The city resumes a hall after the last id it applied: an id used twice would be
    taken for one it has."""
    from app.outbox.items import drop_through

    rate(5)
    with city.read() as conn:
        last = conn.scalar(select(func.max(OutboxItem.id)))
    drop_through(city, CITY, last)  # all delivered: the outbox is empty
    rate(4)
    with city.read() as conn:
        first_new = conn.scalar(select(func.min(OutboxItem.id)))
    assert first_new > last
