"""Keypad models: a codec plus a table from the keypad's key codes to rating levels.

Levels are always on the hall's five-point scale: 5 非常满意, 4 满意, 3 基本满意,
2 不满意, 1 非常不满意. A model with fewer keys maps each key to a distinct level, so no
press is lost and every stored rating means the same thing whatever keypad produced it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from app.devices.errors import UnknownKey
from app.devices.keypad.codec import HallCodecV1, KeypadCodec

SCALE = 5
LEVEL_NAMES: Mapping[int, tuple[str, str]] = MappingProxyType(
    {
        5: ("非常满意", "very satisfied"),
        4: ("满意", "satisfied"),
        3: ("基本满意", "fairly satisfied"),
        2: ("不满意", "dissatisfied"),
        1: ("非常不满意", "very dissatisfied"),
    }
)


@dataclass(frozen=True)
class KeyMap:
    """Key code → level (1..5) for one keypad model."""

    model: str
    levels: Mapping[int, int]

    def __post_init__(self) -> None:
        levels = list(self.levels.values())
        if len(set(levels)) != len(levels) or not all(1 <= lv <= SCALE for lv in levels):
            raise ValueError(f"{self.model}: each key needs its own level in 1..{SCALE}")

    def level(self, key: int) -> int:
        try:
            return self.levels[key]
        except KeyError:
            raise UnknownKey(self.model, key) from None

    def key_for(self, level: int) -> int:
        """The key that produces ``level`` (used by the simulator to press a level)."""
        for key, mapped in self.levels.items():
            if mapped == level:
                return key
        raise UnknownKey(self.model, level)


FIVE_KEY = KeyMap("hall-v1-5key", MappingProxyType({k: k for k in range(1, 6)}))
# Example vendor model with four keys, left to right: 非常满意 / 满意 / 基本满意 / 不满意.
FOUR_KEY_EXAMPLE = KeyMap("example-4key", MappingProxyType({1: 5, 2: 4, 3: 3, 4: 2}))


@dataclass(frozen=True)
class KeypadModel:
    """A keypad model the driver can talk to: its wire codec and its key table."""

    name: str
    keymap: KeyMap
    codec: KeypadCodec = field(default_factory=HallCodecV1)


MODELS: Mapping[str, KeypadModel] = MappingProxyType(
    {
        "hall-v1": KeypadModel("hall-v1", FIVE_KEY),
        "example-4key": KeypadModel("example-4key", FOUR_KEY_EXAMPLE),
    }
)
