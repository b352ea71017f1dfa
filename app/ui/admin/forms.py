"""A list-and-form tab: the records in a table on the left, the selected one in a form on the
right, New and Save below it. The configuration tabs are built from it (fields by spec)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from app.ui.admin.common import Api, Column, RecordTable


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    kind: str = "text"  # text | int | optional_int | time | bool | choice
    low: int = 0
    high: int = 9999
    choices: tuple[tuple[str, str], ...] = ()  # (value, label)


def make_editor(spec: Field) -> QWidget:
    if spec.kind in ("int", "optional_int"):
        box = QSpinBox()
        box.setRange(spec.low - (spec.kind == "optional_int"), spec.high)
        if spec.kind == "optional_int":
            box.setSpecialValueText("—")
        return box
    if spec.kind == "time":
        edit = QTimeEdit()
        edit.setDisplayFormat("HH:mm")
        return edit
    if spec.kind == "bool":
        return QCheckBox()
    if spec.kind == "choice":
        combo = QComboBox()
        for value, label in spec.choices:
            combo.addItem(label, value)
        return combo
    return QLineEdit()


def set_value(editor: QWidget, spec: Field, value: Any) -> None:
    if isinstance(editor, QSpinBox):
        editor.setValue(editor.minimum() if value is None else int(value))
    elif isinstance(editor, QTimeEdit):
        editor.setTime(QTime.fromString(value or "08:30", "HH:mm"))
    elif isinstance(editor, QCheckBox):
        editor.setChecked(bool(value))
    elif isinstance(editor, QComboBox):
        index = editor.findData(value)
        editor.setCurrentIndex(max(0, index))
    elif isinstance(editor, QLineEdit):
        editor.setText("" if value is None else str(value))


def get_value(editor: QWidget, spec: Field) -> Any:
    if isinstance(editor, QSpinBox):
        if spec.kind == "optional_int" and editor.value() == editor.minimum():
            return None
        return editor.value()
    if isinstance(editor, QTimeEdit):
        return editor.time().toString("HH:mm")
    if isinstance(editor, QCheckBox):
        return editor.isChecked()
    if isinstance(editor, QComboBox):
        return editor.currentData()
    assert isinstance(editor, QLineEdit)
    return editor.text().strip()


class RecordFormTab(QWidget):
    """Subclasses set list_op, save_op, key (the record's identifying field and the save
    op's argument name) and give columns and fields; `extra_form()` may add widgets."""

    list_op = ""
    save_op = ""
    key = ""
    what = ""  # the config_changed "what" that makes this tab reload

    def __init__(self, api: Api, columns: Sequence[Column], fields: Sequence[Field]) -> None:
        super().__init__()
        self.api = api
        self.fields = list(fields)
        self.table = RecordTable(columns)
        self.editors = {spec.key: make_editor(spec) for spec in self.fields}
        self.current: dict[str, Any] | None = None
        self.form_box = QGroupBox(self.tr("New record"))
        self.form = QFormLayout(self.form_box)
        for spec in self.fields:
            self.form.addRow(spec.label, self.editors[spec.key])
        self.extra_form()
        self.new_button = QPushButton(self.tr("New"))
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setObjectName("primaryButton")
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        side = QVBoxLayout()
        side.addWidget(self.form_box)
        side.addLayout(buttons)
        side.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addWidget(self.table, 3)
        layout.addLayout(side, 2)
        self.table.itemSelectionChanged.connect(self._on_select)
        self.new_button.clicked.connect(self.new_record)
        self.save_button.clicked.connect(self.save)
        api.client.event_received.connect(self._on_event)
        self.new_record()

    def extra_form(self) -> None:
        """Hook: add rows to self.form."""

    def start(self) -> None:
        self.reload()

    def reload(self) -> None:
        self.api.call(self.list_op, {}, self.show_rows)

    def show_rows(self, rows: list[dict[str, Any]]) -> None:
        self.table.fill(rows, None)

    def _on_event(self, event: dict[str, Any]) -> None:
        if (
            event.get("kind") == "config_changed"
            and (event.get("data") or {}).get("what") == self.what
        ):
            self.reload()

    def _on_select(self) -> None:
        row = self.table.selected()
        if row is not None:
            self.load(row)

    def load(self, row: dict[str, Any]) -> None:
        self.current = row
        self.form_box.setTitle(self.tr("Edit {key}").format(key=row.get(self.key)))
        for spec in self.fields:
            set_value(self.editors[spec.key], spec, row.get(spec.key))

    def new_record(self) -> None:
        self.current = None
        self.table.clearSelection()
        self.form_box.setTitle(self.tr("New record"))
        for spec in self.fields:
            set_value(self.editors[spec.key], spec, self.default(spec))

    def default(self, spec: Field) -> Any:
        return True if spec.key == "active" else None

    def form_data(self) -> dict[str, Any]:
        return {spec.key: get_value(self.editors[spec.key], spec) for spec in self.fields}

    def save(self) -> None:
        args: dict[str, Any] = {"data": self.form_data()}
        if self.current is not None:
            args[self.key] = self.current[self.key]
        self.api.call(self.save_op, args, self._saved)

    def _saved(self, result: dict[str, Any]) -> None:
        self.api.tell(self.tr("Saved: {target}").format(target=result.get("target", "")))
        after = result.get("after")
        if after:
            self.load(after)
        self.reload()
