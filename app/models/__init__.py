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
from app.models.hall import Appointment, Holiday, Service, Staff, Window, WindowService
from app.models.records import AuditLog, Event, Pause, Rating, StaffSession, Ticket

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
    "Window",
    "WindowId",
    "WindowService",
    "sqlite_url",
]
