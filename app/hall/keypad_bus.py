"""Satisfaction keypads on an RS-485 bus attached to the server (polling mode).

Which windows: the config's ``[devices] keypad_bus`` names the bus (a COM port, /dev/tty*
or ``socket://host:port`` of a serial-to-Ethernet converter). A window takes part when its
keypad URL (admin console, ``Window.keypad_url``) is ``"bus"``; its keypad answers at the
window's ``keypad_address``. The mapping is read when the bus starts (restart the server
after changing it). Two windows on one address: the lower window number keeps it.

How a rating goes: when a case finishes, the engine opens its rating session and logs
``rating_requested``; for a window on the bus the server starts the keypad on the session's
token at once. The visitor's key answers the session (checked by the engine: the open
session of that window, before its deadline) and is recorded with the path "bus"; a key for
any other session is acknowledged and logged as a rating anomaly. At the deadline the engine
closes the session as 未评价 whatever the keypad did. The counter learns the result from the
``rating_recorded`` event, which a counter that reconnects in between still gets by
catch-up; ``request_rating`` starts the keypad again for an open session.

Keypad online/offline changes are published as ``keypad_status`` events {window, online}.
The driver calls back on its own thread; every callback is handed to ``post`` (the
composition root's "run this on the hall's thread") before the engine is touched.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

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
from app.models import RatingPath, Window
from app.queue import QueueEngine
from app.queue.rating_sessions import SessionView
from app.queue.views import HallEvent

if TYPE_CHECKING:
    from app.hall.context import Hall

Post = Callable[[Callable[[], None]], None]  # run a function on the hall's thread
NO_BUS_KEYPAD = (
    "本窗口没有接在服务器总线上的评价器",
    "this window has no keypad on the server's keypad bus",
)

log = logging.getLogger(__name__)

BUS = "bus"  # Window.keypad_url of a window whose keypad is on the server's bus


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

    def keypad_did_send_stray(self, device: str, address: int, session: int) -> None:
        self.bus.post(lambda: self.bus.on_stray(address, session))


class BusKeypads:
    """The server's keypad bus: one polling driver; the engine's rating sessions of its
    windows are started on their keypads, and the keys recorded on the hall's thread."""

    def __init__(
        self,
        hall: Hall,
        url: str,
        post: Post,
        *,
        timing: DriverTiming = DEFAULT_TIMING,
        transport: Transport | None = None,
    ) -> None:
        self.hall = hall
        self.engine = hall.engine
        self.url = url
        self.post = post
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
        self.engine.subscribe(self._on_event)

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

    def ask(self, session: SessionView) -> None:
        """Start (or start again) the window's keypad on an open rating session."""
        address = self.windows.get(session.window)
        if self.driver is None or address is None:
            raise Unavailable(*NO_BUS_KEYPAD)
        left = max(1.0, (session.deadline - self.engine.clock.now()).total_seconds())
        self.driver.start_rating(address, session.ticket_id, left, session=session.session)

    # On the hall's thread ------------------------------------------------------------

    def _on_event(self, event: HallEvent) -> None:
        if event.kind != "rating_requested" or not self.serves(event.data.get("window", 0)):
            return
        session = self.engine.rating_session(int(event.ticket_id or 0))
        if session is not None and session.open:
            self.ask(session)

    def on_finished(self, result: RatingResult) -> None:
        """A key on the bus answers its session; a timeout on the keypad records nothing
        (the server closes the session as 未评价 at its own deadline)."""
        if result.end is not RatingEnd.KEY:
            return
        window = next((w for w, a in self.windows.items() if a == result.device_address), None)
        if window is None:
            return
        try:
            self.engine.answer_rating(
                result.keypad_session,
                window=window,
                level=result.level,
                path=RatingPath.BUS,
                device=result.device,
                device_address=result.device_address,
                raw_frame=result.raw_frame,
            )
        except HallError as exc:
            log.warning("keypad bus: key for session %s not stored: %s", result.keypad_session, exc)

    def on_stray(self, address: int, session: int) -> None:
        window = next((w for w, a in self.windows.items() if a == address), None)
        self.engine.log_rating_anomaly("unknown_session", window, path="bus", session=session)

    def on_status(self, address: int, online: bool) -> None:
        for window, at in self.windows.items():
            if at == address:
                self.hall.device_changed("keypad_status", window, online, window=window)
