"""SQLAlchemy 2 typed models and database setup (no Qt here)."""

from app.models.appraisal import (
    Complaint,
    ComplaintKind,
    ComplaintStatus,
    DutyInspection,
    FollowUp,
    FollowUpStatus,
)
from app.models.base import (
    IN_SERVICE,
    Base,
    Outcome,
    PauseReason,
    PrintState,
    ServiceId,
    StaffId,
    StaffRole,
    TicketId,
    TicketState,
    WindowId,
)
from app.models.db import Database, DatabaseCorrupt, DatabaseError, sqlite_url
from app.models.hall import (
    Appointment,
    HallSetting,
    Holiday,
    Service,
    Staff,
    Window,
    WindowService,
)
from app.models.records import AuditLog, Event, Pause, Rating, StaffSession, Ticket
from app.models.wait_estimates import WaitEstimate

__all__ = [
    "IN_SERVICE",
    "Appointment",
    "AuditLog",
    "Base",
    "Complaint",
    "ComplaintKind",
    "ComplaintStatus",
    "Database",
    "DatabaseCorrupt",
    "DatabaseError",
    "DutyInspection",
    "Event",
    "FollowUp",
    "FollowUpStatus",
    "HallSetting",
    "Holiday",
    "Outcome",
    "Pause",
    "PauseReason",
    "PrintState",
    "Rating",
    "Service",
    "ServiceId",
    "Staff",
    "StaffId",
    "StaffRole",
    "StaffSession",
    "Ticket",
    "TicketId",
    "TicketState",
    "WaitEstimate",
    "Window",
    "WindowId",
    "WindowService",
    "sqlite_url",
]
