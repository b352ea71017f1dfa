"""The rules behind the LAN's protections, without the network: failed-login counting,
back-off and locks; what one machine may add per minute; who sees a rating session's token;
the password policy; reading a scanned ticket code."""

from __future__ import annotations

import datetime as dt

import pytest

from app.config import Limits
from app.devices.errors import BadTicketCode
from app.devices.printing.slip import (
    check_code,
    is_ticket_code,
    read_scanned,
    scanned_number,
    ticket_key,
)
from app.hall.audience import event_for
from app.hall.caller import Caller, Role
from app.hall.logins import LoginGuard, LoginRefused, LoginWait
from app.hall.rate_limits import RateLimited, RateLimits
from app.models.passwords import WeakPassword, check_policy


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_staff_number_locks_at_its_limit_and_the_lock_lifts_by_itself() -> None:
    clock = Clock()
    guard = LoginGuard(Limits(login_staff_failures=3, login_backoff_after=99), clock)
    assert guard.failed("1001", "10.0.0.9") == []
    assert guard.failed("1001", "10.0.0.9") == []
    assert guard.failed("1001", "10.0.0.9") == [("staff", "1001")]
    with pytest.raises(LoginRefused) as refused:
        guard.check("1001", "10.0.0.7")  # from another address too
    assert refused.value.code == "login_locked"
    guard.check("1002", "10.0.0.7")  # another staff number is not locked
    assert [(lock.kind, lock.key) for lock in guard.locks()] == [("staff", "1001")]
    clock.now += 15 * 60 + 1
    guard.check("1001", "10.0.0.7")
    assert guard.locks() == []


def test_failures_older_than_the_window_are_forgotten() -> None:
    clock = Clock()
    guard = LoginGuard(Limits(login_staff_failures=3, login_backoff_after=99), clock)
    guard.failed("1001", None)
    guard.failed("1001", None)
    clock.now += 16 * 60
    assert guard.failed("1001", None) == []


def test_an_address_locks_at_its_own_limit_whatever_staff_numbers_it_tries() -> None:
    guard = LoginGuard(Limits(login_address_failures=4, login_backoff_after=99), Clock())
    locked = [guard.failed(f"90{n}", "10.0.0.9") for n in range(4)]
    assert locked[-1] == [("address", "10.0.0.9")] and not any(locked[:-1])
    with pytest.raises(LoginRefused):
        guard.check("1001", "10.0.0.9")
    assert guard.unlock("address", "10.0.0.9")
    guard.check("1001", "10.0.0.9")


def test_after_failures_in_a_row_each_try_waits_longer_and_success_clears_it() -> None:
    clock = Clock()
    guard = LoginGuard(Limits(login_backoff_after=2, login_staff_failures=99), clock)
    guard.failed("1001", "a")
    guard.check("1001", "a")
    guard.failed("1001", "a")
    with pytest.raises(LoginWait, match="1 s"):
        guard.check("1001", "a")
    clock.now += 1.01
    guard.check("1001", "a")
    guard.failed("1001", "a")
    with pytest.raises(LoginWait, match="2 s"):
        guard.check("1001", "a")
    guard.succeeded("1001", "a")
    guard.check("1001", "a")


def test_the_same_words_for_any_staff_number() -> None:
    guard = LoginGuard(Limits(login_staff_failures=1, login_backoff_after=99), Clock())
    texts = set()
    for staff_no in ("1001", "no-such-number"):
        guard.failed(staff_no, None)
        with pytest.raises(LoginRefused) as refused:
            guard.check(staff_no, None)
        texts.add((refused.value.zh, refused.value.en))
    assert len(texts) == 1


def test_a_machine_gets_its_burst_then_one_per_interval() -> None:
    clock = Clock()
    rates = RateLimits(Limits(tickets_per_minute=6, ticket_burst=2), clock)
    rates.take("tickets", "kiosk1")
    rates.take("tickets", "kiosk1")
    with pytest.raises(RateLimited, match="10 s"):
        rates.take("tickets", "kiosk1")
    rates.take("tickets", "kiosk2")  # per machine
    clock.now += 10
    rates.take("tickets", "kiosk1")
    with pytest.raises(RateLimited):
        rates.take("tickets", "kiosk1")


REQUESTED = {"kind": "rating_requested", "seq": 9,
             "data": {"window": 1, "number": "A001", "session": 123456}}  # fmt: skip


@pytest.mark.parametrize(
    ("caller", "sees"),
    [
        (Caller(Role.COUNTER, "window-1", 1, "1001"), True),
        (Caller(Role.EVALUATOR, "evaluator-1", 1), True),
        (Caller(Role.COUNTER, "window-2", 2, "1002"), False),
        (Caller(Role.EVALUATOR, "evaluator-2", 2), False),
        (Caller(Role.DISPLAY, "lobby"), False),
        (Caller(Role.KIOSK, "kiosk1"), False),
        (Caller(Role.SUPERVISOR, "pc", None, "2001"), False),
        (Caller(Role.ADMIN, "pc", None, "admin"), False),
    ],
)
def test_only_the_windows_own_devices_see_the_session_token(caller: Caller, sees: bool) -> None:
    shown = event_for(caller, REQUESTED)
    assert ("session" in shown["data"]) is sees
    assert shown["data"]["number"] == "A001" and REQUESTED["data"]["session"] == 123456
    other = {"kind": "ticket_called", "data": {"window": 1, "session": 5}}
    assert event_for(caller, other) is other


@pytest.mark.parametrize(
    ("password", "staff_no"),
    [
        ("short1a", "1001"),
        ("12345678", "1001"),
        ("Abcd1001", "abcd1001"),
        (None, "1"),
        ("x" * 129, "1"),
    ],
)
def test_the_password_policy_refuses(password: object, staff_no: str) -> None:
    with pytest.raises(WeakPassword):
        check_policy(password, staff_no)


def test_the_password_policy_accepts_a_long_mixed_password() -> None:
    assert check_policy("window-1001", "1001") == "window-1001"


KEY = ticket_key(bytes(32))
DAY = dt.date(2026, 11, 23)


def test_a_scanned_code_is_read_once_verified_and_only_on_its_day() -> None:
    text = f"HQ1:7:20261123:A007:{check_code(7, DAY, 'A007', KEY)}"
    assert is_ticket_code(text) and not is_ticket_code("A007")
    assert scanned_number(text.replace(":", "：")) == "A007" and scanned_number("A007") is None
    assert read_scanned(text, KEY, DAY).ticket_id == 7
    with pytest.raises(BadTicketCode):
        read_scanned(text, KEY, DAY + dt.timedelta(days=1))
    with pytest.raises(BadTicketCode):
        read_scanned(text, ticket_key(bytes(31) + b"\x01"), DAY)
    assert ticket_key(bytes(32)) != ticket_key(bytes(31) + b"\x01")
