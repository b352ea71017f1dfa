"""The screens against the real hall server on 127.0.0.1 (app.net), as `python -m app` runs
them: a whole case from the kiosk to the rating of the simulated keypad on the clerk's PC
(its key frame relayed to the server), and a dropped link recovered."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.composition import LOCALHOST
from app.config import Config
from app.models import Rating
from app.net.server import HallServer
from app.ui.launch import EmbeddedParts
from app.ui.voice import AnnouncementQueue
from tests.ui.conftest import RecordingBackend

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
def parts(qapp: QApplication, tmp_path: Path) -> Iterator[EmbeddedParts]:
    built = EmbeddedParts(Config(voice_backend="chime"), tmp_path)
    yield built
    built.close()


def log_in(qtbot: Any, parts: EmbeddedParts) -> Any:
    station = parts.station
    station.login.staff_no.setText("1001")
    station.login.password.setText("123456")
    station.login.button.click()
    qtbot.waitUntil(lambda: station.desk is not None, timeout=10_000)
    return station.desk


def test_a_whole_case_over_the_network_ends_with_the_keypads_rating(
    qtbot: Any, parts: EmbeddedParts, tmp_path: Path
) -> None:
    backend = RecordingBackend()
    parts.display.voice = AnnouncementQueue(backend, gap_ms=1)
    kiosk = parts.kiosk
    qtbot.waitUntil(lambda: "A" in kiosk.buttons, timeout=10_000)
    kiosk.buttons["A"].click()
    qtbot.waitUntil(lambda: kiosk.ticket_page.number.text() == "A001", timeout=10_000)
    qtbot.waitUntil(lambda: "take your ticket" in kiosk.ticket_page.print_state.text())
    assert list((tmp_path / "tickets").glob("*.pdf"))

    desk = log_in(qtbot, parts)
    qtbot.waitUntil(lambda: desk.buttons["sign"].isEnabled(), timeout=10_000)
    desk.act("sign")
    qtbot.waitUntil(lambda: desk.buttons["call_next"].isEnabled(), timeout=10_000)
    desk.act("call_next")
    qtbot.waitUntil(lambda: desk.number.text() == "A001", timeout=10_000)
    qtbot.waitUntil(lambda: "A001" in parts.display.latest_number.text(), timeout=10_000)
    qtbot.waitUntil(lambda: [w for w, _ in backend.log] == ["start", "end"], timeout=10_000)
    assert backend.log[0][1].number == "A001" and backend.log[0][1].window == 1
    desk.act("start")
    qtbot.waitUntil(
        lambda: desk.buttons["finish"].isEnabled() and not desk.buttons["start"].isEnabled()
    )
    desk.act("finish")
    desk.finish_panel.choose("done")
    qtbot.waitUntil(lambda: desk.rating_ticket is not None, timeout=10_000)
    qtbot.waitUntil(lambda: parts.simulator.keypads[1].session is not None, timeout=10_000)
    assert parts.simulator.press(4, 1)
    qtbot.waitUntil(lambda: "Satisfied" in desk.rating.text(), timeout=10_000)
    qtbot.waitUntil(
        lambda: any(e.kind == "rating_recorded" for e in parts.hall.engine.events_after(0)),
        timeout=10_000,
    )
    rating = [e for e in parts.hall.engine.events_after(0) if e.kind == "rating_recorded"][-1]
    assert rating.data["level"] == 4
    # the PC's keypad answered the server's session; its frame was relayed, checked, stored
    session = parts.hall.engine.rating_session(rating.ticket_id or 0)
    assert session is not None and not session.open and session.outcome == "rated"
    with parts.hall.engine.db.read() as conn:
        stored = conn.execute(select(Rating.level, Rating.path, Rating.keypad_session)).all()
    assert [tuple(row) for row in stored] == [(4, "relayed", session.session)]
    qtbot.waitUntil(lambda: "1 served" in desk.today.text(), timeout=10_000)


def test_a_lost_server_shows_the_banner_and_the_screens_recover_by_themselves(
    qtbot: Any, parts: EmbeddedParts
) -> None:
    display, kiosk = parts.display, parts.kiosk
    qtbot.waitUntil(
        lambda: display.client.is_connected and kiosk.client.is_connected, timeout=10_000
    )
    assert display.banner.isHidden()
    system = parts.hall.system
    server = parts.hall.server
    port = server.port
    server.close()
    qtbot.waitUntil(lambda: not display.banner.isHidden(), timeout=20_000)
    assert not display.client.is_connected
    assert system.hall is not None
    replacement = HallServer(system.hall, system.table)  # the same hall, a new server
    replacement.listen(LOCALHOST, port)
    system.server = replacement  # closed with the rest by parts.close()
    qtbot.waitUntil(lambda: display.banner.isHidden(), timeout=20_000)
    engine = parts.hall.engine
    engine.sign_in(2, "1002")
    engine.issue_ticket("C")
    engine.call_next(2)
    qtbot.waitUntil(lambda: "C001" in display.latest_number.text(), timeout=10_000)
