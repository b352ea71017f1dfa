"""Configuration tabs: services, windows (services in priority order), staff (photo,
password reset), holidays with the hall's name, notice and hours (editable) and rating scale
(read-only)."""

from __future__ import annotations

import base64
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QDate, QIODevice, Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.admin.common import Api, RecordTable
from app.ui.admin.forms import Field, RecordFormTab
from app.ui.admin.hall_settings_box import HallSettingsBox

PHOTO_SIZE = (240, 320)  # fits the counter screen; a JPEG of this size is ~20 KB
PHOTO_QUALITIES = (85, 70, 55, 40, 25)
MAX_PHOTO_BYTES = 36_000  # base64 of it stays under the server's 64 KB message limit


class ServicesTab(RecordFormTab):
    list_op, save_op, key, what = "config_services", "service_save", "code", "services"

    def __init__(self, api: Api) -> None:
        super().__init__(
            api,
            [
                (self.tr("Prefix"), "code"),
                (self.tr("Name"), "name"),
                (self.tr("Group"), "group"),
                (self.tr("Promised (min)"), "promised_minutes"),
                (self.tr("Daily cap"), "daily_cap"),
                (self.tr("From"), "open_at"),
                (self.tr("Until"), "close_at"),
                (self.tr("Item code"), "item_code"),
                (self.tr("Active"), "active"),
            ],
            [
                Field("code", self.tr("Number prefix")),
                Field("name", self.tr("Name")),
                Field("group", self.tr("Group")),
                Field("promised_minutes", self.tr("Promised time (min)"), "int", 1, 480),
                Field("daily_cap", self.tr("Daily cap"), "optional_int", 1, 100000),
                Field("open_at", self.tr("Tickets from"), "time"),
                Field("close_at", self.tr("Tickets until"), "time"),
                Field("sort_order", self.tr("Order on the kiosk"), "int", 0, 999),
                Field("item_code", self.tr("Item code in the province's catalogue")),
                Field("active", self.tr("Active"), "bool"),
            ],
        )

    def default(self, spec: Field) -> Any:
        defaults = {"promised_minutes": 15, "open_at": "08:30", "close_at": "17:00"}
        return defaults.get(spec.key, super().default(spec))


class WindowsTab(RecordFormTab):
    list_op, save_op, key, what = "config_windows", "window_save", "number", "windows"

    def __init__(self, api: Api) -> None:
        super().__init__(
            api,
            [
                (self.tr("Window"), "number"),
                (self.tr("Name"), "name"),
                (self.tr("Services by priority"), "services"),
                (self.tr("A clerk"), "staff_a"),
                (self.tr("B clerk"), "staff_b"),
                (self.tr("Lunch duty"), "lunch_duty"),
                (self.tr("Keypad port"), "keypad_url"),
                (self.tr("Active"), "active"),
            ],
            [
                Field("number", self.tr("Window number"), "int", 1, 999),
                Field("name", self.tr("Name")),
                Field("staff_a", self.tr("A clerk (staff no.)")),
                Field("staff_b", self.tr("B clerk (staff no.)")),
                Field("lunch_duty", self.tr("Lunch duty window"), "bool"),
                Field("keypad_url", self.tr("Keypad port (COM3, socket://…)")),
                Field("keypad_address", self.tr("Keypad address"), "int", 1, 255),
                Field("active", self.tr("Active"), "bool"),
            ],
        )

    def extra_form(self) -> None:
        self.priority = QListWidget()
        self.priority.setMaximumHeight(140)
        self.add_service = QComboBox()
        add, up, down, remove = (
            QPushButton(self.tr("Add")),
            QPushButton(self.tr("Up")),
            QPushButton(self.tr("Down")),
            QPushButton(self.tr("Remove")),
        )
        add.clicked.connect(self._add)
        up.clicked.connect(lambda: self.move_service(-1))
        down.clicked.connect(lambda: self.move_service(1))
        remove.clicked.connect(self._remove)
        buttons = QHBoxLayout()
        for widget in (self.add_service, add, up, down, remove):
            buttons.addWidget(widget)
        box = QVBoxLayout()
        box.addWidget(self.priority)
        box.addLayout(buttons)
        holder = QWidget()
        holder.setLayout(box)
        self.form.addRow(self.tr("Services (first is called first)"), holder)

    def start(self) -> None:
        self.api.call("config_services", {}, self._on_services)
        super().start()

    def _on_services(self, services: list[dict[str, Any]]) -> None:
        self.add_service.clear()
        for service in services:
            self.add_service.addItem(f"{service['code']} {service['name']}", service["code"])

    def _on_event(self, event: dict[str, Any]) -> None:
        super()._on_event(event)
        if (event.get("data") or {}).get("what") == "services":
            self.api.call("config_services", {}, self._on_services)

    def codes(self) -> list[str]:
        return [self.priority.item(i).text() for i in range(self.priority.count())]

    def set_codes(self, codes: list[str]) -> None:
        self.priority.clear()
        self.priority.addItems(codes)

    def _add(self) -> None:
        code = self.add_service.currentData()
        if code and code not in self.codes():
            self.priority.addItem(code)

    def _remove(self) -> None:
        row = self.priority.currentRow()
        if row >= 0:
            self.priority.takeItem(row)

    def move_service(self, step: int) -> None:
        row = self.priority.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.priority.count():
            return
        item = self.priority.takeItem(row)
        self.priority.insertItem(target, item)
        self.priority.setCurrentRow(target)

    def load(self, row: dict[str, Any]) -> None:
        super().load(row)
        self.set_codes(list(row.get("services") or []))

    def new_record(self) -> None:
        super().new_record()
        if hasattr(self, "priority"):
            self.set_codes([])

    def default(self, spec: Field) -> Any:
        return {"number": 1, "keypad_address": 1}.get(spec.key, super().default(spec))

    def form_data(self) -> dict[str, Any]:
        data = super().form_data()
        for key in ("staff_a", "staff_b"):
            data[key] = data[key] or None
        return data | {"services": self.codes()}


