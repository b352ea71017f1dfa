"""The ticket's content from the engine's result, and the QR check code."""

from __future__ import annotations

import datetime as dt

import pytest

from app.devices.errors import BadTicketCode
from app.devices.printing import TicketSlip, check_code, parse_ticket_code, verify_check_code
from app.devices.printing.slip import wait_text
from app.queue import QueueEngine
from tests.devices.printing.conftest import KEY


def test_a_slip_is_built_from_the_engines_issued_ticket(engine: QueueEngine) -> None:
    engine.issue_ticket("A")
    issued = engine.issue_ticket("A")
    slip = TicketSlip.from_issued(issued, "示范区政务服务中心", key=KEY)
    assert (slip.number, slip.ticket_id, slip.people_ahead) == ("A002", issued.ticket.id, 1)
    assert slip.service_name == issued.ticket.service_name
    assert slip.day == issued.ticket.day and slip.time_text.startswith("2026-11-23 09:00")
    as_sent = {
        "ticket": issued.ticket.to_dict(),
        "people_ahead": 1,
        "estimated_wait_s": issued.estimated_wait_s,
    }
    assert TicketSlip.from_dict(as_sent, "示范区政务服务中心", key=KEY) == slip


def test_the_wait_is_shown_in_whole_minutes_rounded_up() -> None:
    assert [wait_text(s) for s in (None, 0, 60, 61, 900)] == [
        "暂无估计",
        "约 1 分钟",
        "约 1 分钟",
        "约 2 分钟",
        "约 15 分钟",
    ]


def test_the_qr_text_carries_id_and_a_verifiable_check_code(slip: TicketSlip) -> None:
    assert slip.qr_text == f"HQ1:12:20261123:A012:{slip.check}"
    code = parse_ticket_code(slip.qr_text, KEY)
    assert (code.ticket_id, code.day, code.number) == (12, dt.date(2026, 11, 23), "A012")
    assert verify_check_code(12, dt.date(2026, 11, 23), "A012", slip.check, KEY)


@pytest.mark.parametrize(
    "tamper",
    [
        lambda t: t.replace(":12:", ":13:"),  # another ticket id
        lambda t: t.replace("20261123", "20261124"),  # another day
        lambda t: t.replace("A012", "A011"),  # another number
        lambda t: t[:-1] + ("0" if t[-1] != "0" else "1"),  # a changed check code
        lambda t: t.replace("HQ1", "HQ2"),
        lambda t: "not a ticket",
        lambda t: t.replace("20261123", "2026XX23"),
    ],
)
def test_a_forged_or_altered_code_is_refused(slip: TicketSlip, tamper: object) -> None:
    assert callable(tamper)
    with pytest.raises(BadTicketCode):
        parse_ticket_code(tamper(slip.qr_text), KEY)


def test_the_check_code_depends_on_the_halls_key(slip: TicketSlip) -> None:
    other = check_code(12, slip.day, "A012", key=b"another hall")
    assert other != slip.check
    with pytest.raises(BadTicketCode):
        parse_ticket_code(slip.qr_text, key=b"another hall")
