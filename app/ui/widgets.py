"""Small widgets every screen uses: the connection banner, a clock, a marquee, a message bar,
and font sizes that follow the screen's height (no fixed pixel fonts)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import QFrame, QLabel, QLayout, QSizePolicy, QWidget

from app.ui.interfaces import HallClientLike

FONT_SCALE = "fontScale"  # widget property: font pixel size as a share of the screen height
MIN_FONT_PX = 11
PORTRAIT_WIDTH = 1.25  # on a portrait screen the width sets the size: as if this much taller


W = TypeVar("W", bound=QWidget)


def scaled(widget: W, share: float, *, bold: bool = False) -> W:
    """Marks a widget's font to be share × the screen's height (see apply_font_scale)."""
    widget.setProperty(FONT_SCALE, share)
    if bold:
        font = widget.font()
        font.setBold(True)
        widget.setFont(font)
    return widget


def font_base(width: int, height: int) -> int:
    """The height fonts are a share of: the height on a landscape screen, and on a portrait
    one (a 取号机 standing 1080×1920) no more than PORTRAIT_WIDTH × its width, so that lines
    still fit across."""
    return min(height, int(width * PORTRAIT_WIDTH))


def apply_font_scale(root: QWidget, height: int | None = None) -> None:
    """Sets every marked widget's font from the root's size (font_base); call it from
    resizeEvent."""
    base = height if height is not None else font_base(root.width(), root.height())
    for widget in [root, *root.findChildren(QWidget)]:
        share = widget.property(FONT_SCALE)
        if share is None:
            continue
        font = QFont(widget.font())
        font.setPixelSize(max(MIN_FONT_PX, int(base * float(share))))
        widget.setFont(font)


def scale_margins(layouts: list[tuple[QLayout, int, int]], height: int) -> None:
    """Margins (and spacing) that grow with the screen like the fonts: each (layout, side,
    top-and-bottom) in pixels at 1080 lines, scaled to `height` (a 4K TV gets twice as much)."""
    factor = height / 1080
    for layout, side, top in layouts:
        h, v = max(4, round(side * factor)), max(2, round(top * factor))
        layout.setContentsMargins(h, v, h, v)
        if layout.spacing() > 0:
            layout.setSpacing(h)


def panel(name: str) -> QFrame:
    """A frame the style sheet finds by its object name."""
    frame = QFrame()
    frame.setObjectName(name)
    return frame


class ConnectionBanner(QLabel):
    """A red strip shown while the link to the hall server is down; hides itself when the
    client reconnects (the client reconnects by itself)."""

    def __init__(self, client: HallClientLike, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("connectionBanner")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setStyleSheet(
            "#connectionBanner { background: #c62828; color: white; padding: 0.4em; }"
        )
        scaled(self, 0.03, bold=True)
        self.setText(self.tr("Connection to the hall server lost. Reconnecting automatically…"))
        self.setVisible(not client.is_connected)
        client.connected_changed.connect(self._on_connected)

    def _on_connected(self, connected: bool) -> None:
        self.setVisible(not connected)


class ClockLabel(QLabel):
    """Date, weekday and time, updated every second."""

    def __init__(
        self, now: Callable[[], dt.datetime] = dt.datetime.now, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._now = now
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.refresh)
        self._timer.start(1000)
        self.refresh()

    def refresh(self) -> None:
        now = self._now()
        weekdays = [
            self.tr("Monday"),
            self.tr("Tuesday"),
            self.tr("Wednesday"),
            self.tr("Thursday"),
            self.tr("Friday"),
            self.tr("Saturday"),
            self.tr("Sunday"),
        ]
        date = self.tr("{year}-{month:02d}-{day:02d}").format(
            year=now.year, month=now.month, day=now.day
        )
        self.setText(f"{date}  {weekdays[now.weekday()]}  {now:%H:%M:%S}")


class Marquee(QWidget):
    """A line of text scrolling right to left (政务公开 notice)."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text = text
        self._offset = 0
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._step)
        self._timer.start(30)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def text(self) -> str:
        return self._text

    def setText(self, text: str) -> None:
        """Shows the text from the left edge first, then scrolls it."""
        self._text = text
        self._offset = -1
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(200, int(QFontMetrics(self.font()).height() * 1.6))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self.setFixedHeight(self.sizeHint().height())
        super().changeEvent(event)

    def _start_offset(self) -> None:
        if self._offset < 0:
            self._offset = max(0, self.width() - self.font().pixelSize())

    def _step(self) -> None:
        if not self._text:
            return
        self._start_offset()
        span = QFontMetrics(self.font()).horizontalAdvance(self._text) + self.width()
        self._offset = (self._offset + max(1, self.font().pixelSize() // 12)) % max(1, span)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        self._start_offset()
        painter = QPainter(self)
        painter.setFont(self.font())
        painter.setPen(self.palette().windowText().color())
        x = self.width() - self._offset
        rect = self.rect().adjusted(x, 0, 0, 0)
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignVCenter), self._text)


class MessageBar(QLabel):
    """The one place where refused requests and device trouble are told to the user; the
    message goes away by itself."""

    def __init__(self, parent: QWidget | None = None, *, timeout_ms: int = 6000) -> None:
        super().__init__(parent)
        self.setObjectName("messageBar")
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(timeout_ms)
        self._timer.timeout.connect(self.clear_message)
        self.clear_message()

    def show_error(self, text: str) -> None:
        self._show(text, "#fdecea", "#b71c1c")

    def show_info(self, text: str) -> None:
        self._show(text, "#e8f5e9", "#1b5e20")

    def _show(self, text: str, background: str, colour: str) -> None:
        self.setStyleSheet(
            f"#messageBar {{ background: {background}; color: {colour}; padding: 0.3em; }}"
        )
        self.setText(text)
        self.setVisible(True)
        self._timer.start()

    def clear_message(self) -> None:
        self.setText("")
        self.setVisible(False)


class Debounce(QObject):
    """Runs an action once, a short while after the last of several triggers."""

    def __init__(self, action: Callable[[], None], delay_ms: int, parent: QObject) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(action)

    def trigger(self) -> None:
        self._timer.start()
