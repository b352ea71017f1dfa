"""The hand-written faults of scripts/mutants.py: (label, file, text, the text put instead).

Each is a mistake someone could make in a command's rule call, its audit, the argument checking
or the rating rules; the first three are the faults issue 11 found no test for. The rating
faults (labels starting "rating" or "bus", run alone with `--only rating` / `--only bus`)
target issue 12's rating sessions: the session rules (app/queue/rating_sessions.py and the
engine's calls of them), the relayed frame's checks, the tablet evaluator's command, the
server's bus keypads and the evaluator's login.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


def _hall_tests() -> tuple[str, ...]:
    """tests/hall's files, the slow property-based ones last (pytest -x stops at the first
    failure, so a killed mutant is known sooner)."""
    root = Path(__file__).resolve().parents[1]
    names = sorted(p.name for p in (root / "tests" / "hall").glob("test_*.py"))
    slow = [n for n in names if n in ("test_permissions.py", "test_bad_input.py")]
    return tuple(f"tests/hall/{n}" for n in [*(n for n in names if n not in slow), *slow])


HALL = _hall_tests()
ADMIN_NET = (
    "tests/net/test_admin.py",
    "tests/net/test_admin_ops.py",
    "tests/net/test_admin_hall_settings.py",
)
# The rating tests first (pytest -x stops at the first failure; a path given twice is run once)
RATING = (
    "tests/hall/test_rating_commands.py",
    "tests/hall/test_evaluator_commands.py",
    "tests/hall/test_keypad_bus.py",
    "tests/queue/test_ratings_and_chains.py",
    "tests/net/test_rating_sessions.py",
    "tests/net/test_roles.py",
    "tests/net/test_bus_keypads.py",
)
TESTS: dict[str, tuple[str, ...]] = {
    "roles": ("tests/hall/test_permissions.py",),
    "queue_commands.py": (*HALL, "tests/net/test_roles.py"),
    "rating_commands.py": (*RATING, *HALL),
    "rating_sessions.py": (*RATING, *HALL),
    "engine.py": (*RATING, *HALL),
    "codec.py": (*RATING, "tests/devices/keypad"),
    "auth.py": (
        "tests/net/test_rating_sessions.py",
        "tests/net/test_roles.py",
        "tests/net/test_bad_input.py",
    ),
    "ratings.py": (*RATING, *HALL, "tests/queue"),
    "keypad_bus.py": (*RATING, *HALL),
    "hours.py": (*HALL, "tests/net/test_admin_hall_settings.py", "tests/net/test_jobs.py"),
    "context.py": (*HALL, *ADMIN_NET, "tests/net/test_roles.py"),
    "command.py": (*HALL, "tests/net/test_faults.py", "tests/net/test_permissions.py"),
    "wire.py": (*HALL, "tests/net/test_bad_input.py", "tests/net/test_faults.py"),
    "config_commands.py": (*HALL, *ADMIN_NET),
    "records_commands.py": (*HALL, *ADMIN_NET),
    "appraisal_commands.py": (*HALL, *ADMIN_NET),
    "report_commands.py": (*HALL, *ADMIN_NET),
    "report_jobs.py": (*HALL, *ADMIN_NET),
    "snapshot.py": (*HALL, "tests/net/test_admin_hall_settings.py", "tests/net/test_catchup.py"),
    "jobs.py": (*HALL, "tests/net/test_jobs.py", "tests/net/test_admin_hall_settings.py"),
    "hall_settings.py": (*HALL, "tests/net/test_admin_hall_settings.py", "tests/net/test_jobs.py"),
    "audience.py": (
        "tests/net/test_audience.py",
        "tests/net/test_lan_sessions.py",
        "tests/net/test_rating_sessions.py",
    ),
    "server.py": ("tests/net/test_audience.py", "tests/ui/test_table_client.py"),
}


@dataclass(frozen=True)
class Fault:
    label: str
    path: str
    old: str
    new: str
    tests: tuple[str, ...] = ()  # default: TESTS[file name]


Q = "app/hall/queue_commands.py"
R = "app/hall/rating_commands.py"
RULES = "app/queue/ratings.py"
SESSIONS = "app/queue/rating_sessions.py"
ENGINE = "app/queue/engine.py"
CODEC = "app/devices/keypad/codec.py"
AUTH = "app/net/auth.py"
HOURS = "app/appraisal/hours.py"
BUS = "app/hall/keypad_bus.py"
CTX = "app/hall/context.py"
CMD = "app/hall/command.py"
WIRE = "app/hall/wire.py"
CFG = "app/hall/config_commands.py"
REC = "app/hall/records_commands.py"
APR = "app/hall/appraisal_commands.py"
REP = "app/hall/report_commands.py"
JOBS = "app/hall/report_jobs.py"
SNAP = "app/hall/snapshot.py"
SJOBS = "app/hall/jobs.py"
SET = "app/hall/hall_settings.py"
AUD = "app/hall/audience.py"
SRV = "app/net/server.py"

FAULTS: tuple[Fault, ...] = (
    # The three faults issue 11 names
    Fault("issue 11: hold does no_show", Q,
          "return call.engine.hold(call.window)", "return call.engine.no_show(call.window)"),
    Fault("issue 11: set_print_state ignores the state", Q,
          "set_print_state(req.ticket_id, req.state)", 'set_print_state(req.ticket_id, "printed")'),
    Fault("issue 11: bus ratings without the finished check", RULES,
          "if row[0] != TicketState.FINISHED.value or row[1] is None:", "if row[1] is None:"),
    # The hall's working commands
    Fault("issue_ticket ignores priority", Q, "priority=req.priority", "priority=False"),
    Fault("issue_ticket forgets the kiosk", Q,
          "issue_ticket(req.service, priority=req.priority, kiosk=machine)",
          "issue_ticket(req.service, priority=req.priority)"),
    Fault("check_in forgets the kiosk", Q,
          "check_in(req.code, kiosk=call.caller.machine)", "check_in(req.code)"),
    Fault("sign_in signs in window 1's clerk", Q,
          "sign_in(call.window, call.caller.staff_no)", 'sign_in(call.window, "1001")'),
    Fault("sign_out does nothing", Q,
          "call.engine.sign_out(call.window)", "call.engine.window_state(call.window)"),
    Fault("call_next recalls", Q,
          "return call.engine.call_next(call.window)", "return call.engine.recall(call.window)"),
    Fault("recall calls the next", Q,
          "return call.engine.recall(call.window)", "return call.engine.call_next(call.window)"),
    Fault("start does not start", Q,
          "return call.engine.start(call.window)", "return call.engine.recall(call.window)"),
    Fault("no_show holds", Q,
          "return call.engine.no_show(call.window)", "return call.engine.hold(call.window)"),
    Fault("call_back calls the number", Q,
          "return call.engine.call_back(call.window, req.number)",
          "return call.engine.call_number(call.window, req.number)"),
    Fault("call_number calls back", Q,
          "return call.engine.call_number(call.window, number)",
          "return call.engine.call_back(call.window, number)"),
    Fault("pause loses its note", Q,
          "pause(call.window, req.reason, req.note)", "pause(call.window, req.reason)"),
    Fault("resume does nothing", Q,
          "return call.engine.resume(call.window)", "return call.engine.window_state(call.window)"),
    Fault("finish loses its note", Q,
          "        req.outcome,\n        req.note,\n", '        req.outcome,\n        "",\n'),
    Fault("finish ignores the outcome", Q,
          "        call.window,\n        req.outcome,\n        req.note,",
          '        call.window,\n        "done",\n        req.note,'),
    Fault("finish loses the missing materials", Q,
          "        req.missing or None,\n        case_no", "        None,\n        case_no"),
    Fault("finish loses the case number", Q,
          "case_no=req.case_no or None", "case_no=None"),
    Fault("transfer ignores the window", Q, "to_window=req.to_window", "to_window=None"),
    Fault("transfer loses its note", Q,
          "to_window=req.to_window, note=req.note", "to_window=req.to_window"),
    Fault("waiting shows every queue", Q,
          "return call.engine.waiting(window=call.window)",
          'return call.engine.waiting(service="A")'),
    Fault("my_today of the wrong clerk", Q,
          "clerk_day(conn, call.caller.staff_id,", "clerk_day(conn, 1,"),
    Fault("device_status: a printer logged as a keypad", Q,
          'device_changed("printer_status", machine,', 'device_changed("keypad_status", machine,'),
    Fault("device_status: every report logged", CTX,
          "if self._device_state.get((kind, key)) == online:", "if False:"),
    Fault("staff_photo never sends the photo", Q,
          "base64.b64encode(photo).decode() if photo else None", "None"),
    Fault("service_loads empty", Q,
          'return list(call.hall.view.snapshot()["services"])', "return []"),
    Fault("window_state_of always window 1", Q,
          "return call.engine.window_state(req.window)", "return call.engine.window_state(1)"),
    Fault("waiting_for without its either-or check", Q,
          "if (req.service is None) == (req.window is None):", "if False:"),
    # Ratings (issue 12): the session rules, as the engine applies them
    Fault("rating sessions: the open-session check removed", SESSIONS,
          "    if row.closed_at is not None:\n", "    if False:\n"),
    Fault("rating sessions: the window check removed", SESSIONS,
          "    if row.window != window:\n", "    if False:\n"),
    Fault("rating sessions: the deadline check removed", SESSIONS,
          "    if tx.now > row.deadline:\n", "    if False:\n"),
    Fault("rating sessions: an unknown token answers the open sessions", SESSIONS,
          'found = _rows(tx.sql, "s.token = ?", token)',
          'found = _rows(tx.sql, "(s.token = ? OR s.closed_at IS NULL)", token)'),
    Fault("rating sessions: the level check removed", SESSIONS,
          "if level is None or not 1 <= level <= scale:", "if level is None:"),
    Fault("rating sessions: a refused path accepted", SESSIONS,
          "if path.value not in settings.rating_paths:", "if False:"),
    Fault("rating sessions: not closed by the rating", SESSIONS,
          '    _close(tx, row, "rated")\n', "    pass\n"),
    Fault("rating sessions: a machine-fast rating not flagged", SESSIONS,
          "    if fast:\n", "    if False:\n"),
    Fault("rating sessions: the deadline closes nothing", SESSIONS,
          '"s.closed_at IS NULL AND s.deadline < ?"',
          '"s.closed_at IS NULL AND s.deadline < ? AND 0"'),
    Fault("rating sessions: a finished case opens none", ENGINE,
          "            rating_sessions.open_session(tx, done.id, self.settings)\n", ""),
    Fault("rating sessions: a refused answer not logged", ENGINE,
          "            self.log_rating_anomaly(exc.anomaly, window, path=path.value, "
          "session=session)\n",
          "            pass\n"),
    Fault("rating rules: rated twice", RULES, "if already is not None:", "if False:"),
    Fault("rating rules: rated at another window", RULES,
          "if window is not None and view.window_no != window:", "if False:"),
    Fault("rating rules: a correction counts as the rating", RULES,
          ' AND corrects_id IS NULL", ticket_id', '", -1'),
    # Ratings: the relayed frame (a keypad on the clerk's PC)
    Fault("rating relay: the address check removed", R,
          "    if address != expected:\n", "    if False:\n"),
    Fault("rating relay: the CRC check removed", CODEC,
          "    if expected != got:\n", "    if False:\n"),
    Fault("rating relay: a bad frame not logged", R,
          '        engine.log_rating_anomaly("bad_frame", window, path="relayed", detail=exc.en)\n',
          ""),
    Fault("rating relay: a wrong address not logged", R,
          "        engine.log_rating_anomaly(\n"
          '            "wrong_address", window, path="relayed", address=address, '
          "expected=expected\n"
          "        )\n",
          ""),
    Fault("rating relay: recorded as a bus key", R,
          "path=RatingPath.RELAYED,", "path=RatingPath.BUS,"),
    Fault("rating relay: the frame not kept", R,
          "raw_frame=req.frame.lower(),", 'raw_frame="",'),
    Fault("rating relay: the key's level ignored", R,
          "level = FIVE_KEY.level(event.key)", "level = FIVE_KEY.level(event.key) and 5"),
    Fault("rating relay: the keypad's address not kept", R,
          "device_address=address,", "device_address=None,"),
    # Ratings: what the desk may ask
    Fault("rating request: another window's session shown", R,
          "if session is None or session.window != call.window:", "if session is None:"),
    Fault("rating request: a closed session shown", R, "    if not session.open:\n",
          "    if False:\n"),
    Fault("rating request: without the rating rules", R,
          "            check_rateable(conn, req.ticket_id, window=call.window)  # names",
          "            pass  # names"),
    Fault("rating request: without the window check", R,
          "check_rateable(conn, req.ticket_id, window=call.window)",
          "check_rateable(conn, req.ticket_id)"),
    Fault("rating request: the bus asked for a window off the bus", R,
          "if bus is not None and bus.serves(call.window):", "if bus is not None:"),
    Fault("rating request: the bus not asked again", R,
          "        bus.ask(session)\n", "        pass\n"),
    # Ratings: who may answer
    Fault("rating roles: the counter allowed to answer as the tablet", R,
          'command("evaluator_rate", EVALUATOR, evaluator_rate)',
          'command("evaluator_rate", (*EVALUATOR, *COUNTER), evaluator_rate)'),
    Fault("rating roles: the counter allowed to correct", APR,
          'command("rating_correct", (Role.SUPERVISOR,), rating_correct)',
          'command("rating_correct", (Role.SUPERVISOR, Role.COUNTER), rating_correct)'),
    Fault("rating roles: a tablet token of another window not logged", AUTH,
          "            if owner is not None and self.on_anomaly is not None:\n",
          "            if False:\n"),
    # Ratings: the tablet evaluator
    Fault("rating tablet: the 差评 reasons not checked", R,
          "reasons = bad_reasons(call.engine.settings, req.level, list(req.reasons), req.note)",
          'reasons = {"codes": list(req.reasons), "note": req.note} if req.reasons else None'),
    Fault("rating tablet: recorded as a bus key", R,
          "path=RatingPath.TABLET,", "path=RatingPath.BUS,"),
    Fault("rating tablet: another window's session shown", R,
          "session = call.engine.open_rating_session(window)",
          "session = call.engine.open_rating_session(1)"),
    Fault("rating tablet: the clerk's services not shown", R,
          "services=[names.get(code, code) for code in state.service_codes],", "services=[],"),
    # Ratings: the server's keypad bus
    Fault("bus: a keypad's own end recorded", BUS,
          "        if result.end is not RatingEnd.KEY:\n            return\n", ""),
    Fault("bus: the keypad not started by the finish", BUS,
          'if event.kind != "rating_requested" or not self.serves(event.data.get("window", 0)):',
          "if True:"),
    Fault("bus: recorded as relayed", BUS, "path=RatingPath.BUS,", "path=RatingPath.RELAYED,"),
    Fault("bus: a key given to the wrong window", BUS,
          "if a == result.device_address), None)", "if a != result.device_address), None)"),
    Fault("bus: a stray key not logged", BUS,
          '        self.engine.log_rating_anomaly("unknown_session", window, path="bus", '
          "session=session)\n",
          "        pass\n"),
    Fault("bus: two windows on one address", BUS, "if address in taken:", "if False:"),
    Fault("bus: every window on the bus", BUS,
          'if (url or "").strip().lower() != BUS:', "if False:"),
    Fault("bus: inactive windows polled", BUS, ".where(Window.active.is_(True))\n", "\n"),
    Fault("bus: a keypad's state given to every window", BUS, "if at == address:", "if True:"),
    # The audit and the announcements
    Fault("audit row dropped", CTX,
          "audit_id = self.audit(tx.conn, action, change)", "audit_id = None"),
    Fault("a change that changes nothing is audited", CTX,
          "if change.before is not None and change.before == change.after:", "if False:"),
    Fault("config_changed not announced", CTX, "            if what:\n", "            if False:\n"),
    Fault("the audit names the wrong actor", CTX, "actor=self.caller.actor,", 'actor="admin",'),
    Fault("the audit loses the before", CTX, "before=change.before,", "before=None,"),
    Fault("mark_printed not audited", REC,
          'Audited(call.audit(tx.conn, "ticket_reprinted", change), change.target, after)',
          "Audited(None, change.target, after)"),
    # The table and the schema
    Fault("permission not checked", CMD, "if caller.role not in found.roles:", "if False:"),
    Fault("args read before the permission", CMD,
          "        entry = self.lookup(name, caller)\n"
          "        request = wire.decode(args if args is not None else {}, entry.request)\n",
          "        request = wire.decode(args if args is not None else {}, self[name].request)\n"
          "        entry = self.lookup(name, caller)\n"),
    Fault("replies not checked against their type", CMD,
          "        if self.check_results:\n", "        if False:\n"),
    Fault("a command may be declared for Role.NONE", CMD, "if Role.NONE in roles:", "if False:"),
    Fault("decode coerces types", WIRE,
          "return msgspec.convert(args, request, strict=True)",
          "return msgspec.convert(args, request, strict=False)"),
    Fault("decode lets lone surrogates in", WIRE, "    if where is not None:\n        raise",
          "    if False:\n        raise"),
    Fault("surrogates in keys not found", WIRE,
          "if isinstance(key, str) and _bad_text(key):", "if False:"),
    Fault("surrogates in lists not found", WIRE,
          "    elif isinstance(value, list):", "    elif False:"),
    Fault("unknown fields named by msgspec", WIRE,
          "        if key not in known:", "        if False:"),
    Fault("missing fields named by msgspec", WIRE,
          "        if f.required and f.encode_name not in args:", "        if False:"),
    Fault("ids unbounded", WIRE, "Id = Annotated[int, msgspec.Meta(ge=1, le=MAX_INT,",
          "Id = Annotated[int, msgspec.Meta(ge=1,"),
    Fault("years from 0", WIRE, "Meta(ge=2000, le=2100)", "Meta(ge=0, le=2100)"),
    # Configuration
    Fault("configuration open to supervisors", CFG,
          "CONFIGURE = (Role.ADMIN,)", "CONFIGURE = CONSOLE"),
    Fault("service_save: create and update swapped", CFG,
          '"service_update" if req.code else "service_create"',
          '"service_create" if req.code else "service_update"'),
    Fault("window_save: create and update swapped", CFG,
          '"window_update" if req.number is not None else "window_create"',
          '"window_create" if req.number is not None else "window_update"'),
    Fault("staff_save: photo not base64-checked", CFG,
          "base64.b64decode(data[\"photo\"], validate=True)", "base64.b64decode(data[\"photo\"])"),
    Fault("staff_save: photo of any type", CFG,
          'if not isinstance(data["photo"], str):', "if False:"),
    Fault("holiday_set: never a working day", CFG,
          '"is_workday": req.is_workday', '"is_workday": False'),
    Fault("holiday_remove not announced", CFG,
          'hc.remove_holiday(c, req.day), what="holidays"', "hc.remove_holiday(c, req.day)"),
    Fault("config_holidays: every year", CFG,
          "hc.list_holidays(conn, req.year)", "hc.list_holidays(conn, None)"),
    Fault("hall_settings: defaults not the config file's", CFG,
          '"defaults": defaults(call.config)', '"defaults": {}'),
    Fault("rating_scales: the file's hours, not the admin's", CFG,
          "hours = settings.hours\n", "hours = call.config.hours\n"),
    # Records
    Fault("audit_log: before_id included", REC,
          "AuditLog.id < req.before_id", "AuditLog.id <= req.before_id"),
    Fault("audit_log: no upper limit", REC,
          ".limit(min(max(req.limit, 1), 500))", ".limit(max(req.limit, 1))"),
    Fault("audit_log: actor ignored", REC,
          "    if req.actor:\n", "    if False:\n"),
    Fault("audit_log: action ignored", REC,
          "    if req.action:\n", "    if False:\n"),
    Fault("devices: the first state, not the last", REC,
          "            .order_by(Event.id)\n", "            .order_by(Event.id.desc())\n"),
    Fault("unprinted_tickets: failed prints left out", REC,
          "Ticket.print_state != PrintState.PRINTED.value",
          "Ticket.print_state == PrintState.PENDING.value"),
    Fault("unprinted_tickets: any day", REC, "                Ticket.day == call.today(),\n", ""),
    Fault("unprinted_tickets: called tickets too", REC,
          "                Ticket.state == TicketState.WAITING.value,\n", ""),
    Fault("mark_printed marks failed", REC,
          "set_print_state(tx, req.ticket_id, PrintState.PRINTED.value)",
          "set_print_state(tx, req.ticket_id, PrintState.FAILED.value)"),
    Fault("events_after: no upper limit", REC,
          "min(max(req.limit, 1), 1000)", "max(req.limit, 1)"),
    # Appraisal
    Fault("appraisal: an unknown window is no window", APR,
          '        raise BadRequest(f"没有 {number} 号窗口",', "        return None\n        ("),
    Fault("appraisal: an unknown staff member is nobody", APR,
          '        raise BadRequest(f"没有工号 {staff_no}",', "        return None\n        ("),
    Fault("appraisal: a bad date is the default", APR,
          '    except ValueError:\n        raise BadRequest(f"{field}',
          '    except ValueError:\n        return default\n'
          '    if False:\n        raise BadRequest(f"{field}'),
    Fault("complaints: open_only ignored", APR,
          "cp.complaints(conn, start, end, open_only=req.open_only)",
          "cp.complaints(conn, start, end)"),
    Fault("complaint_register: recorded by nobody", APR,
          "            overdue_promise=req.overdue_promise,\n"
          "            recorded_by=call.caller.actor,",
          '            overdue_promise=req.overdue_promise,\n            recorded_by="",'),
    Fault("complaint_close: never substantiated", APR,
          "substantiated=req.substantiated,", "substantiated=False,"),
    Fault("follow_ups: open_only ignored", APR,
          "[FollowUp.status == FollowUpStatus.OPEN.value] if req.open_only else []", "[]"),
    Fault("follow_up_update: close ignored", APR, "close=req.close,", "close=False,"),
    Fault("inspection_record: criticism ignored", APR,
          "criticism=req.criticism,", "criticism=False,"),
    Fault("attendance: only the month's first day", APR,
          'day_of(req.end, call.today(), "end")', 'day_of(req.end, first, "end")'),
    Fault("appraisal_month: follow-ups not opened first", APR,
          "    call.engine.run(lambda tx: sync_follow_ups(tx.conn, settings, (start, end)))\n", ""),
    # Reports
    Fault("report_start: month not required", REP,
          '            raise BadRequest("缺少参数 month", "missing argument \'month\'", "month")\n',
          '            req = ReportStart(kind="month", month=call.today().isoformat()[:7])\n'),
    Fault("report_start: daily of the wrong day", REP,
          'when = day_of(req.date, call.today(), "date")',
          'when = day_of(None, call.today(), "date")'),
    Fault("reports: a file sent before it is done", JOBS,
          "if path is None or not found.done:", "if path is None:"),
    Fault("reports: on-demand files in the closing folder", JOBS,
          "self.folder = folder / ON_DEMAND", "self.folder = folder"),
    # The kept snapshot, the jobs, the hall's hours
    Fault("snapshot: a changed window kept", SNAP,
          "            self._windows.pop(number, None)\n", "            pass\n"),
    Fault("snapshot: a new name or notice not read", SNAP,
          "        if event.kind in EVERYTHING:\n            self._hall = None\n", ""),
    Fault("snapshot: service loads kept past their time", SNAP,
          "now - self._services[0] > SERVICES_TTL_S", "False"),
    Fault("snapshot: a new day keeps yesterday", SNAP,
          "        if self._day != self.engine.clock.now().date():\n"
          "            self._built = self._services = None",
          "        if False:\n            self._built = self._services = None"),
    Fault("jobs: a 差评 opens no follow-up", SJOBS,
          'if event.kind == "rating_recorded" and bad:', "if False:"),
    Fault("jobs: level 2 is not a 差评", SJOBS,
          "level <= self.plan.settings.scale(scale).bad_max",
          "level < self.plan.settings.scale(scale).bad_max"),
    Fault("jobs: an admin's closing time ignored", SJOBS,
          "        if hours != self.plan.settings.hours:\n", "        if False:\n"),
    Fault("hours: the admin's opening time ignored", "app/models/hall_settings.py",
          'return stored.get("open_at", open_at), stored.get("close_at", close_at)',
          'return open_at, stored.get("close_at", close_at)'),
    Fault("hours: the defaults are not the config file's", SET,
          '"open_at": config.hours.open_at.strftime("%H:%M"),\n        "close_at": config.hours',
          '"open_at": "08:30",\n        "close_at": config.hours'),
    # Who hears what, and when (the fan-out)
    Fault("fan-out: a counter hears the other windows' finishes", AUD,
          'or event.get("kind") in QUEUE_CHANGES', "or True"),
    Fault("fan-out: a rating's session token to every window", AUD,
          'return caller.role in WINDOW_DEVICES and caller.window == data.get("window")',
          "return caller.role in WINDOW_DEVICES"),
    Fault("fan-out: a screen's call waits for the batch", AUD,
          'return caller.role is not Role.DISPLAY or event.get("kind") not in ANNOUNCED',
          "return True"),
    Fault("fan-out: a window's own event waits for the batch", AUD,
          'return (event.get("data") or {}).get("window") != caller.window', "return True"),
    Fault("fan-out: an event overtakes what waited", SRV,
          "self._send_later(peer, texts)", "self._send(peer, alone[piece])"),
    Fault("fan-out: a reply overtakes the events before it", SRV,
          "self._send_later(peer, {})  # the events committed before the reply first", "pass"),
    Fault("fan-out: the batch never sent", SRV,
          "self._batch.start()", "pass"),
)  # fmt: skip
