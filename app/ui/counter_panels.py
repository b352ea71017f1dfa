"""The workstation's small forms that replace the button grid for a moment: finish with an
outcome, call a given number, pause with a reason (transfer: counter_transfer.py).

Keyboard first: a form holds the keyboard focus itself while it is open, so its keys (digits
for the choices, Esc to go back) work however it was opened, by F-key or by mouse. Its text
field takes typing only where the choice needs words (不予受理's reason, 材料不齐's list,
"other" for a pause) or when the clerk moves there with Tab; Enter there goes back to the
choices. No button takes the focus, so a click never leaves it in a text field."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.devices.printing.slip import scanned_number
from app.ui.widgets import scaled

Send = Callable[[str, dict[str, Any]], None]

OUTCOMES: list[tuple[str, object]] = [  # value, label: keys 1–4
    ("done", QT_TRANSLATE_NOOP("Labels", "Completed")),
    ("incomplete", QT_TRANSLATE_NOOP("Labels", "Materials incomplete (one-time notice)…")),
    ("rejected", QT_TRANSLATE_NOOP("Labels", "Not accepted (give the reason)…")),
    ("consult", QT_TRANSLATE_NOOP("Labels", "Consultation only")),
]
PAUSE_REASONS: list[tuple[str, object]] = [  # value, label: keys 1–6
    ("lunch", QT_TRANSLATE_NOOP("Labels", "Lunch break")),
    ("meeting", QT_TRANSLATE_NOOP("Labels", "Meeting")),
    ("training", QT_TRANSLATE_NOOP("Labels", "Training")),
    ("business", QT_TRANSLATE_NOOP("Labels", "Official business")),
    ("break", QT_TRANSLATE_NOOP("Labels", "Short break")),
    ("other", QT_TRANSLATE_NOOP("Labels", "Other (give the reason)…")),
]
ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def label(text: object) -> str:
    return QCoreApplication.translate("Labels", str(text))


def with_key(key: str, text: str) -> str:
    """A button's text with the key that presses it, as every button of the desk shows it."""
    return f"{key}  {text}"


def big_button(text: str, name: str = "actionButton") -> QPushButton:
    """A large button that never takes the keyboard focus (its key or a click presses it)."""
    button = scaled(QPushButton(text), 0.028, bold=True)
    button.setObjectName(name)
    button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return button


def key_shortcut(parent: QWidget, key: str | Qt.Key, action: Callable[[], None]) -> QShortcut:
    """A key of a form: active while the form is shown (not while typing in its fields)."""
    shortcut = QShortcut(QKeySequence(key), parent)
    shortcut.setAutoRepeat(False)
    shortcut.activated.connect(action)
    return shortcut


def press_by_key(parent: QWidget, key: str | Qt.Key, button: QPushButton) -> QShortcut:
    """The button's key presses it at once (a button's own shortcut clicks it only after a
    100 ms animation, so a quick F4 1 would lose the 1); it shows itself pressed a moment."""

    def pressed() -> None:
        if button.isEnabled() and button.isVisible():
            button.setDown(True)
            QTimer.singleShot(120, lambda: button.setDown(False))
            button.click()

    return key_shortcut(parent, key, pressed)


class ListEdit(QPlainTextEdit):
    """One item per line; Ctrl+Enter hands the list over (`submitted`)."""

    submitted = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        control = event.modifiers() & Qt.KeyboardModifier.ControlModifier
        if event.key() in ENTER_KEYS and control:
            self.submitted.emit()
            return
        super().keyPressEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:  # the scaled font for the text and the hint
            self.viewport().setFont(self.font())
            self.document().setDefaultFont(self.font())
        super().changeEvent(event)

    def items(self) -> list[str]:
        return [line.strip() for line in self.toPlainText().splitlines() if line.strip()]


