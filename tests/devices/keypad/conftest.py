"""A simulator on a real pty or a real TCP port, a driver with short timings, a recorder."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from app.devices.errors import DeviceError
from app.devices.keypad import DriverTiming, KeypadDriver, KeypadListener, Mode, RatingResult
from app.devices.keypad.simulator import KeypadSimulator

ADDRESS = 3
# The protocol's timings, shortened so that faults are found and recovered in well under 1 s;
# the reply timeout stays generous because the test machine is shared.
FAST = DriverTiming(
    reply_timeout=0.3,
    retries=3,
    backoff_first=0.1,
    backoff_cap=0.4,
    poll_interval=0.05,
    heartbeat=0.2,
)
WAIT = 10.0  # upper bound for anything a test waits for; normally reached in milliseconds


class Recorder(KeypadListener):
    """Collects the driver's callbacks in order; tests wait on them."""

    def __init__(self) -> None:
        self.events: list[tuple[str, int, object]] = []
        self._cond = threading.Condition()

    def _add(self, kind: str, address: int, value: object) -> None:
        with self._cond:
            self.events.append((kind, address, value))
            self._cond.notify_all()

    def rating_did_finish(self, result: RatingResult) -> None:
        self._add("rating", result.device_address, result)

    def keypad_did_go_offline(self, device: str, address: int, error: DeviceError) -> None:
        self._add("offline", address, error)

    def keypad_did_come_online(self, device: str, address: int) -> None:
        self._add("online", address, None)

    def keypad_did_send_unknown_key(self, device: str, address: int, error: DeviceError) -> None:
        self._add("unknown_key", address, error)

    def kinds(self, address: int | None = None) -> list[str]:
        with self._cond:
            return [k for k, a, _ in self.events if address is None or a == address]

    def wait(self, kind: str, address: int = ADDRESS, *, after: int = 0) -> int:
        """Wait for an event of ``kind`` at index >= ``after``; returns its index."""

        def find() -> int | None:
            for i in range(after, len(self.events)):
                if self.events[i][0] == kind and self.events[i][1] == address:
                    return i
            return None

        with self._cond:
            if not self._cond.wait_for(lambda: find() is not None, WAIT):
                raise AssertionError(f"no {kind} for {address} after #{after}: {self.events}")
            index = find()
            assert index is not None
            return index


@pytest.fixture(params=["pty", "tcp"])
def sim(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[KeypadSimulator]:
    """One keypad (address 3) in push mode, on a pty (via a stable symlink) or a TCP port."""
    if request.param == "pty":
        simulator = KeypadSimulator.on_pty(str(tmp_path / "keypad"), addresses=[ADDRESS])
    else:
        simulator = KeypadSimulator.on_tcp(addresses=[ADDRESS])
    simulator.repeat_interval = 0.1
    with simulator:
        yield simulator


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


DriverFactory = Callable[..., KeypadDriver]


@pytest.fixture
def make_driver(recorder: Recorder) -> Iterator[DriverFactory]:
    drivers: list[KeypadDriver] = []

    def make(url: str, addresses: tuple[int, ...] = (ADDRESS,), **kw: object) -> KeypadDriver:
        kw.setdefault("timing", FAST)
        kw.setdefault("mode", Mode.PUSH)
        driver = KeypadDriver(url, addresses, listener=recorder, **kw)  # type: ignore[arg-type]
        drivers.append(driver)
        driver.start()
        return driver

    yield make
    for driver in drivers:
        driver.stop()
