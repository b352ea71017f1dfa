"""Logins over wss://: failures counted per staff number and per address, a lock after the
limit, lifted by a supervisor from the console; every failure and lock in the audit log; the
same answer in the same time for a staff number that exists and one that does not; the
console only from a machine with an admin token; a password set by an administrator changed
at the first login, under the password policy."""

# ruff: noqa: F811  (the fixtures of tests/net/lan.py, imported by name)
from __future__ import annotations

import statistics
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.hall.caller import Role
from app.models import AuditLog, Staff
from app.models.demo import DEMO_PASSWORD, SUPERVISOR_NO
from app.net.server import HallServer
from app.queue import QueueEngine
from tests.net.conftest import call, ok
from tests.net.lan import (  # noqa: F401 (fixtures)
    Connect,
    TlsPeer,
    identity,
    lan_connect,
    lan_credential,
    lan_hall,
    refusal,
    wss,
)
from tests.net.lan_secrets import (
    LAN_ADMIN_TOKEN,
    LAN_NEW_PASSWORD,
    LAN_PASSWORD,
    LAN_WRONG_PASSWORD,
)

STAFF_LIMIT = 3


@pytest.fixture
def limits() -> dict[str, int]:
    return {"login_staff_failures": STAFF_LIMIT, "login_backoff_after": 100}


def audit(engine: QueueEngine, *actions: str) -> list[tuple[str, str, str]]:
    with engine.db.read() as conn:
        rows = conn.execute(
            select(AuditLog.action, AuditLog.target, AuditLog.actor)
            .where(AuditLog.action.in_(actions))
            .order_by(AuditLog.id)
        ).all()
    return [tuple(r) for r in rows]


def hello(qtbot: QtBot, wss: HallServer, role: str, **credential: Any) -> dict[str, Any]:
    peer = TlsPeer(qtbot, wss.port)
    answer = peer.exchange(peer.hello_message(role, lan_credential(role, **credential)))
    peer.close()
    assert answer is not None
    return answer


def test_a_staff_number_is_locked_after_its_failures_and_a_supervisor_unlocks_it(
    qtbot: QtBot, wss: HallServer, lan_connect: Connect, engine: QueueEngine
) -> None:
    for _ in range(STAFF_LIMIT):
        answer = hello(qtbot, wss, "counter", password=LAN_WRONG_PASSWORD)
        assert answer["error"]["code"] == "auth_failed"
    locked = hello(qtbot, wss, "counter")  # now even the right password is refused
    assert locked["error"]["code"] == "login_locked"
    assert "主管" in locked["error"]["zh"] and "supervisor" in locked["error"]["en"]
    assert [(a, t) for a, t, _ in audit(engine, "login_failed", "login_locked")] == [
        ("login_failed", "staff:1001"),
    ] * STAFF_LIMIT + [("login_locked", "staff:1001")]

    supervisor = lan_connect("admin", staff_no=SUPERVISOR_NO, password=DEMO_PASSWORD)
    assert supervisor.welcome["role"] == "supervisor"
    locks = ok(qtbot, supervisor, "login_lockouts")
    assert [(lock["kind"], lock["key"]) for lock in locks] == [("staff", "1001")]
    ok(qtbot, supervisor, "login_unlock", kind="staff", key="1001")
    assert ok(qtbot, supervisor, "login_lockouts") == []
    assert audit(engine, "login_unlock") == [("login_unlock", "staff:1001", SUPERVISOR_NO)]
    done, error = call(qtbot, supervisor, "login_unlock", kind="staff", key="1001")
    assert not done and error["code"] == "not_available"

    clerk = lan_connect("counter")
    assert clerk.welcome["staff_no"] == "1001"


def test_the_answer_for_an_unknown_staff_number_is_the_same_in_words_and_time(
    qtbot: QtBot, wss: HallServer, engine: QueueEngine, limits: dict[str, int]
) -> None:
    """Known number with a wrong password against an unknown number: the same refusal, and
    the times of 12 tries each (interleaved) within a tolerance of each other."""
    limits_off = {"login_staff_failures": 10_000, "login_address_failures": 10_000}
    wss.hall.login_guard.limits = wss.hall.login_guard.limits.__class__(
        **{**wss.hall.login_guard.limits.__dict__, **limits_off}
    )
    times: dict[str, list[float]] = {"known": [], "unknown": []}
    answers: dict[str, set[str]] = {"known": set(), "unknown": set()}
    for _ in range(12):
        for kind, staff_no in (("known", "1002"), ("unknown", "9999")):
            peer = TlsPeer(qtbot, wss.port)
            credential = lan_credential("counter", staff_no=staff_no,
                                        password=LAN_WRONG_PASSWORD)  # fmt: skip
            seconds, answer = peer.timed_hello("counter", credential)
            peer.close()
            times[kind].append(seconds * 1000)
            error = answer["error"]
            answers[kind].add(f"{error['code']}|{error['zh']}|{error['en']}")
    assert answers["known"] == answers["unknown"] and len(answers["known"]) == 1
    known, unknown = statistics.median(times["known"]), statistics.median(times["unknown"])
    spread = {k: sorted(v) for k, v in times.items()}
    print(f"median hello→refusal: known {known:.1f} ms, unknown {unknown:.1f} ms (2nd lowest–"
          f"2nd highest: known {spread['known'][1]:.1f}–{spread['known'][-2]:.1f}, unknown "
          f"{spread['unknown'][1]:.1f}–{spread['unknown'][-2]:.1f})")  # fmt: skip
    assert abs(known - unknown) <= max(0.35 * known, 8.0), (known, unknown)
    targets = {t for _, t, _ in audit(engine, "login_failed")}
    assert targets == {"staff:1002", "staff:9999"}  # both audited alike