class Panel(QWidget):
    """A form with a title, a hint, its body, and a Cancel button (Esc). `open()` resets it
    and gives it the keyboard."""

    def __init__(self, title: str, on_cancel: Callable[[], None]) -> None:
        super().__init__()
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.layout_ = QVBoxLayout(self)
        self.title = scaled(QLabel(title), 0.03, bold=True)
        self.layout_.addWidget(self.title)
        self.hint = scaled(QLabel(""), 0.022)
        self.hint.setWordWrap(True)
        self.layout_.addWidget(self.hint)
        self.body = QVBoxLayout()
        self.layout_.addLayout(self.body, 1)
        self.note = scaled(QLineEdit(), 0.028)
        self.note.returnPressed.connect(self.note_entered)
        cancel = QCoreApplication.translate("Panel", "Cancel")
        self.cancel = big_button(with_key("Esc", cancel), "keyButton")
        press_by_key(self, Qt.Key.Key_Escape, self.cancel)
        self.cancel.clicked.connect(on_cancel)

    def finish_layout(self, *extra: QWidget) -> None:
        row = QHBoxLayout()
        for widget in extra:
            row.addWidget(widget)
        row.addWidget(self.cancel)
        self.layout_.addLayout(row)

    def open(self) -> None:
        self.reset()
        self.setFocus()

    def reset(self) -> None:
        self.note.clear()

    def note_entered(self) -> None:
        """Enter in the optional note: back to the choices, the note kept."""
        self.setFocus()

    def ask_note(self, hint: str) -> None:
        """A choice that needs words: the note field takes the typing now."""
        self.hint.setText(hint)
        self.note.setPlaceholderText(hint)
        self.note.setFocus()


