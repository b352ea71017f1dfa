"""Key tables, retry backoff, and the device errors' bilingual messages."""

from __future__ import annotations

import pytest

from app.devices import errors
from app.devices.keypad import FIVE_KEY, FOUR_KEY_EXAMPLE, Backoff, KeyMap


def test_the_four_key_example_loses_no_level() -> None:
    assert [FOUR_KEY_EXAMPLE.level(k) for k in (1, 2, 3, 4)] == [5, 4, 3, 2]
    assert FOUR_KEY_EXAMPLE.key_for(2) == 4
    with pytest.raises(errors.UnknownKey):
        FOUR_KEY_EXAMPLE.level(5)
    assert [FIVE_KEY.level(k) for k in range(1, 6)] == [1, 2, 3, 4, 5]


def test_a_table_mapping_two_keys_to_one_level_is_refused() -> None:
    with pytest.raises(ValueError):
        KeyMap("bad", {1: 5, 2: 5})
    with pytest.raises(ValueError):
        KeyMap("bad", {1: 6})


def test_backoff_doubles_from_one_to_five_seconds_and_resets() -> None:
    backoff = Backoff()
    assert [backoff.next() for _ in range(6)] == [1.0, 2.0, 4.0, 5.0, 5.0, 5.0]
    backoff.reset()
    assert backoff.next() == 1.0


@pytest.mark.parametrize(
    "error",
    [
        errors.DeviceTimeout("COM3#2", "PING"),
        errors.DeviceOffline("COM3", "unplugged"),
        errors.ChecksumError(0x1234, 0x4321),
        errors.ProtocolError("short"),
        errors.UnknownKey("m", 9),
        errors.PrinterOffline("p"),
        errors.PrinterOutOfPaper("p"),
        errors.BadTicketCode("x"),
    ],
)
def test_every_device_error_speaks_chinese_and_english(error: errors.DeviceError) -> None:
    assert isinstance(error, errors.DeviceError)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in error.zh)
    assert error.en.isascii() and error.en
    assert str(error) == f"{error.zh} / {error.en}"
