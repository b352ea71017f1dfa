"""Passwords and login locks: a member of staff changes their own password; the console sees
the locked staff numbers and addresses and lifts a lock. Each is audited.

The password rules are app.models.passwords' (the one policy); the counting of failed logins
is app.hall.logins'. A forced change at login (a password an administrator set) goes through
the hello itself (the server's login path): this command is for a change at any other time.
"""

from __future__ import annotations

from typing import Literal

from app.hall.caller import CONSOLE, Role
from app.hall.command import Command, command
from app.hall.context import Audited, Call
from app.hall.errors import Unavailable
from app.hall.logins import Lock, audit_login
from app.hall.wire import Code, NoArgs, Request, Text
from app.models import staff_config
from app.models.hall_config import Change

STAFF = (Role.COUNTER, *CONSOLE)  # the logins of a member of staff


class PasswordChange(Request):
    old_password: Text
    new_password: Text


def change_password(call: Call, req: PasswordChange) -> Audited:
    """The caller's own new password (8+ characters, not only digits, not the staff number),
    after the current one. A wrong current password counts as a failed login."""
    staff_no = call.caller.staff_no
    assert staff_no is not None
    guard = call.hall.login_guard
    guard.check(staff_no, None)
    with call.engine.db.read() as conn:
        try:
            staff_config.check_own_password(conn, staff_no, req.old_password)
        except staff_config.WrongPassword:
            locked = guard.failed(staff_no, None)
            detail = {"reason": "wrong_password", "locked": bool(locked)}
            target = f"staff:{staff_no}"
            audit_login(call.engine, "password_change_failed", staff_no, target, detail)
            raise
    new_hash = staff_config.new_password_hash(staff_no, req.new_password, req.old_password)
    return call.audited(
        "password_changed", lambda c: staff_config.set_own_password(c, staff_no, new_hash)
    )


def login_lockouts(call: Call, req: NoArgs) -> list[Lock]:
    """The staff numbers and addresses locked now for failed logins."""
    return call.hall.login_guard.locks()


class Unlock(Request):
    kind: Literal["staff", "address"]
    key: Code  # the staff number or the address, as login_lockouts lists it


def login_unlock(call: Call, req: Unlock) -> Audited:
    """Lift a lock before its time (audited as login_unlock)."""
    if not call.hall.login_guard.unlock(req.kind, req.key):
        raise Unavailable(f"{req.key} 没有被锁定", f"{req.key} is not locked")
    target = f"{req.kind}:{req.key}"
    return call.audited("login_unlock", lambda c: Change(target, None, {"unlocked": True}))


COMMANDS: tuple[Command, ...] = (
    command("change_password", STAFF, change_password),
    command("login_lockouts", CONSOLE, login_lockouts),
    command("login_unlock", CONSOLE, login_unlock),
)
