"""The table's own machinery: a command is declared with a typed request and result, run only
by name, and (in tests) its reply is checked against the declared result type."""

from __future__ import annotations

import msgspec
import pytest

from app.errors import HallError
from app.hall.caller import Caller, Role
from app.hall.command import CommandTable, command
from app.hall.context import Call, Hall
from app.hall.errors import UnknownCommand
from app.hall.wire import NoArgs, Request


class Shout(Request):
    text: str


def shout(call: Call, req: Shout) -> int:
    """Declared to give a number; gives text for the word "wrong"."""
    return len(req.text) if req.text != "wrong" else "not a number"  # type: ignore[return-value]


def no_request(call: Call, req: dict) -> int:
    return 1


def no_result(call: Call, req: NoArgs):  # type: ignore[no-untyped-def]
    return 1


KIOSK = Caller(Role.KIOSK, "kiosk1")


def test_a_reply_of_the_wrong_type_is_caught_when_results_are_checked(hall: Hall) -> None:
    checked = CommandTable((command("shout", (Role.KIOSK,), shout),), check_results=True)
    assert checked.run(hall, KIOSK, "shout", {"text": "好"}) == 1
    with pytest.raises(msgspec.ValidationError):
        checked.run(hall, KIOSK, "shout", {"text": "wrong"})
    unchecked = CommandTable((command("shout", (Role.KIOSK,), shout),))
    assert unchecked.run(hall, KIOSK, "shout", {"text": "wrong"}) == "not a number"


def test_no_args_at_all_are_empty_args(hall: Hall) -> None:
    table = CommandTable((command("shout", (Role.KIOSK,), shout),))
    with pytest.raises(HallError) as refused:
        table.run(hall, KIOSK, "shout", None)
    assert (refused.value.code, refused.value.as_dict()["field"]) == ("bad_request", "text")


@pytest.mark.parametrize("name", ["nope", "", 5, None, ["shout"]])
def test_an_unknown_name_is_unknown_op_whatever_its_type(hall: Hall, name: object) -> None:
    table = CommandTable((command("shout", (Role.KIOSK,), shout),))
    with pytest.raises(UnknownCommand) as refused:
        table.run(hall, KIOSK, name, {})
    assert refused.value.code == "unknown_op" and refused.value.zh and refused.value.en


def test_a_command_must_declare_a_wire_request_and_its_result() -> None:
    with pytest.raises(TypeError, match=r"wire\.Request"):
        command("x", (Role.KIOSK,), no_request)
    with pytest.raises(TypeError, match="result"):
        command("x", (Role.KIOSK,), no_result)
    with pytest.raises(TypeError, match=r"\(call, request\)"):
        command("x", (Role.KIOSK,), lambda call: 1)
