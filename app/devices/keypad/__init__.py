"""Satisfaction keypads (评价器): codec (pure), transport (serial_for_url), driver, simulator.

No Qt in this package; the UI bridges the driver's listener callbacks to Qt signals.
"""

from app.devices.keypad.driver import KeypadDriver
from app.devices.keypad.keymap import FIVE_KEY, FOUR_KEY_EXAMPLE, MODELS, KeyMap, KeypadModel
from app.devices.keypad.session import (
    Backoff,
    KeypadListener,
    RatingEnd,
    RatingResult,
    RatingSession,
)
from app.devices.keypad.state import DriverTiming, Mode

__all__ = [
    "FIVE_KEY",
    "FOUR_KEY_EXAMPLE",
    "MODELS",
    "Backoff",
    "DriverTiming",
    "KeyMap",
    "KeypadDriver",
    "KeypadListener",
    "KeypadModel",
    "Mode",
    "RatingEnd",
    "RatingResult",
    "RatingSession",
]
