"""The report tests share the simulated year with the appraisal tests."""

from appraisal.year import year  # noqa: F401 (a session fixture)
