"""Who may do what: the hall's permission policy written out once, by hand, as the product
decided it (issue 11: configuration changes are the administrator's alone). The table's
declarations are checked against it, so a role added to or dropped from a command by mistake
fails a test; a deliberate change is made here and in the command's module together."""

from __future__ import annotations

from app.hall.caller import Role

K, D, C, S, A = Role.KIOSK, Role.DISPLAY, Role.COUNTER, Role.SUPERVISOR, Role.ADMIN

_BY_ROLES: dict[tuple[Role, ...], tuple[str, ...]] = {
    (K, D, C, S, A): ("snapshot",),
    (K, C, S, A): ("service_loads",),
    (D, C, S, A): ("staff_photo",),
    (K, C): ("device_status",),
    (K,): ("issue_ticket", "check_in", "set_print_state"),
    (C,): (
        "sign_in", "sign_out", "call_next", "recall", "start", "no_show", "hold", "call_back",
        "call_number", "reactivate", "pause", "resume", "finish", "transfer", "window_state",
        "waiting", "my_today", "record_rating", "request_rating",
    ),
    (S, A): (
        "hall_state", "window_state_of", "waiting_for",
        "config_services", "config_windows", "config_staff", "config_staff_photo",
        "config_holidays", "rating_scales", "hall_settings",
        "audit_log", "devices", "unprinted_tickets", "mark_printed", "events_after",
        "complaints", "complaint_register", "complaint_route", "complaint_close",
        "follow_ups", "follow_up_update", "inspections", "inspection_record", "attendance",
        "appraisal_month", "report_start", "report_status", "report_file", "outbox_status",
    ),
    (A,): (
        "hall_settings_save", "service_save", "window_save", "staff_save",
        "staff_reset_password", "holiday_set", "holiday_remove",
    ),
}  # fmt: skip

POLICY: dict[str, frozenset[Role]] = {
    name: frozenset(roles) for roles, names in _BY_ROLES.items() for name in names
}
