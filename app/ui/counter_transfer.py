"""转移 from the keyboard: a service's letter sends the ticket to that service's queue (by
its original time), a window's number to that window. A number goes as soon as no other
window's number starts with it (with windows 1–8, one digit); else Enter confirms it.
Tab reaches the optional note for the next window; Enter there comes back."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QShortcut
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton

from app.ui.counter_panels import Panel, Send, big_button, key_shortcut, with_key
from app.ui.widgets import scaled

COLUMNS = 4


def window_for(typed: str, numbers: list[int], *, confirmed: bool) -> int | None:
    """The window the typed digits name: at once when no other number starts with them,
    else only when confirmed (Enter)."""
    if not typed:
        return None
    starting = [n for n in numbers if str(n).startswith(typed)]
    exact = int(typed) if int(typed) in numbers else None
    if exact is not None and (confirmed or starting == [exact]):
        return exact
    return None


class TransferPanel(Panel):
    def __init__(self, send: Send, on_cancel: Callable[[], None]) -> None:
        super().__init__(self.tr("Transfer the current ticket"), on_cancel)
        self.send = send
        self.typed = ""
        self.window_numbers: list[int] = []
        self.service_buttons: dict[str, QPushButton] = {}
        self.window_buttons: dict[int, QPushButton] = {}
        self.note.setPlaceholderText(
            self.tr("Note for the next window (optional): Tab to type, Enter to go back")
        )
        self.body.addWidget(self.note)
        self.services_caption = scaled(QLabel(self.tr("To a service (its letter)")), 0.024)
        self.body.addWidget(self.services_caption)
        self.services_grid = QGridLayout()
        self.body.addLayout(self.services_grid, 1)
        self.windows_caption = scaled(QLabel(self.tr("To a window (its number)")), 0.024)
        self.body.addWidget(self.windows_caption)
        self.windows_grid = QGridLayout()
        self.body.addLayout(self.windows_grid, 1)
        self.finish_layout()
        self._letters: list[QShortcut] = []
        for digit in "0123456789":
            key_shortcut(self, digit, partial(self.type_digit, digit))
        for key in ("Return", "Enter"):
            key_shortcut(self, key, self._enter)
        self.reset()

    def reset(self) -> None:
        super().reset()
        self._clear_typed()

    def set_choices(self, services: list[dict[str, Any]], windows: list[dict[str, Any]]) -> None:
        """The hall's services (by letter) and the other windows (by number)."""
        for grid in (self.services_grid, self.windows_grid):
            while grid.count():
                item = grid.takeAt(0)
                widget = item.widget() if item is not None else None
                if widget is not None:
                    widget.deleteLater()
        for shortcut in self._letters:
            shortcut.setEnabled(False)
            shortcut.deleteLater()
        self._letters = []
        self.service_buttons, self.window_buttons = {}, {}
        for index, service in enumerate(services):
            code = str(service["code"])
            button = big_button(with_key(code, str(service.get("name", ""))))
            button.clicked.connect(lambda _=False, c=code: self.to_service(c))
            self.services_grid.addWidget(button, index // COLUMNS, index % COLUMNS)
            self.service_buttons[code] = button
            if len(code) == 1:
                self._letters.append(key_shortcut(self, code, partial(self.to_service, code)))
        self.window_numbers = sorted(int(w["number"]) for w in windows)
        for index, number in enumerate(self.window_numbers):
            name = next((w.get("name", "") for w in windows if w["number"] == number), "")
            text = self.tr("Window {number} {name}").format(number=number, name=name)
            button = big_button(with_key(str(number), text))
            button.clicked.connect(lambda _=False, n=number: self.to_window(n))
            self.windows_grid.addWidget(button, index // COLUMNS, index % COLUMNS)
            self.window_buttons[number] = button

    def type_digit(self, digit: str) -> None:
        self.typed += digit
        target = window_for(self.typed, self.window_numbers, confirmed=False)
        if target is not None:
            self.to_window(target)
            return
        if not any(str(n).startswith(self.typed) for n in self.window_numbers):
            self.typed = ""
            self.hint.setText(self.tr("No such window; type its number again"))
            return
        self.hint.setText(self.tr("Window {typed}…  (Enter confirms)").format(typed=self.typed))

    def _enter(self) -> None:
        if self.note.hasFocus():
            self.note_entered()
            return
        target = window_for(self.typed, self.window_numbers, confirmed=True)
        if target is not None:
            self.to_window(target)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Backspace:  # a wrong digit: start the number again
            self._clear_typed()
            return
        super().keyPressEvent(event)

    def _clear_typed(self) -> None:
        self.typed = ""
        self.hint.setText(self.tr("Press a service's letter or a window's number; Esc goes back"))

    def to_service(self, code: str) -> None:
        self.send("transfer", {"to_service": code, "note": self.note.text().strip()})

    def to_window(self, number: int) -> None:
        self.typed = ""
        self.send("transfer", {"to_window": number, "note": self.note.text().strip()})
