"""The tablet evaluator's pages in Chinese at a tablet's sizes, landscape 1280×800 and portrait
800×1280: screenshots (git-ignored; look at them), no text cut off, big touch targets, the
levels in a row or a column as the tablet turns, and English when chosen."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from app.queue import ManualClock, QueueEngine
from app.ui.evaluator import RATING, REASONS, EvaluatorScreen
from tests.ui.conftest import ClientFactory, colour_spread, screenshot
from tests.ui.test_evaluator import evaluator_for, finish_a_case, tap, type_in

pytestmark = pytest.mark.timeout(60)
SIZES = {"landscape": (1280, 800), "portrait": (800, 1280)}


def cut_off(root: QWidget) -> list[str]:
    """The visible labels and buttons whose text does not fit inside them."""
    found = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, QLabel | QPushButton) or not widget.isVisible():
            continue
        text = widget.text()
        if not text:
            continue
        metrics, box = widget.fontMetrics(), widget.contentsRect()
        if isinstance(widget, QPushButton):
            box = box.adjusted(8, 4, -8, -4)  # the frame and padding of the style sheet
        wraps = isinstance(widget, QLabel) and widget.wordWrap()
        flags = int(Qt.TextFlag.TextWordWrap) if wraps else 0
        need = metrics.boundingRect(QRect(0, 0, box.width(), 100_000), flags, text)
        if need.width() > box.width() or need.height() > box.height():
            found.append(f"{text!r}: needs {need.width()}×{need.height()}, has {box.size()}")
    return found


def shoot(qtbot: Any, screen: EvaluatorScreen, name: str) -> None:
    qtbot.wait(80)  # the layout settles on the next turns of the loop
    assert cut_off(screen) == []
    image = screenshot(screen, name)
    colours, share = colour_spread(image)
    assert colours > 20 and share > 0.05, f"{name}: blank?"


@pytest.mark.parametrize("orientation", list(SIZES))
def test_pages_in_chinese_at_tablet_sizes(
    qtbot: Any,
    make_client: ClientFactory,
    engine: QueueEngine,
    clock: ManualClock,
    zh: None,
    orientation: str,
) -> None:
    screen = evaluator_for(qtbot, make_client, clock, size=SIZES[orientation])
    assert screen.idle.welcome.text() == "欢迎"
    shoot(qtbot, screen, f"evaluator_idle_welcome_{orientation}")
    engine.sign_in(1, "1001")
    qtbot.waitUntil(lambda: screen.idle.name.text() == "王芳")
    assert screen.idle.staff_no.text() == "工号：1001"
    shoot(qtbot, screen, f"evaluator_idle_{orientation}")

    finish_a_case(engine)
    qtbot.waitUntil(lambda: screen.pages.currentIndex() == RATING)
    assert screen.prompt.text() == "请您对本次服务进行评价"
    buttons = list(screen.level_buttons.values())
    names = [b.name.text() for b in buttons]
    assert names == ["非常满意", "满意", "基本满意", "不满意", "非常不满意"]
    shoot(qtbot, screen, f"evaluator_rating_{orientation}")
    for button in buttons:  # big touch targets: ≥ 150 px (≥ 2.5 cm on a 10-inch tablet)
        assert min(button.width(), button.height()) >= 150, button.size()
    places = [button.geometry().topLeft() for button in buttons]
    if orientation == "landscape":  # a row, best on the left
        assert len({p.y() for p in places}) == 1 and places == sorted(places, key=lambda p: p.x())
    else:  # a column, best on top
        assert len({p.x() for p in places}) == 1 and places == sorted(places, key=lambda p: p.y())

    clock.advance(seconds=2)
    tap(screen.level_buttons[2])
    qtbot.waitUntil(lambda: screen.pages.currentIndex() == REASONS)
    page = screen.reasons
    tap(page.toggles[1])
    tap(page.toggles[-1])  # 其他: the text field opens
    type_in(page.note, "叫号后等了很久才开始办理")
    assert page.title.text() == "请选择您不满意的原因（可多选）"
    assert [t.text() for t in page.toggles] == [
        "服务态度", "√ 办事效率", "材料要求/一次性告知", "环境设施", "√ 其他"
    ]  # fmt: skip
    for target in (*page.toggles, page.confirm, page.back, page.note):
        assert target.height() >= 80, (target.text(), target.size())
    shoot(qtbot, screen, f"evaluator_reasons_{orientation}")
    tap(page.confirm)
    qtbot.waitUntil(lambda: screen.thanks_title.isVisible())
    assert screen.thanks_title.text() == "感谢您的评价"
    shoot(qtbot, screen, f"evaluator_thanks_{orientation}")


def test_english_when_chosen(
    qtbot: Any, make_client: ClientFactory, engine: QueueEngine, clock: ManualClock
) -> None:
    screen = evaluator_for(qtbot, make_client, clock)
    finish_a_case(engine)
    qtbot.waitUntil(lambda: screen.pages.currentIndex() == RATING)
    assert screen.prompt.text() == "Please rate our service"
    shoot(qtbot, screen, "evaluator_rating_english")
    clock.advance(seconds=2)
    tap(screen.level_buttons[1])
    qtbot.waitUntil(lambda: screen.pages.currentIndex() == REASONS)
    assert [t.text() for t in screen.reasons.toggles][:2] == ["Attitude", "Efficiency"]
    shoot(qtbot, screen, "evaluator_reasons_english")
