"""Rating sessions: the server asks for the visitor's rating of each finished case.

A session opens in the same transaction as the case's finish (a random 32-bit token that the
device must echo, the window, the clerk, a deadline). It closes with the visitor's answer —
from a keypad on the server's bus, a keypad frame relayed by the clerk's PC, or the window's
tablet evaluator — or with 未评价 at the deadline. Only an answer to an open session of the
device's own window is recorded, and only once per ticket (一次一评). Answers that are not
recorded are refused with the anomaly a supervisor sees (events ``rating_anomaly``); a rating
sooner than a person could press is recorded but flagged.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import Any

from app.models import RatingPath, TicketState
from app.queue import errors
from app.queue.ratings import RatingView, record
from app.queue.settings import QueueSettings
from app.queue.store import Raw, Tx, ticket_view, window_by_number

ANOMALIES = {
    "unknown_session": ("会话不存在", "no such rating session"),
    "closed_session": (
        "该案件的评价已结束（一次一评）",
        "the rating session is closed: one rating per case",
    ),
    "expired": ("评价已超时，按未评价处理", "the rating came after the deadline: 未评价"),
    "other_window": ("该会话不属于本窗口", "the session belongs to another window"),
    "path_refused": ("本厅不接受此评价途径", "the hall does not accept this rating path"),
    "bad_frame": ("评价器数据帧校验失败", "the keypad frame failed its check"),
    "wrong_address": ("评价器地址与本窗口不符", "the keypad answered for another address"),
    "wrong_window_token": ("评价终端令牌不属于该窗口", "an evaluator token for another window"),
    "too_fast": ("评价过快（快于人手按键）", "rated faster than a person could press"),
    "bad_level": ("评价等级超出范围", "the rating level is out of range"),
}


def refused(anomaly: str, detail: str = "") -> errors.RatingRefused:
    zh, en = ANOMALIES[anomaly]
    return errors.RatingRefused(
        zh + (f"：{detail}" if detail else ""), en + (f": {detail}" if detail else ""), anomaly
    )


@dataclass(frozen=True)
class SessionView:
    """A rating session as the workstation, the evaluator and the devices see it."""

    session: int  # the token devices echo
    ticket_id: int
    number: str
    window: int
    opened_at: dt.datetime
    deadline: dt.datetime
    timeout_s: int
    open: bool
    outcome: str | None  # rated | timeout, once closed


_SESSION_SQL = (
    "SELECT s.id, s.token, s.ticket_id, w.number, s.opened_at, s.deadline, s.closed_at,"
    " s.outcome, s.window_id, s.staff_id FROM rating_sessions s"
    " JOIN windows w ON w.id = s.window_id"
)


@dataclass(frozen=True)
class _Row:
    id: int
    token: int
    ticket_id: int
    window: int
    opened_at: dt.datetime
    deadline: dt.datetime
    closed_at: dt.datetime | None
    outcome: str | None
    window_id: int
    staff_id: int | None


def _rows(sql: Raw, where: str, *params: Any) -> list[_Row]:
    found = sql.rows(f"{_SESSION_SQL} WHERE {where}", *params)
    moment = sql.moment
    return [
        _Row(r[0], r[1], r[2], r[3], moment(r[4]), moment(r[5]), moment(r[6]), r[7], r[8], r[9])  # type: ignore[arg-type]
        for r in found
    ]


def _view(sql: Raw, row: _Row) -> SessionView:
    number = ticket_view(sql, row.ticket_id).number
    timeout = round((row.deadline - row.opened_at).total_seconds())
    return SessionView(
        row.token,
        row.ticket_id,
        number,
        row.window,
        row.opened_at,
        row.deadline,
        timeout,
        row.closed_at is None,
        row.outcome,
    )


def bad_reasons(
    settings: QueueSettings, level: int | None, codes: list[str], note: str
) -> dict[str, Any] | None:
    """The 差评 reasons as stored ({"codes", "note"}), checked: only after a 差评, only the
    hall's listed reasons, free text only with "other"."""
    if not codes and not note:
        return None
    if level is None or level > settings.rating_bad_max:
        raise errors.BadTicketState("只有差评需要选择原因", "reasons are for a bad rating only")
    known = {code for code, _zh, _en in settings.rating_reasons}
    unknown = [code for code in codes if code not in known]
    if unknown:
        raise errors.BadTicketState(f"未知的差评原因：{unknown}", f"unknown reasons: {unknown}")
    if note and "other" not in codes:
        raise errors.BadTicketState("补充说明须选择「其他」", "free text goes with 'other'")
    return {"codes": list(dict.fromkeys(codes)), "note": note.strip()}


