"""The secrets of the LAN tests (tests/net/test_lan_*.py): looked for in every net test's log
by tests/net/conftest.py, with the other tests' tokens and passwords."""

from __future__ import annotations

LAN_ADMIN_TOKEN = "lan-admin-token-0001"
LAN_PASSWORD = "Lan-Pass-7731"  # a clerk's password that meets the policy
LAN_NEW_PASSWORD = "Fresh-Pass-5512"  # chosen at a forced change
LAN_WRONG_PASSWORD = "Wrong-Guess-0042"
LAN_SECRETS = (
    LAN_ADMIN_TOKEN,
    LAN_PASSWORD,
    LAN_NEW_PASSWORD,
    LAN_WRONG_PASSWORD,
    "BEGIN PRIVATE KEY",
)
