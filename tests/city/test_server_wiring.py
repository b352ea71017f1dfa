"""The hall server with its uplinks on (python -m app server does the same): the window's
business system finishes a case through the local API, the visitor rates, the 好差评 sender
delivers it from its own thread; a platform gone quiet leaves the item pending and, past the
configured time, the supervisor's consoles get the stuck-outbox alarm and see it in
outbox_status."""

from __future__ import annotations

import datetime as dt
import http.client
import json
import threading
from pathlib import Path
from typing import Any

from sqlalchemy import update

from app.composition import HallSystem
from app.config import Config, Tokens
from app.hall.caller import Caller, Role
from app.models import OutboxItem, RatingPath, sqlite_url
from app.outbox.settings import ProvinceSettings, WindowApiSettings
from tests.outbox.receiver import Receiver

TOKEN = "window-one-api-token"


def post_in_thread(port: int, body: dict[str, Any]) -> list[Any]:
    """The business system's request, from its own thread (the server answers on its own)."""
    found: list[Any] = []

    def run() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request(
            "POST",
            "/v1/windows/1/finish",
            body=json.dumps(body),
            headers={"Authorization": f"Bearer {TOKEN}"},
        )
        response = conn.getresponse()
        found.append((response.status, json.loads(response.read())))

    threading.Thread(target=run, daemon=True).start()
    return found


def test_the_server_finishes_through_the_local_api_uploads_and_warns_when_stuck(
    qtbot: Any, tmp_path: Path
) -> None:
    receiver = Receiver(weights={"ok": 1.0})
    config = Config(
        tokens=Tokens(window_api={1: TOKEN}),
        province=ProvinceSettings(url=receiver.url, timeout_s=2, stuck_minutes=1),
        window_api=WindowApiSettings(enabled=True, host="127.0.0.1", port=0),
    ).with_queue(enforce_hours=False, enforce_calendar=False)
    system = HallSystem(config, sqlite_url(tmp_path / "hall.db"), jobs=False, seed=True)
    system.start()
    try:
        engine = system.engine
        engine.sign_in(1, "1001")
        engine.issue_ticket("A")
        engine.call_next(1)
        assert system.window_api is not None
        answer = post_in_thread(system.window_api.port, {"case_no": "BJ-0001"})
        qtbot.waitUntil(lambda: bool(answer), timeout=10000)
        status, body = answer[0]
        assert status == 200 and body["ticket"]["state"] == "finished"
        engine.answer_rating(body["rating"]["session"], window=1, level=5, path=RatingPath.BUS)
        qtbot.waitUntil(lambda: len(receiver.tally.taken) == 1, timeout=10000)
        [(_, sent)] = receiver.tally.taken.items()
        assert json.loads(sent)["caseNo"] == "BJ-0001"

        receiver.stop()  # the platform goes quiet
        engine.issue_ticket("A")
        engine.call_next(1)
        engine.finish(1, "done")
        engine.expire_ratings()
        session = engine.open_rating_session(1)
        assert session is not None
        engine.answer_rating(session.session, window=1, level=4, path=RatingPath.BUS)
        assert system.db is not None and system.hall is not None
        with system.db.write() as conn:  # it has waited two minutes
            conn.execute(
                update(OutboxItem)
                .where(OutboxItem.state == "pending")
                .values(created_at=dt.datetime.now() - dt.timedelta(minutes=2))
            )
        system.check_uplinks()
        alarm = system.hall.alarms.current().get("outbox:province")
        assert alarm is not None and alarm["code"] == "outbox_stuck" and alarm["pending"] == 1
        supervisor = Caller(Role.SUPERVISOR, "admin:2001", None, "2001")
        [province, city] = system.table.run(system.hall, supervisor, "outbox_status", {})
        assert (province["enabled"], province["pending"], province["stuck"]) == (True, 1, True)
        assert province["delivered"] == 1 and not city["enabled"]
    finally:
        system.stop()
        receiver.stop()
