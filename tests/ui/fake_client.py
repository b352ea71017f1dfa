"""An in-process stand-in for app.net.client.HallClient, backed by a real QueueEngine.

It keeps to the client interface of app.net.client: signals on the GUI thread,
requests that never call back before returning, dicts shaped as the server sends them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from sqlalchemy import select

from app.models import Staff
from app.models.passwords import verify_password
from app.net.protocol import event_dict, jsonable
from app.queue import QueueEngine, QueueError
from app.queue.views import HallEvent

CALL_KINDS = ("ticket_called", "ticket_called_back", "ticket_recalled")


# Results and events exactly as the server encodes them.
plain = jsonable


class FakeHallClient(QObject):
    connected_changed = Signal(bool)
    event_received = Signal(object)
    snapshot_received = Signal(object)

    def __init__(
        self,
        engine: QueueEngine,
        role: str,
        credential: dict[str, Any] | None = None,
        *,
        hall_name: str = "示范政务服务中心",
        notice: str = "办事指南、收费标准与承诺时限请见各窗口公示；监督电话 12345。",
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.engine = engine
        self.role = role
        self.credential = credential or {}
        self.hall_name = hall_name
        self.notice = notice
        self.sent: list[tuple[str, dict[str, Any]]] = []
        self._connected = False
        self._online = True  # False: the "server" is unreachable
        engine.subscribe(self._on_engine_event)

    # the interface
    @property
    def is_connected(self) -> bool:
        return self._connected

    def open(self) -> None:
        QTimer.singleShot(0, self._connect)

    def close(self) -> None:
        self._set_connected(False)

    def request(
        self,
        op: str,
        args: dict[str, Any],
        on_ok: Callable[[Any], None] | None = None,
        on_error: Callable[[dict[str, Any]], None] | None = None,
    ) -> int:
        self.sent.append((op, dict(args)))
        number = len(self.sent)
        if not self._connected:
            error = {"code": "offline", "zh": "未连接服务器", "en": "not connected"}
            QTimer.singleShot(0, lambda: on_error and on_error(error))
            return number
        try:
            result = plain(self._run(op, args))
        except QueueError as exc:
            error = {"code": exc.code, "zh": exc.zh, "en": exc.en}
            QTimer.singleShot(0, lambda: on_error and on_error(error))
        else:
            QTimer.singleShot(0, lambda: on_ok and on_ok(result))
        return number

    # test controls
    def drop(self) -> None:
        """The link goes down and stays down until restore()."""
        self._online = False
        self._set_connected(False)

    def restore(self) -> None:
        self._online = True
        self._connect()

    def ops(self) -> list[str]:
        return [op for op, _ in self.sent]

    # inside
    def _connect(self) -> None:
        if not self._online or self._connected:
            return
        if self.role == "counter" and not self._login_ok():
            return  # the real client keeps trying; nothing is ever connected
        self._set_connected(True)
        self.snapshot_received.emit(self.snapshot())

    def _login_ok(self) -> bool:
        with self.engine.db.read() as conn:
            stored = conn.scalar(
                select(Staff.password_hash).where(
                    Staff.staff_no == str(self.credential.get("staff_no"))
                )
            )
        return bool(stored) and verify_password(str(self.credential.get("password")), stored)

    def _set_connected(self, connected: bool) -> None:
        if connected != self._connected:
            self._connected = connected
            self.connected_changed.emit(connected)

    def _on_engine_event(self, event: HallEvent) -> None:
        data = event_dict(event)
        QTimer.singleShot(0, lambda: self._connected and self.event_received.emit(data))

    def snapshot(self) -> dict[str, Any]:
        calls = [e for e in self.engine.events_after(0, 100_000) if e.kind in CALL_KINDS]
        recent = [
            {
                "number": e.data["number"],
                "window": e.data["window"],
                "window_name": e.data.get("window_name", ""),
                "at": e.at.isoformat(),
            }
            for e in reversed(calls[-20:])
        ]
        return {
            "seq": self.engine.last_seq(),
            "hall_name": self.hall_name,
            "notice": self.notice,
            "windows": plain(self.engine.hall_state()),
            "services": plain(self.engine.service_loads()),
            "recent_calls": recent,
        }

    @property
    def window(self) -> int:
        return int(self.credential["window"])

    def _run(self, op: str, args: dict[str, Any]) -> Any:
        e, w = self.engine, (self.window if self.role == "counter" else 0)
        if op == "snapshot":
            return self.snapshot()
        if op == "issue_ticket":
            return e.issue_ticket(args["service"], priority=bool(args.get("priority")))
        if op == "check_in":
            return e.check_in(args["code"])
        if op == "service_loads":
            return e.service_loads()
        if op == "set_print_state":
            return e.ticket(args["ticket_id"])
        simple: dict[str, Callable[[], Any]] = {
            "sign_in": lambda: e.sign_in(w, str(self.credential["staff_no"])),
            "sign_out": lambda: e.sign_out(w),
            "call_next": lambda: e.call_next(w),
            "recall": lambda: e.recall(w),
            "start": lambda: e.start(w),
            "no_show": lambda: e.no_show(w),
            "hold": lambda: e.hold(w),
            "resume": lambda: e.resume(w),
            "window_state": lambda: e.window_state(w),
            "waiting": lambda: e.waiting(window=w),
            "my_today": self._my_today,
        }
        if op in simple:
            return simple[op]()
        if op == "call_back":
            return e.call_back(w, args["number"])
        if op == "call_number":
            return e.call_number(w, args["number"])
        if op == "reactivate":
            return e.reactivate(args["number"])
        if op == "transfer":
            return e.transfer(
                w,
                to_service=args.get("to_service"),
                to_window=args.get("to_window"),
                note=args.get("note", ""),
            )
        if op == "pause":
            return e.pause(w, args["reason"], args.get("note", ""))
        if op == "finish":
            return e.finish(w, args["outcome"], args.get("note", ""))
        if op == "record_rating":
            rest = {k: v for k, v in args.items() if k not in ("ticket_id", "level")}
            return e.record_rating(args["ticket_id"], args.get("level"), **rest)
        raise QueueError(f"未知请求 {op}", f"unknown op {op}")

    def _my_today(self) -> dict[str, Any]:
        events = self.engine.events_after(0, 100_000)
        finished = [
            e for e in events if e.kind == "ticket_finished" and e.data.get("window") == self.window
        ]
        handling = [
            (t.finished_at - t.started_at).total_seconds()
            for t in (self.engine.ticket(e.ticket_id) for e in finished if e.ticket_id)
            if t.finished_at and t.started_at
        ]
        levels = [
            e.data.get("level")
            for e in events
            if e.kind == "rating_recorded" and e.data.get("window") == self.window
        ]
        rated = [lv for lv in levels if lv is not None]
        return {
            "served": len(finished),
            "avg_handling_s": sum(handling) / len(handling) if handling else None,
            "satisfaction_rate": (sum(1 for lv in rated if lv >= 4) / len(rated))
            if rated
            else None,
            "rated": len(rated),
        }
