"""The test hall's machine tokens and limits (no Qt: the core's tests log in with them too)."""

from __future__ import annotations

from app.config import Limits, Tokens

KIOSK_TOKEN = "kiosk-token-0001"
DISPLAY_TOKEN = "display-token-0001"
COUNTER_TOKENS = {n: f"counter-token-{n:04d}" for n in range(1, 9)}
EVALUATOR_TOKENS = {n: f"evaluator-token-{n:04d}" for n in range(1, 9)}  # the tablets (平板评价器)
ADMIN_TOKEN = "admin-token-0001"  # the supervisor PC's: the console logs in only with it
TOKENS = Tokens(
    {"kiosk1": KIOSK_TOKEN},
    {"lobby": DISPLAY_TOKEN},
    COUNTER_TOKENS,
    EVALUATOR_TOKENS,
    admin={"pc1": ADMIN_TOKEN},
)
# the tests log in and fail many times from 127.0.0.1: no back-off or lock gets in their way
# (tests/net/test_lan_logins.py tests those)
RELAXED = Limits(login_backoff_after=10_000, login_address_failures=10_000,
                 login_staff_failures=10_000)  # fmt: skip
