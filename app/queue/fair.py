"""The fair queue between appointments and walk-ins.

An appointment checked in on time queues as if it had come at its slot's start (issuing.py
check_in): it is called at its slot, ahead of every walk-in who came after that moment, and
behind those who came before. So that a burst of appointments with the same slot cannot
starve the walk-ins, a service's queue calls at most `in_a_row` on-time appointments one
after another while a walk-in of the same service (and the same priority) waits: the next
call then takes the walk-in who has waited longest, and the count starts again. A late
appointment queues as a walk-in and counts as one. Tickets sent to a window are not
affected. `in_a_row` = 0 turns the cap off.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from app.queue.store import Raw
from app.queue.views import TicketView

_ON_TIME = "SELECT count(*) FROM appointments WHERE ticket_id = ? AND on_time = ?"
_FIRST_WALK_IN = (
    "SELECT t.id FROM tickets t WHERE t.day = ? AND t.state = 'waiting' AND t.service_id = ?"
    " AND t.priority = ? AND t.target_window_id IS NULL AND NOT EXISTS (SELECT 1 FROM"
    " appointments a WHERE a.ticket_id = t.id AND a.on_time = ?) ORDER BY t.queue_at, t.id"
    " LIMIT 1"
)
# The service's calls, latest first: by the time of the call, and within one instant by the
# order of the call events (ix_events_ticket).
_LAST_CALLS = (
    "SELECT (SELECT count(*) FROM appointments a WHERE a.ticket_id = t.id AND a.on_time = ?)"
    " FROM tickets t WHERE t.day = ? AND t.service_id = ? AND t.priority = ?"
    " AND t.called_at IS NOT NULL ORDER BY t.called_at DESC, (SELECT max(e.id) FROM events e"
    " WHERE e.ticket_id = t.id AND e.kind = 'ticket_called') DESC LIMIT ?"
)


def on_time_appointment(sql: Raw, ticket_id: int) -> bool:
    return bool(sql.value(_ON_TIME, ticket_id, True))


def appointment_run(sql: Raw, day: dt.date, service_id: int, priority: bool, limit: int) -> int:
    """How many of the service's last calls (up to `limit`) were on-time appointments, one
    after another, counted back from the latest."""
    run = 0
    for (is_appointment,) in sql.rows(_LAST_CALLS, True, day, service_id, priority, limit):
        if not is_appointment:
            break
        run += 1
    return run


def pick(sql: Raw, day: dt.date, service_id: int, priority: bool, head: int, in_a_row: int) -> int:
    """The ticket to call from a service's queue whose first ticket is `head`."""
    if in_a_row <= 0 or not on_time_appointment(sql, head):
        return head
    if appointment_run(sql, day, service_id, priority, in_a_row) < in_a_row:
        return head
    walk_in = sql.value(_FIRST_WALK_IN, day, service_id, priority, True)
    return head if walk_in is None else int(walk_in)


def fair_order(sql: Raw, tickets: Sequence[TicketView], in_a_row: int) -> list[TicketView]:
    """Waiting tickets in their listed order (priority, queue, queue_at), each service queue
    reordered as call-next would take it."""
    if in_a_row <= 0 or not tickets:
        return list(tickets)
    out: list[TicketView] = []
    group: list[TicketView] = []

    def key(t: TicketView) -> tuple[bool, int | None, str]:
        return (t.priority, t.target_window_no, t.service_code)

    for ticket in tickets:
        if group and key(group[-1]) != key(ticket):
            out += _reordered(sql, group, in_a_row)
            group = []
        group.append(ticket)
    return out + _reordered(sql, group, in_a_row)


def _reordered(sql: Raw, group: list[TicketView], in_a_row: int) -> list[TicketView]:
    first = group[0]
    if first.target_window_no is not None or len(group) < 2:
        return group
    on_time = {t.id for t in group if on_time_appointment(sql, t.id)}
    if not on_time or len(on_time) == len(group):
        return group
    service_id = sql.value("SELECT service_id FROM tickets WHERE id = ?", first.id)
    run = appointment_run(sql, first.day, int(service_id), first.priority, in_a_row)
    queue, out = list(group), []
    while queue:
        head = queue[0]
        if head.id in on_time and run >= in_a_row:
            walk_in = next((t for t in queue if t.id not in on_time), None)
            if walk_in is not None:
                out.append(walk_in)
                queue.remove(walk_in)
                run = 0
                continue
        out.append(queue.pop(0))
        run = run + 1 if head.id in on_time else 0
    return out
