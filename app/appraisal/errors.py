"""The appraisal layer's errors, each with a Chinese and an English message."""

from __future__ import annotations

from app.errors import HallError


class AppraisalError(HallError):
    """Base of every error the appraisal layer reports to a user."""

    code = "appraisal"


class NotFound(AppraisalError):
    code = "not_found"


class NotAllowed(AppraisalError):
    """The person may not do this (a clerk correcting a rating, an early deletion)."""

    code = "not_allowed"


class InvalidInput(AppraisalError):
    code = "invalid_input"
