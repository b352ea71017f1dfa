"""The keypad driver: a typed API over one link, run by one I/O thread with callbacks.

Two ways to attach keypads:

- ``Mode.PUSH`` — point to point (one keypad per clerk PC): the keypad sends KEY frames on
  its own, the host answers ACK_EVENT; the host PINGs now and then to notice a dead keypad.
- ``Mode.POLL`` — RS-485 multi-drop (many addresses on one bus, on the server): the host
  POLLs each address in turn and ACKs the events it gets.

Requests are retried (3 retries by default) and then the keypad is reported offline and
tried again with backoff 1 s → 5 s. A port error (unplugged USB adapter, closed pty or
socket) closes the link; it is re-opened with the same URL on the same backoff, and open
sessions and the display text are restored when a keypad answers again. Key frames for a
(address, session) pair already finished are acknowledged and dropped.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import queue
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from typing import Any, TypeVar

from app.devices.errors import DeviceError, DeviceOffline, DeviceTimeout, ProtocolError
from app.devices.keypad import codec
from app.devices.keypad.codec import Frame, KeypadInfo
from app.devices.keypad.keymap import MODELS, KeypadModel
from app.devices.keypad.link import RequestLink
from app.devices.keypad.session import (
    Backoff,
    KeypadListener,
    RatingEnd,
    RatingResult,
    RatingSession,
)
from app.devices.keypad.state import DEFAULT_TIMING, DriverTiming, KeypadState, Mode
from app.devices.keypad.transport import SerialTransport, Transport

log = logging.getLogger(__name__)
T = TypeVar("T")


class KeypadDriver:
    def __init__(
        self,
        url: str,
        addresses: Iterable[int] = (1,),
        *,
        mode: Mode = Mode.PUSH,
        model: KeypadModel = MODELS["hall-v1"],
        timing: DriverTiming = DEFAULT_TIMING,
        transport: Transport | None = None,
        listener: KeypadListener | None = None,
    ) -> None:
        self.url = url
        self.mode = mode
        self.model = model
        self.timing = timing
        self.transport: Transport = transport or SerialTransport(url)
        self.link = RequestLink(
            self.transport,
            model.codec,
            set(addresses),
            reply_timeout=timing.reply_timeout,
            retries=timing.retries,
        )
        self._listeners: list[KeypadListener] = [listener] if listener else []
        self._keypads = {
            a: KeypadState(a, backoff=Backoff(timing.backoff_first, timing.backoff_cap))
            for a in addresses
        }
        for address in self._keypads:
            if not 1 <= address <= codec.MAX_ADDRESS:
                raise ValueError(f"keypad address {address} is outside 1..{codec.MAX_ADDRESS}")
        self._session_ids = itertools.count(int(time.time()) & 0xFFFFFF)
        self._ops: queue.Queue[Callable[[], None]] = queue.Queue()
        self._finished: deque[tuple[int, int]] = deque(maxlen=4096)
        self._finished_set: set[tuple[int, int]] = set()
        self._link_backoff = Backoff(timing.backoff_first, timing.backoff_cap)
        self._next_open = 0.0
        self._link_up = False
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self.duplicates_dropped = 0
        self.stray_events = 0

    # Public API (any thread) -------------------------------------------------------

    def subscribe(self, listener: KeypadListener) -> None:
        self._listeners.append(listener)

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name=f"keypad {self.url}")
            self._thread.daemon = True
            self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        self.link.close()

    def __enter__(self) -> KeypadDriver:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def online(self, address: int) -> bool:
        return bool(self._keypads[address].online)

    def start_rating(
        self, address: int, ticket_id: int, timeout_s: float = 30, *, session: int | None = None
    ) -> RatingSession:
        """Ask the keypad for a rating; the session ends with a key, a timeout or a cancel."""
        self._keypad(address)
        sid = next(self._session_ids) & 0xFFFFFFFF if session is None else session
        rating = RatingSession(address, sid, ticket_id, timeout_s)
        self._submit(lambda: self._begin(rating))
        return rating

    def cancel(self, address: int) -> Future[None]:
        """End the keypad's open session (if any) as cancelled (level None)."""
        self._keypad(address)
        return self._submit(lambda: self._cancel(address, RatingEnd.CANCELLED))

    def set_display(self, address: int, text: str) -> Future[None]:
        """Show a clerk's name/number; kept and shown again after a replug."""
        kp = self._keypad(address)

        def op() -> None:
            kp.display = text
            self._request(address, codec.SET_DISPLAY, codec.display_data(text))

        return self._submit(op)

    def ping(self, address: int) -> Future[KeypadInfo]:
        self._keypad(address)
        return self._submit(lambda: codec.read_ping_reply(self._request(address, codec.PING).data))

    # The I/O thread ------------------------------------------------------------------

    def _keypad(self, address: int) -> KeypadState:
        try:
            return self._keypads[address]
        except KeyError:
            raise ValueError(f"no keypad {address} on {self.url}") from None

    def _submit(self, fn: Callable[[], T]) -> Future[T]:
        future: Future[T] = Future()

        def op() -> None:
            if future.set_running_or_notify_cancel():
                try:
                    future.set_result(fn())
                except BaseException as exc:  # handed to the caller through the future
                    future.set_exception(exc)
                    if isinstance(exc, DeviceOffline):
                        raise

        self._ops.put(op)
        self._wake.set()
        return future

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self._step()
            except DeviceOffline as exc:
                self._link_down(exc)
            except Exception:  # keep the thread alive whatever a bug does
                log.exception("keypad driver step failed")
                time.sleep(0.1)
        self._fail_sessions()

    def _step(self) -> None:
        now = time.monotonic()
        if not self.transport.is_open:
            if now < self._next_open:
                self._run_ops()  # requests fail fast with DeviceOffline while unplugged
                self._expire(now)
                self._wake.wait(min(self._next_open - now, 0.1))
                self._wake.clear()
                return
            if not self._open_link():
                return
        self._run_ops()
        self._handle_events()
        self._expire(time.monotonic())
        self._restore()
        self._probe()
        self.link.receive()
        self._handle_events()

    def _open_link(self) -> bool:
        try:
            self.link.open()
        except DeviceOffline as exc:
            self._next_open = time.monotonic() + self._link_backoff.next()
            for kp in self._keypads.values():
                self._mark_offline(kp, exc, schedule=False)
            return False
        self._link_up = True
        for kp in self._keypads.values():
            kp.next_try = 0.0
        return True

    def _link_down(self, error: DeviceError) -> None:
        """The port failed (unplugged, closed): close it and re-open it with backoff."""
        self.link.close()
        if not self._link_up:
            return  # already down; an op failing fast while unplugged changes nothing
        self._link_up = False
        self._next_open = time.monotonic() + self._link_backoff.next()
        for kp in self._keypads.values():
            self._mark_offline(kp, error, schedule=False)

    def _run_ops(self) -> None:
        while True:
            try:
                op = self._ops.get_nowait()
            except queue.Empty:
                return
            op()

    # Requests ----------------------------------------------------------------------

    def _request(self, address: int, cmd: int, data: bytes = b"") -> Frame:
        """A request through the link; marks the keypad online, or offline on DeviceTimeout."""
        kp = self._keypads.get(address)
        try:
            reply = self.link.request(address, cmd, data)
        except DeviceTimeout as error:
            if kp is not None:
                self._mark_offline(kp, error)
            raise
        if kp is not None and address != codec.BROADCAST:
            self._mark_online(kp)
        return reply

    # Keypad state --------------------------------------------------------------------

    def _mark_online(self, kp: KeypadState) -> None:
        kp.backoff.reset()
        self._link_backoff.reset()
        if kp.online is not True:
            kp.online = True
            kp.needs_restore = True
            self._notify(lambda lis: lis.keypad_did_come_online(self.url, kp.address))

    def _mark_offline(self, kp: KeypadState, error: DeviceError, *, schedule: bool = True) -> None:
        if schedule:
            kp.next_try = time.monotonic() + kp.backoff.next()
        if kp.online is not False:
            kp.online = False
            self._notify(lambda lis: lis.keypad_did_go_offline(self.url, kp.address, error))
        if all(k.online is False for k in self._keypads.values()) and self._link_up:
            # Nobody answers: the adapter may have been replugged under the same name.
            self.link.close()
            self._link_up = False
            self._next_open = min(k.next_try for k in self._keypads.values())

    def _probe(self) -> None:
        """POLL mode: poll every due address; PUSH mode: PING keypads that are due."""
        for kp in self._keypads.values():
            now = time.monotonic()
            if now < kp.next_try or not self.transport.is_open:
                continue
            try:
                if self.mode is Mode.POLL:
                    reply = self._request(kp.address, codec.POLL)
                    event = codec.read_poll_reply(reply.data)
                    if event is not None:
                        self.link.events.append((kp.address, event, reply))
                    kp.next_try = time.monotonic() + self.timing.poll_interval
                else:
                    self._request(kp.address, codec.PING)
                    kp.next_try = time.monotonic() + self.timing.heartbeat
            except DeviceTimeout:
                pass  # marked offline and scheduled by _request
            except ProtocolError as exc:
                log.warning("%s#%d: %s", self.url, kp.address, exc)

    def _restore(self) -> None:
        """After a keypad (re)appears: show its text again and re-arm its open session."""
        for kp in self._keypads.values():
            if not (kp.online and kp.needs_restore):
                continue
            kp.needs_restore = False
            try:
                if kp.display is not None:
                    self._request(kp.address, codec.SET_DISPLAY, codec.display_data(kp.display))
                if kp.session is not None:
                    self._arm(kp)
            except DeviceTimeout:
                kp.needs_restore = True

    # Sessions ------------------------------------------------------------------------

    def _begin(self, rating: RatingSession) -> None:
        kp = self._keypads[rating.address]
        if kp.session is not None:
            self._cancel(kp.address, RatingEnd.REPLACED)
        kp.session = rating
        kp.deadline = time.monotonic() + rating.timeout_s
        if self.transport.is_open and kp.online is not False:
            # re-armed when the keypad answers again; the deadline still holds
            with contextlib.suppress(DeviceTimeout):
                self._arm(kp)

    def _arm(self, kp: KeypadState) -> None:
        assert kp.session is not None
        left = max(1, round(kp.deadline - time.monotonic()))
        self._request(
            kp.address, codec.START_RATING, codec.start_rating_data(kp.session.session, left)
        )

    def _cancel(self, address: int, end: RatingEnd) -> None:
        kp = self._keypads[address]
        rating = kp.session
        if rating is None:
            return
        self._finish(
            kp, RatingResult(rating.ticket_id, None, end, self.url, address, rating.session)
        )
        if self.transport.is_open and kp.online:
            # the keypad drops the session at its own timeout
            with contextlib.suppress(DeviceTimeout):
                self._request(address, codec.CANCEL, codec.session_data(rating.session))

    def _expire(self, now: float) -> None:
        for kp in self._keypads.values():
            if kp.session is not None and now >= kp.deadline:
                self._cancel(kp.address, RatingEnd.TIMEOUT)

    def _finish(self, kp: KeypadState, result: RatingResult) -> None:
        rating = kp.session
        assert rating is not None and rating.session == result.keypad_session
        kp.session = None
        pair = (kp.address, rating.session)
        if len(self._finished) == self._finished.maxlen:
            self._finished_set.discard(self._finished[0])
        self._finished.append(pair)
        self._finished_set.add(pair)
        rating.future.set_result(result)
        self._notify(lambda lis: lis.rating_did_finish(result))

    def _handle_events(self) -> None:
        while self.link.events:
            address, event, frame = self.link.events.popleft()
            kp = self._keypads[address]
            rating = kp.session
            if (address, event.session) in self._finished_set:
                self.duplicates_dropped += 1
            elif rating is not None and rating.session == event.session:
                try:
                    level = self.model.keymap.level(event.key)
                except DeviceError as exc:
                    self._notify_unknown_key(address, exc)
                else:
                    raw = self.model.codec.encode(frame).hex(" ").upper()
                    result = RatingResult(
                        rating.ticket_id,
                        level,
                        RatingEnd.KEY,
                        self.url,
                        address,
                        event.session,
                        raw,
                        event.key,
                    )
                    self._finish(kp, result)
            else:
                self.stray_events += 1
                self._notify_stray(address, event.session)
            # the keypad repeats the event; it will be dropped as a duplicate
            with contextlib.suppress(DeviceTimeout):
                self._request(address, codec.ACK_EVENT, codec.session_data(event.session))

    def _fail_sessions(self) -> None:
        for kp in self._keypads.values():
            if kp.session is not None:
                rating = kp.session
                self._finish(
                    kp,
                    RatingResult(
                        rating.ticket_id,
                        None,
                        RatingEnd.CANCELLED,
                        self.url,
                        kp.address,
                        rating.session,
                    ),
                )
        while not self._ops.empty():
            self._ops.get_nowait()

    def _notify_stray(self, address: int, session: int) -> None:
        self._notify(lambda lis: lis.keypad_did_send_stray(self.url, address, session))

    def _notify_unknown_key(self, address: int, error: DeviceError) -> None:
        self._notify(lambda lis: lis.keypad_did_send_unknown_key(self.url, address, error))

    def _notify(self, call: Callable[[KeypadListener], Any]) -> None:
        for listener in self._listeners:
            try:
                call(listener)
            except Exception:  # a listener's bug must not stop the keypad
                log.exception("keypad listener failed")
