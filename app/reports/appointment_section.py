"""预约情况: the appointment figures of a day or a month, for the 日报 and the 通报."""

from __future__ import annotations

from reportlab.platypus import Flowable

from app.appraisal.appointments import AppointmentFigures
from app.reports.layout import Styles, key_figures, minutes, none_line, percent

SOURCES_ZH = {"console": "服务台", "counter": "窗口回访", "online": "网上预约", "import": "导入"}


def appointment_section(s: Styles, figures: AppointmentFigures | None) -> list[Flowable]:
    if figures is None or figures.booked + figures.cancelled == 0:
        return [none_line(s, "无预约")]
    sources = "；".join(
        f"{SOURCES_ZH.get(name, name)} {count}" for name, count in figures.by_source.items()
    )
    return [
        key_figures(
            s,
            [
                ("预约", str(figures.booked)),
                ("已签到", str(figures.checked_in)),
                ("迟到", str(figures.late)),
                ("未到", str(figures.no_show)),
                ("取消", str(figures.cancelled)),
                ("到场率", percent(figures.show_rate)),
                ("时段后平均等候", minutes(figures.wait_avg_s)),
                ("时段后最长等候", minutes(figures.wait_max_s)),
            ],
        ),
        none_line(
            s,
            f"来源：{sources or '—'}。迟到指超过迟到时限签到、按现场取号排队；"
            "时段后等候为准时签到者自预约时段开始至被叫号的时间。",
        ),
    ]
