"""The city's PostgreSQL for the city tests: HALLQUEUE_TEST_PG_URL (scripts/with-postgres sets
it, and HALLQUEUE_TEST_PG_CTL to stop and start that server); skipped without one. Each test
gets an empty city (the city schema and the halls' lenses dropped)."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy.engine import make_url

from tests.city.proxy import Relay

PG_URL = os.environ.get("HALLQUEUE_TEST_PG_URL", "")
PG_CTL = os.environ.get("HALLQUEUE_TEST_PG_CTL", "")


def _psycopg() -> Any:
    return pytest.importorskip("psycopg")


def wipe_city(url: str) -> None:
    psycopg = _psycopg()
    info = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(info, autocommit=True) as conn:
        conn.execute("DROP SCHEMA IF EXISTS city CASCADE")
        for (name,) in conn.execute(
            "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'hall\\_%'"
        ).fetchall():
            conn.execute(f"DROP SCHEMA {name} CASCADE")


@pytest.fixture
def city_url() -> str:
    """An empty city database."""
    if not PG_URL:
        pytest.skip("no PostgreSQL (HALLQUEUE_TEST_PG_URL; scripts/with-postgres sets it)")
    wipe_city(PG_URL)
    return PG_URL


class Outage:
    """Takes the city's database away from the halls and brings it back: the server itself
    stopped and started when HALLQUEUE_TEST_PG_CTL is given, else a relay in front of it cut."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.relay: Relay | None = None
        self.how = "server stopped (pg_ctl stop)" if PG_CTL else "connections cut (relay)"
        if not PG_CTL:
            parsed = make_url(url)
            self.relay = Relay(parsed.host or "127.0.0.1", parsed.port or 5432)

    @property
    def hall_url(self) -> str:
        """The URL the halls ship to."""
        if self.relay is None:
            return self.url
        return make_url(self.url).set(port=self.relay.port).render_as_string(hide_password=False)

    def down(self) -> None:
        if self.relay is not None:
            self.relay.cut()
        else:
            subprocess.run([PG_CTL, "stop"], check=True)

    def up(self) -> None:
        if self.relay is not None:
            self.relay.restore()
        else:
            subprocess.run([PG_CTL, "start"], check=True)


@pytest.fixture
def outage(city_url: str) -> Iterator[Outage]:
    found = Outage(city_url)
    yield found
    if PG_CTL:  # never leave the server stopped for the next test
        subprocess.run([PG_CTL, "start"], check=False, capture_output=True)
    elif found.relay is not None:
        found.relay.cut()
