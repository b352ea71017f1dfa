"""Validated configuration changes: what they write, what they refuse, what the audit sees."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from app.models import Database
from app.models.hall_config import (
    HallConfigError,
    NotFoundError,
    list_services,
    remove_holiday,
    save_service,
    set_holiday,
)
from app.models.passwords import verify_password
from app.models.staff_config import reset_password, save_staff
from app.models.window_config import list_windows, save_window
from app.queue import QueueEngine
from app.queue.calendar import is_working_day

TODAY = dt.date(2026, 11, 23)
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32
NEW_SERVICE = {
    "code": "G",
    "name": "出入境",
    "group": "公安服务",
    "promised_minutes": 12,
    "daily_cap": 80,
    "open_at": "09:00",
    "close_at": "16:30",
}


def refused(db: Database, change: Any) -> HallConfigError:
    with pytest.raises(HallConfigError) as caught, db.write() as conn:
        change(conn)
    assert caught.value.zh and caught.value.en
    return caught.value


def test_a_new_service_is_written_and_its_change_has_no_before(db: Database) -> None:
    with db.write() as conn:
        change = save_service(conn, NEW_SERVICE)
    assert change.target == "service:G" and change.before is None
    assert change.after is not None and change.after["open_at"] == "09:00"
    with db.read() as conn:
        found = {s["code"]: s for s in list_services(conn)}
    assert found["G"]["daily_cap"] == 80 and found["G"]["active"] is True


def test_an_update_keeps_the_fields_it_does_not_name(db: Database) -> None:
    with db.write() as conn:
        change = save_service(conn, {"promised_minutes": 25}, code="B")
    assert change.before is not None and change.after is not None
    assert (change.before["promised_minutes"], change.after["promised_minutes"]) == (20, 25)
    assert change.after["name"] == change.before["name"] == "不动产登记"


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({**NEW_SERVICE, "code": "a"}, "taken"),  # A exists, case-insensitive
        ({**NEW_SERVICE, "code": "G1"}, "letters"),
        ({**NEW_SERVICE, "open_at": "17:00"}, "before"),
        ({**NEW_SERVICE, "close_at": "25:00"}, "HH:MM"),
        ({**NEW_SERVICE, "promised_minutes": 0}, "integer"),
        ({**NEW_SERVICE, "name": "  "}, "required"),
    ],
)
def test_a_bad_service_is_refused(db: Database, data: dict[str, Any], words: str) -> None:
    error = refused(db, lambda conn: save_service(conn, data))
    assert words in error.en


def test_a_window_gets_its_services_in_priority_order_and_its_clerks(db: Database) -> None:
    with db.write() as conn:
        change = save_window(
            conn,
            {"services": ["C", "A", "F"], "staff_a": "1002", "staff_b": None},
            number=1,
            today=TODAY,
        )
    assert change.before is not None and change.before["services"] == ["A", "F"]
    with db.read() as conn:
        window = next(w for w in list_windows(conn) if w["number"] == 1)
    assert window["services"] == ["C", "A", "F"]
    assert (window["staff_a"], window["staff_b"]) == ("1002", None)


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({"services": ["A", "Z"]}, "unknown service"),
        ({"services": ["A", "A"]}, "twice"),
        ({"services": []}, "needs a service"),
        ({"staff_a": "1001", "staff_b": "1001"}, "differ"),
        ({"staff_a": "9999"}, "no active staff"),
        ({"number": 2}, "exists"),
        ({"keypad_address": 300}, "integer"),
    ],
)
def test_a_bad_window_is_refused(db: Database, data: dict[str, Any], words: str) -> None:
    error = refused(db, lambda conn: save_window(conn, data, number=1, today=TODAY))
    assert words in error.en


def test_a_window_signed_in_cannot_be_deactivated(engine: QueueEngine) -> None:
    engine.sign_in(3, "1003")
    error = refused(
        engine.db, lambda conn: save_window(conn, {"active": False}, number=3, today=TODAY)
    )
    assert "sign out" in error.en
    engine.sign_out(3)
    with engine.db.write() as conn:
        change = save_window(conn, {"active": False}, number=3, today=TODAY)
    assert change.after is not None and change.after["active"] is False


def test_staff_created_with_photo_and_password_then_reset(db: Database) -> None:
    with db.write() as conn:
        created = save_staff(
            conn, {"staff_no": "3001", "name": "孙丽", "password": "secret-1", "photo": PNG}
        )
    assert created.after is not None and created.after["photo_sha256"]
    assert "photo" not in created.after and "password_hash" not in created.after
    with db.write() as conn:
        change = reset_password(conn, "3001", "another1")
    assert change.after is not None and change.after["password"] == "reset"
    with db.read() as conn:
        from sqlalchemy import select

        from app.models import Staff

        stored = conn.scalar(select(Staff.password_hash).where(Staff.staff_no == "3001"))
    assert stored and verify_password("another1", stored)


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({"staff_no": "1001", "name": "x", "password": "secret1"}, "exists"),
        ({"staff_no": "20 01", "name": "x", "password": "secret1"}, "bad characters"),
        ({"staff_no": "3001", "name": "x", "password": "123"}, "at least"),
        ({"staff_no": "3001", "name": "x", "password": "secret1", "photo": b"GIF89a"}, "PNG"),
        ({"staff_no": "3001", "name": "x", "password": "secret1", "role": "boss"}, "role"),
    ],
)
def test_bad_staff_is_refused(db: Database, data: dict[str, Any], words: str) -> None:
    assert words in refused(db, lambda conn: save_staff(conn, data)).en


def test_the_last_admin_cannot_be_deactivated(db: Database) -> None:
    error = refused(db, lambda conn: save_staff(conn, {"active": False}, staff_no="admin"))
    assert "last active admin" in error.en


def test_holidays_and_make_up_days_change_the_working_calendar(db: Database) -> None:
    with db.write() as conn:
        set_holiday(conn, {"day": "2026-11-24", "name": "测试假日"})
        set_holiday(conn, {"day": "2026-11-28", "name": "调休", "is_workday": True})
    with db.read() as conn:
        assert not is_working_day(conn, dt.date(2026, 11, 24))
        assert is_working_day(conn, dt.date(2026, 11, 28))
    with db.write() as conn:
        change = remove_holiday(conn, "2026-11-24")
    assert change.before is not None and change.after is None
    with db.read() as conn:
        assert is_working_day(conn, dt.date(2026, 11, 24))
    error = refused(
        db, lambda c: set_holiday(c, {"day": "2026-11-25", "name": "x", "is_workday": True})
    )
    assert "weekend" in error.en
    assert "YYYY" in refused(db, lambda c: set_holiday(c, {"day": "11/25", "name": "x"})).en
    with pytest.raises(NotFoundError), db.write() as conn:
        remove_holiday(conn, "2026-01-05")
