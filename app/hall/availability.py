"""Which services a window serves right now, and if none does, why and until when: the
kiosk says 暂无窗口办理 or the time it opens instead of an estimate, and the dashboard counts
the open windows per service.

A window serves a service now when a clerk is signed in there, it is not paused, and the
service is among the window's. With none, the reason is the first that holds: before the
hours (of the hall and the service: it opens at the later of the two), the lunch break (a
window of the service is paused for lunch inside the hall's lunch hours: back at its end),
after the hours, else no window at all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from app.appraisal.settings import HallHours
from app.hall.caller import CONSOLE, Role
from app.hall.command import Command, command
from app.hall.context import Call
from app.hall.hall_settings import effective_hours
from app.hall.wire import NoArgs
from app.models import Service

REASONS = ("", "before_hours", "lunch", "after_hours", "no_window")


@dataclass(frozen=True)
class ServiceHours:
    code: str
    open_at: dt.time
    close_at: dt.time


@dataclass(frozen=True)
class ServiceAvailability:
    code: str
    windows_open: int  # signed in, not paused, serving the service
    windows_paused: int  # signed in and paused, among the service's windows
    reason: str  # "" while a window serves it; else one of REASONS
    opens_at: str | None  # "HH:MM" when it is served again today, if known


def availability(
    services: Iterable[ServiceHours],
    windows: Iterable[Mapping[str, Any]],
    hours: HallHours,
    now: dt.datetime,
) -> list[ServiceAvailability]:
    """Per service, from the windows' states (the snapshot's `windows`)."""
    staffed = [w for w in windows if w.get("signed_in")]
    moment = now.time()
    found = []
    for service in services:
        mine = [w for w in staffed if service.code in (w.get("service_codes") or ())]
        serving = sum(1 for w in mine if not w.get("paused"))
        paused = [w for w in mine if w.get("paused")]
        reason, opens = "", None
        if not serving:
            opening = max(hours.open_at, service.open_at)
            closing = min(hours.close_at, service.close_at)
            at_lunch = hours.lunch_start <= moment < hours.lunch_end
            if moment < opening:
                reason, opens = "before_hours", opening
            elif at_lunch and any(w.get("pause_reason") == "lunch" for w in paused):
                reason, opens = "lunch", hours.lunch_end
            elif moment >= closing:
                reason = "after_hours"
            else:
                reason = "no_window"
        at = opens.strftime("%H:%M") if opens else None
        found.append(ServiceAvailability(service.code, serving, len(paused), reason, at))
    return found


def service_hours(call: Call) -> list[ServiceHours]:
    with call.engine.db.read() as conn:
        rows = conn.execute(
            select(Service.code, Service.open_at, Service.close_at)
            .where(Service.active.is_(True))
            .order_by(Service.sort_order, Service.code)
        ).all()
    return [ServiceHours(code, open_at, close_at) for code, open_at, close_at in rows]


def service_availability(call: Call, req: NoArgs) -> list[ServiceAvailability]:
    """Per service: the windows serving it now and, with none, why (before_hours, lunch,
    after_hours, no_window) and the time it is served again today if known."""
    hours = effective_hours(call.engine.db, call.config.hours)
    windows = call.hall.view.snapshot()["windows"]
    return availability(service_hours(call), windows, hours, call.now())


COMMANDS: tuple[Command, ...] = (
    command("service_availability", (Role.KIOSK, Role.DISPLAY, *CONSOLE), service_availability),
)
