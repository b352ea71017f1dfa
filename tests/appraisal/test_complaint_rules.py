"""The complaints register's rules: 咨询 in 24 hours, 建议 by the promised date, 投诉 in 3 (or
7) working days; only a 投诉 can be 有效; a year's keeping, longer when important; the
month's statistics by kind and result, and the overdue list."""

from __future__ import annotations

import datetime as dt

import pytest

from app.appraisal.complaint_stats import complaint_statistics
from app.appraisal.complaints import (
    close_complaint,
    complaints,
    delete_complaint,
    overdue_complaints,
    register_complaint,
    set_important,
)
from app.appraisal.errors import InvalidInput, NotAComplaint, NotAllowed, PromisedDateRequired
from app.appraisal.settings import AppraisalSettings
from app.models import Database

from .builder import DAY, at

TUESDAY = DAY + dt.timedelta(days=1)


def register(db: Database, settings: AppraisalSettings, kind: str, **extra: object) -> int:
    with db.write() as conn:
        return register_complaint(
            conn,
            kind=kind,
            received_at=extra.pop("received_at", at(TUESDAY, "16:00")),  # type: ignore[arg-type]
            content="内容",
            settings=settings,
            **extra,  # type: ignore[arg-type]
        )


def close(db: Database, cid: int, when: dt.datetime, substantiated: bool = False) -> None:
    with db.write() as conn:
        close_complaint(
            conn, cid, result="已答复", feedback="电话反馈", substantiated=substantiated, now=when
        )


def view(db: Database, cid: int):  # type: ignore[no-untyped-def]
    with db.read() as conn:
        return next(
            c for c in complaints(conn, DAY, TUESDAY + dt.timedelta(days=30)) if c.id == cid
        )


def test_a_consultation_is_due_24_hours_after_it_came_in(
    db: Database, settings: AppraisalSettings
) -> None:
    cid = register(db, settings, "consult")
    entry = view(db, cid)
    assert entry.due_at == at(TUESDAY + dt.timedelta(days=1), "16:00")
    assert not entry.overdue_at(at(TUESDAY + dt.timedelta(days=1), "15:59"))
    assert entry.overdue_at(at(TUESDAY + dt.timedelta(days=1), "16:01"))
    close(db, cid, at(TUESDAY + dt.timedelta(days=1), "16:30"))  # half an hour late
    assert view(db, cid).overdue(TUESDAY + dt.timedelta(days=1))


def test_a_consultation_answered_the_next_morning_is_on_time(
    db: Database, settings: AppraisalSettings
) -> None:
    cid = register(db, settings, "consult")
    close(db, cid, at(TUESDAY + dt.timedelta(days=1), "09:00"))
    assert not view(db, cid).overdue(TUESDAY + dt.timedelta(days=5))


def test_a_suggestion_needs_a_promised_reply_date(
    db: Database, settings: AppraisalSettings
) -> None:
    with pytest.raises(PromisedDateRequired) as refused:
        register(db, settings, "suggestion")
    assert refused.value.code == "promised_date_required"
    promised = TUESDAY + dt.timedelta(days=10)
    cid = register(db, settings, "suggestion", promised_on=promised)
    entry = view(db, cid)
    assert entry.deadline == promised
    assert not entry.overdue(promised) and entry.overdue(promised + dt.timedelta(days=1))


def test_a_promised_date_in_the_past_is_refused(db: Database, settings: AppraisalSettings) -> None:
    with pytest.raises(InvalidInput):
        register(db, settings, "suggestion", promised_on=DAY)


def test_a_complaint_has_three_working_days_or_seven_when_special(
    db: Database, settings: AppraisalSettings
) -> None:
    normal = view(db, register(db, settings, "complaint"))
    special = view(db, register(db, settings, "complaint", special=True))
    assert normal.deadline == dt.date(2026, 11, 27)  # Wed, Thu, Fri
    assert special.deadline == dt.date(2026, 12, 3)  # and Mon, Tue, Wed, Thu


def test_only_a_complaint_can_be_special(db: Database, settings: AppraisalSettings) -> None:
    with pytest.raises(InvalidInput):
        register(db, settings, "consult", special=True)


@pytest.mark.parametrize("kind", ["consult", "suggestion"])
def test_only_a_complaint_can_be_substantiated(
    db: Database, settings: AppraisalSettings, kind: str
) -> None:
    cid = register(db, settings, kind, promised_on=TUESDAY + dt.timedelta(days=3))
    with pytest.raises(NotAComplaint) as refused:
        close(db, cid, at(TUESDAY, "17:00"), substantiated=True)
    assert refused.value.code == "not_a_complaint"
    assert view(db, cid).substantiated is None  # nothing was written
    complaint = register(db, settings, "complaint")
    close(db, complaint, at(TUESDAY, "17:00"), substantiated=True)
    assert view(db, complaint).substantiated is True


def test_an_important_entry_is_kept_beyond_the_year(
    db: Database, settings: AppraisalSettings
) -> None:
    cid = register(db, settings, "complaint", important=True)
    close(db, cid, at(TUESDAY, "17:00"))
    two_years_on = TUESDAY + dt.timedelta(days=800)
    with db.write() as conn, pytest.raises(NotAllowed):
        delete_complaint(conn, cid, two_years_on)
    with db.write() as conn:
        set_important(conn, cid, False)
        delete_complaint(conn, cid, two_years_on)
    with db.read() as conn:
        assert complaints(conn, DAY, TUESDAY) == []


def test_month_statistics_by_kind_and_result_and_the_overdue_list(
    db: Database, settings: AppraisalSettings
) -> None:
    late_consult = register(db, settings, "consult")
    close(db, late_consult, at(TUESDAY + dt.timedelta(days=2), "09:00"))
    register(db, settings, "consult")  # still open, due Wednesday 16:00
    founded = register(db, settings, "complaint")
    close(db, founded, at(TUESDAY, "17:00"), substantiated=True)
    unfounded = register(db, settings, "complaint")
    close(db, unfounded, at(TUESDAY, "17:00"))
    open_suggestion = register(
        db, settings, "suggestion", promised_on=TUESDAY + dt.timedelta(days=20)
    )
    with db.read() as conn:
        stats = complaint_statistics(conn, DAY, dt.date(2026, 11, 30), dt.date(2026, 12, 1))
        ids = overdue_complaints(conn, dt.date(2026, 12, 1))
    rows = {k.label: k for k in stats.by_kind}
    consult, complaint, total = rows["咨询"], rows["投诉"], rows["合计"]
    assert (consult.received, consult.answered, consult.open, consult.overdue) == (2, 1, 1, 2)
    assert (complaint.received, complaint.substantiated, complaint.unfounded) == (2, 1, 1)
    assert (total.received, total.answered, total.on_time, total.overdue) == (5, 3, 2, 2)
    assert [c.id for c in stats.overdue] == [late_consult, late_consult + 1]
    assert ids == [late_consult + 1]  # the open one only
    assert open_suggestion not in [c.id for c in stats.overdue]
