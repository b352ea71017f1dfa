"""`report` (the hall's daily, month and year reports, the 一次性告知单) and `city` (the
city's monthly report from its PostgreSQL)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.cli.config_and_db import tool_config, tool_db


def cmd_report(args: argparse.Namespace) -> int:
    """Reports read the hall hours from one place (app.appraisal.hours.effective_hours: the
    admin's stored hours over the config file's) and the issuing body from the config."""
    import dataclasses
    import datetime as dt

    from app.appraisal.errors import AppraisalError
    from app.appraisal.settings import DEFAULT_SETTINGS
    from app.reports.errors import ReportError
    from app.reports.produce import make_daily, make_month, make_notice, make_year

    out = Path(args.out) if args.out else None
    xlsx = Path(args.xlsx) if getattr(args, "xlsx", None) else None
    if out is None and xlsx is None:
        print("请给出 --out 或 --xlsx / give --out and/or --xlsx", file=sys.stderr)
        return 2

    def show(fraction: float, message: str) -> None:
        print(f"{fraction * 100:5.1f}%  {message}", file=sys.stderr)

    try:
        cfg = tool_config(args)
        settings = dataclasses.replace(DEFAULT_SETTINGS, hours=cfg.hours)
        issuer = cfg.issuing_body
        db = tool_db(args)
        as_of = dt.date.fromisoformat(args.as_of) if getattr(args, "as_of", None) else None
        if args.kind == "daily":
            day = dt.date.fromisoformat(args.date) if args.date else dt.date.today()
            files = make_daily(
                db, day, pdf=out, xlsx=xlsx, settings=settings, issuer=issuer, progress=show
            )
        elif args.kind == "month":
            month = dt.date.fromisoformat(f"{args.month}-01")
            files = make_month(
                db,
                month,
                pdf=out,
                xlsx=xlsx,
                as_of=as_of,
                settings=settings,
                issuer=issuer,
                progress=show,
            )
        elif args.kind == "year":
            files = make_year(
                db,
                args.year,
                pdf=out,
                xlsx=xlsx,
                as_of=as_of,
                settings=settings,
                issuer=issuer,
                progress=show,
            )
        else:
            assert out is not None
            day = dt.date.fromisoformat(args.date)
            files = [make_notice(db, day, args.number, pdf=out, issuer=issuer)]
    except (AppraisalError, ReportError) as exc:
        print(f"错误 / error: {exc}", file=sys.stderr)
        return 1
    for path in files:
        print(f"已生成 / written: {path}")
    return 0


def cmd_city(args: argparse.Namespace) -> int:
    """The city's monthly report from its PostgreSQL: halls side by side, 红旗窗口 per hall
    and city-wide, satisfaction and 差评 整改 by hall, halls whose uploads are behind."""
    import dataclasses
    import datetime as dt
    import time

    from sqlalchemy import create_engine

    from app.city.appraisal import CitySettings, city_month
    from app.city.report_pdf import DEFAULT_ISSUER, write_city_pdf

    url = args.db_url or tool_config(args).city.db_url
    if not url:
        print("请给出 --db-url 或在配置 [city] db_url 中设置 / give --db-url", file=sys.stderr)
        return 2
    month = dt.date.fromisoformat(f"{args.month}-01")
    following = (month + dt.timedelta(days=32)).replace(day=1)
    as_of = dt.date.fromisoformat(args.as_of) if args.as_of else min(following, dt.date.today())
    settings = dataclasses.replace(CitySettings(), city_red_flags=args.red_flags)
    started = time.perf_counter()
    engine = create_engine(url)
    try:
        report = city_month(engine, month, as_of, settings, moment=dt.datetime.now())
    finally:
        engine.dispose()
    path = write_city_pdf(report, Path(args.out), args.issuer or DEFAULT_ISSUER)
    t = report.totals
    print(
        f"{len(report.halls)} 个大厅 / halls, {t.finished} 件办结 / cases, 满意率 / satisfaction "
        f"{(t.satisfaction or 0) * 100:.2f}%, 全市红旗窗口 / city red flags "
        f"{len(report.city_red_flags)}, 上报滞后 / behind {len(report.behind)}"
    )
    print(f"已生成 / written: {path} ({time.perf_counter() - started:.2f} s)")
    return 0
