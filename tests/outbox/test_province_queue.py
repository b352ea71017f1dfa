"""Every rating, correction and 差评 整改 result is queued for the 好差评 platform in the
transaction that records it, with the case's 办件编号 and 事项编码; nothing is queued when the
hall does not upload, and nothing when the record itself is not written."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import func, select

from app.appraisal.followups import sync_follow_ups, update_follow_up
from app.appraisal.ratings import correct_rating
from app.appraisal.settings import DEFAULT_SETTINGS
from app.appraisal.verify import verify_chains
from app.models import Database, FollowUp, OutboxItem, Rating, RatingPath
from app.models import hall_config as hc
from app.models.hall_id import read_hall_id
from app.models.hall_key import connection_key
from app.outbox.province import enqueue_rating
from app.queue import QueueEngine
from app.queue.case_numbers import InvalidCaseNumber
from app.queue.ratings import record
from tests.outbox.conftest import Rate


def queued(db: Database) -> list[Any]:
    with db.read() as conn:
        return list(
            conn.execute(
                select(OutboxItem.kind, OutboxItem.ref, OutboxItem.payload).order_by(OutboxItem.id)
            )
        )


def test_a_rating_is_queued_with_its_case_number_item_code_reasons_and_channel(
    province: Database, rate: Rate
) -> None:
    with province.write() as conn:
        hc.save_service(conn, {"item_code": "11370100MB2850001X4000111700001"}, code="A")
    rating = rate(2, case_no=" BJ-2026-0001\r", reasons={"codes": ["attitude"], "note": ""})
    [(kind, ref, message)] = queued(province)
    with province.read() as conn:
        hall = read_hall_id(conn)
        row = conn.execute(select(Rating).where(Rating.id == rating.id)).one()
    assert (kind, ref) == ("rating", f"{hall}-R{rating.id}")
    assert (row.case_no, row.item_code) == ("BJ-2026-0001", "11370100MB2850001X4000111700001")
    assert message["case_no"] == "BJ-2026-0001"
    assert message["item_code"] == "11370100MB2850001X4000111700001"
    assert message["reasons"] == {"codes": ["attitude"], "note": ""}
    assert (message["level"], message["scale"], message["path"]) == (2, 5, "tablet")
    assert (message["window"], message["staff_no"], message["ticket"]) == (1, "1001", "A001")
    assert message["service"] == {"code": "A", "name": "社保医保"}


def test_a_case_of_its_own_item_code_overrides_the_services(province: Database, rate: Rate) -> None:
    rate(5, case_no="C1", item_code="OWN-ITEM-CODE")
    assert queued(province)[0].payload["item_code"] == "OWN-ITEM-CODE"


def test_a_case_number_with_spaces_is_refused_and_nothing_is_finished(
    province: Database, engine: QueueEngine
) -> None:
    engine.sign_in(1, "1001")
    engine.issue_ticket("A")
    engine.call_next(1)
    with pytest.raises(InvalidCaseNumber):
        engine.finish(1, "done", case_no="BJ 2026")
    assert engine.window_state(1).current is not None  # still in service


def test_a_hall_that_does_not_upload_queues_nothing(db: Database, rate: Rate) -> None:
    rate(5, case_no="C1")
    assert queued(db) == []
    with db.read() as conn:
        assert conn.scalar(select(Rating.case_no)) == "C1"  # the rating has it all the same


def test_no_answer_is_queued_as_not_rated(province: Database, rate: Rate) -> None:
    rate(None)
    [(_, _, message)] = queued(province)
    assert (message["level"], message["path"]) == (None, RatingPath.NONE.value)


def test_a_rating_whose_transaction_fails_leaves_no_item(
    province: Database, engine: QueueEngine, rate: Rate
) -> None:
    rate(5)
    engine.issue_ticket("A")
    ticket = engine.call_next(1)
    engine.finish(1, "done")

    def rated_then_failed(tx: Any) -> None:
        record(
            tx,
            ticket.id,
            4,
            scale=5,
            device="",
            device_address=None,
            keypad_session=None,
            raw_frame="",
        )
        raise RuntimeError("power cut before the commit")

    with pytest.raises(RuntimeError):
        engine.run(rated_then_failed)
    assert len(queued(province)) == 1  # the first rating only
    with province.read() as conn:
        assert conn.scalar(select(func.count()).select_from(Rating)) == 1


def test_a_correction_is_queued_naming_the_rating_it_corrects(
    province: Database, rate: Rate, engine: QueueEngine
) -> None:
    rating = rate(1, case_no="C9")
    with province.write() as conn:
        new = correct_rating(
            conn,
            rating.id,
            4,
            by_staff_no="2001",
            reason="误触，经核实更正",
            now=dt.datetime(2026, 11, 23, 10),
            settings=DEFAULT_SETTINGS,
        )
    first, second = queued(province)
    assert second.kind == "correction"
    message = second.payload
    assert message["corrects"] == first.payload["id"]
    assert message["id"].endswith(f"-R{new}")
    assert (message["level"], message["case_no"], message["path"]) == (4, "C9", "tablet")
    assert (message["corrected_by"], message["reason"]) == ("2001", "误触，经核实更正")


def test_a_follow_up_closed_is_queued_with_its_rectification(
    province: Database, rate: Rate
) -> None:
    rating = rate(2, case_no="C7")
    with province.write() as conn:
        sync_follow_ups(conn, DEFAULT_SETTINGS)
        follow = conn.scalar(select(FollowUp.id))
        update_follow_up(
            conn,
            follow,
            visit_result="已回访",
            rectification="已整改",
            by="2001",
            now=dt.datetime(2026, 11, 24, 9),
        )
        assert len(queued(province)) == 1  # a result recorded, not closed: nothing yet
        update_follow_up(conn, follow, close=True, by="2001", now=dt.datetime(2026, 11, 25, 9))
    last = queued(province)[-1]
    assert last.kind == "rectification"
    message = last.payload
    assert message["rating"].endswith(f"-R{rating.id}")
    assert (message["visit_result"], message["rectification"]) == ("已回访", "已整改")
    assert (message["case_no"], message["overdue"]) == ("C7", False)
    assert message["closed_at"] == "2026-11-25T09:00:00"


def test_the_case_number_is_sealed_into_the_rating_chain(province: Database, rate: Rate) -> None:
    rating = rate(5, case_no="SEALED-1")
    with province.write() as conn:
        conn.execute(
            Rating.__table__.update().values(case_no="REWRITTEN").where(Rating.id == rating.id)
        )
    with province.read() as conn:
        result = verify_chains(conn, connection_key(conn), [])
    assert not result.ok
    assert any("ratings" in line for line in result.lines() if "FAIL" in line)


def test_queuing_a_rating_needs_the_rating(province: Database) -> None:
    with pytest.raises(Exception), province.write() as conn:  # noqa: B017 (no row: no message)
        enqueue_rating(conn, 999)
