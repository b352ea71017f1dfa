"""Tickets over wss://: every issued ticket carries a check code made with the hall's own key;
a counter calls a number from a scanned QR only if the code verifies and is today's; a kiosk
may issue only so many tickets a minute and set the print state of its own tickets only;
device reports are limited too."""

# ruff: noqa: F811  (the fixtures of tests/net/lan.py, imported by name)
from __future__ import annotations

import datetime as dt

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from app.devices.printing.slip import TicketSlip, check_code, parse_ticket_code, ticket_key
from app.models import Event, Ticket
from app.net.client import HallClient
from app.net.server import HallServer
from app.queue import QueueEngine
from tests.net.conftest import call, ok
from tests.net.lan import (  # noqa: F401 (fixtures)
    KIOSK2_TOKEN,
    Connect,
    identity,
    lan_connect,
    lan_hall,
    wss,
)

BURST = 4


@pytest.fixture
def limits() -> dict[str, int]:
    return {"ticket_burst": BURST, "tickets_per_minute": 1,
            "device_report_burst": 2, "device_reports_per_minute": 1}  # fmt: skip


def counter_ready(qtbot: QtBot, lan_connect: Connect) -> HallClient:
    clerk = lan_connect("counter", window=1)
    ok(qtbot, clerk, "sign_in")
    return clerk


def code_text(ticket_id: int, day: dt.date, number: str, check: str) -> str:
    return f"HQ1:{ticket_id}:{day:%Y%m%d}:{number}:{check}"


def test_a_scanned_ticket_is_called_and_a_forged_or_other_day_code_is_refused(
    qtbot: QtBot, lan_connect: Connect, wss: HallServer, engine: QueueEngine
) -> None:
    kiosk = lan_connect("kiosk")
    issued = ok(qtbot, kiosk, "issue_ticket", service="A")
    ticket = issued["ticket"]
    day, number = dt.date.fromisoformat(ticket["day"]), ticket["number"]
    hall_key = ticket_key(engine.db.mac_key)
    assert issued["check"] == check_code(ticket["id"], day, number, hall_key)
    slip = TicketSlip.from_dict(issued, "测试大厅")  # what the kiosk prints: the server's check
    assert parse_ticket_code(slip.qr_text, hall_key).number == number

    clerk = counter_ready(qtbot, lan_connect)
    demo_key = b"hallqueue demo ticket key"  # the constant every install used to share
    forged = [
        code_text(ticket["id"], day, number, check_code(ticket["id"], day, number, demo_key)),
        code_text(ticket["id"], day, number, "00000000"),
        code_text(ticket["id"], day, "A099", issued["check"]),
    ]
    yesterday = day - dt.timedelta(days=1)
    other_day = code_text(ticket["id"], yesterday, number,
                          check_code(ticket["id"], yesterday, number, hall_key))  # fmt: skip
    for text in [*forged, other_day]:
        done, error = call(qtbot, clerk, "call_number", code=text)
        assert not done and error["code"] == "bad_ticket_code", (text, error)
    assert "非当日" in error["zh"]
    scanned = slip.qr_text.replace(":", "：")  # a scanner typing through a Chinese IME
    called = ok(qtbot, clerk, "call_number", code=scanned)
    assert (called["number"], called["state"]) == (number, "called")
    done, error = call(qtbot, clerk, "call_number", number="A001", code=slip.qr_text)
    assert not done and error["code"] == "bad_request"


def count(engine: QueueEngine, model: type) -> int:
    with engine.db.read() as conn:
        return int(conn.scalar(select(func.count()).select_from(model)) or 0)


def test_a_kiosk_issuing_past_its_limit_is_refused_and_nothing_is_written(
    qtbot: QtBot, lan_connect: Connect, engine: QueueEngine
) -> None:
    kiosk = lan_connect("kiosk")
    for _ in range(BURST):
        ok(qtbot, kiosk, "issue_ticket", service="A")
    before = (count(engine, Ticket), count(engine, Event))
    done, error = call(qtbot, kiosk, "issue_ticket", service="A")
    assert not done and error["code"] == "rate_limited"
    assert "每分钟最多 1 次" in error["zh"] and "a minute" in error["en"]
    done, error = call(qtbot, kiosk, "check_in", code="NOPE")
    assert not done and error["code"] == "rate_limited"  # check-in counts with issuing
    assert (count(engine, Ticket), count(engine, Event)) == before
    other = lan_connect("kiosk", token=KIOSK2_TOKEN)  # per machine: the other kiosk goes on
    ok(qtbot, other, "issue_ticket", service="A")


def test_device_reports_past_their_limit_are_refused(
    qtbot: QtBot, lan_connect: Connect, engine: QueueEngine
) -> None:
    kiosk = lan_connect("kiosk")
    ok(qtbot, kiosk, "device_status", online=False)
    ok(qtbot, kiosk, "device_status", online=True)
    before = count(engine, Event)
    done, error = call(qtbot, kiosk, "device_status", online=False)
    assert not done and error["code"] == "rate_limited"
    assert count(engine, Event) == before


def test_a_kiosk_sets_the_print_state_of_its_own_tickets_only(
    qtbot: QtBot, lan_connect: Connect
) -> None:
    mine, other = lan_connect("kiosk"), lan_connect("kiosk", token=KIOSK2_TOKEN)
    ticket = ok(qtbot, mine, "issue_ticket", service="A")["ticket"]
    done, error = call(qtbot, other, "set_print_state", ticket_id=ticket["id"], state="printed")
    assert not done and error["code"] == "forbidden"
    done_view = ok(qtbot, mine, "set_print_state", ticket_id=ticket["id"], state="printed")
    assert done_view["print_state"] == "printed"


def test_the_consoles_reprint_gets_the_same_check_code_as_the_kiosk(
    qtbot: QtBot, lan_connect: Connect, engine: QueueEngine
) -> None:
    issued = ok(qtbot, lan_connect("kiosk"), "issue_ticket", service="A")
    rows = ok(qtbot, lan_connect("admin"), "unprinted_tickets")
    (row,) = [r for r in rows if r["id"] == issued["ticket"]["id"]]
    assert row["check"] == issued["check"]
    # as the console's reprint builds it (app/ui/admin/ops_tabs.py)
    reprint = {"ticket": {**row, "day": row["issued_at"][:10]}, "people_ahead": 0,
               "estimated_wait_s": None, "check": row["check"]}  # fmt: skip
    slip = TicketSlip.from_dict(reprint, "测试大厅")
    assert parse_ticket_code(slip.qr_text, ticket_key(engine.db.mac_key)).number == row["number"]
