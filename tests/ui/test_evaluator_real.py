"""`python -m app evaluator --window N` against a real hall server on 127.0.0.1: the client
it builds from the config ([client] server_url and token, role "evaluator"), the clerk's
photo over real sockets, a visitor's rating stored from the tablet, and another window's
tablet token refused."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtGui import QColor
from sqlalchemy import select, update

from app.composition import build_hall
from app.config import Config, Tokens
from app.hall.table import build_table
from app.models import Rating, Staff
from app.net.server import HallServer
from app.queue import ManualClock, QueueEngine
from app.ui.evaluator import IDLE, RATING, THANKS, EvaluatorScreen
from app.ui.launch import hall_client
from tests.ui.test_counter_screen_photo import _png
from tests.ui.test_evaluator import finish_a_case, tap

pytestmark = pytest.mark.timeout(60)
TOKENS = {1: "tablet-token-0001", 2: "tablet-token-0002"}
WAIT = 10_000


@pytest.fixture
def server(qtbot: Any, engine: QueueEngine) -> Iterator[HallServer]:
    hall = build_hall(engine, Config(tokens=Tokens({}, {}, {}, TOKENS)))
    hub = HallServer(hall, build_table(check_results=True))
    hub.listen("127.0.0.1", 0)
    yield hub
    hub.close()


def tablet(qtbot: Any, server: HallServer, clock: ManualClock, window: int, token: str) -> Any:
    """The evaluator as run_evaluator builds it, from a tablet's config file."""
    settings = Config(
        client_server_url=f"ws://127.0.0.1:{server.port}", client_token=token, client_machine="t"
    )
    client = hall_client(settings, "evaluator", window=window)
    screen = EvaluatorScreen(client, window, now=clock.now, thanks_ms=200)
    qtbot.addWidget(screen)
    screen.resize(1280, 800)
    screen.show()
    qtbot.waitExposed(screen)
    client.open()
    return screen


def test_the_tablet_over_the_network_shows_the_clerk_and_stores_the_visitors_rating(
    qtbot: Any, server: HallServer, engine: QueueEngine, clock: ManualClock
) -> None:
    with engine.db.write() as conn:
        conn.execute(update(Staff).where(Staff.staff_no == "1001").values(photo=_png("blue")))
    screen = tablet(qtbot, server, clock, 1, TOKENS[1])
    qtbot.waitUntil(lambda: len(screen.level_buttons) == 5, timeout=WAIT)
    engine.sign_in(1, "1001")
    qtbot.waitUntil(lambda: screen._photo is not None, timeout=WAIT)
    assert screen._photo.toImage().pixelColor(3, 3) == QColor("blue")
    ticket = finish_a_case(engine)
    qtbot.waitUntil(lambda: screen.pages.currentIndex() == RATING, timeout=WAIT)
    clock.advance(seconds=2)
    tap(screen.level_buttons[5])
    qtbot.waitUntil(lambda: screen.pages.currentIndex() == THANKS, timeout=WAIT)
    with engine.db.read() as conn:
        row = conn.execute(
            select(Rating.level, Rating.path, Rating.device).where(Rating.ticket_id == ticket)
        ).one()
    assert tuple(row) == (5, "tablet", "tablet:evaluator-1")
    qtbot.waitUntil(lambda: screen.pages.currentIndex() == IDLE, timeout=WAIT)
    screen.client.close()


def test_a_tablet_token_for_another_window_is_refused_over_the_network(
    qtbot: Any, server: HallServer, engine: QueueEngine, clock: ManualClock
) -> None:
    screen = tablet(qtbot, server, clock, 2, TOKENS[1])
    qtbot.waitUntil(lambda: screen.idle.refusal.isVisible(), timeout=WAIT)
    assert "window 2" in screen.idle.refusal.text()
    assert not screen.client.is_connected
    logged = [e.data for e in engine.events_after(0) if e.kind == "rating_anomaly"]
    assert [(a["anomaly"], a["window"], a["token_of"]) for a in logged] == [
        ("wrong_window_token", 2, 1)
    ]
    screen.client.close()
