"""The visitor's side of a simulated rating keypad, for the one-PC demo: five keys on screen
that press the simulator's keys (the workstation still reads them over the keypad protocol)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.ui.counter_rating import LEVELS

KEYS = list(LEVELS.items())  # best first


class SimulatedKeypadPanel(QWidget):
    def __init__(self, simulator: Any, address: int, window: int) -> None:
        super().__init__()
        self.simulator = simulator
        self.address = address
        self.setWindowTitle(
            self.tr("Rating keypad of window {window} (simulated)").format(window=window)
        )
        layout = QVBoxLayout(self)
        self.status = QLabel(self.tr("Press a key when the clerk asks for your rating"))
        layout.addWidget(self.status)
        row = QHBoxLayout()
        self.buttons: dict[int, QPushButton] = {}
        for level, text in KEYS:
            button = QPushButton(QCoreApplication.translate("Labels", str(text)))
            button.setMinimumHeight(60)
            button.clicked.connect(lambda _=False, lv=level: self.press(lv))
            row.addWidget(button)
            self.buttons[level] = button
        layout.addLayout(row)

    def press(self, level: int) -> None:
        if self.simulator.press(level, self.address):
            self.status.setText(self.tr("Thank you for your rating"))
        else:
            self.status.setText(self.tr("The keypad is not asking for a rating now"))
