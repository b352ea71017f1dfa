"""The ticket's content from the engine's result, and the QR check code."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from app.devices.errors import BadTicketCode
from app.devices.printing import TicketSlip, check_code, parse_ticket_code, verify_check_code
from app.devices.printing.layout import ticket_lines
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
        "wait_low_s": issued.wait_low_s,
        "wait_high_s": issued.wait_high_s,
        "wait_note": issued.wait_note,
    }
    assert TicketSlip.from_dict(as_sent, "示范区政务服务中心", key=KEY) == slip


@pytest.mark.parametrize(
    ("wait", "printed"),
    [
        ({"estimated_wait_s": None}, "暂无法估计"),
        ({"estimated_wait_s": 13 * 60}, "约 15 分钟"),  # as the kiosk's screen rounds it
        ({"estimated_wait_s": 200}, "少于 5 分钟"),
        ({"estimated_wait_s": 1500, "wait_low_s": 600, "wait_high_s": 2700, "wait_note": "wide"},
         "约 10–45 分钟"),
        ({"estimated_wait_s": None, "wait_note": "no_window"}, "暂无窗口办理"),
    ],
)  # fmt: skip
def test_the_ticket_prints_the_wait_in_the_kiosk_screens_words(
    wait: dict[str, Any], printed: str
) -> None:
    """The printed wait is the one the visitor read on the kiosk (predict.format_wait, in
    Chinese): rounded, a range where the figure alone would mislead, or the reason."""
    ticket = {"id": 5, "number": "A005", "issued_at": "2026-11-23T09:00:00", "day": "2026-11-23"}
    issued = {"ticket": ticket, "people_ahead": 4, **wait}
    slip = TicketSlip.from_dict(issued, "示范区政务服务中心", key=KEY)
    assert slip.wait_text == printed
    assert printed in "\n".join(line.text for line in ticket_lines(slip)[0])


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
