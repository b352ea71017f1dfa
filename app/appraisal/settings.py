"""What a hall may tune for appraisal: hall hours, the rating scale, score weights, rankings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class HallHours:
    """Opening hours that attendance is checked against (the hall's 作息时间)."""

    open_at: dt.time = dt.time(8, 30)
    close_at: dt.time = dt.time(17, 30)
    lunch_start: dt.time = dt.time(12, 0)  # 午休: the only hours for a lunch pause, and the
    lunch_end: dt.time = dt.time(13, 30)  # hours a 午间值班 window must stay open
    sign_in_lead_minutes: int = 10  # clerks are expected 10 minutes before opening
    long_leave_minutes: int = 10  # a pause longer than this needs a stated reason (离岗说明)

    def opening(self, day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, self.open_at)

    def expected_sign_in(self, day: dt.date) -> dt.datetime:
        return self.opening(day) - dt.timedelta(minutes=self.sign_in_lead_minutes)

    def closing(self, day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, self.close_at)

    def lunch(self, day: dt.date) -> tuple[dt.datetime, dt.datetime]:
        return dt.datetime.combine(day, self.lunch_start), dt.datetime.combine(day, self.lunch_end)


@dataclass(frozen=True)
class RatingScale:
    """A keypad scale: labels from the best level (= size) down to 1, and which are good/差评."""

    labels: tuple[str, ...]  # labels[0] is the best level
    good_min: int  # levels >= good_min count as satisfied
    bad_max: int  # levels <= bad_max are 差评

    @property
    def size(self) -> int:
        return len(self.labels)

    def label(self, level: int | None) -> str:
        if level is None:
            return "未评价"
        return self.labels[self.size - level]


NATIONAL_SCALE = RatingScale(("非常满意", "满意", "基本满意", "不满意", "非常不满意"), 4, 2)
THREE_LEVEL_SCALE = RatingScale(("满意", "基本满意", "不满意"), 3, 1)


@dataclass(frozen=True)
class ScoreWeights:
    """Points out of 100 for each component, and points deducted per finding.

    Defaults, and why:
    - satisfaction 40: the visitors' own verdict (好差评) is what the national rules put first;
    - promised time 20: 限时办结 is a published promise of the hall;
    - volume 15: a window that carries more of the hall's load should not lose to an idle one
      (cases / the busiest window's cases in the same period);
    - waiting 15: share of visitors called within `wait_target_minutes` (the hall's service
      standard; queues depend partly on demand, hence less weight than the visitor's verdict);
    - coverage 10: asking every visitor to rate (一次一评) keeps the satisfaction figure honest;
      a window that rarely asks cannot hide its 差评.
    Deductions: a substantiated complaint 10, a criticism 5 (both also exclude the window
    from 红旗窗口), a follow-up past its deadline 3, a day of 旷工 5, any other attendance
    finding 1 (lateness, early leave, missing sign-out, a mid-day sign-out, a long leave
    without a note, a pause outside its hours, a window closed for a meeting or for lunch
    when on 午间值班). They are rates per month on duty (see `scoring.deductions`): the
    counts of a month, and a year's counts divided by its months on duty.
    """

    satisfaction: float = 40.0
    promised_time: float = 20.0
    volume: float = 15.0
    waiting: float = 15.0
    coverage: float = 10.0
    per_substantiated_complaint: float = 10.0
    per_criticism: float = 5.0
    per_overdue_follow_up: float = 3.0
    per_attendance_finding: float = 1.0
    per_absence: float = 5.0  # a day of 旷工


@dataclass(frozen=True)
class AppraisalSettings:
    hours: HallHours = field(default_factory=HallHours)
    scales: dict[int, RatingScale] = field(
        default_factory=lambda: {5: NATIONAL_SCALE, 3: THREE_LEVEL_SCALE}
    )
    weights: ScoreWeights = field(default_factory=ScoreWeights)
    wait_target_minutes: int = 20
    follow_up_working_days: int = 15
    complaint_working_days: int = 3
    complaint_special_working_days: int = 7
    consult_hours: int = 24  # a 咨询 is answered within a day
    patrols_per_day: int = 2  # the duty windows' rounds of the hall
    post_absence_minutes: int = 60  # away this long without leave: a 评先 ground (擅自离岗)
    notice_failures_for_criticism: int = 2  # 一次性告知 failures a month that bring 通报批评
    red_flag_count: int = 3  # 红旗窗口 per month
    bottom_count: int = 2  # windows in the bottom this many places are "at the bottom"
    excellence_count: int = 3  # yearly 评先 places

    def scale(self, size: int) -> RatingScale:
        if size in self.scales:
            return self.scales[size]
        # An unknown scale: the top level is good, level 1 is 差评.
        return RatingScale(tuple(f"{n}" for n in range(size, 0, -1)), size, 1)


DEFAULT_SETTINGS = AppraisalSettings()