class FinishPanel(Panel):
    """办结 with the case's outcome, keys 1–4. 办结 and 咨询 go at once; 不予受理 asks for its
    reason (Enter sends it), 材料不齐 for the missing materials, one per line (Ctrl+Enter
    sends them: the 一次性告知单). Tab reaches the optional note; Enter there comes back."""

    def __init__(self, send: Send, on_cancel: Callable[[], None]) -> None:
        super().__init__(self.tr("Finish the case: choose the outcome"), on_cancel)
        self.send = send
        self.asking = ""  # the outcome whose words are being typed ("" choosing)
        self.note.setPlaceholderText(self.tr("Note (optional): Tab to type, Enter to go back"))
        self.body.addWidget(self.note)
        # 办件编号 from the window's business system, typed or scanned (a scanner types it and
        # Enter): the field after the note (Tab, Tab); Enter there comes back to the outcomes.
        self.case_no = scaled(QLineEdit(), 0.024)
        self.case_no.setMaxLength(64)
        self.case_no.setPlaceholderText(
            self.tr("Case number from the business system: Tab twice, then type or scan")
        )
        self.case_no.returnPressed.connect(lambda: self.setFocus())
        self.body.addWidget(self.case_no)
        self.missing = scaled(ListEdit(), 0.026)
        self.missing.setPlaceholderText(self.tr("Missing materials, one per line"))
        self.missing.setTabChangesFocus(True)
        self.missing.submitted.connect(self._send_incomplete)
        self.missing_ok = big_button(with_key("Ctrl+Enter", self.tr("Send the list")))
        self.missing_ok.clicked.connect(self._send_incomplete)
        row = QHBoxLayout()
        row.addWidget(self.missing, 3)
        row.addWidget(self.missing_ok, 1)
        self.missing_row = QWidget()
        self.missing_row.setLayout(row)
        self.body.addWidget(self.missing_row, 1)
        grid = QGridLayout()
        self.buttons: dict[str, QPushButton] = {}
        for index, (value, text) in enumerate(OUTCOMES):
            button = big_button(with_key(str(index + 1), label(text)))
            press_by_key(self, str(index + 1), button)
            button.clicked.connect(lambda _=False, v=value: self.choose(v))
            grid.addWidget(button, index // 2, index % 2)
            self.buttons[value] = button
        self.body.addLayout(grid, 2)
        self.finish_layout()
        self.reset()

    def reset(self) -> None:
        super().reset()
        self.asking = ""
        self.case_no.clear()
        self.missing.clear()
        self.missing_row.hide()
        self.note.setPlaceholderText(self.tr("Note (optional): Tab to type, Enter to go back"))
        self.hint.setText(self.tr("Press 1–4; Esc goes back"))

    def choose(self, outcome: str) -> None:
        note = self.note.text().strip()
        if outcome == "rejected" and not note:
            self.asking = outcome
            self.ask_note(self.tr("Not accepted: type the reason, then Enter"))
            return
        if outcome == "incomplete":
            if not self.missing.items():
                self.asking = outcome
                self.missing_row.show()
                self.hint.setText(
                    self.tr("Materials incomplete: one missing material per line, then Ctrl+Enter")
                )
                self.missing.setFocus()
                return
            self._send_incomplete()
            return
        self.send("finish", {"outcome": outcome, "note": note, **self._case()})

    def _case(self) -> dict[str, str]:
        """The 办件编号, when one was given."""
        case_no = self.case_no.text().strip()
        return {"case_no": case_no} if case_no else {}

    def note_entered(self) -> None:
        if self.asking == "rejected":
            if self.note.text().strip():
                self.choose("rejected")
            return  # the reason is still to come
        super().note_entered()

    def _send_incomplete(self) -> None:
        items = self.missing.items()
        if not items:
            self.missing.setFocus()
            return
        note = self.note.text().strip()
        args = {"outcome": "incomplete", "note": note, "missing": items, **self._case()}
        self.send("finish", args)


class NumberPanel(Panel):
    """A given number: Enter calls it (a waiting or no-show ticket) or calls it back when it
    is held here; Ctrl+Enter requeues a no-show (过号重排). The number field also takes a
    ticket's QR code from a USB scanner (it types the code and Enter): "call" sends the code
    itself, and the server calls the ticket only if the code carries the hall's check and
    today's date."""

    def __init__(self, send: Send, on_cancel: Callable[[], None]) -> None:
        super().__init__(self.tr("Call a given number"), on_cancel)
        self.send = send
        self.held_here: list[str] = []
        self.number = scaled(QLineEdit(), 0.04)
        self.number.setPlaceholderText(self.tr("Ticket number, e.g. A012, or scan the ticket"))
        self.number.returnPressed.connect(lambda: self._send("call_number"))
        self.body.addWidget(self.number)
        self.held = scaled(QLabel(""), 0.024)
        self.body.addWidget(self.held)
        row = QHBoxLayout()
        for op, keys, text in (
            ("call_number", "Enter", self.tr("Call this number (or call it back if held)")),
            ("reactivate", "Ctrl+Enter", self.tr("Requeue a no-show")),
        ):
            button = big_button(with_key(keys, text))
            button.clicked.connect(lambda _=False, o=op: self._send(o))
            row.addWidget(button)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            key_shortcut(self, keys, lambda: self._send("reactivate"))
        self.body.addLayout(row, 1)
        self.finish_layout()

    def open(self) -> None:
        self.reset()
        self.number.setFocus()

    def set_held(self, numbers: list[str]) -> None:
        self.held_here = list(numbers)
        self.held.setText(
            self.tr("Held here: {numbers}").format(numbers="、".join(numbers)) if numbers else ""
        )
        if numbers and not self.number.text():
            self.number.setText(numbers[0])
            self.number.selectAll()

    def _send(self, op: str) -> None:
        text = self.number.text().strip()
        scanned = scanned_number(text)
        number = scanned if scanned is not None else text.upper()
        if op == "call_number" and number in self.held_here:
            op = "call_back"  # a ticket held here is called back, not called anew
        if scanned is not None and op == "call_number":
            self.send(op, {"code": text})  # verified by the server
        elif number:
            self.send(op, {"number": number})

    def reset(self) -> None:
        self.number.clear()


class PausePanel(Panel):
    """暂停 with a reason, keys 1–6; "other" asks for the reason (Enter sends it)."""

    def __init__(self, send: Send, on_cancel: Callable[[], None]) -> None:
        super().__init__(self.tr("Pause the window: why?"), on_cancel)
        self.send = send
        self.asking = False
        self.body.addWidget(self.note)
        grid = QGridLayout()
        self.buttons: dict[str, QPushButton] = {}
        for index, (value, text) in enumerate(PAUSE_REASONS):
            button = big_button(with_key(str(index + 1), label(text)))
            press_by_key(self, str(index + 1), button)
            button.clicked.connect(lambda _=False, v=value: self.choose(v))
            grid.addWidget(button, index // 3, index % 3)
            self.buttons[value] = button
        self.body.addLayout(grid, 1)
        self.finish_layout()
        self.reset()

    def reset(self) -> None:
        super().reset()
        self.asking = False
        self.note.setPlaceholderText(self.tr("Note (optional): Tab to type, Enter to go back"))
        self.hint.setText(self.tr("Press 1–6; Esc goes back"))

    def choose(self, reason: str) -> None:
        if reason == "other" and not self.note.text().strip():
            self.asking = True
            self.ask_note(self.tr("Other: type the reason, then Enter"))
            return
        self.send("pause", {"reason": reason, "note": self.note.text().strip()})

    def note_entered(self) -> None:
        if self.asking:
            if self.note.text().strip():
                self.choose("other")
            return  # the reason is still to come
        super().note_entered()
