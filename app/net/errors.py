"""The network layer's refusals: one hierarchy, each with a code, Chinese and English text."""

from __future__ import annotations

from app.errors import HallError, error_dict


class NetError(HallError):
    """A message was refused; the error goes back to the client as {"code", "zh", "en"}."""

    code = "net_error"
    closes = False  # True: the server closes the connection after saying why


class BadMessage(NetError):
    code = "bad_message"


class UnsupportedVersion(NetError):
    code = "bad_version"
    closes = True


class UnknownType(NetError):
    code = "unknown_type"


class NotAuthenticated(NetError):
    code = "not_authenticated"

    def __init__(self) -> None:
        super().__init__("请先登录", "authenticate first (send hello)")


class AuthFailed(NetError):
    code = "auth_failed"
    closes = True


class DuplicateRequest(NetError):
    code = "duplicate_request"

    def __init__(self) -> None:
        super().__init__(
            "重复的请求编号，已拒绝（请求未重复执行）",
            "this request id was used before on this connection: refused, not done twice",
        )


class SessionTakenOver(NetError):
    """Told to the workstation whose window was logged in to elsewhere; it does not
    reconnect."""

    code = "session_taken_over"

    def __init__(self, window: int | None, staff_no: str | None, address: str) -> None:
        super().__init__(
            f"{window} 号窗口已在另一处登录（工号 {staff_no}，来自 {address}），本机已退出。"
            "如非本人操作，请立即报告主管",
            f"window {window} was logged in to elsewhere (staff {staff_no}, from {address}); "
            "this workstation is logged out. If that was not you, tell a supervisor now",
        )


class Internal(NetError):
    code = "internal"

    def __init__(self) -> None:
        super().__init__("服务器内部错误，已记录", "internal server error (logged)")


OFFLINE = error_dict(
    "offline", "未连接到大厅服务器，请稍后再试", "not connected to the hall server"
)
CONNECTION_LOST = error_dict(
    "connection_lost",
    "连接中断，操作结果未知，请核对后再试",
    "the connection dropped before the reply; check the result before retrying",
)
TIMEOUT = error_dict("timeout", "服务器无响应", "the server did not answer in time")
