"""The supervisor's view of the hall's uploads: the 好差评 platform and the city's database
(what is pending and since when, what went, what failed or was refused)."""

from __future__ import annotations

import datetime as dt

from app.hall.caller import CONSOLE
from app.hall.command import Command, command
from app.hall.context import Call
from app.hall.wire import NoArgs
from app.models.outbox import CITY, PROVINCE
from app.outbox.status import ChannelStatus, all_status


def outbox_status(call: Call, req: NoArgs) -> list[ChannelStatus]:
    """Each uplink (province, city): on or off, where to, pending and the oldest pending,
    stuck (past the config's stuck_minutes), delivered, refused, the last error."""
    stuck = {
        PROVINCE: call.config.province.stuck_minutes,
        CITY: call.config.city.stuck_minutes,
    }
    with call.engine.db.read() as conn:
        return all_status(conn, stuck, dt.datetime.now())  # the senders' wall clock


COMMANDS: tuple[Command, ...] = (command("outbox_status", CONSOLE, outbox_status),)
