"""What a keypad on the clerk's PC sends when the visitor presses a key: the raw frame (hex)
the workstation relays untouched (relay_keypad_frame), built with the devices' own codec; and
the rating anomalies the hall logged for the supervisor."""

from __future__ import annotations

from app.devices.keypad import codec
from app.devices.keypad.keymap import FIVE_KEY
from app.queue import QueueEngine


def key_frame(session: int, level: int, *, address: int = 1, seq: int = 1) -> str:
    """A KEY frame pressing `level` for rating session `session`, as hex."""
    return key_code_frame(session, FIVE_KEY.key_for(level), address=address, seq=seq)


def key_code_frame(session: int, key: int, *, address: int = 1, seq: int = 1) -> str:
    """A KEY frame with the keypad's own key code (unmapped codes included)."""
    event = codec.KeyEvent(session, key)
    return codec.encode(codec.Frame(address, seq, codec.KEY, codec.key_data(event))).hex()


def ping_frame(address: int = 1) -> str:
    """A well-formed frame that carries no key."""
    return codec.encode(codec.Frame(address, 1, codec.PING)).hex()


def poll_reply_frame(session: int, level: int, *, address: int = 1, seq: int = 1) -> str:
    """The same key as a polled keypad reports it (a POLL reply carrying the event)."""
    event = codec.KeyEvent(session, FIVE_KEY.key_for(level))
    data = codec.poll_event_data(event)
    return codec.encode(codec.Frame(address, seq, codec.POLL | codec.REPLY, data)).hex()


def spoiled(frame: str) -> str:
    """The frame with its last CRC byte changed."""
    raw = bytearray.fromhex(frame)
    raw[-1] ^= 0x01
    return raw.hex()


def anomalies(engine: QueueEngine, since: int = 0) -> list[tuple[str, int | None, str]]:
    """(anomaly, window, path) of every rating_anomaly event after `since`."""
    return [
        (e.data["anomaly"], e.data.get("window"), e.data.get("path", ""))
        for e in engine.events_after(since)
        if e.kind == "rating_anomaly"
    ]