def open_session(tx: Tx, ticket_id: int, settings: QueueSettings) -> SessionView:
    """Ask for the rating of a case just finished (in the finish's own transaction). A session
    still open at that window closes first, as 未评价."""
    sql = tx.sql
    ticket = sql.one("SELECT state, window_id, staff_id FROM tickets WHERE id = ?", ticket_id)
    if ticket is None or ticket[0] != TicketState.FINISHED.value or ticket[1] is None:
        raise errors.BadTicketState("该号尚未办结，不能评价", "the case is not finished")
    for stale in _rows(sql, "s.window_id = ? AND s.closed_at IS NULL", ticket[1]):
        _close_unrated(tx, stale)
    token = secrets.randbits(31) or 1  # a positive 32-bit integer (keypad protocol: u32)
    deadline = tx.now + dt.timedelta(seconds=settings.rating_timeout_s)
    sql.insert(
        "INSERT INTO rating_sessions (token, ticket_id, window_id, staff_id, opened_at, deadline)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        token,
        ticket_id,
        ticket[1],
        ticket[2],
        tx.now,
        deadline,
    )
    [row] = _rows(sql, "s.ticket_id = ?", ticket_id)
    view = _view(sql, row)
    tx.log(
        "rating_requested",
        ticket_id=ticket_id,
        window_id=row.window_id,
        staff_id=row.staff_id,
        number=view.number,
        window=view.window,
        session=token,
        deadline=deadline.isoformat(),
        timeout_s=settings.rating_timeout_s,
    )
    return view


def session_of_ticket(conn: Any, ticket_id: int) -> SessionView | None:
    sql = conn if isinstance(conn, Raw) else Raw(conn)
    found = _rows(sql, "s.ticket_id = ?", ticket_id)
    return _view(sql, found[0]) if found else None


def open_session_at(conn: Any, window: int) -> SessionView | None:
    """The window's open rating session, if any (the evaluator and the desk show it)."""
    sql = conn if isinstance(conn, Raw) else Raw(conn)
    found = _rows(sql, "w.number = ? AND s.closed_at IS NULL", window)
    return _view(sql, found[0]) if found else None


def answer(
    tx: Tx,
    token: int,
    *,
    window: int,
    level: int | None,
    path: RatingPath,
    settings: QueueSettings,
    scale: int = 5,
    reasons: dict[str, Any] | None = None,
    device: str = "",
    device_address: int | None = None,
    raw_frame: str = "",
) -> tuple[RatingView, bool]:
    """Record a device's answer to an open session of its window; returns the rating and
    whether it came sooner than a person could press (recorded, but flagged). Raises
    RatingRefused (nothing written) for anything else."""
    if path.value not in settings.rating_paths:
        raise refused("path_refused", path.value)
    found = _rows(tx.sql, "s.token = ?", token)
    if not found:
        raise refused("unknown_session", str(token))
    row = found[-1]
    if row.window != window:
        raise refused("other_window", f"{row.window} ≠ {window}")
    if row.closed_at is not None:
        raise refused("closed_session")
    if tx.now > row.deadline:
        raise refused("expired")
    if level is None or not 1 <= level <= scale:
        raise refused("bad_level", str(level))
    rating = record(
        tx,
        row.ticket_id,
        level,
        scale=scale,
        device=device,
        device_address=device_address,
        keypad_session=token,
        raw_frame=raw_frame,
        path=path.value,
        session_id=row.id,
        reasons=reasons,
    )
    _close(tx, row, "rated")
    fast = (tx.now - row.opened_at) < dt.timedelta(milliseconds=settings.rating_min_press_ms)
    if fast:
        log_anomaly(tx, "too_fast", window, path=path.value, rating_id=rating.id)
    return rating, fast


def expire(tx: Tx) -> list[RatingView]:
    """Close every session past its deadline with 未评价."""
    stale = _rows(tx.sql, "s.closed_at IS NULL AND s.deadline < ?", tx.now)
    return [_close_unrated(tx, row) for row in stale]


def _close_unrated(tx: Tx, row: _Row) -> RatingView:
    rating = record(
        tx,
        row.ticket_id,
        None,
        scale=5,
        device="",
        device_address=None,
        keypad_session=row.token,
        raw_frame="",
        path=RatingPath.NONE.value,
        session_id=row.id,
    )
    _close(tx, row, "timeout")
    return rating


def _close(tx: Tx, row: _Row, outcome: str) -> None:
    tx.sql.run(
        "UPDATE rating_sessions SET closed_at = ?, outcome = ? WHERE id = ?",
        tx.now,
        outcome,
        row.id,
    )


def log_anomaly(tx: Tx, anomaly: str, window: int | None, **detail: Any) -> None:
    """A device's answer that the supervisor must see: an event on the hall's log (its
    monitor shows it live; the month report counts them)."""
    window_id = window_by_number(tx.sql, window).id if window is not None else None
    zh, en = ANOMALIES[anomaly]
    extra = {"window": window} if window is not None else {}
    tx.log("rating_anomaly", window_id=window_id, anomaly=anomaly, zh=zh, en=en, **extra, **detail)
