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


class NotAComplaint(InvalidInput):
    """Only a 投诉 can be found substantiated (有效投诉); a 咨询 or 建议 cannot."""

    code = "not_a_complaint"

    def __init__(self, kind_zh: str) -> None:
        super().__init__(
            f"只有投诉可以认定为有效投诉，本件为{kind_zh}",
            f"only a complaint can be substantiated; this entry is a {kind_zh}",
        )


class PromisedDateRequired(InvalidInput):
    """A 建议 is registered with the date its reply is promised for."""

    code = "promised_date_required"

    def __init__(self) -> None:
        super().__init__("建议须填写承诺答复日期", "a suggestion needs its promised reply date")
