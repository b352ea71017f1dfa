"""The queue engine (no Qt): tickets, calls, transfers, pauses, ratings, wait prediction."""

from app.queue.clock import Clock, ManualClock, SystemClock
from app.queue.engine import QueueEngine
from app.queue.errors import QueueError
from app.queue.settings import QueueSettings
from app.queue.views import HallEvent, IssuedTicket, ServiceLoad, TicketView, WindowState

__all__ = [
    "Clock",
    "HallEvent",
    "IssuedTicket",
    "ManualClock",
    "QueueEngine",
    "QueueError",
    "QueueSettings",
    "ServiceLoad",
    "SystemClock",
    "TicketView",
    "WindowState",
]
