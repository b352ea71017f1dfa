"""A fixed ticket, and a fake ESC/POS network printer on 127.0.0.1 that answers status."""

from __future__ import annotations

import datetime as dt
import socket
import threading
from collections.abc import Iterator

import pytest

from app.devices.printing import TicketSlip

HALL = "示范区政务服务中心"
KEY = b"hallqueue demo ticket key"  # a hall's ticket key (the recorded ESC/POS stream's)


@pytest.fixture
def slip() -> TicketSlip:
    return TicketSlip.build(
        hall_name=HALL,
        service_name="社保医保",
        number="A012",
        people_ahead=3,
        estimated_wait_s=900,
        issued_at=dt.datetime(2026, 11, 23, 9, 5),
        ticket_id=12,
        day=dt.date(2026, 11, 23),
        key=KEY,
    )


class FakeEscPosPrinter:
    """Listens like a network receipt printer (raw port 9100): answers DLE EOT n with a
    status byte until the job starts (ESC @), and records every job's bytes."""

    OK = 0x12  # the status byte's fixed bits, nothing wrong

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.url = f"socket://127.0.0.1:{self.server.getsockname()[1]}"
        self.status = {2: self.OK, 4: self.OK}
        self.answer_status = True
        self.jobs: list[bytes] = []
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._done.is_set():
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            with conn:
                self.jobs.append(self._session(conn))

    def _session(self, conn: socket.socket) -> bytes:
        data = bytearray()
        job_started = False
        while True:
            chunk = conn.recv(4096)
            if not chunk:
                return bytes(data)
            data += chunk
            if not job_started:
                while data[:2] == b"\x10\x04" and len(data) >= 3:
                    if self.answer_status:
                        conn.sendall(bytes((self.status.get(data[2], self.OK),)))
                    del data[:3]
                job_started = data[:1] == b"\x1b"

    def close(self) -> None:
        self._done.set()
        self.server.close()


@pytest.fixture
def fake_printer() -> Iterator[FakeEscPosPrinter]:
    printer = FakeEscPosPrinter()
    yield printer
    printer.close()
