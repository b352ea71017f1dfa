"""What the screens need from the parts passed in: the hall client, a printer, a keypad.

The screens only rely on these shapes (see docs/PROTOCOL.md for the client); the real
parts live in app.net and app.devices, tests pass small stand-ins.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

OnOk = Callable[[Any], None]
OnError = Callable[[dict[str, Any]], None]


class HallClientLike(Protocol):
    """app.net.client.HallClient: signals run their slots on the GUI thread."""

    connected_changed: Any  # Signal(bool)
    event_received: Any  # Signal(object): one event dict
    snapshot_received: Any  # Signal(object): the hall's full state

    @property
    def is_connected(self) -> bool: ...

    def open(self) -> None: ...

    def close(self) -> None: ...

    def request(
        self,
        op: str,
        args: dict[str, Any],
        on_ok: OnOk | None = None,
        on_error: OnError | None = None,
    ) -> int: ...


class PrinterLike(Protocol):
    """A ticket printer; print_ticket may block (it runs off the GUI thread) and raises on
    failure."""

    def print_ticket(self, slip: Any) -> Any: ...


class KeypadLike(Protocol):
    """A window's rating keypad: asks the visitor for a rating and reports once, from any
    thread, with an object or dict holding level (None when no key was pressed in time)."""

    def start_rating(self, ticket: dict[str, Any], on_result: Callable[[Any], None]) -> Any: ...


def field(result: Any, name: str, default: Any = None) -> Any:
    """A field of a result that may be a dict or an object (dataclass)."""
    if isinstance(result, dict):
        return result.get(name, default)
    return getattr(result, name, default)
