"""Who is on the other end: machine tokens, staff logins (scrypt, checked off-thread)."""

from __future__ import annotations

import hmac
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from app.config import Tokens
from app.hall.caller import Caller, Role
from app.models import Database, Staff, StaffRole, Window
from app.net.errors import AuthFailed

CONSOLE_ROLES = {StaffRole.ADMIN.value: Role.ADMIN, StaffRole.SUPERVISOR.value: Role.SUPERVISOR}


@dataclass(frozen=True)
class LoginCheck:
    """The outcome of the quick checks; ``password`` still has to match ``stored_hash``."""

    caller: Caller
    password: str | None = None
    stored_hash: str = ""


BAD_TOKEN = ("本机令牌无效，请核对配置文件", "this machine's token is not valid")
BAD_LOGIN = ("工号或密码错误", "wrong staff number or password")


def _same(given: Any, expected: str) -> bool:
    return isinstance(given, str) and hmac.compare_digest(given.encode(), expected.encode())


def _machine_for(tokens: Mapping[str, str], given: Any) -> str | None:
    found = None
    for machine, token in tokens.items():
        if _same(given, token):
            found = machine  # no early exit: the time taken does not depend on the match
    return found


class Authenticator:
    def __init__(
        self,
        db: Database,
        tokens: Tokens,
        on_anomaly: Callable[..., object] | None = None,
    ) -> None:
        """`on_anomaly(kind, window, **detail)`: a device misbehaving at login (an
        evaluator's token used for another window) is logged for the supervisor."""
        self.db = db
        self.tokens = tokens
        self.on_anomaly = on_anomaly

    def check(self, role: Any, credential: Any) -> LoginCheck:
        """Everything but the slow password hash; raises AuthFailed. The hello's role
        "admin" is the console: the caller's role is the staff member's (admin/supervisor)."""
        if not isinstance(credential, dict):
            raise AuthFailed("缺少登录凭据", "the hello needs a credential object")
        if role in ("kiosk", "display"):
            table = self.tokens.kiosk if role == "kiosk" else self.tokens.display
            machine = _machine_for(table, credential.get("token"))
            if machine is None:
                raise AuthFailed(*BAD_TOKEN)
            return LoginCheck(Caller(Role(role), machine))
        if role == "counter":
            return self._counter(credential)
        if role == "evaluator":
            return self._evaluator(credential)
        if role == "admin":
            staff = self._staff(credential, admin=True)
            caller = Caller(CONSOLE_ROLES[staff.role], f"admin:{staff.staff_no}", None, *staff[:4])
            return LoginCheck(caller, credential.get("password"), staff.password_hash)
        raise AuthFailed(f"未知的角色：{role!r}", f"unknown role: {role!r}")

    def _counter(self, credential: dict[str, Any]) -> LoginCheck:
        window = credential.get("window")
        if isinstance(window, bool) or not isinstance(window, int):
            raise AuthFailed("窗口号无效", "the counter credential needs an integer window")
        expected = self.tokens.counter.get(window)
        if expected is None or not _same(credential.get("token"), expected):
            raise AuthFailed(
                f"本机令牌不属于 {window} 号窗口", f"this token is not the token of window {window}"
            )
        with self.db.read() as conn:
            active = conn.scalar(select(Window.active).where(Window.number == window))
        if not active:
            raise AuthFailed(f"没有 {window} 号窗口", f"there is no window {window}")
        staff = self._staff(credential, admin=False)
        return LoginCheck(
            Caller(Role.COUNTER, f"window-{window}", window, *staff[:4]),
            credential.get("password"),
            staff.password_hash,
        )

    def _evaluator(self, credential: dict[str, Any]) -> LoginCheck:
        """The window's tablet evaluator: its own token, good for its own window only."""
        window = credential.get("window")
        if isinstance(window, bool) or not isinstance(window, int):
            raise AuthFailed("窗口号无效", "the evaluator credential needs an integer window")
        expected = self.tokens.evaluator.get(window)
        given = credential.get("token")
        if expected is None or not _same(given, expected):
            owner = next(
                (n for n, token in self.tokens.evaluator.items() if _same(given, token)), None
            )
            if owner is not None and self.on_anomaly is not None:
                self.on_anomaly("wrong_window_token", window, path="tablet", token_of=owner)
            raise AuthFailed(
                f"本机令牌不属于 {window} 号窗口的评价器",
                f"this token is not the token of window {window}'s evaluator",
            )
        with self.db.read() as conn:
            active = conn.scalar(select(Window.active).where(Window.number == window))
        if not active:
            raise AuthFailed(f"没有 {window} 号窗口", f"there is no window {window}")
        return LoginCheck(Caller(Role.EVALUATOR, f"evaluator-{window}", window))

    def _staff(self, credential: dict[str, Any], *, admin: bool) -> Any:
        staff_no, password = credential.get("staff_no"), credential.get("password")
        if not isinstance(staff_no, str) or not isinstance(password, str):
            raise AuthFailed(*BAD_LOGIN)
        with self.db.read() as conn:
            staff = conn.execute(
                select(
                    Staff.staff_no,
                    Staff.name,
                    Staff.id,
                    Staff.role,
                    Staff.password_hash,
                    Staff.active,
                ).where(Staff.staff_no == staff_no)
            ).first()
        if staff is None or not staff.active or not staff.password_hash:
            raise AuthFailed(*BAD_LOGIN)
        if admin and staff.role not in CONSOLE_ROLES:
            raise AuthFailed(
                "该工号没有管理权限", "this staff member may not use the admin console"
            )
        return staff
