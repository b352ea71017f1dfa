"""Who may see what of an event: the one filter between the hall's events and its clients.

Events go to every logged-in client. A few carry a secret that only some of them need: the
token of an open rating session (``session`` of rating_requested and rating_recorded), which
a device must echo to answer it. Only the window's own counter and its own tablet evaluator
get it; kiosks, displays, the console and every other window get the event without it. The
server applies this to the live feed and the catch-up after a reconnect, the events_after
command to what it returns.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.hall.caller import Caller, Role

# event kind → the fields of its data that only the window's own devices may see
WINDOW_SECRETS: Mapping[str, tuple[str, ...]] = {
    "rating_requested": ("session",),
    "rating_recorded": ("session",),
}
WINDOW_DEVICES = (Role.COUNTER, Role.EVALUATOR)


def has_secrets(event: Mapping[str, Any]) -> bool:
    """Whether some clients must get this event (a plain dict) without some of its fields."""
    return event.get("kind") in WINDOW_SECRETS


def may_see_all(caller: Caller, event: Mapping[str, Any]) -> bool:
    if not has_secrets(event):
        return True
    data = event.get("data") or {}
    return caller.role in WINDOW_DEVICES and caller.window == data.get("window")


def public(event: Mapping[str, Any]) -> dict[str, Any]:
    """The event without its window-only fields."""
    hidden = WINDOW_SECRETS.get(str(event.get("kind")), ())
    data = {k: v for k, v in (event.get("data") or {}).items() if k not in hidden}
    return {**event, "data": data}


def event_for(caller: Caller, event: Mapping[str, Any]) -> Mapping[str, Any]:
    """The event as this caller may see it (the same object when nothing is hidden)."""
    return event if may_see_all(caller, event) else public(event)
