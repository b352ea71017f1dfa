"""One report made on the server and saved on this PC: start it (report_start), follow its
progress (report_status, one question at a time), fetch each file (report_file) into a
folder. The reports tab and the 一次性告知单 button both use it."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from app.ui.admin.common import Api
from app.ui.i18n import error_text

POLL_MS = 300


class ReportJob(QObject):
    """`start(args, folder)`; `progressed(fraction 0..1000, message)`, `saved(path)` for each
    file, then `finished(paths)` (empty after a failure, which goes to the message bar)."""

    progressed = Signal(int, str)
    saved = Signal(object)
    finished = Signal(object)

    def __init__(self, api: Api, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.api = api
        self.job: int | None = None
        self.folder = Path()
        self.files: list[Path] = []
        self.expected = 0
        self.running = False
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._ask)

    def start(self, args: dict[str, Any], folder: Path) -> None:
        self.folder, self.files, self.expected, self.running = folder, [], 0, True
        self.api.call("report_start", args, self._on_status, lambda _e: self._finish())

    def _ask(self) -> None:
        if self.job is not None:
            self._poll.stop()  # one question at a time; restarted by the answer
            self.api.call(
                "report_status", {"job": self.job}, self._on_status, lambda _e: self._finish()
            )

    def _on_status(self, status: dict[str, Any]) -> None:
        self.job = int(status["job"])
        self.progressed.emit(int(float(status["fraction"]) * 1000), str(status.get("message", "")))
        if not status["done"]:
            self._poll.start()
            return
        if status.get("error"):
            self.api.error.emit(
                self.tr("Report failed: {error}").format(error=error_text(status["error"]))
            )
            self._finish()
            return
        names = [f["name"] for f in status["files"]]
        self.expected = len(names)
        for name in names:
            self.api.call("report_file", {"job": self.job, "name": name}, self._on_file)
        if not names:
            self._finish()

    def _on_file(self, reply: dict[str, Any]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / Path(reply["name"]).name
        path.write_bytes(base64.b64decode(reply["data"]))
        self.files.append(path)
        self.saved.emit(path)
        self.api.tell(self.tr("Report saved: {path}").format(path=path))
        if len(self.files) >= self.expected:
            self._finish()

    def _finish(self) -> None:
        self._poll.stop()
        self.running = False
        self.finished.emit(list(self.files))
