"""The city's monthly report as a real PDF for a city of many halls: its satisfaction chart
is split so that every chart fits a page (a 50-hall city once stopped with a LayoutError),
and every hall is named, read back with pdftotext."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from app.appraisal.metrics import TicketMetrics
from app.city.appraisal import CityMonth, HallMonth, Rectification
from app.city.lens import CityHall
from app.city.report_pdf import BARS_PER_CHART, satisfaction_charts, write_city_pdf
from app.reports.fonts import cjk_font
from tests.pdf import pdf_text

NOW = dt.datetime(2026, 12, 1, 9, 0)


def hall(n: int) -> HallMonth:
    city_hall = CityHall(f"hall-{n:03d}", f"第{n}便民服务中心", {}, 0, 0, NOW, NOW, NOW, 0, None)
    tickets = TicketMetrics(n, issued=500 + n, finished=480 + n, rated=400, good=300 + n)
    return HallMonth(city_hall, tickets, [], Rectification(), behind=n % 7 == 0)


@pytest.mark.parametrize("halls", [3, 50, 61])
def test_a_city_of_many_halls_gets_a_report_with_every_hall(tmp_path: Path, halls: int) -> None:
    report = CityMonth(dt.date(2026, 11, 1), dt.date(2026, 12, 1), NOW, [hall(n) for n in
                       range(1, halls + 1)])  # fmt: skip
    out = write_city_pdf(report, tmp_path / "city.pdf")
    text = pdf_text(out)
    assert all(f"第{n}便民服务中心" in text for n in range(1, halls + 1))
    charts = satisfaction_charts(report.halls, cjk_font())
    assert len(charts) == -(-halls // BARS_PER_CHART)
    assert max(c.height for c in charts) < 180 * 72 / 25.4  # a landscape A4 frame's height
