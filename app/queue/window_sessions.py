"""A clerk's session at a window: sign-in, sign-out, pause (with its reason) and resume."""

from __future__ import annotations

from app.models import PauseReason
from app.queue import errors
from app.queue.counter import check_free, ready_window, signed_in_window
from app.queue.store import Tx, open_pause, open_session, window_by_number


def sign_in(tx: Tx, window_no: int, staff_no: str) -> None:
    sql = tx.sql
    window = window_by_number(sql, window_no)
    staff = sql.one("SELECT id, name, active FROM staff WHERE staff_no = ?", staff_no)
    if staff is None or not staff[2]:
        raise errors.UnknownStaff(staff_no)
    staff_id, staff_name = staff[0], staff[1]
    taken = open_session(sql, window.id, tx.day)
    if taken is not None:
        if taken.staff_id == staff_id:
            return  # signing in twice is harmless
        raise errors.SessionError(
            f"{window_no} 号窗口已由 {taken.name}（{taken.staff_no}）签到，请其先签退",
            f"window {window_no} is signed in by {taken.staff_no}; they must sign out first",
        )
    elsewhere = sql.one(
        "SELECT window_id FROM staff_sessions"
        " WHERE staff_id = ? AND day = ? AND signed_out_at IS NULL",
        staff_id,
        tx.day,
    )
    if elsewhere is not None:
        raise errors.SessionError(
            f"{staff_name} 已在其他窗口签到，请先在原窗口签退",
            f"{staff_no} is signed in at another window; sign out there first",
        )
    sql.run(
        "INSERT INTO staff_sessions (staff_id, window_id, day, signed_in_at) VALUES (?, ?, ?, ?)",
        staff_id,
        window.id,
        tx.day,
        tx.now,
    )
    tx.log(
        "window_signed_in",
        window_id=window.id,
        staff_id=staff_id,
        window=window_no,
        staff_no=staff_no,
        staff_name=staff_name,
    )


def sign_out(tx: Tx, window_no: int) -> None:
    sql = tx.sql
    window, session = signed_in_window(tx, window_no)
    check_free(tx, window, window_no)
    pause = open_pause(sql, session.id)
    if pause is not None:
        sql.run("UPDATE pauses SET ended_at = ? WHERE id = ?", tx.now, pause.id)
    sql.run("UPDATE staff_sessions SET signed_out_at = ? WHERE id = ?", tx.now, session.id)
    tx.log("window_signed_out", window_id=window.id, staff_id=session.staff_id, window=window_no)


def pause(tx: Tx, window_no: int, reason: str, note: str) -> None:
    try:
        code = PauseReason(reason)
    except ValueError:
        raise errors.ReasonRequired(
            f"暂停原因无效：{reason}", f"unknown pause reason: {reason}"
        ) from None
    if code is PauseReason.OTHER and not note.strip():
        raise errors.ReasonRequired("请填写暂停原因", "say why the window is paused")
    sql = tx.sql
    window, session = ready_window(tx, window_no)  # signed in, not paused already, free
    sql.run(
        "INSERT INTO pauses (session_id, window_id, reason, note, started_at)"
        " VALUES (?, ?, ?, ?, ?)",
        session.id,
        window.id,
        code.value,
        note.strip(),
        tx.now,
    )
    tx.log(
        "window_paused",
        window_id=window.id,
        staff_id=session.staff_id,
        window=window_no,
        reason=code.value,
        note=note.strip(),
    )


def resume(tx: Tx, window_no: int) -> None:
    sql = tx.sql
    window, session = signed_in_window(tx, window_no)
    pause = open_pause(sql, session.id)
    if pause is None:
        raise errors.SessionError(
            f"{window_no} 号窗口没有暂停", f"window {window_no} is not paused"
        )
    sql.run("UPDATE pauses SET ended_at = ? WHERE id = ?", tx.now, pause.id)
    tx.log(
        "window_resumed",
        window_id=window.id,
        staff_id=session.staff_id,
        window=window_no,
        paused_s=int((tx.now - pause.started_at).total_seconds()),
    )
