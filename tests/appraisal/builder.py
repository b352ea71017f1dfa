"""Writes hand-made hall records (tickets, ratings, sessions, pauses) with exact times."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection, insert, select

from app.models import (
    Database,
    Pause,
    Service,
    Staff,
    StaffSession,
    Ticket,
    TicketState,
    Window,
)
from app.queue.ratings import append_rating

DAY = dt.date(2026, 11, 23)  # a Monday


def at(day: dt.date, hhmm: str, seconds: int = 0) -> dt.datetime:
    hour, minute = (int(part) for part in hhmm.split(":"))
    return dt.datetime.combine(day, dt.time(hour, minute, seconds))


class Hall:
    """Looks up the demo hall's ids and writes records into one connection."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.services = dict(conn.execute(select(Service.code, Service.id)).all())
        self.windows = dict(conn.execute(select(Window.number, Window.id)).all())
        self.staff = dict(conn.execute(select(Staff.staff_no, Staff.id)).all())
        self._numbers: dict[tuple[dt.date, str], int] = {}

    def ticket(
        self,
        day: dt.date,
        service: str,
        issued: str,
        *,
        called: str | None = None,
        finished: str | None = None,
        window: int | None = None,
        clerk: str | None = None,
        state: TicketState | None = None,
        predicted_s: int | None = None,
        issued_s: int = 0,
    ) -> int:
        """A ticket; `called`/`finished` as HH:MM (started = called), state inferred."""
        key = (day, service)
        self._numbers[key] = self._numbers.get(key, 0) + 1
        if state is None:
            state = (
                TicketState.FINISHED
                if finished
                else TicketState.SERVING
                if called
                else TicketState.WAITING
            )
        issued_at = at(day, issued, issued_s)
        values: dict[str, Any] = {
            "day": day,
            "prefix": service,
            "number": self._numbers[key],
            "service_id": self.services[service],
            "state": state.value,
            "issued_at": issued_at,
            "queue_at": issued_at,
            "called_at": at(day, called) if called else None,
            "started_at": at(day, called) if called and state is not TicketState.NO_SHOW else None,
            "finished_at": at(day, finished) if finished else None,
            "window_id": self.windows[window] if window else None,
            "staff_id": self.staff[clerk] if clerk else None,
            "outcome": "done" if finished else None,
            "predicted_wait_s": predicted_s,
        }
        key_row = self.conn.execute(insert(Ticket).values(**values)).inserted_primary_key
        assert key_row is not None
        return int(key_row[0])

    def rate(self, ticket_id: int, level: int | None, when: dt.datetime) -> int:
        row = self.conn.execute(
            select(Ticket.window_id, Ticket.staff_id).where(Ticket.id == ticket_id)
        ).one()
        return append_rating(
            self.conn,
            ticket_id=ticket_id,
            window_id=row.window_id,
            staff_id=row.staff_id,
            level=level,
            scale=5,
            at=when,
        )

    def session(
        self, day: dt.date, clerk: str, window: int, signed_in: str, signed_out: str | None
    ) -> int:
        key = self.conn.execute(
            insert(StaffSession).values(
                staff_id=self.staff[clerk],
                window_id=self.windows[window],
                day=day,
                signed_in_at=at(day, signed_in),
                signed_out_at=at(day, signed_out) if signed_out else None,
            )
        ).inserted_primary_key
        assert key is not None
        return int(key[0])

    def pause(
        self,
        session_id: int,
        window: int,
        day: dt.date,
        start: str,
        end: str,
        reason: str,
        note: str = "",
    ) -> None:
        self.conn.execute(
            insert(Pause).values(
                session_id=session_id,
                window_id=self.windows[window],
                reason=reason,
                note=note,
                started_at=at(day, start),
                ended_at=at(day, end),
            )
        )


def fill_one_day(db: Database) -> Database:
    """Window 1 (clerk 1001) and window 2 (clerk 1002) on DAY; see test_metrics for the sums.

    W1: A issued 09:00 called 09:10 finished 09:15 rated 5 (predicted 700 s)
        A issued 09:00 called 09:20 finished 09:35 rated 2 差评 (predicted 900 s)
        A issued 09:05 called 09:40 finished 09:48 未评价
        A issued 09:10 called 09:50 no-show
    W2: B issued 09:00 called 09:02 finished 09:12 rated 4 (predicted 600 s)
        B issued 09:30 called 09:33 finished 10:03 no rating row
    Hall: A issued 10:00 still waiting.
    """
    with db.write() as conn:
        hall = Hall(conn)
        t1 = hall.ticket(
            DAY,
            "A",
            "09:00",
            called="09:10",
            finished="09:15",
            window=1,
            clerk="1001",
            predicted_s=700,
        )
        t2 = hall.ticket(
            DAY,
            "A",
            "09:00",
            called="09:20",
            finished="09:35",
            window=1,
            clerk="1001",
            predicted_s=900,
        )
        t3 = hall.ticket(
            DAY, "A", "09:05", called="09:40", finished="09:48", window=1, clerk="1001"
        )
        hall.ticket(
            DAY, "A", "09:10", called="09:50", window=1, clerk="1001", state=TicketState.NO_SHOW
        )
        t5 = hall.ticket(
            DAY,
            "B",
            "09:00",
            called="09:02",
            finished="09:12",
            window=2,
            clerk="1002",
            predicted_s=600,
        )
        hall.ticket(DAY, "B", "09:30", called="09:33", finished="10:03", window=2, clerk="1002")
        hall.ticket(DAY, "A", "10:00")
        hall.rate(t1, 5, at(DAY, "09:16"))
        hall.rate(t2, 2, at(DAY, "09:36"))
        hall.rate(t3, None, at(DAY, "09:49"))
        hall.rate(t5, 4, at(DAY, "09:13"))
    return db
