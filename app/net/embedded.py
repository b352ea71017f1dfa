"""The one-PC hall: the server in this process on 127.0.0.1, and clients connected to it.

The UI's composition root builds an EmbeddedHall, calls start(), and gives each window a
client from ``kiosk()``, ``counter(window, staff_no, password)``, ``display()``. Everything
goes through the real network path, exactly as on a LAN.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject

from app.config import Config, Tokens, new_token
from app.models import Database, sqlite_url
from app.models.demo import seed_demo
from app.net.client import HallClient
from app.net.server import HallServer
from app.queue import Clock, QueueEngine
from app.queue.issuing import Estimator

LOCALHOST = "127.0.0.1"
EMBEDDED_KIOSK, EMBEDDED_DISPLAY = "kiosk1", "lobby"


def embedded_config(config: Config) -> Config:
    """The config as the one-PC hall uses it: any hour if the file says so, and tokens for
    the in-process machines (fresh per run; nothing outside this process needs them)."""
    if config.embedded_any_hour:
        config = config.with_queue(enforce_hours=False, enforce_calendar=False)
    tokens = config.tokens
    kiosk = dict(tokens.kiosk) or {EMBEDDED_KIOSK: new_token()}
    display = dict(tokens.display) or {EMBEDDED_DISPLAY: new_token()}
    return replace(config, tokens=Tokens(kiosk, display, dict(tokens.counter)))


def estimator(config: Config) -> Estimator | None:
    """The wait predictor for new tickets, unless the config turns it off."""
    from app.queue.predict import make_estimator

    return make_estimator() if config.estimate_waits else None


class EmbeddedHall(QObject):
    def __init__(
        self,
        config: Config,
        *,
        data_dir: Path,
        db_url: str | None = None,
        clock: Clock | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.config = embedded_config(config)
        self.data_dir = data_dir
        self.db_url = db_url or config.db_url or sqlite_url(data_dir / "hall.db")
        self.clock = clock
        self.db: Database | None = None
        self.engine: QueueEngine | None = None
        self.server: HallServer | None = None
        self._clients: list[HallClient] = []

    def start(self, port: int = 0) -> str:
        """Open (and on first run seed) the database, serve on 127.0.0.1; returns the URL."""
        self.db = Database(self.db_url)
        seed_demo(self.db)  # no-op when the hall has services already
        self.engine = QueueEngine(
            self.db, clock=self.clock, settings=self.config.queue, estimator=estimator(self.config)
        )
        self.server = HallServer(self.engine, self.config, self)
        self.server.listen(LOCALHOST, port)
        return self.url

    @property
    def url(self) -> str:
        assert self.server is not None, "start() first"
        return f"ws://{LOCALHOST}:{self.server.port}"

    def client(self, role: str, credential: dict[str, Any]) -> HallClient:
        client = HallClient(self.url, role, credential, self)
        self._clients.append(client)
        return client

    def kiosk(self) -> HallClient:
        name, token = next(iter(self.config.tokens.kiosk.items()))
        return self.client("kiosk", {"token": token, "machine": name})

    def display(self) -> HallClient:
        name, token = next(iter(self.config.tokens.display.items()))
        return self.client("display", {"token": token, "machine": name})

    def counter(self, window: int, staff_no: str, password: str) -> HallClient:
        token = self.config.tokens.counter.get(window)
        if token is None:  # a window added after the config file was written
            token = new_token()
            counter = {**self.config.tokens.counter, window: token}
            self.config = replace(self.config, tokens=replace(self.config.tokens, counter=counter))
            assert self.server is not None
            self.server.auth.tokens = self.config.tokens
        credential = {"token": token, "window": window, "staff_no": staff_no, "password": password}
        return self.client("counter", credential)

    def admin(self, staff_no: str, password: str) -> HallClient:
        return self.client("admin", {"staff_no": staff_no, "password": password})

    def stop(self) -> None:
        for client in self._clients:
            client.close()
        if self.server is not None:
            self.server.close()
        if self.db is not None:
            self.db.dispose()
