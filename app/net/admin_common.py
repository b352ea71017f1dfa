"""What the admin ops share: the admin-only decorator, refusals, audited writes, arg helpers.

An admin change and its audit row are written in ONE transaction (so no change is ever
committed without its audit row), then a configuration change is announced to every client
as a "config_changed" event (the server's snapshot cache rebuilds itself on that event).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import Connection, select
from sqlalchemy.exc import IntegrityError

from app.appraisal.errors import AppraisalError
from app.appraisal.settings import DEFAULT_SETTINGS, AppraisalSettings
from app.models import Staff, Window
from app.models.audit import append_audit
from app.models.hall_config import Change, HallConfigError
from app.net.errors import BadArgs, NetError
from app.net.hall_settings import effective_hours
from app.net.ops import Args, Handler, OpContext, op

T = TypeVar("T")


class Refused(NetError):
    """A refusal of a lower layer (configuration, appraisal), passed on with its own code."""

    def __init__(self, code: str, zh: str, en: str) -> None:
        super().__init__(zh, en)
        self.code = code


def admin_op(name: str) -> Callable[[Handler], Handler]:
    """Registers an op for the admin role only; lower layers' refusals become typed errors."""

    def register(handler: Handler) -> Handler:
        @functools.wraps(handler)
        def guarded(ctx: OpContext, args: Args) -> Any:
            try:
                return handler(ctx, args)
            except (HallConfigError, AppraisalError) as exc:
                raise Refused(exc.code, exc.zh, exc.en) from exc
            except IntegrityError as exc:
                raise Refused(
                    "conflict",
                    "与现有记录冲突，请刷新后重试",
                    "conflicts with an existing record; refresh and retry",
                ) from exc

        return op(name, "admin")(guarded)

    return register


def audit_row(
    conn: Connection, ctx: OpContext, action: str, change: Change, *, at: dt.datetime
) -> int:
    return append_audit(
        conn,
        at=at,
        actor=ctx.principal.actor,
        action=action,
        target=change.target,
        before=change.before,
        after=change.after,
    )


def audited(
    ctx: OpContext, action: str, apply: Callable[[Connection], Change], *, what: str = ""
) -> dict[str, Any]:
    """Runs one change and writes its audit row in the same transaction; with `what`, then
    announces config_changed {what, action, target}. Returns {audit_id, target, after}; a
    save that changes nothing is neither audited nor announced (audit_id None)."""
    with ctx.engine.db.write() as conn:
        change = apply(conn)
        if change.before is not None and change.before == change.after:
            return {"audit_id": None, "target": change.target, "after": change.after}
        audit_id = audit_row(conn, ctx, action, change, at=ctx.engine.clock.now())
    if what:
        ctx.note("config_changed", what=what, action=action, target=change.target)
    return {"audit_id": audit_id, "target": change.target, "after": change.after}


def appraisal_settings(ctx: OpContext) -> AppraisalSettings:
    """The appraisal defaults with the hall's effective hours (admin's, else config file's)."""
    hours = effective_hours(ctx.engine.db, ctx.config.hours)
    return dataclasses.replace(DEFAULT_SETTINGS, hours=hours)


def today(ctx: OpContext) -> dt.date:
    return ctx.engine.clock.now().date()


def day_arg(args: Args, name: str, default: dt.date | None = None) -> dt.date:
    text = args.text(name, None)
    if text is None:
        if default is None:
            raise BadArgs(f"缺少参数 {name}", f"missing argument {name!r}")
        return default
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise BadArgs(f"{name} 应为 YYYY-MM-DD", f"{name} must be YYYY-MM-DD") from None


def month_arg(args: Args, name: str = "month") -> dt.date:
    text = args.text(name)
    try:
        return dt.date.fromisoformat(f"{text}-01")
    except ValueError:
        raise BadArgs(f"{name} 应为 YYYY-MM", f"{name} must be YYYY-MM") from None


def data_arg(args: Args) -> dict[str, Any]:
    data = args.raw.get("data")
    if not isinstance(data, dict):
        raise BadArgs("data 应为 JSON 对象", "data must be a JSON object")
    return data


def window_id(conn: Connection, number: int | None) -> int | None:
    if number is None:
        return None
    found = conn.scalar(select(Window.id).where(Window.number == number))
    if found is None:
        raise BadArgs(f"没有 {number} 号窗口", f"no window {number}")
    return int(found)


def staff_id(conn: Connection, staff_no: str | None) -> int | None:
    if not staff_no:
        return None
    found = conn.scalar(select(Staff.id).where(Staff.staff_no == staff_no))
    if found is None:
        raise BadArgs(f"没有工号 {staff_no}", f"no staff member {staff_no}")
    return int(found)


def names(conn: Connection) -> tuple[dict[int, int], dict[int, str]]:
    """Window id → number and staff id → "name（no）", to label the appraisal's ids."""
    windows = {int(i): int(n) for i, n in conn.execute(select(Window.id, Window.number))}
    staff = {
        int(i): f"{name}（{no}）"
        for i, name, no in conn.execute(select(Staff.id, Staff.name, Staff.staff_no))
    }
    return windows, staff
