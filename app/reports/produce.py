"""Producing reports from the database: the CLI, the admin UI and the closing-time timer.

Each function first opens the follow-ups of any 差评 not yet followed up (one short write
transaction), then reads every figure in one snapshot and writes the files. `progress`
receives (fraction 0..1, message) for the admin UI's progress bar.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from app.appraisal.daily import daily_summary
from app.appraisal.followups import sync_follow_ups
from app.appraisal.ranking import month_appraisal, month_bounds, year_ranking
from app.appraisal.ratings import rating_corrections
from app.appraisal.scoring import Progress, no_progress
from app.appraisal.settings import DEFAULT_SETTINGS, AppraisalSettings
from app.models import Database
from app.models.chain import chain_heads
from app.reports.daily_pdf import write_daily_pdf
from app.reports.excel import write_daily_xlsx, write_month_xlsx
from app.reports.month_pdf import write_month_pdf, write_year_pdf


def _sync(db: Database, first: dt.date, last: dt.date, settings: AppraisalSettings) -> None:
    with db.write() as conn:
        sync_follow_ups(conn, settings, (first, last))


def _scaled(progress: Progress, low: float, high: float) -> Progress:
    return lambda f, m: progress(low + (high - low) * f, m)


def report_stem(folder: Path, kind: str, when: dt.date) -> Path:
    """Where a report's files go, without the suffix: daily-YYYY-MM-DD, month-YYYY-MM."""
    label = when.isoformat() if kind == "daily" else when.isoformat()[:7]
    return folder / f"{kind}-{label}"


def make_daily(
    db: Database,
    day: dt.date,
    *,
    pdf: Path | None = None,
    xlsx: Path | None = None,
    settings: AppraisalSettings = DEFAULT_SETTINGS,
    progress: Progress = no_progress,
) -> list[Path]:
    """The 日报 of `day` as PDF and/or Excel; returns the files written."""
    progress(0.0, "开始 / starting")
    _sync(db, day, day, settings)
    with db.read() as conn:
        summary = daily_summary(conn, day, settings, progress=_scaled(progress, 0.05, 0.7))
        heads = chain_heads(conn)
    written = []
    if pdf is not None:
        progress(0.75, "生成 PDF / writing the PDF")
        written.append(write_daily_pdf(summary, settings, pdf, heads))
    if xlsx is not None:
        progress(0.9, "生成 Excel / writing the workbook")
        written.append(write_daily_xlsx(summary, settings, xlsx))
    progress(1.0, "完成 / done")
    return written


def make_month(
    db: Database,
    month: dt.date,
    *,
    pdf: Path | None = None,
    xlsx: Path | None = None,
    as_of: dt.date | None = None,
    settings: AppraisalSettings = DEFAULT_SETTINGS,
    progress: Progress = no_progress,
) -> list[Path]:
    """The monthly appraisal with the 红旗窗口 ranking; follow-ups judged overdue on `as_of`."""
    progress(0.0, "开始 / starting")
    start, end = month_bounds(month)
    _sync(db, start, end, settings)
    with db.read() as conn:
        report = month_appraisal(
            conn,
            month,
            settings,
            as_of or dt.date.today(),
            progress=_scaled(progress, 0.05, 0.8),
        )
        corrections = rating_corrections(conn, start, end)
    written = []
    if pdf is not None:
        progress(0.85, "生成 PDF / writing the PDF")
        written.append(write_month_pdf(report, settings, pdf, corrections))
    if xlsx is not None:
        progress(0.95, "生成 Excel / writing the workbook")
        written.append(write_month_xlsx(report, xlsx))
    progress(1.0, "完成 / done")
    return written


def make_year(
    db: Database,
    year: int,
    *,
    pdf: Path,
    as_of: dt.date | None = None,
    settings: AppraisalSettings = DEFAULT_SETTINGS,
    progress: Progress = no_progress,
) -> Path:
    """The yearly clerk ranking with the 取消评先 rule."""
    _sync(db, dt.date(year, 1, 1), dt.date(year, 12, 31), settings)
    with db.read() as conn:
        ranking = year_ranking(
            conn, year, settings, as_of or dt.date.today(), progress=_scaled(progress, 0, 0.8)
        )
    path = write_year_pdf(ranking, settings, pdf)
    progress(1.0, "完成 / done")
    return path


def write_daily_report(
    db: Database,
    day: dt.date,
    folder: Path,
    *,
    settings: AppraisalSettings = DEFAULT_SETTINGS,
    progress: Progress = no_progress,
) -> list[Path]:
    """For the server at closing time: daily-YYYY-MM-DD.pdf and .xlsx in `folder`."""
    stem = report_stem(folder, "daily", day)
    return make_daily(
        db,
        day,
        pdf=stem.with_suffix(".pdf"),
        xlsx=stem.with_suffix(".xlsx"),
        settings=settings,
        progress=progress,
    )
