"""Delivery of the city channel: batches of the hall's changes into the city's PostgreSQL.

On (re)connecting, the hall asks the city how far it got (``applied_seq``) and forgets the
items below it; then it ships batch after batch, each applied in one transaction on the city
side, and removes a batch's items from its outbox once the city has committed it. A hall
offline for a week sends its week in order when the city is back; the hall itself never
waits for the city.
"""

from __future__ import annotations

from typing import Any

from app.models import Database
from app.models.hall_id import read_hall_id
from app.models.outbox import CITY
from app.outbox.city_batch import CityBatch, read_batch
from app.outbox.city_store import CityStore, shown
from app.outbox.items import drop_through, reading
from app.outbox.settings import CitySettings


class CityChannel:
    name = CITY

    def __init__(
        self,
        db: Database,
        settings: CitySettings,
        *,
        hall_name: str,
        file_hours: dict[str, Any],
    ) -> None:
        """`hall_name` and `file_hours`: the hall's name and hours from its config file (an
        admin's own values in hall_settings ship with the tables and win)."""
        self.db = db
        self.settings = settings
        self.hall_name = hall_name
        self.file_hours = file_hours
        self.store = CityStore(settings.db_url)
        self.hall_id: str | None = None
        self._resumed = False
        self.last_batch: CityBatch | None = None

    @property
    def target(self) -> str:
        return shown(self.settings.db_url)

    def step(self) -> int:
        if self.hall_id is None:
            with self.db.read() as conn:
                self.hall_id = read_hall_id(conn)
            assert self.hall_id is not None, "a hall database has an id"
        if not self._resumed or not self.store.connected:
            applied = self.store.applied(self.hall_id)
            if applied:
                drop_through(self.db, CITY, applied)
            self._resumed = True
        with reading(self.db) as conn:
            batch = read_batch(conn, self.hall_id, self.settings.batch)
        if batch is None:
            return 0
        self.store.apply(batch, name=self.hall_name, file_hours=self.file_hours)
        drop_through(self.db, CITY, batch.last_seq)
        self.last_batch = batch
        return batch.changes

    def close(self) -> None:
        self.store.close()
