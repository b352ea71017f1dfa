"""The request ops, who may call each, and their handlers (thin calls into the engine).

A counter's window always comes from its login, never from the args. To add an op (the
admin issue adds configuration ops): decorate a handler with ``@op("name", "admin")``; an
admin change calls ``ctx.audit(...)`` so that it lands in the audit log.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from app.config import Config
from app.models import Staff
from app.net import reads
from app.net.auth import Principal
from app.net.errors import BadArgs, Forbidden
from app.net.journal import write_audit
from app.queue import QueueEngine
from app.queue.views import HallEvent, TicketView

_MISSING: Any = object()


@dataclass
class OpContext:
    engine: QueueEngine
    config: Config
    principal: Principal
    note: Callable[..., HallEvent | None]  # server.note(kind, window=…, **data)
    snapshot: Callable[[], dict[str, Any]]  # the server's (cached) full state

    @property
    def window(self) -> int:
        assert self.principal.window is not None
        return self.principal.window

    def served_here(self, ticket_id: int) -> TicketView:
        """The ticket, if it was served at this counter's window; only that window may have
        it rated (a stolen counter token cannot rate another window's cases)."""
        ticket = self.engine.ticket(ticket_id)
        if ticket.window_no != self.window:
            raise Forbidden(
                f"该号不是在 {self.window} 号窗口办理的",
                f"that ticket was not served at window {self.window}",
            )
        return ticket

    def audit(
        self,
        action: str,
        target: str = "",
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
    ) -> int:
        return write_audit(
            self.engine,
            actor=self.principal.actor,
            action=action,
            target=target,
            before=before,
            after=after,
        )


class Args:
    """Typed access to a request's args; a wrong or missing one is a BadArgs error."""

    def __init__(self, raw: dict[str, Any]) -> None:
        self.raw = raw

    def _get(self, name: str, kinds: tuple[type, ...], label: str, default: Any) -> Any:
        value = self.raw.get(name, default)
        if value is _MISSING:
            raise BadArgs(f"缺少参数 {name}", f"missing argument {name!r}")
        if value is not default and (
            not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds)
        ):
            raise BadArgs(
                f"参数 {name} 应为{label}", f"argument {name!r} must be {kinds[0].__name__}"
            )
        return value

    def text(self, name: str, default: Any = _MISSING) -> Any:
        return self._get(name, (str,), "文本", default)

    def integer(self, name: str, default: Any = _MISSING) -> Any:
        return self._get(name, (int,), "整数", default)

    def flag(self, name: str, default: Any = _MISSING) -> Any:
        return self._get(name, (bool,), "true/false", default)


Handler = Callable[[OpContext, Args], Any]
OPS: dict[str, tuple[frozenset[str], Handler]] = {}
READERS = ("kiosk", "counter", "display", "admin")


