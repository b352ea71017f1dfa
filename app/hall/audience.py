"""Who may see what of an event: the one filter between the hall's events and its clients.

Events go to every logged-in client, with two narrowings:
- A few carry a secret that only some of them need: the token of an open rating session
  (``session`` of rating_requested and rating_recorded), which a device must echo to answer
  it. Only the window's own counter and its own tablet evaluator get it; kiosks, displays, the
  console and every other window get the event without it.
- A window's counter gets the events of other windows only where they change the queues it
  may call from (a ticket issued, called, transferred, requeued; the configuration). Another
  window's start, finish, pause or rating changes nothing on this desk, and in a hall of 300
  windows sending each of them to 300 desks was most of the server's work.
And one delay: what a client only counts or lists may reach it in a batch a moment later
(``may_wait``); what it acts on goes out at once: a window's own events to its counter and its
evaluator, and the calls a lobby screen announces. So a call is announced at once, behind
nothing, while a rush of 20 tickets a second, the ratings that close unanswered and the other
windows' work reach every client as one message a quarter second instead of one each; each
client still gets its events in seq order (what waits goes out before the next event that
does not, and before any reply).
The server applies both narrowings to the live feed and to the catch-up after a reconnect, and
the delay to the live feed; the console's events_after command gets everything but the
secrets.
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
# the events of other windows that change what a counter may call (its desk re-reads its
# waiting list on them)
QUEUE_CHANGES = frozenset(
    {"ticket_issued", "ticket_called", "ticket_transferred", "ticket_reactivated", "config_changed"}
)

# the events a lobby screen (or a window's screen) announces: they never wait
ANNOUNCED = frozenset({"ticket_called", "ticket_called_back", "ticket_recalled"})


def concerns(caller: Caller, event: Mapping[str, Any]) -> bool:
    """Whether this caller gets the event at all (a counter: its own window's, and the queue
    changes of the others)."""
    if caller.role is not Role.COUNTER:
        return True
    window = (event.get("data") or {}).get("window")
    return window is None or window == caller.window or event.get("kind") in QUEUE_CHANGES


def may_wait(caller: Caller, event: Mapping[str, Any]) -> bool:
    """Whether the event may reach this caller in the next batch instead of at once: all but
    its own window's events (a counter, an evaluator) and the calls a screen announces."""
    if caller.role in WINDOW_DEVICES:
        return (event.get("data") or {}).get("window") != caller.window
    return caller.role is not Role.DISPLAY or event.get("kind") not in ANNOUNCED


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
