"""Who is on the other end: machine tokens (proven against the connection's nonce), staff
logins (scrypt, checked off-thread).

A hello never carries a machine token, only its proof for this connection
(app.net.protocol.hello_proof). Every role has a machine token: kiosks and displays by machine
name, counters and tablet evaluators by window, the console by the machine it runs on
([tokens.admin]: the supervisor's PC). A staff login then checks the password: for a staff
number that does not exist (or may not log in there) against a dummy hash of the same cost,
with the same answer, so neither the time nor the words tell which numbers exist.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from app.config import Tokens
from app.hall.caller import Caller, Role
from app.models import Database, Staff, StaffRole, Window
from app.models.passwords import check_policy, dummy_hash
from app.net.errors import AuthFailed
from app.net.protocol import hello_proof

CONSOLE_ROLES = {StaffRole.ADMIN.value: Role.ADMIN, StaffRole.SUPERVISOR.value: Role.SUPERVISOR}


@dataclass(frozen=True)
class LoginCheck:
    """The outcome of the quick checks; ``password`` still has to match ``stored_hash``.
    ``known`` False: the staff number cannot log in here (unknown, inactive, no password,
    not a console member); the password is checked against a dummy hash all the same and
    the login fails."""

    caller: Caller
    password: str | None = None
    stored_hash: str = ""
    known: bool = True
    must_change: bool = False  # the password was set by an administrator: choose a new one
    new_password: str | None = None  # the new one, when the hello brings it

    @property
    def needs_password(self) -> bool:
        return self.password is not None


BAD_TOKEN = ("本机令牌无效，请核对配置文件", "this machine's token is not valid")
BAD_LOGIN = ("工号或密码错误", "wrong staff number or password")
NO_CONSOLE = (
    "管理后台只能在持有管理令牌的电脑（主管电脑）上登录",
    "the console logs in only from a machine holding an admin token (the supervisor's PC)",
)


class PasswordChangeRequired(AuthFailed):
    code = "password_change_required"

    def __init__(self) -> None:
        super().__init__(
            "首次使用管理员设置的密码登录，请设置新密码（至少 8 位，不能全是数字，不能与工号相同）",
            "this password was set by an administrator: choose a new one to log in (8+ "
            "characters, not only digits, not the staff number)",
        )


def _proof_of(credential: dict[str, Any]) -> str | None:
    proof = credential.get("proof")
    return proof if isinstance(proof, str) else None


def _matches(proof: str | None, token: str, nonce: str, role: str, window: Any) -> bool:
    expected = hello_proof(token, nonce, role, window)
    return proof is not None and hmac.compare_digest(proof.encode(), expected.encode())


def _machine_for(
    tokens: Mapping[Any, str], proof: str | None, nonce: str, role: str, window: Any = None
) -> Any:
    found = None
    for machine, token in tokens.items():
        if _matches(proof, token, nonce, role, window):
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

    def check(self, role: Any, credential: Any, nonce: str) -> LoginCheck:
        """Everything but the slow password hash; raises AuthFailed. The hello's role
        "admin" is the console: the caller's role is the staff member's (admin/supervisor)."""
        if not isinstance(credential, dict):
            raise AuthFailed("缺少登录凭据", "the hello needs a credential object")
        proof = _proof_of(credential)
        if role in ("kiosk", "display"):
            table = self.tokens.kiosk if role == "kiosk" else self.tokens.display
            machine = _machine_for(table, proof, nonce, role)
            if machine is None:
                raise AuthFailed(*BAD_TOKEN)
            return LoginCheck(Caller(Role(role), machine))
        if role == "counter":
            return self._counter(credential, proof, nonce)
        if role == "evaluator":
            return self._evaluator(credential, proof, nonce)
        if role == "admin":
            machine = _machine_for(self.tokens.admin, proof, nonce, role)
            if machine is None:
                raise AuthFailed(*NO_CONSOLE)
            return self._staff(credential, None, machine)
        raise AuthFailed(f"未知的角色：{role!r}", f"unknown role: {role!r}")

    def _window(self, credential: dict[str, Any], what: str) -> int:
        window = credential.get("window")
        if isinstance(window, bool) or not isinstance(window, int):
            raise AuthFailed("窗口号无效", f"the {what} credential needs an integer window")
        return window

    def _active_window(self, window: int) -> None:
        with self.db.read() as conn:
            active = conn.scalar(select(Window.active).where(Window.number == window))
        if not active:
            raise AuthFailed(f"没有 {window} 号窗口", f"there is no window {window}")

    def _counter(self, credential: dict[str, Any], proof: str | None, nonce: str) -> LoginCheck:
        window = self._window(credential, "counter")
        expected = self.tokens.counter.get(window)
        if expected is None or not _matches(proof, expected, nonce, "counter", window):
            raise AuthFailed(
                f"本机令牌不属于 {window} 号窗口", f"this token is not the token of window {window}"
            )
        self._active_window(window)
        return self._staff(credential, window, f"window-{window}")

    def _evaluator(self, credential: dict[str, Any], proof: str | None, nonce: str) -> LoginCheck:
        """The window's tablet evaluator: its own token, good for its own window only."""
        window = self._window(credential, "evaluator")
        expected = self.tokens.evaluator.get(window)
        if expected is None or not _matches(proof, expected, nonce, "evaluator", window):
            owner = _machine_for(self.tokens.evaluator, proof, nonce, "evaluator", window)
            if owner is not None and self.on_anomaly is not None:
                self.on_anomaly("wrong_window_token", window, path="tablet", token_of=owner)
            raise AuthFailed(
                f"本机令牌不属于 {window} 号窗口的评价器",
                f"this token is not the token of window {window}'s evaluator",
            )
        self._active_window(window)
        return LoginCheck(Caller(Role.EVALUATOR, f"evaluator-{window}", window))

    def _staff(self, credential: dict[str, Any], window: int | None, machine: str) -> LoginCheck:
        """The staff login at a window (window given) or at the console: the same lookup and
        the same dummy check whatever is wrong with the staff number."""
        staff_no, password = credential.get("staff_no"), credential.get("password")
        if not isinstance(staff_no, str) or not isinstance(password, str):
            raise AuthFailed(*BAD_LOGIN)
        new_password = credential.get("new_password")
        if new_password is not None:
            check_policy(new_password, staff_no)  # the same for every number: tells nothing
        with self.db.read() as conn:
            staff = conn.execute(
                select(
                    Staff.staff_no,
                    Staff.name,
                    Staff.id,
                    Staff.role,
                    Staff.password_hash,
                    Staff.active,
                    Staff.must_change_password,
                ).where(Staff.staff_no == staff_no)
            ).first()
        console = window is None
        known = (
            staff is not None
            and bool(staff.active)
            and bool(staff.password_hash)
            and (not console or staff.role in CONSOLE_ROLES)
        )
        if not known:
            placeholder = Caller(Role.NONE, machine, window, staff_no)
            return LoginCheck(placeholder, password, dummy_hash(), known=False)
        assert staff is not None
        role = CONSOLE_ROLES[staff.role] if console else Role.COUNTER
        caller = Caller(role, machine, window, *staff[:4])
        return LoginCheck(
            caller,
            password,
            staff.password_hash,
            must_change=bool(staff.must_change_password),
            new_password=new_password if isinstance(new_password, str) else None,
        )
