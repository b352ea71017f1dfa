"""Producing reports from the database: the CLI, the admin UI and the closing-time timer.

Each function first opens the follow-ups of any 差评 not yet followed up (one short write
transaction), then reads every figure in one snapshot and writes the files. The hall hours
are always the effective ones (`app.appraisal.hours`: the admin's stored hours over the
config file's). `issuer` is the body that issues the 通报 (the config's hall.issuer).
`progress` receives (fraction 0..1, message) for the admin UI's progress bar.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from app.appraisal.daily import daily_summary
from app.appraisal.followups import sync_follow_ups
from app.appraisal.hours import with_effective_hours
from app.appraisal.notices import one_time_notice
from app.appraisal.ranking import month_appraisal, month_bounds, year_ranking
from app.appraisal.ratings import rating_corrections
from app.appraisal.scoring import Progress, no_progress
from app.appraisal.settings import DEFAULT_SETTINGS, AppraisalSettings
from app.models import Database
from app.models.chain import chain_heads
from app.reports.daily_pdf import write_daily_pdf
from app.reports.excel import write_daily_xlsx
from app.reports.excel_appraisal import write_month_xlsx, write_year_xlsx
from app.reports.month_pdf import DEFAULT_ISSUER, write_month_pdf
from app.reports.notice_pdf import write_notice_pdf
from app.reports.year_pdf import write_year_pdf


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
    issuer: str = DEFAULT_ISSUER,
    progress: Progress = no_progress,
) -> list[Path]:
    """The 日报 of `day` as PDF and/or Excel; returns the files written."""
    progress(0.0, "开始 / starting")
    _sync(db, day, day, settings)
    with db.read() as conn:
        settings = with_effective_hours(conn, settings)
        summary = daily_summary(conn, day, settings, progress=_scaled(progress, 0.05, 0.7))
        heads = chain_heads(conn)
    written = []
    if pdf is not None:
        progress(0.75, "生成 PDF / writing the PDF")
        written.append(write_daily_pdf(summary, settings, pdf, heads, issuer=issuer))
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
    issuer: str = DEFAULT_ISSUER,
    progress: Progress = no_progress,
) -> list[Path]:
    """The monthly 通报 with the 红旗窗口 ranking; everything due is judged as `as_of` begins
    (default today), which is also the date of the 通报."""
    progress(0.0, "开始 / starting")
    start, end = month_bounds(month)
    _sync(db, start, end, settings)
    with db.read() as conn:
        settings = with_effective_hours(conn, settings)
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
        written.append(write_month_pdf(report, settings, pdf, corrections, issuer=issuer))
    if xlsx is not None:
        progress(0.95, "生成 Excel / writing the workbook")
        written.append(write_month_xlsx(report, xlsx, settings, corrections))
    progress(1.0, "完成 / done")
    return written


def make_year(
    db: Database,
    year: int,
    *,
    pdf: Path | None = None,
    xlsx: Path | None = None,
    as_of: dt.date | None = None,
    settings: AppraisalSettings = DEFAULT_SETTINGS,
    issuer: str = DEFAULT_ISSUER,
    progress: Progress = no_progress,
) -> list[Path]:
    """The yearly clerk ranking with the 评先 picks and the eight 取消评先 grounds."""
    progress(0.0, "开始 / starting")
    _sync(db, dt.date(year, 1, 1), dt.date(year, 12, 31), settings)
    with db.read() as conn:
        settings = with_effective_hours(conn, settings)
        ranking = year_ranking(
            conn, year, settings, as_of or dt.date.today(), progress=_scaled(progress, 0, 0.8)
        )
    written = []
    if pdf is not None:
        progress(0.85, "生成 PDF / writing the PDF")
        written.append(write_year_pdf(ranking, settings, pdf, issuer=issuer))
    if xlsx is not None:
        progress(0.95, "生成 Excel / writing the workbook")
        written.append(write_year_xlsx(ranking, xlsx, settings))
    progress(1.0, "完成 / done")
    return written


def make_notice(
    db: Database, day: dt.date, number: str, *, pdf: Path, issuer: str = DEFAULT_ISSUER
) -> Path:
    """The printable 一次性告知单 of ticket `number` (A012) of `day`."""
    with db.read() as conn:
        notice = one_time_notice(conn, day, number)
    return write_notice_pdf(notice, issuer, pdf)


def write_daily_report(
    db: Database,
    day: dt.date,
    folder: Path,
    *,
    settings: AppraisalSettings = DEFAULT_SETTINGS,
    issuer: str = DEFAULT_ISSUER,
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
        issuer=issuer,
        progress=progress,
    )
