"""Who asks: the roles a connection can have and the authenticated caller of a command."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Role(enum.StrEnum):
    """A connection's role. NONE: not logged in yet (may only say hello)."""

    NONE = "none"
    KIOSK = "kiosk"
    DISPLAY = "display"
    COUNTER = "counter"
    EVALUATOR = "evaluator"  # the window's tablet evaluator (平板评价器), bound to one window
    SUPERVISOR = "supervisor"  # the console, logged in by a supervisor (appraisal, reports)
    ADMIN = "admin"  # the console, logged in by an administrator (also hall configuration)


ALL_ROLES: tuple[Role, ...] = tuple(Role)
CONSOLE: tuple[Role, ...] = (Role.SUPERVISOR, Role.ADMIN)
SCREENS: tuple[Role, ...] = (Role.KIOSK, Role.DISPLAY, Role.COUNTER, Role.EVALUATOR, *CONSOLE)


@dataclass(frozen=True)
class Caller:
    """An authenticated connection: its role, machine, and for a clerk the window and staff."""

    role: Role
    machine: str
    window: int | None = None
    staff_no: str | None = None
    staff_name: str | None = None
    staff_id: int | None = None
    staff_role: str | None = None

    @property
    def actor(self) -> str:
        """How the audit log names this caller."""
        return self.staff_no or f"{self.role.value}:{self.machine}"
