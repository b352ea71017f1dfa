"""预约 at the front desk (导服台): a day's appointments (the phone masked), free slots of a
service, booking for a visitor by name and phone, moving to another slot (the code stays),
cancelling, the visitor's notice with its QR code; and the slot rules per service
(administrators)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.ui.admin.common import Api, RecordTable, qdate
from app.ui.return_visit import NoticeView, slot_text


def _day(edit: QDateEdit) -> str:
    return edit.date().toString("yyyy-MM-dd")


class AppointmentsTab(QWidget):
    def __init__(self, api: Api, today: Callable[[], dt.date]) -> None:
        super().__init__()
        self.api, self.today = api, today
        self.table = RecordTable(
            [
                (self.tr("Slot"), "slot_start"),
                (self.tr("Service"), "service_name"),
                (self.tr("Code"), "code"),
                (self.tr("Visitor"), "visitor"),
                (self.tr("Phone"), "phone"),
                (self.tr("State"), "state_text"),
                (self.tr("From"), "source_text"),
                (self.tr("Ticket"), "ticket_number"),
                (self.tr("Return visit of"), "origin_number"),
            ]
        )
        self.day = QDateEdit()
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.day.setDate(qdate(today()))
        self.day.dateChanged.connect(lambda _d: self.reload())
        show = QPushButton(self.tr("Show the day"))
        show.clicked.connect(self.reload)
        move = QPushButton(self.tr("Move to the chosen slot"))
        move.clicked.connect(self.move_booking)
        cancel = QPushButton(self.tr("Cancel the booking"))
        cancel.clicked.connect(self.cancel)
        notice = QPushButton(self.tr("Notice for the visitor"))
        notice.clicked.connect(self.show_notice)
        top = QHBoxLayout()
        for widget in (self.day, show, move, cancel, notice):
            top.addWidget(widget)
        top.addStretch(1)
        left = QVBoxLayout()
        left.addLayout(top)
        left.addWidget(self.table, 1)
        self.notice = NoticeView()
        left.addWidget(self.notice)

        self.service = QComboBox()
        self.service.currentIndexChanged.connect(lambda _i: self.load_slots())
        self.slot_day = QDateEdit()
        self.slot_day.setCalendarPopup(True)
        self.slot_day.setDisplayFormat("yyyy-MM-dd")
        self.slot_day.setDate(qdate(today()))
        self.slot_day.dateChanged.connect(lambda _d: self.load_slots())
        self.slots = QListWidget()
        self.name = QLineEdit()
        self.phone = QLineEdit()
        self.note = QLineEdit()
        book = QPushButton(self.tr("Book"))
        book.clicked.connect(self.book)
        booking = QGroupBox(self.tr("Book a slot"))
        form = QFormLayout(booking)
        form.addRow(self.tr("Service"), self.service)
        form.addRow(self.tr("Day"), self.slot_day)
        form.addRow(self.slots)
        form.addRow(self.tr("Visitor's name"), self.name)
        form.addRow(self.tr("Phone"), self.phone)
        form.addRow(self.tr("Note"), self.note)
        form.addRow(book)
        right = QVBoxLayout()
        right.addWidget(booking, 1)
        right.addWidget(self._rules_box())
        layout = QHBoxLayout(self)
        layout.addLayout(left, 3)
        layout.addLayout(right, 2)

    def _rules_box(self) -> QGroupBox:
        self.rules = RecordTable(
            [
                (self.tr("Service"), "service_name"),
                (self.tr("Minutes"), "slot_minutes"),
                (self.tr("Places"), "capacity"),
                (self.tr("Open"), "active"),
            ]
        )
        self.rules.itemSelectionChanged.connect(self._rule_chosen)
        self.minutes = QSpinBox()
        self.minutes.setRange(5, 240)
        self.places = QSpinBox()
        self.places.setRange(1, 200)
        self.open = QCheckBox(self.tr("takes bookings"))
        save = QPushButton(self.tr("Save the rule (administrators)"))
        save.clicked.connect(self.save_rule)
        box = QGroupBox(self.tr("Slot rules"))
        form = QFormLayout(box)
        form.addRow(self.rules)
        form.addRow(self.tr("Slot minutes"), self.minutes)
        form.addRow(self.tr("Places per slot"), self.places)
        form.addRow("", self.open)
        form.addRow(save)
        return box

    def start(self) -> None:
        self.reload()
        self.load_rules()

    def reload(self) -> None:
        self.api.call("appointment_list", {"day": _day(self.day)}, self._on_list)

    def _on_list(self, rows: list[dict[str, Any]]) -> None:
        states = {
            "booked": self.tr("Booked"),
            "checked_in": self.tr("Checked in"),
            "late": self.tr("Late (queued as walk-in)"),
            "no_show": self.tr("Did not come"),
            "cancelled": self.tr("Cancelled"),
        }
        sources = {
            "console": self.tr("Front desk"),
            "counter": self.tr("Return visit"),
            "online": self.tr("Online platform"),
            "import": self.tr("Imported"),
        }
        self.table.fill(
            [
                {
                    **row,
                    "state_text": states.get(row["status"], row["status"]),
                    "source_text": sources.get(row["source"], row["source"]),
                }
                for row in rows
            ]
        )

    def load_rules(self) -> None:
        self.api.call("appointment_rules", {}, self._on_rules)

    def _on_rules(self, rules: list[dict[str, Any]]) -> None:
        self.rules.fill(rules)
        chosen = self.service.currentData()
        self.service.blockSignals(True)
        self.service.clear()
        for rule in rules:
            if rule["active"]:
                self.service.addItem(f"{rule['service_code']}  {rule['service_name']}",
                                     rule["service_code"])  # fmt: skip
        index = self.service.findData(chosen)
        self.service.setCurrentIndex(max(index, 0))
        self.service.blockSignals(False)
        self.load_slots()

    def _rule_chosen(self) -> None:
        rule = self.rules.selected()
        if rule is not None:
            self.minutes.setValue(int(rule["slot_minutes"]))
            self.places.setValue(int(rule["capacity"]))
            self.open.setChecked(bool(rule["active"]) or not rule["configured"])

    def save_rule(self) -> None:
        rule = self.rules.selected()
        if rule is None:
            return
        args = {
            "service": rule["service_code"],
            "slot_minutes": self.minutes.value(),
            "capacity": self.places.value(),
            "active": self.open.isChecked(),
        }
        self.api.call("appointment_rule_save", args, lambda _r: self.load_rules())

    def load_slots(self) -> None:
        service = self.service.currentData()
        if service is None:
            self.slots.clear()
            return
        args = {"service": service, "day": _day(self.slot_day)}
        self.api.call("appointment_slots", args, self._on_slots)

    def _on_slots(self, slots: list[dict[str, Any]]) -> None:
        self.slots.clear()
        for slot in slots:
            text = self.tr("{when} ({free} of {places} free)").format(
                when=slot_text(slot), free=slot["free"], places=slot["capacity"]
            )
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, slot["start"])
            if slot["free"] <= 0:
                item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.slots.addItem(item)

    def _chosen_slot(self) -> str | None:
        item = self.slots.currentItem()
        return None if item is None else str(item.data(Qt.ItemDataRole.UserRole))

    def book(self) -> None:
        slot = self._chosen_slot()
        if slot is None:
            self.api.tell(self.tr("Choose a free slot first."))
            return
        args = {
            "service": self.service.currentData(),
            "slot": slot,
            "name": self.name.text().strip(),
            "phone": self.phone.text().strip(),
            "note": self.note.text().strip(),
        }
        self.api.call("appointment_book", args, self._on_booked)

    def _on_booked(self, notice: dict[str, Any]) -> None:
        self.notice.show_notice(notice)
        for field in (self.name, self.phone, self.note):
            field.clear()
        booked = notice["appointment"]["slot_start"][:10]
        self.day.setDate(QDate.fromString(booked, "yyyy-MM-dd"))
        self.reload()
        self.load_slots()
        self.api.tell(self.tr("Booked: code {code}").format(code=notice["appointment"]["code"]))

    def move_booking(self) -> None:
        row, slot = self.table.selected(), self._chosen_slot()
        if row is None or slot is None:
            self.api.tell(self.tr("Choose a booking and a free slot first."))
            return
        self.api.call("appointment_move", {"code": row["code"], "slot": slot}, self._on_booked)

    def cancel(self) -> None:
        row = self.table.selected()
        if row is None:
            return
        args = {"code": row["code"], "reason": self.note.text().strip()}
        self.api.call("appointment_cancel", args, self._changed)

    def _changed(self, _result: Any = None) -> None:
        self.reload()
        self.load_slots()

    def show_notice(self) -> None:
        row = self.table.selected()
        if row is not None:
            self.api.call("appointment_notice", {"code": row["code"]}, self.notice.show_notice)
