"""Who may do what: the hall's permission policy written out once, by hand, as the product
decided it (issue 11: configuration changes are the administrator's alone; issue 12: the
counter can never record a rating — it may only ask for the session and relay its own
keypad's frame —, the tablet evaluator answers its window's session, and only a supervisor
corrects a rating; issue 13: appraisal decisions — 评先 grounds, leave — are the supervisor's).
The table's declarations are checked against it, so a role added to or dropped from a command
by mistake fails a test; a deliberate change is made here and in the command's module
together."""

from __future__ import annotations

from app.hall.caller import Role

K, D, C, E = Role.KIOSK, Role.DISPLAY, Role.COUNTER, Role.EVALUATOR
S, A = Role.SUPERVISOR, Role.ADMIN

_BY_ROLES: dict[tuple[Role, ...], tuple[str, ...]] = {
    (K, D, C, E, S, A): ("snapshot",),
    (K, D, S, A): ("service_availability",),
    (K, C, S, A): ("service_loads",),
    (D, C, E, S, A): ("staff_photo",),  # the tablet's idle page shows the clerk (身份公开)
    (K, C): ("device_status",),
    (K,): ("issue_ticket", "check_in", "set_print_state"),
    (C,): (
        "sign_in", "sign_out", "call_next", "recall", "start", "no_show", "hold", "call_back",
        "call_number", "reactivate", "pause", "resume", "finish", "transfer", "window_state",
        "waiting", "my_today", "request_rating", "relay_keypad_frame",
    ),
    (E,): ("evaluator_state", "evaluator_rate"),
    (S, A): (
        "hall_state", "window_state_of", "waiting_for",
        "config_services", "config_windows", "config_staff", "config_staff_photo",
        "config_holidays", "rating_scales", "hall_settings",
        "audit_log", "devices", "unprinted_tickets", "mark_printed", "events_after",
        "complaints", "complaint_register", "complaint_route", "complaint_close",
        "complaint_set_important", "complaint_stats",
        "follow_ups", "follow_up_update", "inspections", "inspection_record", "attendance",
        "appraisal_month", "report_start", "report_status", "report_file", "outbox_status",
        "dashboard_now", "dashboard_day",
        "roster", "roster_set", "leaves", "leave_record", "duty_month", "duty_roster_set",
        "patrol_record", "grounds_year", "notices", "one_time_notice", "notice_failures",
        "notice_failure_record", "login_lockouts", "login_unlock",
    ),
    (S,): ("rating_correct", "ground_record", "ground_withdraw", "leave_decide"),
    (C, S, A): ("change_password",),
    (A,): (
        "hall_settings_save", "service_save", "window_save", "staff_save",
        "staff_reset_password", "holiday_set", "holiday_remove",
    ),
}  # fmt: skip

# Appointments (issue 17): the front desk is whoever holds the console; a counter sees free
# slots and books the return visit of the 材料不齐 case it has just finished; slot rules are
# configuration, the administrator's.
_APPOINTMENTS: dict[tuple[Role, ...], tuple[str, ...]] = {
    (C, S, A): ("appointment_slots",),
    (S, A): (
        "appointment_book", "appointment_move", "appointment_cancel", "appointment_list",
        "appointment_notice", "appointment_rules",
    ),
    (A,): ("appointment_rule_save",),
    (C,): ("return_visit_book",),
}  # fmt: skip

POLICY: dict[str, frozenset[Role]] = {
    name: frozenset(roles)
    for block in (_BY_ROLES, _APPOINTMENTS)
    for roles, names in block.items()
    for name in names
}
