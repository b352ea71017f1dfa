"""Satisfaction keypads on an RS-485 bus attached to the server (polling mode).

Which windows: the config's ``[devices] keypad_bus`` names the bus (a COM port, /dev/tty*
or ``socket://host:port`` of a serial-to-Ethernet converter). A window takes part when its
keypad URL (admin console, ``Window.keypad_url``) is ``"bus"``; its keypad answers at the
window's ``keypad_address``. The mapping is read when the bus starts (restart the server
after changing it). Two windows on one address: the lower window number keeps it.

How a rating goes: the counter sends ``request_rating {ticket_id}`` after finishing a
ticket. The server checks the ticket was finished at that window and is not rated yet,
starts the session on the window's address and replies at once with the session
(``{ticket_id, window, device, device_address, keypad_session, timeout_s, online}``).
When the visitor presses a key, or nobody does within ``timeout_s`` (level None, 未评价),
the server records the rating through the engine on its own thread, and the counter learns
the result from the ``rating_recorded`` event — which a counter that reconnects in between
still gets by catch-up. So no request waits on a person (the client gives up on a reply
after 20 s). A session cancelled or replaced on the keypad records nothing.

Keypad online/offline changes are published as ``keypad_status`` events {window, online}.
The driver calls back on its own thread; every callback is handed to ``post`` (the
composition root's "run this on the hall's thread") before the engine is touched.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from app.devices.errors import DeviceError
from app.devices.keypad import (
    DriverTiming,
    KeypadDriver,
    KeypadListener,
    Mode,
    RatingEnd,
    RatingResult,
)
from app.devices.keypad.state import DEFAULT_TIMING
from app.devices.keypad.transport import Transport
from app.errors import HallError
from app.hall.errors import Unavailable
from app.hall.rating_commands import NO_BUS_KEYPAD
from app.models import Window
from app.queue import QueueEngine

if TYPE_CHECKING:
    from app.hall.context import Hall

Post = Callable[[Callable[[], None]], None]  # run a function on the hall's thread

log = logging.getLogger(__name__)

BUS = "bus"  # Window.keypad_url of a window whose keypad is on the server's bus
TIMEOUT_S = 15.0  # how long the visitor has to press a key
RECORDED = (RatingEnd.KEY, RatingEnd.TIMEOUT)  # cancelled / replaced sessions store nothing


def bus_windows(engine: QueueEngine) -> dict[int, int]:
    """{window number: keypad address} of the active windows whose keypad URL is "bus"."""
    with engine.db.read() as conn:
        rows = conn.execute(
            select(Window.number, Window.keypad_address, Window.keypad_url)
            .where(Window.active.is_(True))
            .order_by(Window.number)
        ).all()
    windows: dict[int, int] = {}
    taken: dict[int, int] = {}
    for number, address, url in rows:
        if (url or "").strip().lower() != BUS:
            continue
        if address in taken:
            log.warning(
                "keypad bus: windows %d and %d share address %d; window %d gets no keypad",
                taken[address],
                number,
                address,
                number,
            )
            continue
        taken[address] = number
        windows[number] = address
    return windows


class _Listener(KeypadListener):
    """Driver-thread callbacks, handed to the hall's thread."""

    def __init__(self, bus: BusKeypads) -> None:
        self.bus = bus

    def rating_did_finish(self, result: RatingResult) -> None:
        self.bus.post(lambda: self.bus.on_finished(result))

    def keypad_did_go_offline(self, device: str, address: int, error: DeviceError) -> None:
        self.bus.post(lambda: self.bus.on_status(address, False))

    def keypad_did_come_online(self, device: str, address: int) -> None:
        self.bus.post(lambda: self.bus.on_status(address, True))


class BusKeypads:
    """The server's keypad bus: one polling driver, ratings recorded on the hall's thread."""

    def __init__(
        self,
        hall: Hall,
        url: str,
        post: Post,
        *,
        timeout_s: float = TIMEOUT_S,
        timing: DriverTiming = DEFAULT_TIMING,
        transport: Transport | None = None,
    ) -> None:
        self.hall = hall
        self.engine = hall.engine
        self.url = url
        self.post = post
        self.timeout_s = timeout_s
        self.windows = bus_windows(self.engine)
        self.driver: KeypadDriver | None = None
        if self.windows:
            self.driver = KeypadDriver(
                url,
                sorted(self.windows.values()),
                mode=Mode.POLL,
                timing=timing,
                transport=transport,
                listener=_Listener(self),
            )
        else:
            log.warning("keypad bus %s: no window has keypad URL %r", url, BUS)

    def start(self) -> BusKeypads:
        if self.driver is not None:
            self.driver.start()
            log.info("keypad bus %s: windows→addresses %s", self.url, self.windows)
        return self

    def stop(self) -> None:
        if self.driver is not None:
            self.driver.stop()

    def serves(self, window: int) -> bool:
        return self.driver is not None and window in self.windows

    def request(self, window: int, ticket_id: int) -> dict[str, Any]:
        """Start a rating session for a ticket finished at ``window`` (checked by the
        command)."""
        address = self.windows.get(window)
        if self.driver is None or address is None:
            raise Unavailable(*NO_BUS_KEYPAD)
        session = self.driver.start_rating(address, ticket_id, self.timeout_s)
        return {
            "ticket_id": ticket_id,
            "window": window,
            "device": self.url,
            "device_address": address,
            "keypad_session": session.session,
            "timeout_s": self.timeout_s,
            "online": self.driver.online(address),
        }

    # On the hall's thread ------------------------------------------------------------

    def on_finished(self, result: RatingResult) -> None:
        if result.end not in RECORDED:
            log.info("keypad bus: session %s ended %s", result.keypad_session, result.end)
            return
        try:
            self.engine.record_rating(result.ticket_id, **result.record_kwargs())
        except HallError as exc:
            log.warning("keypad bus: rating of ticket %s not stored: %s", result.ticket_id, exc)

    def on_status(self, address: int, online: bool) -> None:
        for window, at in self.windows.items():
            if at == address:
                self.hall.device_changed("keypad_status", window, online, window=window)
