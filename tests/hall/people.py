"""Who the tests act as: the demo hall's clerks, admin and supervisor (督查主管 2001), and the
windows' tablet evaluators. Callers are made by the server's own login check (app.net.auth),
so a test's caller is exactly what a login gives."""

from __future__ import annotations

from app.hall.caller import Caller, Role
from app.models import Database, staff_config
from app.models.demo import ADMIN_NO, ADMIN_PASSWORD, DEMO_PASSWORD, SUPERVISOR_NO
from app.net.auth import Authenticator
from app.net.protocol import proven
from tests.tokens import (
    ADMIN_TOKEN,
    COUNTER_TOKENS,
    DISPLAY_TOKEN,
    EVALUATOR_TOKENS,
    KIOSK_TOKEN,
    TOKENS,
)

SUPERVISOR_PASSWORD = DEMO_PASSWORD  # the demo's supervisor has the clerks' demo password
ANONYMOUS = "anonymous"  # the machine of a connection that has not said hello


def add_supervisor(db: Database) -> None:
    """A supervisor (console without configuration rights), unless the database has one
    already (the demo does: 2001)."""
    with db.read() as conn:
        if any(s["staff_no"] == SUPERVISOR_NO for s in staff_config.list_staff(conn)):
            return
    data = {"staff_no": SUPERVISOR_NO, "name": "督查员", "role": "supervisor",
            "password": SUPERVISOR_PASSWORD}  # fmt: skip
    with db.write() as conn:
        staff_config.save_staff(conn, data)


def hello_of(role: Role, *, window: int = 1) -> tuple[str, dict[str, object]] | None:
    """The hello (role on the wire, credential) that logs in as `role`; None for Role.NONE.
    A counter is clerk 100<window> at its window, an evaluator the window's tablet. Raises
    for a role no login gives, so a role added later must be given its login here."""
    if role is Role.KIOSK:
        return "kiosk", {"token": KIOSK_TOKEN}
    if role is Role.DISPLAY:
        return "display", {"token": DISPLAY_TOKEN}
    if role is Role.COUNTER:
        credential = {"token": COUNTER_TOKENS[window], "window": window,
                      "staff_no": f"{1000 + window}", "password": DEMO_PASSWORD}  # fmt: skip
        return "counter", credential
    if role is Role.EVALUATOR:
        return "evaluator", {"token": EVALUATOR_TOKENS[window], "window": window}
    if role is Role.ADMIN:
        return "admin", {"token": ADMIN_TOKEN, "staff_no": ADMIN_NO, "password": ADMIN_PASSWORD}
    if role is Role.SUPERVISOR:
        credential = {"token": ADMIN_TOKEN, "staff_no": SUPERVISOR_NO,
                      "password": SUPERVISOR_PASSWORD}  # fmt: skip
        return "admin", credential
    if role is Role.NONE:
        return None
    raise AssertionError(f"no login known for the role {role!r}: add it to tests/hall/people.py")


def caller_for(db: Database, role: Role, *, window: int = 1) -> Caller:
    """The caller a login as `role` gets (the supervisor is added first when needed)."""
    hello = hello_of(role, window=window)
    if hello is None:
        return Caller(Role.NONE, ANONYMOUS)
    if role is Role.SUPERVISOR:
        add_supervisor(db)
    role_name, credential = hello
    nonce = "0" * 32
    check = Authenticator(db, TOKENS).check(role_name, proven(credential, nonce, role_name), nonce)
    assert check.caller.role is role, (check.caller, role)
    return check.caller