def test_a_non_console_clerk_at_the_console_gets_the_same_answer_as_a_wrong_password(
    qtbot: QtBot, wss: HallServer
) -> None:
    clerk = hello(qtbot, wss, "admin", staff_no="1001", password="123456")["error"]
    wrong = hello(qtbot, wss, "admin", staff_no="admin", password=LAN_WRONG_PASSWORD)["error"]
    assert clerk == wrong and clerk["code"] == "auth_failed"


def test_the_console_logs_in_only_from_a_machine_with_an_admin_token(
    qtbot: QtBot, wss: HallServer, lan_connect: Connect, engine: QueueEngine
) -> None:
    for token in ("", "not-the-admin-token", lan_credential("kiosk")["token"]):
        answer = hello(qtbot, wss, "admin", token=token)
        assert answer["error"]["code"] == "auth_failed"
        assert "主管电脑" in answer["error"]["zh"]
    console = lan_connect("admin", token=LAN_ADMIN_TOKEN)
    assert console.welcome["role"] == "admin" and console.welcome["machine"] == "supervisor-pc"
    reasons = {t for a, t, _ in audit(engine, "login_failed")}
    assert reasons == {"address:127.0.0.1"}  # a token failure counts for the address


def must_change(engine: QueueEngine, staff_no: str) -> bool:
    with engine.db.read() as conn:
        return bool(
            conn.scalar(select(Staff.must_change_password).where(Staff.staff_no == staff_no))
        )


def test_a_password_set_by_an_administrator_is_changed_at_the_first_login(
    qtbot: QtBot, wss: HallServer, lan_connect: Connect, engine: QueueEngine
) -> None:
    admin = lan_connect("admin")
    for weak in ("short1", "12345678", "1003"):
        done, error = call(qtbot, admin, "staff_reset_password", staff_no="1003", password=weak)
        assert not done and error["code"] == "weak_password", (weak, error)
    ok(qtbot, admin, "staff_reset_password", staff_no="1003", password=LAN_PASSWORD)
    assert must_change(engine, "1003")

    first = lan_connect("counter", wait=False, window=3, password=LAN_PASSWORD)
    error = refusal(qtbot, first)
    assert error["code"] == "password_change_required" and "新密码" in error["zh"]
    weak = lan_connect("counter", wait=False, window=3, password=LAN_PASSWORD,
                       new_password="98765432")  # fmt: skip
    assert refusal(qtbot, weak)["code"] == "weak_password"
    clerk = lan_connect("counter", window=3, password=LAN_PASSWORD, new_password=LAN_NEW_PASSWORD)
    assert clerk.welcome["staff_no"] == "1003" and not must_change(engine, "1003")
    assert ("password_changed", "staff:1003", "1003") in audit(engine, "password_changed")
    clerk.close()
    old = lan_connect("counter", wait=False, window=3, password=LAN_PASSWORD)
    assert refusal(qtbot, old)["code"] == "auth_failed"
    again = lan_connect("counter", window=3, password=LAN_NEW_PASSWORD)
    assert again.is_connected


def test_a_member_changes_their_own_password_with_the_current_one(
    qtbot: QtBot, wss: HallServer, lan_connect: Connect, engine: QueueEngine
) -> None:
    clerk = lan_connect("counter", window=2)
    done, error = call(qtbot, clerk, "change_password", old_password=LAN_WRONG_PASSWORD,
                       new_password=LAN_NEW_PASSWORD)  # fmt: skip
    assert not done and error["code"] == "wrong_password"
    assert audit(engine, "password_change_failed") == [
        ("password_change_failed", "staff:1002", "1002")
    ]
    done, error = call(qtbot, clerk, "change_password", old_password="123456",
                       new_password="1002")  # fmt: skip
    assert not done and error["code"] == "weak_password"
    ok(qtbot, clerk, "change_password", old_password="123456", new_password=LAN_NEW_PASSWORD)
    clerk.close()
    assert lan_connect("counter", window=2, password=LAN_NEW_PASSWORD).is_connected


def test_a_supervisor_may_unlock_but_a_counter_may_not_list_locks(
    qtbot: QtBot, lan_connect: Connect
) -> None:
    clerk = lan_connect("counter")
    done, error = call(qtbot, clerk, "login_lockouts")
    assert not done and error["code"] == "forbidden"
    assert Role.COUNTER.value == clerk.welcome["role"]
