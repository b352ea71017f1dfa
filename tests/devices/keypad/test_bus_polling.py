"""RS-485 polling mode: several keypads with their own addresses on one bus (socket://)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.devices.keypad import Mode
from app.devices.keypad.simulator import KeypadSimulator
from tests.devices.keypad.conftest import WAIT, DriverFactory, Recorder


@pytest.fixture
def bus() -> Iterator[KeypadSimulator]:
    with KeypadSimulator.on_tcp(addresses=[1, 2], push=False) as simulator:
        yield simulator


def test_two_keypads_on_one_bus_rate_independently(
    bus: KeypadSimulator, make_driver: DriverFactory
) -> None:
    driver = make_driver(bus.url, (1, 2), mode=Mode.POLL)
    first = driver.start_rating(1, 101, timeout_s=20)
    second = driver.start_rating(2, 102, timeout_s=20)
    bus.wait_session(1)
    bus.wait_session(2)
    bus.press(2, address=2)
    bus.press(5, address=1)
    one, two = first.result(WAIT), second.result(WAIT)
    assert (one.ticket_id, one.device_address, one.level) == (101, 1, 5)
    assert (two.ticket_id, two.device_address, two.level) == (102, 2, 2)
    assert one.raw_frame.startswith("AA 55 01") and two.raw_frame.startswith("AA 55 02")
    assert bus.wait_for(lambda: not bus.keypads[1].pending and not bus.keypads[2].pending, WAIT)


def test_a_repeated_poll_event_is_dropped_as_a_duplicate(
    bus: KeypadSimulator, make_driver: DriverFactory, recorder: Recorder
) -> None:
    """The keypad answers the first ACK_EVENT but keeps the event; the next POLL repeats it."""
    bus.keypads[1].keep_after_ack = 1
    driver = make_driver(bus.url, (1, 2), mode=Mode.POLL)
    session = driver.start_rating(1, 103, timeout_s=20)
    bus.wait_session(1)
    bus.press(4, address=1)
    assert session.result(WAIT).level == 4
    assert bus.wait_for(lambda: not bus.keypads[1].pending, WAIT)
    assert driver.duplicates_dropped >= 1
    assert recorder.kinds(1).count("rating") == 1


def test_a_dead_keypad_on_the_bus_does_not_stop_the_others(
    bus: KeypadSimulator, make_driver: DriverFactory, recorder: Recorder
) -> None:
    driver = make_driver(bus.url, (1, 2), mode=Mode.POLL)
    recorder.wait("online", 2)
    bus.mute(True, address=2)
    recorder.wait("offline", 2)
    session = driver.start_rating(1, 104, timeout_s=20)
    bus.wait_session(1)
    bus.press(3, address=1)
    assert session.result(WAIT).level == 3
    assert driver.online(1) and not driver.online(2)
    bus.mute(False, address=2)
    recorder.wait("online", 2, after=recorder.wait("offline", 2))


def test_the_whole_bus_unplugged_and_replugged_recovers(
    bus: KeypadSimulator, make_driver: DriverFactory, recorder: Recorder
) -> None:
    driver = make_driver(bus.url, (1, 2), mode=Mode.POLL)
    recorder.wait("online", 1)
    recorder.wait("online", 2)
    bus.unplug()
    off1, off2 = recorder.wait("offline", 1), recorder.wait("offline", 2)
    bus.replug()
    recorder.wait("online", 1, after=off1)
    recorder.wait("online", 2, after=off2)
    session = driver.start_rating(2, 105, timeout_s=20)
    bus.wait_session(2)
    bus.press(1, address=2)
    assert session.result(WAIT).level == 1
