"""The queue's refusals: one hierarchy, each with a Chinese and an English message."""

from __future__ import annotations

from app.errors import HallError


class QueueError(HallError):
    """A command was refused; nothing was written."""

    code = "queue_error"


class NotFound(QueueError):
    code = "not_found"


class UnknownService(NotFound):
    code = "unknown_service"

    def __init__(self, ref: object) -> None:
        super().__init__(f"没有这个事项：{ref}", f"unknown service: {ref}")


class UnknownWindow(NotFound):
    code = "unknown_window"

    def __init__(self, ref: object) -> None:
        super().__init__(f"没有 {ref} 号窗口", f"unknown window: {ref}")


class UnknownTicket(NotFound):
    code = "unknown_ticket"

    def __init__(self, ref: object) -> None:
        super().__init__(f"今天没有 {ref} 号", f"no ticket {ref} today")


class UnknownStaff(NotFound):
    code = "unknown_staff"

    def __init__(self, ref: object) -> None:
        super().__init__(f"没有工号为 {ref} 的工作人员", f"no staff member numbered {ref}")


class ServiceClosed(QueueError):
    code = "service_closed"


class DailyCapReached(QueueError):
    code = "daily_cap_reached"


class AppointmentInvalid(QueueError):
    code = "appointment_invalid"


class WindowNotOpen(QueueError):
    code = "window_not_open"

    def __init__(self, number: int) -> None:
        super().__init__(f"{number} 号窗口尚未签到", f"window {number} has no clerk signed in")


class WindowPaused(QueueError):
    code = "window_paused"

    def __init__(self, number: int) -> None:
        super().__init__(
            f"{number} 号窗口暂停服务中，请先恢复服务",
            f"window {number} is paused; resume it first",
        )


class WindowBusy(QueueError):
    code = "window_busy"

    def __init__(self, number: int, ticket: str) -> None:
        super().__init__(
            f"{number} 号窗口正在办理 {ticket}，请先办结、挂起或转移",
            f"window {number} is serving {ticket}; finish, hold or transfer it first",
        )


class NoTicketInService(QueueError):
    code = "no_ticket_in_service"

    def __init__(self, number: int) -> None:
        super().__init__(
            f"{number} 号窗口当前没有正在办理的号", f"window {number} is serving no ticket"
        )


class NoneWaiting(QueueError):
    code = "none_waiting"

    def __init__(self, number: int) -> None:
        super().__init__(f"{number} 号窗口的事项暂无等候", f"no one is waiting for window {number}")


class RecallLimit(QueueError):
    code = "recall_limit"

    def __init__(self, ticket: str, cap: int) -> None:
        super().__init__(
            f"{ticket} 已重呼 {cap} 次，可作过号处理",
            f"{ticket} was recalled {cap} times already; mark it as no-show",
        )


class BadTicketState(QueueError):
    code = "bad_ticket_state"


class NotServedHere(QueueError):
    """Only the window that served a case may have it rated."""

    code = "forbidden"

    def __init__(self, ticket: str, window: int) -> None:
        super().__init__(
            f"{ticket} 不是在 {window} 号窗口办理的", f"{ticket} was not served at window {window}"
        )


class SessionError(QueueError):
    code = "session_error"


class ReasonRequired(QueueError):
    code = "reason_required"


class Conflict(Exception):
    """Another writer changed the same rows first; the command is retried (internal)."""


class RatingRefused(QueueError):
    """A device's answer that is not recorded; ``anomaly`` says what the supervisor sees."""

    code = "rating_refused"

    def __init__(self, zh: str, en: str, anomaly: str) -> None:
        super().__init__(zh, en)
        self.anomaly = anomaly


class MaterialsListRequired(ReasonRequired):
    """材料不齐 needs the list of every missing material (一次性告知单)."""

    code = "materials_required"

    def __init__(self) -> None:
        super().__init__(
            "材料不齐须列明所缺的全部材料（一次性告知）",
            "materials incomplete: list every missing material (one-time notice)",
        )
