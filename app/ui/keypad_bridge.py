"""The rating keypad seen from the workstation: results come back on the GUI thread.

The keypad driver (app.devices.keypad) calls back from its I/O thread; RatingBridge turns
that into a Qt signal so the handler runs on the GUI thread. KeypadDriverAdapter gives the
driver the small shape the workstation uses: start_rating(ticket, on_result). ServerKeypad
is the same shape for a window whose keypad is on the server's RS-485 bus.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from app.ui.i18n import error_text
from app.ui.interfaces import HallClientLike, KeypadLike


class RatingBridge(QObject):
    """Starts a rating on the keypad; `finished(ticket_id, result)` or `failed(ticket_id,
    text)` is emitted on the GUI thread whatever thread the keypad answers on."""

    finished = Signal(int, object)
    failed = Signal(int, str)

    def __init__(self, keypad: KeypadLike, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.keypad = keypad

    def start(self, ticket: dict[str, Any]) -> None:
        ticket_id = int(ticket["id"])

        def on_result(result: Any) -> None:  # any thread
            if isinstance(result, BaseException):
                self.failed.emit(ticket_id, str(result))
            else:
                self.finished.emit(ticket_id, result)

        try:
            self.keypad.start_rating(ticket, on_result)
        except Exception as exc:  # e.g. the keypad is not configured or its port is gone
            self.failed.emit(ticket_id, str(exc))


class KeypadDriverAdapter:
    """app.devices.keypad.driver.KeypadDriver at one address, as a KeypadLike."""

    def __init__(self, driver: Any, address: int, timeout_s: int = 15) -> None:
        self.driver = driver
        self.address = address
        self.timeout_s = timeout_s

    def start_rating(self, ticket: dict[str, Any], on_result: Callable[[Any], None]) -> Any:
        session = self.driver.start_rating(self.address, int(ticket["id"]), self.timeout_s)

        def done(future: Future[Any]) -> None:
            error = future.exception()
            on_result(error if error is not None else future.result())

        session.future.add_done_callback(done)
        return session


class ServerKeypadError(RuntimeError):
    """The server refused the rating (e.g. not_available: no bus keypad at this window)."""

    def __init__(self, error: dict[str, Any]) -> None:
        super().__init__(error_text(error))
        self.error = error


class ServerKeypad(QObject):
    """The window's keypad on the server's bus (app.hall.keypad_bus), as a KeypadLike.

    start_rating sends ``request_rating``; the server answers at once with the session and
    records the rating itself, so the result comes from the ``rating_recorded`` event and
    carries ``recorded: True`` (the desk must not send record_rating for it). A refusal, or
    no event within the session's timeout plus ``grace_s``, is reported as an exception.
    Call on the GUI thread; ``client_of`` gives the logged-in client (it changes per login).
    """

    def __init__(
        self,
        client_of: Callable[[], HallClientLike | None],
        *,
        grace_s: float = 10.0,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.client_of = client_of
        self.grace_s = grace_s
        self._waiting: dict[int, tuple[Callable[[Any], None], dict[str, Any]]] = {}
        self._listening: HallClientLike | None = None

    def start_rating(self, ticket: dict[str, Any], on_result: Callable[[Any], None]) -> None:
        ticket_id = int(ticket["id"])
        client = self.client_of()
        if client is None:
            on_result(ServerKeypadError({"code": "offline", "zh": "未登录", "en": "not logged in"}))
            return
        self._listen(client)
        self._waiting[ticket_id] = (on_result, {})

        def started(session: Any) -> None:
            entry = self._waiting.get(ticket_id)
            if entry is None:
                return
            if isinstance(session, dict):
                entry[1].update(session)
            wait_s = float(entry[1].get("timeout_s") or 15) + self.grace_s
            QTimer.singleShot(int(wait_s * 1000), self, lambda: self._no_result(ticket_id))

        def refused(error: dict[str, Any]) -> None:
            entry = self._waiting.pop(ticket_id, None)
            if entry is not None:
                entry[0](ServerKeypadError(error))

        client.request("request_rating", {"ticket_id": ticket_id}, started, refused)

    def _listen(self, client: HallClientLike) -> None:
        if client is self._listening:
            return
        if self._listening is not None:
            with contextlib.suppress(RuntimeError, TypeError):  # gone with its client
                self._listening.event_received.disconnect(self._on_event)
        client.event_received.connect(self._on_event)
        self._listening = client

    def _on_event(self, event: dict[str, Any]) -> None:
        if event.get("kind") != "rating_recorded":
            return
        entry = self._waiting.pop(int(event.get("ticket_id") or 0), None)
        if entry is None:
            return
        on_result, session = entry
        data = event.get("data") or {}
        level = data.get("level")
        on_result(
            {
                "ticket_id": event.get("ticket_id"),
                "level": level,
                "scale": data.get("scale", 5),
                "end": "timeout" if level is None else "key",
                "device": session.get("device", ""),
                "device_address": session.get("device_address"),
                "keypad_session": session.get("keypad_session"),
                "rating_id": data.get("rating_id"),
                "recorded": True,
            }
        )

    def _no_result(self, ticket_id: int) -> None:
        entry = self._waiting.pop(ticket_id, None)
        if entry is not None:
            entry[0](
                ServerKeypadError(
                    {
                        "code": "timeout",
                        "zh": "服务器未送回评价结果",
                        "en": "the server sent no rating result",
                    }
                )
            )
