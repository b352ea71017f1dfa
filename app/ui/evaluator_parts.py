"""Parts of the tablet evaluator (平板评价器): the five level buttons with a drawn face and a
colour from good to bad, the 差评 reason toggles, and the layouts that turn with the tablet
(a row in landscape, a column in portrait)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QGuiApplication,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPixmap,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QBoxLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from app.ui.counter_screen import avatar
from app.ui.widgets import MIN_FONT_PX, scaled

# level → (background, text colour): deep green (非常满意) through amber to red (非常不满意).
# White text on the greens, the orange and the red, dark text on the amber: readable by the
# elderly (contrast at least 3:1 for this large, bold text), never colour alone (name + face).
LEVEL_COLOURS: dict[int, tuple[str, str]] = {
    5: ("#1b5e20", "#ffffff"),
    4: ("#43a047", "#ffffff"),
    3: ("#f9a825", "#212121"),
    2: ("#e65100", "#ffffff"),
    1: ("#b71c1c", "#ffffff"),
}
CHECK = "√"  # in every CJK font (U+221A), unlike ✓
ROW, COLUMN = QBoxLayout.Direction.LeftToRight, QBoxLayout.Direction.TopToBottom


def level_colours(level: int, scale: int = 5) -> tuple[str, str]:
    """The colours of a level, on a scale other than five by its place between worst and
    best."""
    if scale != 5 and scale > 1:
        level = 1 + round((level - 1) * 4 / (scale - 1))
    return LEVEL_COLOURS.get(level, ("#546e7a", "#ffffff"))


class Face(QWidget):
    """A face drawn in the button's text colour: a smile for good, a frown for bad (no emoji
    font needed, and it reads without words)."""

    def __init__(self, mood: float, colour: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mood = mood  # -1 (very bad) … 1 (very good)
        self.colour = QColor(colour)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(24, 24)

    def paintEvent(self, event: QPaintEvent) -> None:
        side = min(self.width(), self.height()) * 0.9
        if side < 8:
            return
        box = QRectF((self.width() - side) / 2, (self.height() - side) / 2, side, side)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(self.colour, max(2.0, side * 0.07))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(box.adjusted(side * 0.05, side * 0.05, -side * 0.05, -side * 0.05))
        painter.setBrush(self.colour)
        eye = side * 0.07
        for x in (0.36, 0.64):
            painter.drawEllipse(QPointF(box.left() + side * x, box.top() + side * 0.4), eye, eye)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        left, right = box.left() + side * 0.3, box.right() - side * 0.3
        base = box.top() + side * (0.66 - 0.04 * self.mood)
        mouth = QPainterPath(QPointF(left, base))
        mouth.quadTo(
            QPointF((left + right) / 2, base + side * 0.2 * self.mood), QPointF(right, base)
        )
        painter.drawPath(mouth)
        painter.end()


class LevelButton(QPushButton):
    """One satisfaction level as a big touch target: face and name, in the level's colour."""

    def __init__(self, level: int, name: str, scale: int = 5, parent: QWidget | None = None):
        super().__init__(parent)
        self.level = level
        background, text = level_colours(level, scale)
        self.setObjectName(f"level{level}")
        self.setAccessibleName(name)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setStyleSheet(
            f"#level{level} {{ background: {background}; border: none; border-radius: 0.4em; }}"
            f" #level{level}:pressed {{ background: {QColor(background).darker(130).name()}; }}"
        )
        self.face = Face((level - 3) / 2 if scale == 5 else 0.0, text)
        self.name = QLabel(name)
        font = self.name.font()
        font.setBold(True)
        self.name.setFont(font)
        self.name.setWordWrap(True)
        self.wanted_px = 0  # the name's size as the screen scales it; smaller if it must
        self.name.setStyleSheet(f"color: {text};")
        self.name.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.box = QBoxLayout(COLUMN, self)
        self.box.addWidget(self.face, 3)
        self.box.addWidget(self.name, 2)
        self.set_portrait(False)

    def set_text_size(self, pixels: int) -> None:
        self.wanted_px = pixels
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        """The name at the wanted size, or smaller until it fits its place (a long English
        word in a narrow landscape button): never cut off."""
        box = self.name.contentsRect()
        if self.wanted_px <= 0 or box.width() <= 0:
            return
        font = QFont(self.name.font())
        for pixels in range(self.wanted_px, MIN_FONT_PX - 1, -1):
            font.setPixelSize(pixels)
            need = QFontMetrics(font).boundingRect(
                QRect(0, 0, box.width(), 100_000), int(Qt.TextFlag.TextWordWrap), self.name.text()
            )
            if need.width() <= box.width() and need.height() <= box.height():
                break
        if font.pixelSize() != self.name.font().pixelSize():
            self.name.setFont(font)

    def set_portrait(self, portrait: bool) -> None:
        """Portrait: a wide row (face left of the name); landscape: a tall column."""
        self.box.setDirection(ROW if portrait else COLUMN)
        self.box.setStretch(0, 2 if portrait else 3)
        self.box.setStretch(1, 3 if portrait else 2)
        align = Qt.AlignmentFlag.AlignLeft if portrait else Qt.AlignmentFlag.AlignHCenter
        self.name.setAlignment(align | Qt.AlignmentFlag.AlignVCenter)


