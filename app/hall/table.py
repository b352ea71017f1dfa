"""The one table of commands, gathered from the modules that declare them."""

from __future__ import annotations

from app.hall import (
    appointment_commands,
    appraisal_commands,
    availability,
    conduct_commands,
    config_commands,
    dashboard_commands,
    outbox_commands,
    queue_commands,
    rating_commands,
    records_commands,
    report_commands,
    security_commands,
    staffing_commands,
)
from app.hall.command import CommandTable


def build_table(*, check_results: bool = False) -> CommandTable:
    return CommandTable(
        queue_commands.COMMANDS,
        rating_commands.COMMANDS,
        config_commands.COMMANDS,
        records_commands.COMMANDS,
        appraisal_commands.COMMANDS,
        staffing_commands.COMMANDS,
        conduct_commands.COMMANDS,
        report_commands.COMMANDS,
        availability.COMMANDS,
        dashboard_commands.COMMANDS,
        appointment_commands.COMMANDS,
        security_commands.COMMANDS,
        outbox_commands.COMMANDS,
        check_results=check_results,
    )
