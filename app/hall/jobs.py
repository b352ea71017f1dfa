"""The server's scheduled work: closing-time backup and daily report, 差评 follow-ups.
The closing time is the hall's effective one (an admin's change is picked up at the next tick).

The composition root calls ``tick()`` once a minute on the hall's thread; the work itself
runs on a worker thread so that calls are never held up behind a report.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import replace

from app.hall.hall_settings import effective_hours
from app.models.backup_plan import BackupPlan
from app.queue import QueueEngine
from app.queue.views import HallEvent
from app.reports.closing import ClosingPlan, open_follow_ups, run_closing

log = logging.getLogger(__name__)


class ServerJobs:
    def __init__(
        self, engine: QueueEngine, plan: ClosingPlan, *, backups: BackupPlan | None = None
    ) -> None:
        self.engine = engine
        self.plan = plan
        self.backups = backups  # issue 15: interval and off-machine copies
        self._file_hours = plan.settings.hours  # the config file's; an admin may change them
        self._busy = threading.Lock()
        self._running = False
        engine.subscribe(self._on_event)

    def start(self) -> None:
        self._background(
            "follow-ups at start-up", lambda: open_follow_ups(self.engine.db, self.plan)
        )
        self._running = True
        self.tick()

    def stop(self) -> None:
        self._running = False

    def tick(self) -> None:
        """Once a minute: the closing-time work, when it is due."""
        if not self._running:
            return
        hours = effective_hours(self.engine.db, self._file_hours)
        if hours != self.plan.settings.hours:
            self.plan = replace(self.plan, settings=replace(self.plan.settings, hours=hours))
        now = self.engine.clock.now()
        if self.backups is not None:  # issue 15: starts due copies on their own threads
            self.backups.tick(now, hours.open_at, hours.close_at)
        if self.plan.due(now):
            day = now.date()
            self._background(
                f"closing jobs of {day}", lambda: run_closing(self.engine.db, day, self.plan)
            )

    def _on_event(self, event: HallEvent) -> None:
        if not self._running:
            return
        level, scale = event.data.get("level"), int(event.data.get("scale") or 5)
        bad = level is not None and level <= self.plan.settings.scale(scale).bad_max
        if event.kind == "rating_recorded" and bad:
            day = event.at.date()
            self._background(
                "follow-up of a 差评", lambda: open_follow_ups(self.engine.db, self.plan, day)
            )

    def _background(self, what: str, work: Callable[[], object]) -> None:
        def run() -> None:
            with self._busy:  # one job at a time; the next tick retries what failed
                try:
                    work()
                except Exception:
                    log.exception("%s failed; retried later", what)

        threading.Thread(target=run, name=f"job: {what}", daemon=True).start()