def op(name: str, *roles: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        OPS[name] = (frozenset(roles), handler)
        return handler

    return register


def lookup(name: Any, principal: Principal) -> Handler:
    from app.net.errors import UnknownOp

    entry = OPS.get(name) if isinstance(name, str) else None
    if entry is None:
        raise UnknownOp(f"未知的操作：{name!r}", f"unknown op: {name!r}")
    roles, handler = entry
    if principal.role not in roles:
        raise Forbidden(
            f"「{principal.role}」角色不能执行 {name}", f"the {principal.role} role may not {name}"
        )
    return handler


# Everyone
@op("snapshot", *READERS)
def _snapshot(ctx: OpContext, args: Args) -> Any:
    return ctx.snapshot()


@op("service_loads", "kiosk", "counter", "admin")
def _service_loads(ctx: OpContext, args: Args) -> Any:
    # From the server's kept snapshot: every kiosk asks after each ticket event, and the loads
    # (with the predictor's per-service estimates) are worked out once per change, not per ask.
    return ctx.snapshot()["services"]


# Kiosk
@op("issue_ticket", "kiosk")
def _issue(ctx: OpContext, args: Args) -> Any:
    return ctx.engine.issue_ticket(
        args.text("service"), priority=args.flag("priority", False), kiosk=ctx.principal.machine
    )


@op("check_in", "kiosk")
def _check_in(ctx: OpContext, args: Args) -> Any:
    return ctx.engine.check_in(args.text("code"), kiosk=ctx.principal.machine)


@op("set_print_state", "kiosk", "admin")
def _set_print_state(ctx: OpContext, args: Args) -> Any:
    return ctx.engine.set_print_state(args.integer("ticket_id"), args.text("state"))


@op("staff_photo", "display", "counter", "admin")
def _staff_photo(ctx: OpContext, args: Args) -> Any:
    """{staff_no} → {staff_no, photo: base64 JPEG/PNG or None}, for the counter screen's
    工作人员身份公开 (kept out of snapshots, which go to every display)."""
    staff_no = args.text("staff_no")
    with ctx.engine.db.read() as conn:
        photo = conn.scalar(select(Staff.photo).where(Staff.staff_no == staff_no))
    return {"staff_no": staff_no, "photo": base64.b64encode(photo).decode() if photo else None}


@op("device_status", "kiosk", "counter")
def _device_status(ctx: OpContext, args: Args) -> Any:
    """A kiosk reports its printer, a counter its keypad; published once per change."""
    online = args.flag("online")
    if ctx.principal.role == "kiosk":
        return ctx.note("printer_status", kiosk=ctx.principal.machine, online=online) is not None
    return ctx.note("keypad_status", window=ctx.window, online=online) is not None


# Counter: the window is the login's
def _window_op(name: str, call: Callable[[QueueEngine, int, Args], Any]) -> None:
    op(name, "counter")(lambda ctx, args: call(ctx.engine, ctx.window, args))


_window_op("sign_out", lambda e, w, a: e.sign_out(w))
_window_op("call_next", lambda e, w, a: e.call_next(w))
_window_op("recall", lambda e, w, a: e.recall(w))
_window_op("start", lambda e, w, a: e.start(w))
_window_op("no_show", lambda e, w, a: e.no_show(w))
_window_op("hold", lambda e, w, a: e.hold(w))
_window_op("call_back", lambda e, w, a: e.call_back(w, a.text("number")))
_window_op("call_number", lambda e, w, a: e.call_number(w, a.text("number")))
_window_op("pause", lambda e, w, a: e.pause(w, a.text("reason"), a.text("note", "")))
_window_op("resume", lambda e, w, a: e.resume(w))
_window_op("finish", lambda e, w, a: e.finish(w, a.text("outcome"), a.text("note", "")))
_window_op("window_state", lambda e, w, a: e.window_state(w))
_window_op("waiting", lambda e, w, a: e.waiting(window=w))
_window_op("reactivate", lambda e, w, a: e.reactivate(a.text("number")))
_window_op(
    "transfer",
    lambda e, w, a: e.transfer(
        w,
        to_service=a.text("to_service", None),
        to_window=a.integer("to_window", None),
        note=a.text("note", ""),
    ),
)


@op("sign_in", "counter")
def _sign_in(ctx: OpContext, args: Args) -> Any:
    assert ctx.principal.staff_no is not None
    return ctx.engine.sign_in(ctx.window, ctx.principal.staff_no)


@op("record_rating", "counter")
def _record_rating(ctx: OpContext, args: Args) -> Any:
    ticket_id = ctx.served_here(args.integer("ticket_id")).id
    return ctx.engine.record_rating(
        ticket_id,
        args.integer("level", None),
        scale=args.integer("scale", 5),
        device=args.text("device", ""),
        device_address=args.integer("device_address", None),
        keypad_session=args.integer("keypad_session", None),
        raw_frame=args.text("raw_frame", ""),
    )


@op("my_today", "counter")
def _my_today(ctx: OpContext, args: Args) -> Any:
    assert ctx.principal.staff_id is not None
    return reads.my_today(ctx.engine, ctx.principal.staff_id)


# Admin (read-only here; the admin issue adds configuration ops with ctx.audit)
@op("hall_state", "admin")
def _hall_state(ctx: OpContext, args: Args) -> Any:
    return ctx.engine.hall_state()


@op("window_state_of", "admin")
def _window_state_of(ctx: OpContext, args: Args) -> Any:
    return ctx.engine.window_state(args.integer("window"))


@op("waiting_for", "admin")
def _waiting_for(ctx: OpContext, args: Args) -> Any:
    service, window = args.text("service", None), args.integer("window", None)
    if (service is None) == (window is None):
        raise BadArgs("请给出事项或窗口（二选一）", "give either service or window")
    return ctx.engine.waiting(service=service, window=window)


@op("events_after", "admin")
def _events_after(ctx: OpContext, args: Args) -> Any:
    from app.net.protocol import event_dict

    limit = min(max(args.integer("limit", 500), 1), 1000)
    return [event_dict(e) for e in ctx.engine.events_after(args.integer("seq"), limit)]


from app.net import admin_ops, bus_keypads  # noqa: F401,E402 — register their ops
