"""Bad input, property-based over the wire schema: for every command, a wrong type, an
out-of-range integer (≥ 2^63, negative where not allowed), a lone surrogate in any string
(nested `data` dicts included), a missing required field or an unknown field each give a typed
bad_request that names the field; never an internal error, never a write."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.errors import HallError
from app.hall.command import CommandTable
from app.hall.errors import BadRequest
from app.hall.table import build_table
from app.queue import QueueEngine
from tests.hall.bad_args import Bad, bad_args, valid_args
from tests.hall.conftest import Act, written
from tests.hall.examples import examples

TABLE = build_table()
ANY_BAD = st.sampled_from(list(TABLE)).flatmap(bad_args)


def refusal_of(act: Act, table: CommandTable, bad: Bad) -> HallError:
    role = min(table[bad.command].roles)  # a role that may call it: refused for its args only
    try:
        result = table.run(act.hall, act.caller(role), bad.command, bad.args)
    except HallError as exc:
        return exc
    raise AssertionError(f"{bad} ran: {result!r}")


@settings(
    max_examples=examples(1500),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(bad=ANY_BAD)
def test_every_bad_argument_is_a_bad_request_naming_its_field_and_writes_nothing(
    act: Act, table: CommandTable, engine: QueueEngine, bad: Bad
) -> None:
    before = written(engine)
    error = refusal_of(act, table, bad)
    assert isinstance(error, BadRequest), (bad, error.as_dict())
    assert error.field == bad.field, (bad, error.as_dict())
    assert error.zh and error.en and error.as_dict()["field"] == bad.field
    assert written(engine) == before, bad


@pytest.mark.parametrize("entry", list(TABLE), ids=lambda e: e.name)
@settings(max_examples=examples(25), deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_each_command_refuses_bad_arguments(
    act: Act, table: CommandTable, engine: QueueEngine, entry: object, data: st.DataObject
) -> None:
    """The same, a few examples for every command by name (so none is left out by chance)."""
    bad = data.draw(bad_args(entry))  # type: ignore[arg-type]
    before = written(engine)
    error = refusal_of(act, table, bad)
    assert isinstance(error, BadRequest) and error.field == bad.field, (bad, error.as_dict())
    assert written(engine) == before


@pytest.mark.parametrize(
    ("name", "args", "field"),
    [
        ("set_print_state", {"ticket_id": 2**63, "state": "printed"}, "ticket_id"),
        ("events_after", {"seq": 2**63}, "seq"),
        ("events_after", {"seq": -1}, "seq"),
        ("audit_log", {"before_id": 2**64}, "before_id"),
        ("window_state_of", {"window": 2**63}, "window"),
        ("waiting_for", {"window": -1}, "window"),
        ("config_holidays", {"year": 0}, "year"),
        ("config_holidays", {"year": -1}, "year"),
        ("record_rating", {"ticket_id": 1, "level": 2**63}, "level"),
        ("record_rating", {"ticket_id": 1, "level": 3, "scale": 2**64}, "scale"),
        ("issue_ticket", {"service": "A\ud800"}, "service"),
        ("set_print_state", {"ticket_id": "12", "state": "printed"}, "ticket_id"),  # no coercion
        ("issue_ticket", {"service": "A", "priority": "true"}, "priority"),
        ("device_status", {"online": 1}, "online"),
        ("hall_settings_save", {"data": {"notice": ["ok", "\udfff"]}}, "data.notice[1]"),
        ("staff_save", {"data": {"\ud800": 1}}, "data"),
    ],
)
def test_the_inputs_the_issue_names_are_bad_requests(
    act: Act, table: CommandTable, name: str, args: dict[str, object], field: str
) -> None:
    error = refusal_of(act, table, Bad(name, args, field, "named in issue 11"))
    assert (error.code, getattr(error, "field", None)) == ("bad_request", field)


@settings(
    max_examples=examples(800),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_arguments_of_the_right_shape_get_a_result_or_a_typed_refusal_never_a_crash(
    act: Act, table: CommandTable, data: st.DataObject
) -> None:
    """Any args the schema takes (odd dates, huge ids, empty texts…) reach the command, and
    whatever it makes of them is an answer or a HallError: nothing untyped escapes."""
    entry = data.draw(st.sampled_from(list(TABLE)))
    args = data.draw(valid_args(entry))
    role = min(entry.roles)
    try:
        table.run(act.hall, act.caller(role), entry.name, args)
    except HallError as exc:
        assert exc.code != "internal" and exc.zh and exc.en
