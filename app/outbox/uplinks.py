"""The hall's uplinks as the server runs them: the capture triggers checked, the channels the
config names switched on, a sender thread for each, and their alarms and housekeeping."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from app.models import Database
from app.models.outbox import CITY, PROVINCE, install_capture
from app.outbox.adapters import make_adapter
from app.outbox.city_channel import CityChannel
from app.outbox.items import enable, prune
from app.outbox.province_channel import ProvinceChannel
from app.outbox.sender import Sender
from app.outbox.settings import CitySettings, ProvinceSettings
from app.outbox.status import alarms, channel_status

log = logging.getLogger(__name__)
KEEP_DELIVERED_DAYS = 30
PRUNE_EVERY = dt.timedelta(hours=1)


@dataclass
class Uplinks:
    """The running senders (none when the config names no uplink)."""

    db: Database
    province: ProvinceSettings
    city: CitySettings
    senders: list[Sender] = field(default_factory=list)
    _pruned: dt.datetime | None = None

    def stop(self) -> None:
        for sender in self.senders:
            sender.stop()
        self.senders = []

    def stuck_minutes(self) -> dict[str, int]:
        return {PROVINCE: self.province.stuck_minutes, CITY: self.city.stuck_minutes}

    def check(self, now: dt.datetime | None = None) -> dict[str, dict[str, Any] | None]:
        """The channels' alarms now (key → alarm, None to clear); prunes once an hour."""
        now = now or dt.datetime.now()
        found: dict[str, dict[str, Any] | None] = {}
        stuck = self.stuck_minutes()
        with self.db.read() as conn:
            for name in (PROVINCE, CITY):
                found |= alarms(channel_status(conn, name, stuck[name], now), now)
        if self._pruned is None or now - self._pruned > PRUNE_EVERY:
            self._pruned = now
            prune(self.db, now - dt.timedelta(days=KEEP_DELIVERED_DAYS))
        return found


def start_uplinks(
    db: Database,
    province: ProvinceSettings,
    city: CitySettings,
    *,
    hall_name: str,
    file_hours: dict[str, Any],
    reasons: Mapping[str, str],
) -> Uplinks:
    """Switch on and start what the config names. The capture triggers are put back first
    if a migration that rebuilt a table dropped them."""
    with db.write() as conn:
        install_capture(conn)
    uplinks = Uplinks(db, province, city)
    if province.enabled:
        channel = ProvinceChannel(db, province, make_adapter(province, reasons))
        enable(db, PROVINCE, channel.target)
        uplinks.senders.append(Sender(db, channel).start())
    if city.enabled:
        city_channel = CityChannel(db, city, hall_name=hall_name, file_hours=file_hours)
        if enable(db, CITY, city_channel.target):
            log.info("the city channel is on: the hall's records so far are queued for the city")
        uplinks.senders.append(Sender(db, city_channel).start())
    return uplinks
