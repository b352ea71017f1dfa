"""The province sender against a platform that misbehaves (drops, answers late, sees requests
twice, answers 500, goes down in the middle of a batch), and the sender itself stopped and
started again on a fresh connection to the database: no rating lost, none doubled (every
re-send carries the same message id and the same body), the platform takes them in the
hall's order."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select

from app.models import Database, OutboxItem, sqlite_url
from app.models.outbox import PROVINCE
from app.outbox.adapters import make_adapter
from app.outbox.items import DELIVERED, REJECTED
from app.outbox.province_channel import ProvinceChannel
from app.outbox.sender import Sender
from app.outbox.settings import ProvinceSettings
from app.outbox.status import alarms, channel_status
from app.queue import QueueEngine
from tests.outbox.conftest import Rate
from tests.outbox.receiver import Receiver

REASONS = {"attitude": "服务态度", "efficiency": "办事效率", "other": "其他"}


def sender_for(db: Database, receiver: Receiver, **options: Any) -> Sender:
    settings = ProvinceSettings(url=receiver.url, timeout_s=1, token="t0ken-for-tests")
    channel = ProvinceChannel(db, settings, make_adapter(settings, REASONS), batch=7)
    return Sender(db, channel, idle_s=0.02, first_retry_s=0.02, last_retry_s=0.3, **options)


def wait_until(done: Any, timeout: float = 60.0) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if done():
            return
        time.sleep(0.05)
    raise AssertionError("not done in time")


def items(db: Database) -> list[Any]:
    with db.read() as conn:
        return list(
            conn.execute(
                select(OutboxItem.id, OutboxItem.ref, OutboxItem.state, OutboxItem.attempts)
                .where(OutboxItem.channel == PROVINCE)
                .order_by(OutboxItem.id)
            )
        )


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    found = Receiver()
    yield found
    found.stop()


def test_nothing_is_lost_doubled_or_reordered_when_the_platform_misbehaves(
    province: Database, rate: Rate, receiver: Receiver, engine: QueueEngine, db_path: Any
) -> None:
    for n in range(40):
        rate(
            n % 5 + 1,
            window=n % 3 + 1,
            case_no=f"BJ{n:05d}",
            reasons={"codes": ["attitude"], "note": ""} if n % 5 < 2 else None,
        )
    sender = sender_for(province, receiver).start()
    for n in range(40, 80):  # the hall goes on rating while the sender works
        rate(n % 5 + 1, window=n % 3 + 1, case_no=f"BJ{n:05d}")
        if n == 55:  # the platform goes down in the middle of a batch, for a second
            receiver.go_down()
            time.sleep(1.0)
            receiver.come_back()
    # the server restarts: the sender stops; a new one, on a new connection, goes on
    sender.stop()
    again = Database(sqlite_url(db_path))
    for n in range(80, 100):
        rate(n % 5 + 1, window=n % 3 + 1, case_no=f"BJ{n:05d}")
    second = sender_for(again, receiver).start()
    try:
        wait_until(lambda: all(i.state == DELIVERED for i in items(again)))
    finally:
        second.stop()
        again.dispose()
    queued = items(province)
    tally = receiver.tally
    sent_ids = [i.ref for i in queued]
    assert len(sent_ids) == 100
    assert set(tally.taken) == set(sent_ids), "a rating was lost"
    assert tally.order == sent_ids, "the platform took them out of order"
    assert tally.changed == [], "a re-send was not the same message"
    assert tally.headers_ok
    repeats = len(tally.arrivals) - len(tally.taken)
    assert repeats > 0 and tally.faults.get("error500", 0) > 0  # the faults did happen
    retried = sum(1 for i in queued if i.attempts > 1)
    print(
        f"\noutbox under faults: {len(sent_ids)} items, {tally.requests} requests, faults "
        f"{dict(sorted(tally.faults.items()))}, {repeats} taken again (same id, same body), "
        f"{retried} items sent more than once, 1 outage, 1 sender restart; lost 0, doubled 0, "
        f"out of order 0"
    )


def test_a_record_the_platform_refuses_is_set_aside_and_the_next_ones_go_on(
    province: Database, rate: Rate
) -> None:
    receiver = Receiver(weights={"ok": 1.0}, refuse=lambda body: body.get("caseNo") == "BAD")
    try:
        rate(5, case_no="GOOD-1")
        rate(5, case_no="BAD")
        rate(4, case_no="GOOD-2")
        sender = sender_for(province, receiver).start()
        try:
            wait_until(lambda: all(i.state in (DELIVERED, REJECTED) for i in items(province)))
        finally:
            sender.stop()
    finally:
        receiver.stop()
    states = [i.state for i in items(province)]
    assert states == [DELIVERED, REJECTED, DELIVERED]
    assert len(receiver.tally.taken) == 2
    with province.read() as conn:
        import datetime as dt

        now = dt.datetime.now()
        status = channel_status(conn, PROVINCE, 30, now)
    assert status.rejected == 1 and "4001" in status.recent_rejections[0].error
    found = alarms(status, now)
    assert found["outbox_rejected:province"] is not None
    assert found["outbox:province"] is None


def test_an_unreachable_platform_keeps_the_items_and_raises_the_stuck_alarm(
    province: Database, rate: Rate
) -> None:
    import datetime as dt

    receiver = Receiver()
    receiver.stop()  # nobody listens on its port
    rate(5)
    sender = sender_for(province, receiver)
    for _ in range(3):
        with pytest.raises(Exception):  # noqa: B017 (any failure: it stays pending)
            sender.run_once()
    [item] = items(province)
    assert (item.state, item.attempts) == ("pending", 3)
    later = dt.datetime.now() + dt.timedelta(minutes=31)
    with province.read() as conn:
        status = channel_status(conn, PROVINCE, 30, later)
    assert status.stuck and status.failures == 3 and "reached" in status.last_error
    assert alarms(status, later)["outbox:province"]["code"] == "outbox_stuck"
    with province.read() as conn:
        assert not channel_status(conn, PROVINCE, 30, dt.datetime.now()).stuck
