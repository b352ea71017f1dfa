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

from app.appraisal.settings import DEFAULT_SETTINGS
from app.config import Config, Tokens, new_token
from app.models import Database, sqlite_url
from app.models.backup import ServerLock
from app.models.demo import seed_demo
from app.net.client import HallClient
from app.net.errors import NetError
from app.net.jobs import ServerJobs
from app.net.server import HallServer
from app.queue import Clock, QueueEngine
from app.queue.issuing import Estimator
from app.reports.closing import ClosingPlan

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


def hold_database(db: Database) -> ServerLock | None:
    """Take the SQLite file's server lock (a restore refuses while it is held)."""
    path = db.file
    if path is None:
        return None
    lock = ServerLock(path)
    if not lock.acquire():
        raise NetError(
            f"另一个服务器正在使用数据库 {path}",
            f"another hall server is using the database {path}",
        )
    return lock


def closing_plan(config: Config, db: Database) -> ClosingPlan:
    """Where the closing-time jobs write; backups only for a SQLite file."""
    path = db.file
    backups = path.parent / "backups" if path is not None and config.backups else None
    settings = replace(DEFAULT_SETTINGS, hours=config.hours)
    return ClosingPlan(config.resolved_reports_dir(), backups, settings)


class EmbeddedHall(QObject):
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
        """`jobs`: run the closing-time backup and report and open 差评 follow-ups, as the
        hall server does (the one-PC hall in use; off for the smoke run and tests)."""
        super().__init__(parent)
        self.config = embedded_config(config)
        self.data_dir = data_dir
        self.db_url = db_url or config.db_url or sqlite_url(data_dir / "hall.db")
        self.clock = clock
        self.db: Database | None = None
        self.engine: QueueEngine | None = None
        self.server: HallServer | None = None
        self.run_jobs = jobs
        self.jobs: ServerJobs | None = None
        self._lock: ServerLock | None = None
        self._clients: list[HallClient] = []

    def start(self, port: int = 0) -> str:
        """Open (and on first run seed) the database, serve on 127.0.0.1; returns the URL."""
        self.db = Database(self.db_url, key_file=self.config.resolved_key_file())
        self._lock = hold_database(self.db)
        seed_demo(self.db)  # no-op when the hall has services already
        self.engine = QueueEngine(
            self.db, clock=self.clock, settings=self.config.queue, estimator=estimator(self.config)
        )
        self.server = HallServer(self.engine, self.config, self)
        self.server.listen(LOCALHOST, port)
        if self.run_jobs:
            self.jobs = ServerJobs(self.engine, closing_plan(self.config, self.db), self)
            self.jobs.start()
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
        if self.jobs is not None:
            self.jobs.stop()
        for client in self._clients:
            client.close()
        if self.server is not None:
            self.server.close()
        if self.db is not None:
            self.db.dispose()
        if self._lock is not None:
            self._lock.release()
            self._lock = None
