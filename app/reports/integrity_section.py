"""The reports' section on how the ratings came in: coverage per device path (rated over
finished cases), the device anomalies a supervisor must see, and the windows whose relayed
keypad ratings stand out from the server-side ones."""

from __future__ import annotations

from reportlab.platypus import Flowable, Paragraph

from app.appraisal.rating_paths import RatingIntegrity
from app.reports.layout import Styles, none_line, percent, table


def integrity_section(
    s: Styles, integrity: RatingIntegrity | None, windows: dict[int, str]
) -> list[Flowable]:
    if integrity is None:
        return [none_line(s)]
    rows = [[p.zh, p.count, percent(p.share)] for p in integrity.paths]
    out: list[Flowable] = [
        Paragraph(f"办结 {integrity.finished} 件，各评价途径的参评情况：", s.body),
        table(s, ["评价途径", "件数", "占办结"], rows, widths=[150, 60, 70]),
    ]
    if integrity.anomalies:
        out.append(Paragraph(f"设备异常 {integrity.anomaly_total} 起：", s.body))
        out.append(
            table(
                s,
                ["异常", "次数", "涉及窗口（次数）"],
                [
                    [
                        a.zh,
                        a.count,
                        "、".join(f"{w}号 {n}" if w else f"未知 {n}" for w, n in a.windows.items()),
                    ]
                    for a in integrity.anomalies
                ],
                widths=[190, 50, 280],
            )
        )
    else:
        out.append(Paragraph("未发现评价设备异常。", s.body))
    for c in integrity.flagged:
        against = "全厅服务器端评价" if c.against_hall else "本窗口服务器端评价"
        out.append(
            Paragraph(
                f"注意：{windows.get(c.window_id, c.window_id)}经窗口电脑转发的评价满意率"
                f" {percent(c.relayed_satisfaction)}（{c.relayed} 件），高于{against}"
                f" {percent(c.server_satisfaction)}（{c.server} 件），请核查。",
                s.body,
            )
        )
    return out
