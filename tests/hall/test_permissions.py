"""The permission matrix, generated from the table: every command × every role (iterating the
Role enum, so a role added later is in it). A command runs exactly for the roles declared beside
it; every other role is refused `forbidden` before its args are even read, and nothing is
written. The declarations themselves are checked against the written-out policy."""

from __future__ import annotations

import pytest

from app.errors import HallError
from app.hall.caller import Role
from app.hall.command import CommandTable, command
from app.hall.errors import Forbidden
from app.hall.queue_commands import snapshot
from app.hall.table import build_table
from app.queue import QueueEngine
from tests.hall.conftest import Act, written
from tests.hall.policy import POLICY


def test_every_command_is_declared_for_exactly_the_roles_of_the_policy() -> None:
    table = build_table()
    declared = {entry.name: entry.roles for entry in table}
    assert set(declared) == set(POLICY), "a command was added or removed: update tests/hall/policy"
    wrong = {name: sorted(declared[name]) for name in declared if declared[name] != POLICY[name]}
    assert wrong == {}


def test_the_matrix_covers_every_command_and_every_role() -> None:
    table = build_table()
    assert len(table) * len(Role) == len(POLICY) * len(tuple(Role)) >= 61 * 6


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_each_command_runs_for_its_declared_roles_only(
    role: Role, act: Act, table: CommandTable, engine: QueueEngine
) -> None:
    """Run through CommandTable.run, as the server does: allowed ⇔ not refused `forbidden`."""
    wrong: list[str] = []
    for entry in table:
        allowed = table.allows(entry.name, role)
        before = written(engine)
        try:
            # refused before the args are read: even an unknown argument is not named
            junk = {} if allowed else {"zz_unknown_argument": 1}
            act.run(role, entry.name, **junk)
        except Forbidden:
            if allowed:
                wrong.append(f"{entry.name}: refused to {role.value}")
            elif written(engine) != before:
                wrong.append(f"{entry.name}: refused to {role.value} but wrote")
            continue
        except HallError as exc:
            if not allowed:
                wrong.append(f"{entry.name}: {role.value} got {exc.code}, not forbidden")
            continue
        if not allowed:
            wrong.append(f"{entry.name}: ran for {role.value}")
    assert wrong == []


def test_allowed_commands_run_with_no_arguments_or_say_which_is_missing(
    act: Act, table: CommandTable
) -> None:
    """The allowed half of the matrix, checked more closely: a caller of a declared role gets
    a result, or a typed refusal that is not about permission (missing args name the field)."""
    for entry in table:
        role = min(entry.roles)  # any declared role
        try:
            act.run(role, entry.name)
        except HallError as exc:
            assert not isinstance(exc, Forbidden), (entry.name, role)
            if exc.code == "bad_request":
                assert getattr(exc, "field", ""), (entry.name, exc)


def test_no_command_may_be_declared_for_a_caller_that_has_not_logged_in() -> None:
    with pytest.raises(TypeError, match="authenticated"):
        command("snapshot", (Role.NONE, Role.KIOSK), snapshot)
    with pytest.raises(ValueError, match="twice"):
        CommandTable((command("snapshot", (Role.KIOSK,), snapshot),) * 2)
