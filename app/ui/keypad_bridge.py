"""The rating keypad seen from the workstation: results come back on the GUI thread.

The keypad driver (app.devices.keypad) calls back from its I/O thread; RatingBridge turns
that into a Qt signal so the handler runs on the GUI thread. KeypadDriverAdapter gives the
driver the small shape the workstation uses: start_rating(session, on_result), started on
the server's rating session (its token, which the keypad echoes in its key frame).
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.ui.interfaces import KeypadLike


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
        """`ticket`: {id, session (the server's token), timeout_s}."""
        timeout = float(ticket.get("timeout_s") or self.timeout_s)
        session = self.driver.start_rating(
            self.address, int(ticket["id"]), timeout, session=ticket.get("session")
        )

        def done(future: Future[Any]) -> None:
            error = future.exception()
            on_result(error if error is not None else future.result())

        session.future.add_done_callback(done)
        return session
