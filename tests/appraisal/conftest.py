"""Hand-made days of hall records whose figures are worked out by hand in the tests."""

from __future__ import annotations

import pytest

from app.appraisal.settings import DEFAULT_SETTINGS, AppraisalSettings
from app.models import Database

from .builder import fill_one_day
from .year import year  # noqa: F401 (the session's simulated year, a fixture)


@pytest.fixture
def settings() -> AppraisalSettings:
    return DEFAULT_SETTINGS


@pytest.fixture
def one_day(db: Database) -> Database:
    return fill_one_day(db)
