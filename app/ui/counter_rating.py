"""The desk's part in a case's rating: the server asks for it when a case finishes, and only
the visitor's device answers it (a keypad on the server's bus, the window's tablet, or the
keypad on this PC, whose key frame is passed on untouched); the clerk never enters one.

The desk shows "please ask the visitor to rate" on rating_requested for its window, starts
the keypad on this PC (if any) with the session's token, relays that keypad's key frame
(relay_keypad_frame: the server checks it and records it as relayed) and shows the result
on rating_recorded. A frame the link was down for goes after the reconnect if the session is
still open then.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QLabel

from app.ui.interfaces import HallClientLike, KeypadLike, field
from app.ui.keypad_bridge import RatingBridge

LEVELS = {
    5: QT_TRANSLATE_NOOP("Labels", "Very satisfied"),
    4: QT_TRANSLATE_NOOP("Labels", "Satisfied"),
    3: QT_TRANSLATE_NOOP("Labels", "Fairly satisfied"),
    2: QT_TRANSLATE_NOOP("Labels", "Dissatisfied"),
    1: QT_TRANSLATE_NOOP("Labels", "Very dissatisfied"),
}
LINK_DOWN = ("offline", "connection_lost")  # the client's own errors: the link, not a refusal


def level_text(level: Any, scale: int = 5) -> str:
    """A rating as the screens name it: 非常满意 … 非常不满意, or n/scale."""
    if scale == 5 and level in LEVELS:
        return QCoreApplication.translate("Labels", str(LEVELS[level]))
    return f"{level}/{scale}"


class DeskRating(QObject):
    """The rating of the case the desk just finished; `changed` when it starts or ends."""

    changed = Signal()

    def __init__(
        self,
        client: HallClientLike,
        window: int,
        label: QLabel,
        keypad: KeypadLike | None,
        on_refused: Callable[[dict[str, Any]], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.client, self.window_no, self.label = client, window, label
        self.on_refused = on_refused
        self.ticket: int | None = None  # the finished case waiting for its rating
        self.unsent_frame: str | None = None  # a key frame the link was down for
        self.bridge = RatingBridge(keypad, self) if keypad is not None else None
        if self.bridge is not None:
            self.bridge.finished.connect(self._on_key)
            self.bridge.failed.connect(self._on_keypad_failed)

    def on_event(self, event: dict[str, Any]) -> None:
        kind, data = event.get("kind"), event.get("data") or {}
        if kind == "rating_requested" and data.get("window") == self.window_no:
            self._requested(int(event.get("ticket_id") or 0), data)
        elif kind == "rating_recorded" and int(event.get("ticket_id") or 0) == self.ticket:
            self._recorded(data)

    def on_connected(self, connected: bool) -> None:
        if connected and self.ticket is not None:
            self._recheck()

    def _requested(self, ticket: int, data: dict[str, Any]) -> None:
        self.ticket, self.unsent_frame = ticket, None
        number = data.get("number", "")
        self.label.setText(
            QCoreApplication.translate(
                "ClerkDesk", "Please ask the visitor to rate {number}…"
            ).format(number=number)
        )
        self.changed.emit()
        if self.bridge is not None:
            session = {
                "id": ticket,
                "number": number,
                "session": data.get("session"),
                "timeout_s": data.get("timeout_s"),
            }
            self.bridge.start(session)

    def _on_key(self, ticket_id: int, result: Any) -> None:
        """The keypad on this PC answered: its frame goes to the server, which checks it and
        records the rating (the rating_recorded event shows it)."""
        end = field(result, "end")
        frame = str(field(result, "raw_frame", "") or "").replace(" ", "")
        if getattr(end, "value", end) != "key" or not frame:
            return  # no key: the server closes the session as 未评价 at its deadline
        self._relay(frame)

    def _relay(self, frame: str) -> None:
        self.unsent_frame = frame
        self.client.request(
            "relay_keypad_frame", {"frame": frame}, self._relayed, self._relay_failed
        )

    def _relayed(self, _rating: Any) -> None:
        self.unsent_frame = None

    def _relay_failed(self, error: dict[str, Any]) -> None:
        if error.get("code") not in LINK_DOWN:
            self.unsent_frame = None  # refused by the server: it says why (and logs it)
        self.on_refused(error)

    def _recheck(self) -> None:
        """After a reconnect: is the rating still open? Then a key frame that could not go
        goes now. Closed (its rating_recorded was missed while away): done."""
        ticket = self.ticket

        def still_open(session: dict[str, Any]) -> None:
            if session.get("open") and self.unsent_frame and ticket == self.ticket:
                self._relay(self.unsent_frame)

        def closed(error: dict[str, Any]) -> None:
            if error.get("code") in LINK_DOWN or ticket != self.ticket:
                return
            self.ticket, self.unsent_frame = None, None
            self.label.setText("")
            self.changed.emit()

        self.client.request("request_rating", {"ticket_id": ticket}, still_open, closed)

    def _on_keypad_failed(self, ticket_id: int, text: str) -> None:
        self.label.setText(
            QCoreApplication.translate(
                "ClerkDesk", "The rating keypad did not answer: {error}"
            ).format(error=text)
        )

    def _recorded(self, data: dict[str, Any]) -> None:
        self.ticket, self.unsent_frame = None, None
        level, scale = data.get("level"), int(data.get("scale") or 5)
        shown = (
            QCoreApplication.translate("ClerkDesk", "Not rated")
            if level is None
            else level_text(level, scale)
        )
        self.label.setText(
            QCoreApplication.translate("ClerkDesk", "Rating: {level}").format(level=shown)
        )
        self.changed.emit()
