"""The staffing and conduct commands run through the real CommandTable in-process: allowed
exactly where declared, each write audited in its own transaction, refusals typed."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.appraisal.errors import NotAllowed
from app.errors import HallError
from app.hall import conduct_commands, staffing_commands
from app.hall.caller import ALL_ROLES, CONSOLE, Role
from app.hall.command import CommandTable
from app.hall.context import Call, Hall
from app.hall.errors import BadRequest, Forbidden
from app.queue import QueueEngine

from .conftest import ADMIN, CALLERS, SUPERVISOR, Run, audit_rows

SUPERVISOR_ONLY = {"leave_decide", "ground_record", "ground_withdraw"}
NEW = {
    "roster",
    "roster_set",
    "leaves",
    "leave_record",
    "leave_decide",
    "duty_month",
    "duty_roster_set",
    "patrol_record",
    "grounds_year",
    "ground_record",
    "ground_withdraw",
    "notices",
    "one_time_notice",
    "notice_failures",
    "notice_failure_record",
    "complaint_set_important",
    "complaint_stats",
    "complaint_register",
    "inspection_record",
    "inspections",
    "complaints",
}


def expected_roles(name: str) -> set[Role]:
    return {Role.SUPERVISOR} if name in SUPERVISOR_ONLY else set(CONSOLE)


@pytest.mark.parametrize("name", sorted(NEW))
def test_each_command_is_allowed_exactly_for_its_roles(
    name: str, table: CommandTable, hall: Hall
) -> None:
    """Every role but the declared ones is refused as forbidden before the arguments are read."""
    assert set(table[name].roles) == expected_roles(name)
    for role in ALL_ROLES:
        if role is Role.NONE:
            continue
        if role in expected_roles(name):
            assert table.lookup(name, CALLERS[role]).name == name
        else:
            with pytest.raises(Forbidden):
                table.run(hall, CALLERS[role], name, {})


@pytest.mark.parametrize(
    ("command", "args"),
    [
        (staffing_commands.leave_decide, staffing_commands.LeaveDecide(id=1, approve=True)),
        (
            conduct_commands.ground_record,
            conduct_commands.GroundRecordArgs(
                staff_no="1001", ground=conduct_commands.Ground.BRIBERY, note="x", evidence="y"
            ),
        ),
        (conduct_commands.ground_withdraw, conduct_commands.GroundWithdraw(id=1, reason="z")),
    ],
)
def test_the_appraisal_rule_refuses_an_administrator_too(
    command: Any, args: Any, hall: Hall, run: Run, engine: QueueEngine
) -> None:
    """The supervisor-only commands agree with app.appraisal: called past the table by an
    administrator, the rule itself refuses (require_supervisor) and nothing is written."""
    run(ADMIN, "leave_record", staff_no="1001", kind="personal", start="2026-11-24T08:30",
        end="2026-11-24T17:30", reason="家中有事")  # fmt: skip
    before = audit_rows(engine)
    with pytest.raises(NotAllowed):
        command(Call(hall, ADMIN), args)
    assert audit_rows(engine) == before


def test_the_roster_names_a_and_b_and_b_is_due_when_a_has_approved_leave(
    run: Run, refused: Any, engine: QueueEngine
) -> None:
    saved = run(ADMIN, "roster_set", window=1, start="2026-11-23", end="2026-11-27",
                staff_a="1001", staff_b="1009")  # fmt: skip
    assert saved["audit_id"] is not None and saved["target"].startswith("roster:")
    leave = run(ADMIN, "leave_record", staff_no="1001", kind="sick", start="2026-11-24T00:00",
                end="2026-11-25T00:00", reason="发热就医")  # fmt: skip
    leave_id = int(leave["target"].split(":")[1])
    week = {"start": "2026-11-23", "end": "2026-11-27"}
    pending = run(SUPERVISOR, "leaves", **week, pending_only=True)
    assert [(r["id"], r["status_zh"], r["kind_zh"]) for r in pending] == [
        (leave_id, "待审批", "病假")
    ]
    duties = run(SUPERVISOR, "roster", **week)["duties"]
    tuesday = [d for d in duties if d["day"] == "2026-11-24"]
    assert [(d["window"], d["staff"], d["role"]) for d in tuesday] == [(1, "王芳（1001）", "A")]

    decided = run(SUPERVISOR, "leave_decide", id=leave_id, approve=True, note="同意")
    assert decided["after"]["status"] == "approved" and decided["after"]["decided_by"] == "2001"
    view = run(SUPERVISOR, "roster", **week)
    assert view["entries"][0]["staff_a"] == "王芳（1001）"
    assert view["entries"][0]["staff_b"] == "周婷（1009）"
    by_day = {d["day"]: (d["staff"], d["role"]) for d in view["duties"]}
    assert by_day["2026-11-24"] == ("周婷（1009）", "B")  # B 角顶岗
    assert by_day["2026-11-25"] == ("王芳（1001）", "A")
    assert run(SUPERVISOR, "leaves", **week, pending_only=True) == []

    again = refused(SUPERVISOR, "leave_decide", id=leave_id, approve=False)
    assert again.code == "invalid_input"  # decided already
    assert refused(SUPERVISOR, "leave_decide", id=999, approve=True).code == "not_found"
    assert audit_rows(engine) == [
        ("admin", "roster_set", saved["target"]),
        ("admin", "leave_record", f"leave:{leave_id}"),
        ("2001", "leave_decide", f"leave:{leave_id}"),
    ]


def test_a_refused_leave_excuses_nothing(run: Run) -> None:
    run(ADMIN, "roster_set", window=2, start="2026-11-23", end="2026-11-27", staff_a="1002",
        staff_b="1010")  # fmt: skip
    leave = run(ADMIN, "leave_record", staff_no="1002", kind="personal",
                start="2026-11-25T00:00", end="2026-11-25T23:59", reason="私事")  # fmt: skip
    leave_id = int(leave["target"].split(":")[1])
    refused = run(SUPERVISOR, "leave_decide", id=leave_id, approve=False, note="窗口人手不足")
    assert refused["after"]["status"] == "rejected"
    assert refused["after"]["decision_note"] == "窗口人手不足"
    [row] = run(SUPERVISOR, "leaves", start="2026-11-25", end="2026-11-25")
    assert (row["status"], row["status_zh"]) == ("rejected", "未批准")
    duties = run(SUPERVISOR, "roster", start="2026-11-25", end="2026-11-25")["duties"]
    assert [(d["staff"], d["role"]) for d in duties] == [("李娜（1002）", "A")]


def test_a_supervisor_cannot_approve_their_own_leave(run: Run, refused: Any) -> None:
    leave = run(ADMIN, "leave_record", staff_no="2001", kind="annual", start="2026-11-26 08:30",
                end="2026-11-26 17:30", reason="年休")  # fmt: skip
    leave_id = int(leave["target"].split(":")[1])
    assert refused(SUPERVISOR, "leave_decide", id=leave_id, approve=True).code == "not_allowed"


def test_the_duty_roster_is_four_windows_and_patrols_are_checked_against_it(
    run: Run, refused: Any, engine: QueueEngine
) -> None:
    nov = {"month": "2026-11"}
    assert run(SUPERVISOR, "duty_month", **nov)["roster"] == []
    saved = run(ADMIN, "duty_roster_set", **nov, windows=[5, 6, 7, 8])
    assert saved["target"] == "duty_roster:2026-11" and saved["audit_id"] is not None
    same = run(ADMIN, "duty_roster_set", **nov, windows=[5, 6, 7, 8])
    assert same["audit_id"] is None  # nothing changed: not audited
    assert refused(ADMIN, "duty_roster_set", **nov, windows=[1, 2, 2, 3]).code == "invalid_input"
    short = refused(ADMIN, "duty_roster_set", **nov, windows=[1, 2, 3])
    assert isinstance(short, BadRequest) and short.field == "windows"

    run(SUPERVISOR, "patrol_record", duty_window=5, findings="未发现问题", patroller_no="1005",
        at="2026-11-23T10:00")  # fmt: skip
    run(ADMIN, "patrol_record", duty_window=6, findings="8号窗口人员串岗，已提醒")
    off_duty = refused(SUPERVISOR, "patrol_record", duty_window=1, findings="未发现问题")
    assert off_duty.code == "invalid_input"
    month = run(SUPERVISOR, "duty_month", **nov)
    assert [(d["position"], d["window"], d["convenor"]) for d in month["roster"]] == [
        (1, 5, True),
        (2, 6, False),
        (3, 7, False),
        (4, 8, False),
    ]
    assert [(p["duty_window"], p["staff"], p["at"]) for p in month["patrols"]] == [
        (6, "", "2026-11-23T09:00:00"),  # now
        (5, "陈静（1005）", "2026-11-23T10:00:00"),
    ]
    # 2–20 November: 15 working days before today (the 23rd), none with 2 patrols.
    assert month["patrols_per_day"] == 2 and month["checked_days"] == 15
    assert len(month["short_days"]) == 15
    assert month["short_days"][0] == {"day": "2026-11-02", "patrols": 0}
    assert [a for _, a, _ in audit_rows(engine)] == [
        "duty_roster_set",
        "patrol_record",
        "patrol_record",
    ]


BAD: list[tuple[str, dict[str, Any], str]] = [
    ("roster_set", {"window": 0, "start": "2026-11-23", "end": "2026-11-27", "staff_a": "1"},
     "window"),
    ("roster_set", {"window": 1, "start": "2026-11-31", "end": "2026-12-01", "staff_a": "1"},
     "start"),
    ("roster_set", {"window": 1, "start": "23/11/2026", "end": "2026-12-01", "staff_a": "1"},
     "start"),
    ("leave_record", {"staff_no": "1001", "kind": "holiday", "start": "2026-11-23T08:00",
                      "end": "2026-11-23T09:00", "reason": "x"}, "kind"),
    ("leave_record", {"staff_no": "1001", "kind": "sick", "start": "2026-11-23",
                      "end": "2026-11-23T09:00", "reason": "x"}, "start"),
    ("leave_record", {"staff_no": "1001", "kind": "sick", "start": "2026-11-23T25:00",
                      "end": "2026-11-23T09:00", "reason": "x"}, "start"),
    ("leave_record", {"staff_no": "1001", "kind": "sick", "start": "2026-11-23T08:00",
                      "end": "2026-11-23T09:00", "reason": ""}, "reason"),
    ("leave_decide", {"id": 2**60, "approve": True}, "id"),
    ("leave_decide", {"id": 1, "approve": "yes"}, "approve"),
    ("duty_roster_set", {"month": "2026-13", "windows": [1, 2, 3, 4]}, "month"),
    ("duty_roster_set", {"month": "2026-11", "windows": [1, 2, 3, 4, 5]}, "windows"),
    ("duty_roster_set", {"month": "2026-11", "windows": [1, 2, 3, 10000]}, "windows[3]"),
    ("patrol_record", {"duty_window": 5, "findings": ""}, "findings"),
    ("patrol_record", {"duty_window": 5, "findings": "ok", "at": "10:00"}, "at"),
    ("ground_record", {"staff_no": "1001", "ground": "rudeness", "note": "x", "evidence": "y"},
     "ground"),
    ("ground_record", {"staff_no": "1001", "ground": "bribery", "note": "x"}, "evidence"),
    ("ground_record", {"staff_no": "1001", "ground": "bribery", "note": "x", "evidence": ""},
     "evidence"),
    ("ground_record", {"staff_no": "1001", "ground": "bribery", "note": "\ud800",
                       "evidence": "y"}, "note"),
    ("ground_withdraw", {"id": 1}, "reason"),
    ("grounds_year", {"year": 1999}, "year"),
    ("grounds_year", {"year": "2026"}, "year"),
    ("notice_failure_record", {"staff_no": "1001", "note": "x", "day": "2026-02-30"}, "day"),
    ("notice_failures", {"start": "2026-11"}, "start"),
    ("one_time_notice", {"date": "2026-11-23", "number": ""}, "number"),
    ("complaint_register", {"kind": "praise", "content": "x"}, "kind"),
    ("complaint_register", {"kind": "suggestion", "content": "x", "promised_on": "soon"},
     "promised_on"),
    ("complaint_set_important", {"id": 1, "important": 1}, "important"),
    ("complaint_stats", {"month": "11-2026"}, "month"),
    ("inspection_record", {"findings": "x", "kind": "secret"}, "kind"),
    ("inspection_record", {"findings": "x", "conduct": "naps"}, "conduct"),
    ("roster", {"start": "2026-11-01", "extra": 1}, "extra"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "args", "field"), BAD, ids=[f"{n}-{f}" for n, _, f in BAD])
def test_a_bad_argument_is_a_bad_request_naming_the_field(
    name: str, args: dict[str, Any], field: str, run: Run, engine: QueueEngine
) -> None:
    with pytest.raises(BadRequest) as caught:
        run(SUPERVISOR, name, **args)
    assert caught.value.field == field
    assert audit_rows(engine) == []


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner),
    max_leaves=6,
)


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=st.sampled_from(sorted(NEW)), data=st.data())
def test_any_arguments_get_a_result_or_a_typed_refusal(
    name: str, data: st.DataObject, table: CommandTable, hall: Hall
) -> None:
    """Random values in the command's own fields (and stray ones): never an untyped error."""
    fields = [*table[name].request.__struct_fields__, "stray"]
    args = data.draw(st.dictionaries(st.sampled_from(fields), JSON, max_size=len(fields)))
    try:
        table.run(hall, SUPERVISOR, name, args)
    except HallError as refusal:
        assert refusal.code and refusal.zh and refusal.en