class StaffTab(RecordFormTab):
    list_op, save_op, key, what = "config_staff", "staff_save", "staff_no", "staff"

    def __init__(self, api: Api) -> None:
        roles = (
            ("clerk", self.tr("Clerk")),
            ("supervisor", self.tr("Supervisor")),
            ("admin", self.tr("Administrator")),
        )
        self._photo: bytes | None = None
        self._photo_changed = False
        self.role_names = dict(roles)
        super().__init__(
            api,
            [
                (self.tr("Staff no."), "staff_no"),
                (self.tr("Name"), "name"),
                (self.tr("Title"), "title"),
                (self.tr("Role"), "role_name"),
                (self.tr("Photo"), "has_photo"),
                (self.tr("Active"), "active"),
            ],
            [
                Field("staff_no", self.tr("Staff number")),
                Field("name", self.tr("Name")),
                Field("title", self.tr("Title")),
                Field("role", self.tr("Role"), "choice", choices=roles),
                Field("active", self.tr("Active"), "bool"),
            ],
        )

    def show_rows(self, rows: list[dict[str, Any]]) -> None:
        self.table.fill(
            [
                r
                | {
                    "role_name": self.role_names.get(r["role"], r["role"]),
                    "has_photo": bool(r.get("photo_sha256")),
                }
                for r in rows
            ],
            None,
        )

    def extra_form(self) -> None:
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("only for a new member"))
        self.form.addRow(self.tr("Password"), self.password)
        self.photo_label = QLabel()
        self.photo_label.setFixedSize(*[n // 2 for n in PHOTO_SIZE])
        self.photo_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.photo_label.setStyleSheet("border: 1px solid #cfd8e3;")
        choose = QPushButton(self.tr("Choose photo…"))
        choose.clicked.connect(self.choose_photo)
        self.reset_button = QPushButton(self.tr("Reset password…"))
        self.reset_button.clicked.connect(self.ask_password)
        column = QVBoxLayout()
        column.addWidget(choose)
        column.addWidget(self.reset_button)
        column.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.photo_label)
        row.addLayout(column)
        holder = QWidget()
        holder.setLayout(row)
        self.form.addRow(self.tr("Photo"), holder)

    def load(self, row: dict[str, Any]) -> None:
        super().load(row)
        self._photo_changed = False
        self.password.clear()
        self.password.setEnabled(False)
        self.reset_button.setEnabled(True)
        self.photo_label.clear()
        if row.get("photo_sha256"):
            self.api.call("config_staff_photo", {"staff_no": row["staff_no"]}, self._on_photo)

    def new_record(self) -> None:
        super().new_record()
        if hasattr(self, "password"):
            self._photo_changed = False
            self.password.setEnabled(True)
            self.password.clear()
            self.reset_button.setEnabled(False)
            self.photo_label.clear()

    def default(self, spec: Field) -> Any:
        return "clerk" if spec.key == "role" else super().default(spec)

    def _on_photo(self, reply: dict[str, Any]) -> None:
        if self.current and reply.get("staff_no") == self.current.get("staff_no"):
            data = reply.get("photo")
            self._show_photo(base64.b64decode(data) if data else None)

    def _show_photo(self, data: bytes | None) -> None:
        pixmap = QPixmap()
        if data and pixmap.loadFromData(data):
            self.photo_label.setPixmap(
                pixmap.scaled(self.photo_label.size(), Qt.AspectRatioMode.KeepAspectRatio)
            )
        else:
            self.photo_label.clear()

    def choose_photo(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Staff photo"), "", self.tr("Images (*.png *.jpg *.jpeg)")
        )
        if path:
            self.set_photo(QImage(path))

    def set_photo(self, image: QImage) -> None:
        """Scaled to the counter screen's size and stored as JPEG (small enough to send)."""
        if image.isNull():
            self.api.error.emit(self.tr("That file is not an image."))
            return
        scaled = image.scaled(*PHOTO_SIZE, Qt.AspectRatioMode.KeepAspectRatio)
        for quality in PHOTO_QUALITIES:  # the request must fit the server's message limit
            data = QByteArray()
            buffer = QBuffer(data)
            buffer.open(QIODevice.OpenModeFlag.WriteOnly)
            scaled.save(buffer, "JPEG", quality)  # type: ignore[call-overload]  # str works
            if data.size() <= MAX_PHOTO_BYTES:
                break
        self._photo, self._photo_changed = bytes(data.data()), True
        self._show_photo(self._photo)

    def ask_password(self) -> None:
        if self.current is None:
            return
        password, accepted = QInputDialog.getText(
            self,
            self.tr("Reset password"),
            self.tr("New password for {no}:").format(no=self.current["staff_no"]),
            QLineEdit.EchoMode.Password,
        )
        if accepted:
            self.reset_password(password)

    def reset_password(self, password: str) -> None:
        assert self.current is not None
        self.api.call(
            "staff_reset_password",
            {"staff_no": self.current["staff_no"], "password": password},
            lambda r: self.api.tell(self.tr("Password reset for {no}").format(no=r["target"])),
        )

    def form_data(self) -> dict[str, Any]:
        data = super().form_data()
        if self.current is None:
            data["password"] = self.password.text()
        if self._photo_changed:
            data["photo"] = base64.b64encode(self._photo).decode() if self._photo else None
        return data


class HolidaysTab(QWidget):
    """Public holidays and make-up working days; the hall's name, notice and hours edited; the
    rating scales shown."""

    def __init__(self, api: Api) -> None:
        super().__init__()
        self.api = api
        self.table = RecordTable(
            [
                (self.tr("Day"), "day"),
                (self.tr("Name"), "name"),
                (self.tr("Make-up working day"), "is_workday"),
            ]
        )
        self.day = QDateEdit()
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.day.setDate(QDate.currentDate())
        self.name = QLineEdit()
        self.workday = QCheckBox(self.tr("make-up working day (调休上班)"))
        add = QPushButton(self.tr("Add or change"))
        remove = QPushButton(self.tr("Remove selected"))
        add.clicked.connect(self.add)
        remove.clicked.connect(self.remove)
        box = QGroupBox(self.tr("Holiday"))
        form = QFormLayout(box)
        form.addRow(self.tr("Day"), self.day)
        form.addRow(self.tr("Name"), self.name)
        form.addRow("", self.workday)
        form.addRow(add, remove)
        self.hall_info = QLabel()
        self.hall_info.setWordWrap(True)
        self.hall_info.setTextFormat(Qt.TextFormat.RichText)
        info = QGroupBox(self.tr("Hours in use and rating scales (read-only)"))
        QVBoxLayout(info).addWidget(self.hall_info)
        self.hall = HallSettingsBox(api)
        self.hall.saved.connect(lambda _r: self.api.call("rating_scales", {}, self._on_scales))
        side = QVBoxLayout()
        side.addWidget(box)
        side.addWidget(self.hall)
        side.addWidget(info)
        side.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addWidget(self.table, 3)
        layout.addLayout(side, 2)

    def start(self) -> None:
        self.reload()
        self.hall.load()
        self.api.call("rating_scales", {}, self._on_scales)

    def reload(self) -> None:
        self.api.call("config_holidays", {}, lambda rows: self.table.fill(rows))

    def add(self) -> None:
        args = {
            "day": self.day.date().toString("yyyy-MM-dd"),
            "name": self.name.text().strip(),
            "is_workday": self.workday.isChecked(),
        }
        self.api.call("holiday_set", args, lambda _r: self.reload())

    def remove(self) -> None:
        row = self.table.selected()
        if row is not None:
            self.api.call("holiday_remove", {"day": row["day"]}, lambda _r: self.reload())

    def _on_scales(self, info: dict[str, Any]) -> None:
        hours = info["hours"]
        lines = [
            self.tr("Hall hours {open}–{close}; clerks expected {lead} min before opening.").format(
                open=hours["open_at"], close=hours["close_at"], lead=hours["sign_in_lead_minutes"]
            ),
        ]
        for scale in info["scales"]:
            lines.append(
                self.tr("{size}-level scale: {labels} (差评 ≤ {bad})").format(
                    size=scale["size"], labels=" · ".join(scale["labels"]), bad=scale["bad_max"]
                )
            )
        self.hall_info.setText("<br>".join(lines))
