"""Commands and the table of them: what a client may ask, who may ask it, what it takes.

A command is a typed function ``handler(call, request) -> result``; its request type (a
Struct from app.hall.wire) and result type are read from the function's annotations. The
roles allowed are declared beside it, in the module that holds it, and the composition root
gathers every module's commands into one CommandTable. The server (and any in-process client)
runs a command only through ``CommandTable.run``: look-up, permission, argument checking,
the call, and the result as JSON values happen there and nowhere else.
"""

from __future__ import annotations

import typing
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from app.hall import wire
from app.hall.caller import Caller, Role
from app.hall.errors import Forbidden, UnknownCommand

if TYPE_CHECKING:
    from app.hall.context import Call, Hall

Handler = Callable[["Call", Any], Any]


@dataclass(frozen=True)
class Command:
    name: str
    roles: frozenset[Role]
    handler: Handler
    request: type[wire.Request]
    result: Any  # the handler's return type, used to check replies and for the schema

    @property
    def doc(self) -> str:
        return (self.handler.__doc__ or "").strip()


def command(name: str, roles: Iterable[Role], handler: Handler) -> Command:
    """Declare a command: its name on the wire, the roles that may call it, the function."""
    hints = typing.get_type_hints(handler)
    params = [p for p in handler.__code__.co_varnames[: handler.__code__.co_argcount]]
    if len(params) != 2:
        raise TypeError(f"{name}: a command takes (call, request)")
    request = hints.get(params[1])
    if not (isinstance(request, type) and issubclass(request, wire.Request)):
        raise TypeError(f"{name}: the request must be a wire.Request, not {request!r}")
    if "return" not in hints:
        raise TypeError(f"{name}: declare the result type")
    roles = frozenset(roles)
    if Role.NONE in roles:
        raise TypeError(f"{name}: a command is for authenticated callers only")
    return Command(name, roles, handler, request, hints["return"])


class CommandTable:
    """Every command a client may ask for, by name. Built once by the composition root."""

    def __init__(self, *groups: Iterable[Command], check_results: bool = False) -> None:
        self._commands: dict[str, Command] = {}
        for group in groups:
            for entry in group:
                if entry.name in self._commands:
                    raise ValueError(f"command {entry.name!r} declared twice")
                self._commands[entry.name] = entry
        self.check_results = check_results  # tests: every reply is checked against its type

    def __iter__(self) -> Iterator[Command]:
        return iter(sorted(self._commands.values(), key=lambda c: c.name))

    def __len__(self) -> int:
        return len(self._commands)

    def __contains__(self, name: object) -> bool:
        return name in self._commands

    def __getitem__(self, name: str) -> Command:
        return self._commands[name]

    def allows(self, name: str, role: Role) -> bool:
        found = self._commands.get(name)
        return found is not None and role in found.roles

    def lookup(self, name: Any, caller: Caller) -> Command:
        found = self._commands.get(name) if isinstance(name, str) else None
        if found is None:
            raise UnknownCommand(name)
        if caller.role not in found.roles:
            raise Forbidden(
                f"「{caller.role.value}」角色不能执行 {found.name}",
                f"the {caller.role.value} role may not {found.name}",
            )
        return found

    def run(self, hall: Hall, caller: Caller, name: Any, args: Any) -> Any:
        """Run one command for a caller; returns its result as JSON values. Raises a
        HallError (typed refusal) for anything the caller got wrong."""
        from app.hall.context import Call

        entry = self.lookup(name, caller)
        request = wire.decode(args if args is not None else {}, entry.request)
        result = wire.plain(entry.handler(Call(hall, caller), request))
        if self.check_results:
            wire.check_result(result, entry.result)
        return result
