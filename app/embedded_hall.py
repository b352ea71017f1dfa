"""The one-PC hall (the default without a command, and `--smoke`): the HallSystem of
app.composition in this process on 127.0.0.1, with tokens for the in-process machines, and
clients connected to it through the real network path."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject

from app.composition import LOCALHOST, HallSystem
from app.config import Config, Tokens
from app.config_file import new_token
from app.models import sqlite_url
from app.net.client import HallClient
from app.net.server import HallServer
from app.queue import Clock, QueueEngine

EMBEDDED_KIOSK, EMBEDDED_DISPLAY, EMBEDDED_CONSOLE = "kiosk1", "lobby", "console"


def embedded_config(config: Config) -> Config:
    """The config as the one-PC hall uses it: any hour if the file says so, and tokens for
    the in-process machines (fresh per run; nothing outside this process needs them)."""
    if config.embedded_any_hour:
        config = config.with_queue(enforce_hours=False, enforce_calendar=False)
    tokens = config.tokens
    kiosk = dict(tokens.kiosk) or {EMBEDDED_KIOSK: new_token()}
    display = dict(tokens.display) or {EMBEDDED_DISPLAY: new_token()}
    admin = dict(tokens.admin) or {EMBEDDED_CONSOLE: new_token()}
    return replace(
        config,
        tokens=Tokens(kiosk, display, dict(tokens.counter), dict(tokens.evaluator), admin),
    )


class EmbeddedHall(QObject):
    """The one-PC hall: the HallSystem in this process on 127.0.0.1, and clients connected to
    it through the real network path, exactly as on a LAN."""

    def __init__(
        self,
        config: Config,
        *,
        data_dir: Path,
        db_url: str | None = None,
        clock: Clock | None = None,
        jobs: bool = False,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.config = embedded_config(config)
        self.data_dir = data_dir
        url = db_url or config.db_url or sqlite_url(data_dir / "hall.db")
        self.system = HallSystem(
            self.config, url, clock=clock, jobs=jobs, seed=True, catch_up=False, parent=self
        )
        self._clients: list[HallClient] = []

    @property
    def engine(self) -> QueueEngine:
        return self.system.engine

    @property
    def server(self) -> HallServer:
        assert self.system.server is not None, "start() first"
        return self.system.server

    def start(self, port: int = 0) -> str:
        """Open (and on first run seed) the database, serve on 127.0.0.1; returns the URL."""
        self.system.start(LOCALHOST, port)
        return self.url

    @property
    def url(self) -> str:
        return f"ws://{LOCALHOST}:{self.system.port}"

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

    def counter(self, window: int, staff_no: str, password: str, **more: Any) -> HallClient:
        token = self.config.tokens.counter.get(window)
        if token is None:  # a window added after the config file was written
            token = new_token()
            counter = {**self.config.tokens.counter, window: token}
            self.config = replace(self.config, tokens=replace(self.config.tokens, counter=counter))
            self.server.auth.tokens = self.config.tokens
        credential = {"token": token, "window": window, "staff_no": staff_no, "password": password}
        return self.client("counter", {**credential, **more})

    def admin(self, staff_no: str, password: str, **more: Any) -> HallClient:
        """The console, from this PC (which holds an admin token: the one-PC hall is the
        supervisor's PC too). `more`: e.g. new_password for a forced change."""
        name, token = next(iter(self.config.tokens.admin.items()))
        credential = {"token": token, "machine": name, "staff_no": staff_no, "password": password}
        return self.client("admin", {**credential, **more})

    def stop(self) -> None:
        for client in self._clients:
            client.close()
        self.system.stop()
