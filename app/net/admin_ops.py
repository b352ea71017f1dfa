"""The admin console's ops (admin role only): hall configuration, the audit log, device
status, unprinted tickets. Complaints, follow-ups, attendance and appraisal are in
admin_appraisal_ops, reports in admin_reports; this module loads both.

Configuration changes go through app.models.hall_config (validated, before/after), are
audited in the same transaction and announced as "config_changed" {what, action, target}.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from sqlalchemy import select

from app.models import AuditLog, Event, PrintState, Service, Ticket, TicketState
from app.models import hall_config as hc
from app.models import hall_settings as hs
from app.net.admin_common import admin_op, appraisal_settings, audited, data_arg, today
from app.net.errors import BadArgs
from app.net.hall_settings import defaults, effective
from app.net.ops import Args, OpContext

AUDIT_LIMIT = 500
DEVICE_KINDS = ("keypad_status", "printer_status")


# Configuration: reading
@admin_op("config_services")
def _services(ctx: OpContext, args: Args) -> Any:
    with ctx.engine.db.read() as conn:
        return hc.list_services(conn)


@admin_op("config_windows")
def _windows(ctx: OpContext, args: Args) -> Any:
    with ctx.engine.db.read() as conn:
        return hc.list_windows(conn)


@admin_op("config_staff")
def _staff(ctx: OpContext, args: Args) -> Any:
    with ctx.engine.db.read() as conn:
        return hc.list_staff(conn)


@admin_op("config_staff_photo")
def _staff_photo(ctx: OpContext, args: Args) -> Any:
    """{staff_no} → {staff_no, photo: base64 or None}."""
    staff_no = args.text("staff_no")
    with ctx.engine.db.read() as conn:
        photo = hc.get_staff(conn, staff_no)["photo"]
    return {"staff_no": staff_no, "photo": base64.b64encode(photo).decode() if photo else None}


@admin_op("config_holidays")
def _holidays(ctx: OpContext, args: Args) -> Any:
    with ctx.engine.db.read() as conn:
        return hc.list_holidays(conn, args.integer("year", None))


@admin_op("rating_scales")
def _rating_scales(ctx: OpContext, args: Args) -> Any:
    """The rating scales (code defaults), the hall's effective hours appraisal uses, name and
    notice."""
    settings = appraisal_settings(ctx)
    hall = effective(ctx.engine.db, ctx.config)
    return {
        "scales": [
            {
                "size": size,
                "labels": list(scale.labels),
                "good_min": scale.good_min,
                "bad_max": scale.bad_max,
            }
            for size, scale in sorted(settings.scales.items(), reverse=True)
        ],
        "hours": {
            "open_at": settings.hours.open_at.strftime("%H:%M"),
            "close_at": settings.hours.close_at.strftime("%H:%M"),
            "sign_in_lead_minutes": settings.hours.sign_in_lead_minutes,
            "long_leave_minutes": settings.hours.long_leave_minutes,
        },
        "notice": hall["notice"],
        "hall_name": hall["hall_name"],
    }


@admin_op("hall_settings")
def _hall_settings(ctx: OpContext, args: Args) -> Any:
    """{hall_name, notice, open_at, close_at, defaults: the config file's values}."""
    return {**effective(ctx.engine.db, ctx.config), "defaults": defaults(ctx.config)}


@admin_op("hall_settings_save")
def _hall_settings_save(ctx: OpContext, args: Args) -> Any:
    """{data: {hall_name?, notice?, open_at?, close_at?}}: the lobby display shows the new
    name and notice, appraisal and the closing-time jobs use the new hours."""
    data, base, at = data_arg(args), defaults(ctx.config), ctx.engine.clock.now()
    return audited(
        ctx,
        "hall_settings_update",
        lambda c: hs.save_settings(c, data, defaults=base, at=at),
        what="hall_settings",
    )


# Configuration: changes
@admin_op("service_save")
def _service_save(ctx: OpContext, args: Args) -> Any:
    """{code?: existing prefix, data: {code, name, group, promised_minutes, daily_cap,
    open_at, close_at, sort_order, active}}; without code a new service is created."""
    code, data = args.text("code", None), data_arg(args)
    action = "service_update" if code else "service_create"
    return audited(ctx, action, lambda c: hc.save_service(c, data, code=code), what="services")


@admin_op("window_save")
def _window_save(ctx: OpContext, args: Args) -> Any:
    """{number?: existing window, data: {number, name, services: [prefixes by priority],
    staff_a, staff_b, lunch_duty, keypad_url, keypad_address, active}}."""
    number, data, day = args.integer("number", None), data_arg(args), today(ctx)
    action = "window_update" if number is not None else "window_create"
    return audited(
        ctx, action, lambda c: hc.save_window(c, data, number=number, today=day), what="windows"
    )


def _decoded_photo(data: dict[str, Any]) -> dict[str, Any]:
    if "photo" not in data or data["photo"] is None:
        return data
    if not isinstance(data["photo"], str):
        raise BadArgs("照片应为 base64 文本", "photo must be base64 text")
    try:
        return {**data, "photo": base64.b64decode(data["photo"], validate=True)}
    except (binascii.Error, ValueError):
        raise BadArgs("照片不是有效的 base64", "photo is not valid base64") from None


@admin_op("staff_save")
def _staff_save(ctx: OpContext, args: Args) -> Any:
    """{staff_no?: existing, data: {staff_no, name, title, role, active, password?,
    photo?: base64 | None}}; a new member needs a password."""
    staff_no, data = args.text("staff_no", None), _decoded_photo(data_arg(args))
    action = "staff_update" if staff_no else "staff_create"
    return audited(ctx, action, lambda c: hc.save_staff(c, data, staff_no=staff_no), what="staff")


@admin_op("staff_reset_password")
def _staff_reset_password(ctx: OpContext, args: Args) -> Any:
    staff_no, password = args.text("staff_no"), args.text("password")
    return audited(ctx, "staff_password_reset", lambda c: hc.reset_password(c, staff_no, password))


@admin_op("holiday_set")
def _holiday_set(ctx: OpContext, args: Args) -> Any:
    """{day, name, is_workday}: a public holiday, or a make-up working day (调休)."""
    data = dict(args.raw)
    return audited(ctx, "holiday_set", lambda c: hc.set_holiday(c, data), what="holidays")


@admin_op("holiday_remove")
def _holiday_remove(ctx: OpContext, args: Args) -> Any:
    day = args.text("day")
    return audited(ctx, "holiday_remove", lambda c: hc.remove_holiday(c, day), what="holidays")


# The audit log
@admin_op("audit_log")
def _audit_log(ctx: OpContext, args: Args) -> Any:
    """{before_id?, limit?, actor?, action?} → newest first: id, at, actor, action, target,
    before, after."""
    limit = min(max(args.integer("limit", 200), 1), AUDIT_LIMIT)
    query = select(AuditLog).order_by(AuditLog.id.desc()).limit(limit)
    before_id = args.integer("before_id", None)
    if before_id is not None:
        query = query.where(AuditLog.id < before_id)
    for name in ("actor", "action"):
        value = args.text(name, None)
        if value:
            query = query.where(getattr(AuditLog, name) == value)
    with ctx.engine.db.read() as conn:
        rows = conn.execute(query).all()
    return [
        {
            "id": r.id,
            "at": r.at.isoformat(timespec="seconds"),
            "actor": r.actor,
            "action": r.action,
            "target": r.target,
            "before": r.before,
            "after": r.after,
        }
        for r in rows
    ]


# Devices
@admin_op("devices")
def _devices(ctx: OpContext, args: Args) -> Any:
    """The last reported state of every keypad and printer (from the hall's event log):
    [{kind: "keypad"|"printer", window, kiosk, online, at}]."""
    with ctx.engine.db.read() as conn:
        rows = conn.execute(
            select(Event.kind, Event.at, Event.data)
            .where(Event.kind.in_(DEVICE_KINDS))
            .order_by(Event.id)
        ).all()  # only changes of state are logged: a short list
    last = {(r.kind, r.data.get("window"), r.data.get("kiosk")): r for r in rows}
    rows = sorted(last.values(), key=lambda r: (r.kind, r.data.get("window") or 0))
    return [
        {
            "kind": "keypad" if r.kind == "keypad_status" else "printer",
            "window": r.data.get("window"),
            "kiosk": r.data.get("kiosk"),
            "online": bool(r.data.get("online")),
            "at": r.at.isoformat(timespec="seconds"),
        }
        for r in rows
    ]


# Unprinted tickets
@admin_op("unprinted_tickets")
def _unprinted(ctx: OpContext, args: Args) -> Any:
    """Today's waiting tickets whose slip is not known to be printed: the visitor may be
    standing at the kiosk without one. [{id, number, service, service_name, issued_at,
    print_state, kiosk, priority}]."""
    with ctx.engine.db.read() as conn:
        rows = conn.execute(
            select(Ticket, Service.code, Service.name.label("service_name"))
            .join(Service, Service.id == Ticket.service_id)
            .where(
                Ticket.day == today(ctx),
                Ticket.state == TicketState.WAITING.value,
                Ticket.print_state != PrintState.PRINTED.value,
            )
            .order_by(Ticket.issued_at, Ticket.id)
        ).all()
    return [
        {
            "id": r.id,
            "number": f"{r.prefix}{r.number:03d}",
            "service": r.code,
            "service_name": r.service_name,
            "issued_at": r.issued_at.isoformat(timespec="seconds"),
            "print_state": r.print_state,
            "kiosk": r.kiosk,
            "priority": bool(r.priority),
        }
        for r in rows
    ]


@admin_op("mark_printed")
def _mark_printed(ctx: OpContext, args: Args) -> Any:
    """{ticket_id}: the console printed the slip again (or it was handed over by hand). The
    engine records it (a ticket_print_state event); the audit log names who did it."""
    ticket_id = args.integer("ticket_id")
    before = ctx.engine.ticket(ticket_id).print_state
    after = ctx.engine.set_print_state(ticket_id, PrintState.PRINTED.value)
    audit_id = ctx.audit(
        "ticket_reprinted",
        f"ticket:{after.number}",
        {"print_state": before},
        {"print_state": after.print_state},
    )
    return {"audit_id": audit_id, "target": f"ticket:{after.number}", "after": after}


from app.net import admin_appraisal_ops, admin_reports  # noqa: E402,F401  (register their ops)
