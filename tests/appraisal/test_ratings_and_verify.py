"""Rating corrections append a row; the MAC chains reveal rows edited behind our back."""

from __future__ import annotations

import pytest
from sqlalchemy import Connection, func, insert, select, text

from app.__main__ import main
from app.appraisal.errors import InvalidInput, NotAllowed
from app.appraisal.followups import follow_ups, sync_follow_ups
from app.appraisal.metrics import Group, ticket_metrics
from app.appraisal.ratings import correct_rating
from app.appraisal.settings import AppraisalSettings
from app.appraisal.verify import verify_chains
from app.models import Database, Event, Rating, Staff, StaffRole
from app.queue import ManualClock, QueueEngine
from tests.visitor import rate

from .builder import DAY, at


def test_the_administrator_may_not_correct_a_rating(
    one_day: Database, settings: AppraisalSettings
) -> None:
    """考评 is the supervisor's: the IT administrator's account cannot change a rating."""
    with one_day.write() as conn:
        bad = conn.scalar(select(Rating.id).where(Rating.level == 2))
        with pytest.raises(NotAllowed):
            correct_rating(
                conn, bad, 5, by_staff_no="admin", reason="x", now=at(DAY, "16:00"),
                settings=settings,
            )  # fmt: skip


def test_a_correction_is_a_new_row_that_replaces_the_level(
    one_day: Database, settings: AppraisalSettings
) -> None:
    with one_day.write() as conn:
        bad = conn.scalar(select(Rating.id).where(Rating.level == 2))
        new_id = correct_rating(
            conn,
            bad,
            4,
            by_staff_no="2001",
            reason="群众按错键，现场确认为满意",
            now=at(DAY, "16:00"),
            settings=settings,
        )
        rows = conn.execute(select(Rating).order_by(Rating.id)).all()
        hall = ticket_metrics(conn, DAY, DAY, Group.HALL, settings)[0]
        events = [e.kind for e in conn.execute(select(Event.kind))]
    assert len(rows) == 5
    old, new = rows[[r.id for r in rows].index(bad)], rows[-1]
    assert old.level == 2  # untouched
    assert (new.id, new.level, new.corrects_id, new.corrected_by) == (new_id, 4, bad, "2001")
    assert new.reason == "群众按错键，现场确认为满意"
    assert (hall.good, hall.bad) == (3, 0)
    assert events == ["rating_corrected"]
    with one_day.read() as conn:
        assert verify_chains(conn).ok


def test_only_supervisors_correct_the_rating_in_force_with_a_reason(
    one_day: Database, settings: AppraisalSettings
) -> None:
    with one_day.write() as conn:
        bad = conn.scalar(select(Rating.id).where(Rating.level == 2))
        with pytest.raises(NotAllowed):
            correct_rating(
                conn,
                bad,
                5,
                by_staff_no="1001",
                reason="x",
                now=at(DAY, "16:00"),
                settings=settings,
            )
        with pytest.raises(InvalidInput):
            correct_rating(
                conn,
                bad,
                5,
                by_staff_no="2001",
                reason=" ",
                now=at(DAY, "16:00"),
                settings=settings,
            )
        with pytest.raises(InvalidInput):
            correct_rating(
                conn,
                bad,
                6,
                by_staff_no="2001",
                reason="x",
                now=at(DAY, "16:00"),
                settings=settings,
            )
        correct_rating(
            conn, bad, 3, by_staff_no="2001", reason="x", now=at(DAY, "16:00"), settings=settings
        )
        with pytest.raises(InvalidInput):  # superseded now
            correct_rating(
                conn,
                bad,
                5,
                by_staff_no="2001",
                reason="x",
                now=at(DAY, "16:05"),
                settings=settings,
            )
        assert conn.scalar(select(func.count()).select_from(Rating)) == 5


def test_a_good_rating_corrected_to_bad_opens_a_follow_up(
    one_day: Database, settings: AppraisalSettings
) -> None:
    with one_day.write() as conn:
        good = conn.scalar(select(Rating.id).where(Rating.level == 5))
        sync_follow_ups(conn, settings)
        correct_rating(
            conn,
            good,
            1,
            by_staff_no="2001",
            reason="群众补充投诉",
            now=at(DAY, "17:00"),
            settings=settings,
        )
        assert sync_follow_ups(conn, settings) == 1
        assert sorted(f.level for f in follow_ups(conn)) == [1, 2]


