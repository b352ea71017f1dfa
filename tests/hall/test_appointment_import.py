"""`python -m app appointments import FILE`: a CSV or JSON file with the online intake's
rules, run as a command on a real database file: idempotent by external id, and a file
with one bad record imports nothing."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from app.models import Appointment, Database, sqlite_url

ROOT = Path(__file__).resolve().parents[2]
HEADER = "external_id,service,slot_start,name,phone,note\n"


def next_weekday() -> dt.date:
    """A working day (no holiday in the demo hall) from the day after tomorrow on."""
    day = dt.date.today() + dt.timedelta(days=2)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def run(db_path: Path, file: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HALLQUEUE_HOME": str(db_path.parent), "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "app", "--db", sqlite_url(db_path), "appointments", "import",
         str(file)],
        capture_output=True, text=True, cwd=ROOT, env=env, timeout=120,
    )  # fmt: skip


def count(db_path: Path) -> int:
    db = Database(sqlite_url(db_path))
    try:
        with db.read() as conn:
            return int(conn.scalar(select(func.count()).select_from(Appointment)) or 0)
    finally:
        db.dispose()


def test_a_csv_file_imports_once_and_again_changes_nothing(db_path: Path, tmp_path: Path) -> None:
    day = next_weekday()
    file = tmp_path / "bookings.csv"
    file.write_text(
        HEADER + f"imp-1,B,{day}T09:00,张三,13812345678,\n"
        f"imp-2,B,{day}T09:00,李四,13900001111,带原件\n",
        encoding="utf-8-sig",
    )
    first = run(db_path, file)
    assert first.returncode == 0, first.stderr
    assert "imp-1" in first.stdout and "created 2" in first.stdout
    again = run(db_path, file)
    assert again.returncode == 0 and "created 0" in again.stdout
    assert count(db_path) == 2


def test_a_file_with_one_bad_record_imports_nothing(db_path: Path, tmp_path: Path) -> None:
    day = next_weekday()
    file = tmp_path / "bookings.json"
    records = [
        {"external_id": "imp-1", "service": "B", "slot_start": f"{day}T09:00", "name": "张三",
         "phone": "13812345678"},
        {"external_id": "imp-2", "service": "B", "slot_start": f"{day}T09:10", "name": "李四",
         "phone": "13900001111"},
    ]  # fmt: skip
    file.write_text(json.dumps({"appointments": records}, ensure_ascii=False), encoding="utf-8")
    done = run(db_path, file)
    assert done.returncode == 1
    assert "nothing imported" in done.stderr and "index=1" in done.stderr
    assert "field=appointments[1].slot_start" in done.stderr
    assert count(db_path) == 0
    bad_header = tmp_path / "bad.csv"
    bad_header.write_text("id,service\n1,B\n", encoding="utf-8")
    refused = run(db_path, bad_header)
    assert refused.returncode == 1 and "CSV" in refused.stderr
