"""What the hall server does at closing time: anchor the chain heads, back up the database,
write the daily report.

Both are idempotent per day (the day's report file is the mark that the day is done), so a
server restarted after closing catches up, and one started twice a day does nothing twice.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path

from app.appraisal.followups import sync_follow_ups
from app.appraisal.settings import DEFAULT_SETTINGS, AppraisalSettings
from app.models import Database
from app.models.anchors import HEADS_FOLDER, append_heads
from app.models.backup import daily_backup
from app.models.chain import chain_heads
from app.reports.produce import DEFAULT_ISSUER, report_stem, write_daily_report

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ClosingPlan:
    reports_dir: Path
    backups_dir: Path | None  # None: no backups (PostgreSQL, or turned off)
    settings: AppraisalSettings = DEFAULT_SETTINGS
    issuer: str = DEFAULT_ISSUER  # who issues the reports (the config's hall.issuer)

    @property
    def heads_dir(self) -> Path:
        """The heads files (anchors for `verify --anchors`): copy this folder off the server."""
        return self.reports_dir / HEADS_FOLDER

    def report_of(self, day: dt.date) -> Path:
        return report_stem(self.reports_dir, "daily", day).with_suffix(".pdf")

    def due(self, now: dt.datetime) -> bool:
        """After the hall's closing time, when today's report is not written yet."""
        closing = self.settings.hours.closing(now.date())
        return now >= closing and not self.report_of(now.date()).exists()


def run_closing(db: Database, day: dt.date, plan: ClosingPlan) -> list[Path]:
    """Anchor the chain heads (a line appended to the day's heads file), back up (the data
    matters more than the report), then write the report."""
    with db.read() as conn:
        heads = chain_heads(conn)
    made: list[Path] = [append_heads(plan.heads_dir, day, heads, dt.datetime.now())]
    path = db.file
    if plan.backups_dir is not None and path is not None:
        made.append(daily_backup(path, plan.backups_dir, day))
    made += write_daily_report(
        db, day, plan.reports_dir, settings=plan.settings, issuer=plan.issuer
    )
    log.info("closing jobs for %s wrote %s", day, ", ".join(str(p) for p in made))
    return made


def open_follow_ups(db: Database, plan: ClosingPlan, day: dt.date | None = None) -> int:
    """Open the follow-ups of new 差评 (of `day`, or of every day at start-up)."""
    with db.write() as conn:
        return sync_follow_ups(conn, plan.settings, (day, day) if day else None)