def test_verify_finds_a_rating_edited_with_sql(
    one_day: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    url, key = one_day.url, str(one_day.key_file)
    assert main(["verify", "--db", url, "--key-file", key]) == 0
    with one_day.write() as conn:
        second = conn.scalars(select(Rating.id).order_by(Rating.id)).all()[1]
        conn.execute(text("UPDATE ratings SET level = 5 WHERE id = :id"), {"id": second})
    with one_day.read() as conn:
        result = verify_chains(conn)
    [finding] = [f for check in result.checks for f in check.findings]
    assert (finding.table, finding.row) == ("ratings", second)
    capsys.readouterr()
    assert main(["verify", "--db", url, "--key-file", key]) == 1
    assert f"FAIL ratings 第 {second} 行" in capsys.readouterr().out


def test_verify_finds_an_edited_event_and_a_removed_one(
    engine: QueueEngine, clock: ManualClock, db: Database
) -> None:
    engine.issue_ticket("A")
    engine.issue_ticket("A")
    engine.issue_ticket("B")
    with db.read() as conn:
        assert verify_chains(conn).checks[0].summary_en.startswith("3 rows intact")
    with db.write() as conn:
        conn.execute(text("DELETE FROM events WHERE id = 2"))
    with db.read() as conn:
        assert [(f.table, f.row) for f in verify_chains(conn).checks[0].findings] == [("events", 3)]
    with db.write() as conn:
        conn.execute(text("UPDATE events SET kind = 'x' WHERE id = 1"))
    with db.read() as conn:
        assert [(f.table, f.row) for f in verify_chains(conn).checks[0].findings] == [("events", 1)]


def test_ratings_recorded_by_the_engine_feed_the_appraisal(
    engine: QueueEngine, clock: ManualClock, db: Database, settings: AppraisalSettings
) -> None:
    issued = engine.issue_ticket("A")
    engine.sign_in(1, "1001")
    clock.advance(minutes=4)
    engine.call_next(1)
    clock.advance(minutes=1)
    engine.start(1)
    clock.advance(minutes=6)
    engine.finish(1, "done")
    rate(engine, issued.ticket.id, 2)
    with db.write() as conn:
        assert sync_follow_ups(conn, settings) == 1
        window = ticket_metrics(conn, DAY, DAY, Group.WINDOW, settings)
        [figures] = window.values()
    assert (figures.finished, figures.bad, figures.wait.max_s, figures.handle.max_s) == (
        1,
        1,
        240,
        360,
    )
    with db.read() as conn:
        assert verify_chains(conn).ok


def _supervisor(conn: Connection, staff_no: str, *, active: bool = True) -> None:
    conn.execute(
        insert(Staff).values(
            staff_no=staff_no,
            name="主管",
            title="科长",
            role=StaffRole.SUPERVISOR.value,
            password_hash="x",
            active=active,
        )
    )


def test_a_supervisor_corrects_and_the_appraisal_uses_the_latest_correction(
    one_day: Database, settings: AppraisalSettings
) -> None:
    with one_day.write() as conn:
        _supervisor(conn, "9001")
        _supervisor(conn, "9002", active=False)
        bad = conn.scalar(select(Rating.id).where(Rating.level == 2))
        with pytest.raises(NotAllowed):  # a supervisor who has left may not
            correct_rating(
                conn,
                bad,
                5,
                by_staff_no="9002",
                reason="x",
                now=at(DAY, "16:00"),
                settings=settings,
            )
        first = correct_rating(
            conn,
            bad,
            5,
            by_staff_no="9001",
            reason="按错键",
            now=at(DAY, "16:00"),
            settings=settings,
        )
        assert ticket_metrics(conn, DAY, DAY, Group.HALL, settings)[0].bad == 0
        correct_rating(
            conn,
            first,
            1,
            by_staff_no="9001",
            reason="复核",
            now=at(DAY, "16:10"),
            settings=settings,
        )
        hall = ticket_metrics(conn, DAY, DAY, Group.HALL, settings)[0]
        levels = [r.level for r in conn.execute(select(Rating).order_by(Rating.id))]
    assert (hall.good, hall.bad) == (2, 1)  # 5, 4 and the corrected-twice 1
    assert levels[-3:] == [4, 5, 1] and 2 in levels  # every row stays
