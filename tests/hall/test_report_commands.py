"""Report commands through the table: a daily report of the day asked (today when none), a
month report only with its month, files sent once the job is done; no runner, no reports."""

from __future__ import annotations

import base64
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.config import Config
from app.hall.caller import Role
from app.hall.command import CommandTable
from app.hall.context import Hall, build_hall
from app.hall.report_jobs import ReportJobs
from app.queue import QueueEngine
from tests.hall.conftest import Act

S = Role.SUPERVISOR


def field_of(act: Act, name: str, /, **args: object) -> str | None:
    refusal = act.refused(S, name, **args)
    assert refusal.code == "bad_request", refusal.as_dict()
    return getattr(refusal, "field", None)


def test_without_a_report_runner_reports_are_not_available(
    engine: QueueEngine, hall_config: Config, table: CommandTable
) -> None:
    act = Act(build_hall(engine, hall_config), table)  # (the hall fixture has a runner)
    assert act.refused(S, "report_start", kind="daily").code == "not_available"
    assert act.refused(S, "report_status", job=1).code == "not_available"
    assert act.refused(S, "report_file", job=1, name="x.pdf").code == "not_available"


@pytest.fixture
def reports(engine: QueueEngine, hall_config: Config, tmp_path: Path) -> Iterator[Hall]:
    runner = ReportJobs(engine.db, tmp_path / "reports")
    yield build_hall(engine, hall_config, reports=runner)
    runner.close()


def wait_done(act: Act, job: int) -> dict:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        status = act.run(S, "report_status", job=job)
        if status["done"]:
            return status
        time.sleep(0.05)
    raise AssertionError("the report job did not finish")


@pytest.mark.timeout(120)
def test_a_daily_report_of_the_day_asked_then_of_today(
    reports: Hall, table: CommandTable, tmp_path: Path
) -> None:
    act = Act(reports, table)
    assert field_of(act, "report_start", kind="month") == "month"
    assert field_of(act, "report_status", job=1) == "job"  # no job was started
    started = act.run(S, "report_start", kind="daily", date="2026-11-20")
    assert started["label"] == "2026-11-20"
    status = wait_done(act, started["job"])
    assert status["error"] is None
    names = sorted(f["name"] for f in status["files"])
    assert names == ["daily-2026-11-20.pdf", "daily-2026-11-20.xlsx"]
    sent = act.run(S, "report_file", job=started["job"], name=names[0])
    assert base64.b64decode(sent["data"]).startswith(b"%PDF")
    assert (tmp_path / "reports" / "on-demand" / names[0]).exists()
    assert field_of(act, "report_file", job=started["job"], name="daily-2026-11-21.pdf") == "name"
    today = act.run(S, "report_start", kind="daily")
    assert today["label"] == "2026-11-23"
    wait_done(act, today["job"])
