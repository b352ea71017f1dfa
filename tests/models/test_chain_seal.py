"""The MAC of a row: bound to the key, the chain, the previous MAC and every non-NULL field."""

from __future__ import annotations

import datetime as dt

from app.models.chain import AUDIT, GENESIS, RATINGS, seal

KEY = bytes(range(32))
ROW = {"ticket_id": 7, "window_id": 1, "level": 4, "at": dt.datetime(2026, 11, 23, 9, 30)}


def test_the_mac_changes_with_the_key_the_chain_the_previous_mac_and_each_field() -> None:
    mac = seal(KEY, RATINGS, GENESIS, ROW)
    assert len(mac) == 64 and mac == seal(KEY, RATINGS, GENESIS, dict(reversed(ROW.items())))
    others = {
        seal(bytes(32), RATINGS, GENESIS, ROW),
        seal(KEY, AUDIT, GENESIS, ROW),
        seal(KEY, RATINGS, "1" * 64, ROW),
        *(seal(KEY, RATINGS, GENESIS, ROW | {name: 5}) for name in ROW),
        seal(KEY, RATINGS, GENESIS, ROW | {"level": None}),
    }
    assert mac not in others and len(others) == 8


def test_a_new_null_field_leaves_older_macs_valid() -> None:
    """A later migration may add a nullable sealed column without re-sealing older rows."""
    assert seal(KEY, RATINGS, GENESIS, ROW | {"path": None}) == seal(KEY, RATINGS, GENESIS, ROW)
    assert seal(KEY, RATINGS, GENESIS, ROW | {"path": "bus"}) != seal(KEY, RATINGS, GENESIS, ROW)