class ReasonToggle(QPushButton):
    """A 差评 reason: a big toggle that shows a tick while chosen."""

    def __init__(self, code: str, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.code, self.reason = code, name
        self.setCheckable(True)
        self.setObjectName("reasonToggle")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.toggled.connect(self._show)
        scaled(self, 0.045, bold=True)
        self._show(False)

    def _show(self, checked: bool) -> None:
        self.setText(f"{CHECK} {self.reason}" if checked else self.reason)


def centred(label: QLabel) -> QLabel:
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    return label


class IdlePage(QWidget):
    """工作人员身份公开: the clerk's photo, name, 工号, title and the window's services; a calm
    welcome while nobody is signed in."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.photo = QLabel()
        self.photo.setObjectName("photo")
        self.photo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.photo.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.name = scaled(QLabel(""), 0.09, bold=True)
        self.staff_no = scaled(QLabel(""), 0.05)
        self.title = scaled(QLabel(""), 0.05)
        self.services = scaled(QLabel(""), 0.04)
        self.services.setWordWrap(True)
        self.welcome = scaled(centred(QLabel("")), 0.12, bold=True)
        self.welcome.setObjectName("welcome")
        self.hint = scaled(centred(QLabel("")), 0.04)
        self.hint.setObjectName("hint")
        self.refusal = scaled(centred(QLabel("")), 0.04, bold=True)
        self.refusal.setObjectName("refusal")
        self.refusal.hide()
        info = QWidget()
        self.info_box = column = QBoxLayout(COLUMN, info)
        column.addStretch(1)
        for label in (self.name, self.staff_no, self.title, self.services):
            column.addWidget(label)
        column.addStretch(1)
        self.info = info
        self.card = QWidget()
        self.card.setObjectName("identityCard")
        self.card.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.box = QBoxLayout(ROW, self.card)
        self.box.setContentsMargins(32, 32, 32, 32)
        self.box.setSpacing(40)
        self.box.addWidget(self.photo, 2)
        self.box.addWidget(info, 3)
        root = QBoxLayout(COLUMN, self)
        root.setContentsMargins(32, 24, 32, 24)
        root.addWidget(self.card, 5)
        root.addWidget(self.welcome, 5)
        root.addWidget(self.hint, 1)
        root.addWidget(self.refusal, 1)

    def set_portrait(self, portrait: bool) -> None:
        self.box.setDirection(COLUMN if portrait else ROW)
        self.info_box.setStretch(0, 0 if portrait else 1)  # portrait: the name under the photo
        align = Qt.AlignmentFlag.AlignHCenter if portrait else Qt.AlignmentFlag.AlignLeft
        for label in (self.name, self.staff_no, self.title, self.services):
            label.setAlignment(align | Qt.AlignmentFlag.AlignVCenter)

    def show_state(self, state: dict[str, Any]) -> None:
        """evaluator_state's clerk: name, 工号, title, services; the welcome when nobody."""
        signed_in = bool(state.get("staff_name"))
        self.card.setVisible(signed_in)
        self.welcome.setVisible(not signed_in)
        self.name.setText(str(state.get("staff_name") or ""))
        self.staff_no.setText(
            self.tr("Staff number: {number}").format(number=state.get("staff_no") or "")
        )
        self.title.setText(str(state.get("staff_title") or ""))
        self.title.setVisible(bool(state.get("staff_title")))
        services = "、".join(state.get("services") or [])
        self.services.setText(self.tr("Services: {names}").format(names=services))
        self.services.setVisible(bool(services))
        self.welcome.setText(self.tr("Welcome"))
        self.hint.setText(self.tr("After your case is done, please rate our service here"))

    def show_photo(self, photo: QPixmap | None, name: str) -> None:
        """The clerk's photo as large as its place allows; the surname disc without one."""
        side = max(48, int(min(self.photo.width(), self.photo.height()) * 0.95))
        if photo is not None:
            shown = photo.scaled(
                side,
                side,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        else:
            shown = avatar(name, side, background="white")
        self.photo.setPixmap(shown)


class NoteField(QLineEdit):
    """The free text after 其他: one touch brings up the platform's on-screen keyboard (the
    Windows touch keyboard, or Qt's own with QT_IM_MODULE=qtvirtualkeyboard, pinyin
    included), not the second touch as Qt does by default."""

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        QGuiApplication.inputMethod().show()


class ReasonsPage(QWidget):
    """After 不满意 / 非常不满意: the hall's 差评 reasons as big toggles (several may be
    chosen); 其他 opens a text field; a confirm button sends the rating."""

    OTHER = "other"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = scaled(centred(QLabel("")), 0.055, bold=True)
        self.chosen = scaled(centred(QLabel("")), 0.04)
        self.toggles: list[ReasonToggle] = []
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(16)
        self.note = scaled(NoteField(), 0.045)
        self.note.setObjectName("note")
        self.note.setMaxLength(200)
        self.note.hide()
        self.back = scaled(QPushButton(""), 0.045, bold=True)
        self.back.setObjectName("backButton")
        self.confirm = scaled(QPushButton(""), 0.05, bold=True)
        self.confirm.setObjectName("confirmButton")
        for button in (self.back, self.confirm):
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.countdown = scaled(centred(QLabel("")), 0.035)
        self.countdown.setObjectName("countdown")
        row = QBoxLayout(ROW)
        row.setSpacing(24)
        row.addWidget(self.back, 2)
        row.addWidget(self.confirm, 3)
        root = QBoxLayout(COLUMN, self)
        root.setContentsMargins(32, 16, 32, 16)
        root.setSpacing(14)
        root.addWidget(self.title)
        root.addWidget(self.chosen)
        root.addWidget(self.grid_host, 1)
        root.addWidget(self.note)
        root.addLayout(row)
        root.addWidget(self.countdown)
        self._portrait = False

    def set_reasons(self, reasons: list[tuple[str, str]]) -> None:
        """(code, name shown) of each reason, in the hall's order."""
        if [(t.code, t.reason) for t in self.toggles] == reasons:
            return
        for toggle in self.toggles:
            toggle.deleteLater()
        self.toggles = [ReasonToggle(code, name) for code, name in reasons]
        for toggle in self.toggles:
            toggle.toggled.connect(self._on_toggled)
        self._place()

    def set_portrait(self, portrait: bool) -> None:
        self._portrait = portrait
        self._place()

    def _place(self) -> None:
        """Landscape: two columns of toggles; portrait: one."""
        for toggle in self.toggles:
            self.grid.removeWidget(toggle)
        columns = 1 if self._portrait else 2
        for index, toggle in enumerate(self.toggles):
            self.grid.addWidget(toggle, index // columns, index % columns)
        for row in range(self.grid.rowCount()):
            self.grid.setRowStretch(row, 1 if row * columns < len(self.toggles) else 0)
        for column in range(2):
            self.grid.setColumnStretch(column, 1 if column < columns else 0)

    def reset(self) -> None:
        for toggle in self.toggles:
            toggle.setChecked(False)
        self.note.clear()
        self.note.hide()

    def _on_toggled(self) -> None:
        other = any(t.isChecked() for t in self.toggles if t.code == self.OTHER)
        self.note.setVisible(other)
        if not other:
            self.note.clearFocus()

    def answer(self) -> tuple[list[str], str]:
        """The reasons chosen and the free text (only with 其他)."""
        codes = [t.code for t in self.toggles if t.isChecked()]
        return codes, self.note.text().strip() if self.OTHER in codes else ""
