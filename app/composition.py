"""The composition root of the hall's server side: database, engine, command table, the hall
context, the network server, the scheduled jobs and the server's keypad bus, built and wired
in this one place for `python -m app server`, the one-PC default and `--smoke` alike.

The one-PC hall (app.embedded_hall) runs it in its own process; screens are built by
app.ui.launch on top of that; app/__main__.py picks what to run.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer
from sqlalchemy.engine import make_url

from app.appraisal.settings import DEFAULT_SETTINGS
from app.appraisal.verify import copy_rules
from app.city.lens import hours_dict
from app.config import Config
from app.config_file import record_hall_id
from app.errors import HallError
from app.hall.command import CommandTable
from app.hall.context import Hall, build_hall
from app.hall.jobs import ServerJobs
from app.hall.keypad_bus import BusKeypads
from app.hall.report_jobs import ReportJobs
from app.hall.table import build_table
from app.models import Database, DatabaseError
from app.models.backup import ServerLock
from app.models.backup_plan import BackupPlan, backup_locations
from app.models.db import sqlite_file
from app.models.demo import DEMO_WARNING, seed_demo
from app.models.hall_identity import open_hall_database
from app.models.hall_key import load_key
from app.models.private_files import make_private
from app.models.server_cert import ServerIdentity, ensure_identity
from app.models.storage_watch import STORAGE_CHECK_S, StorageWatch
from app.net.http_service import HttpService
from app.net.intake_http import register_intake
from app.net.phone_status import PhoneStatus
from app.net.server import HallServer
from app.net.window_http import register_windows
from app.outbox.uplinks import Uplinks, start_uplinks
from app.queue import Clock, QueueEngine
from app.queue.issuing import Estimator
from app.reports.closing import ClosingPlan
from app.runtime.poster import Poster

log = logging.getLogger(__name__)
LOCALHOST = "127.0.0.1"
LOOPBACK = (LOCALHOST, "localhost", "::1")
JOBS_TICK_MS = 60_000
RATINGS_TICK_MS = 1_000  # rating sessions past their deadline close as 未评价 within a second
UPLINKS_TICK_MS = 10_000  # the uplinks' alarms (stuck, refused) and housekeeping


def estimator(config: Config) -> Estimator | None:
    """The wait predictor for new tickets, unless the config turns it off."""
    from app.queue.predict import make_estimator
    from app.queue.predict_hours import HallHours
    from app.queue.predict_model import PredictorConfig

    hours = config.hours
    hall = HallHours(hours.open_at, hours.close_at, hours.lunch_start, hours.lunch_end)
    return make_estimator(PredictorConfig(hall_hours=hall)) if config.estimate_waits else None


def hold_database(path: Path | None) -> ServerLock | None:
    """Take the SQLite file's server lock (a restore refuses while it is held)."""
    if path is None:
        return None
    lock = ServerLock(path)
    if not lock.acquire():
        raise DatabaseError(
            f"另一个服务器正在使用数据库 {path}",
            f"another hall server is using the database {path}",
        )
    return lock


def closing_plan(config: Config, db: Database, *, catch_up: bool = True) -> ClosingPlan:
    """Where the closing-time jobs write; backups only for a SQLite file. `catch_up` off:
    the one-PC demo (a day's report only at a closing time passed while running)."""
    path = db.file
    backups = path.parent / "backups" if path is not None and config.backups else None
    settings = replace(DEFAULT_SETTINGS, hours=config.hours)
    return ClosingPlan(
        config.resolved_reports_dir(), backups, settings, config.issuing_body, catch_up=catch_up
    )


class HallSystem(QObject):
    """The hall server with everything it serves. ``start()`` opens the database and
    listens; ``stop()`` undoes it all in order."""

    def __init__(
        self,
        config: Config,
        db_url: str,
        *,
        clock: Clock | None = None,
        jobs: bool = True,
        seed: bool = False,
        keypad_bus: str | None = None,
        check_results: bool = False,
        config_file: Path | None = None,
        catch_up: bool = True,
        tls: bool = False,
        parent: QObject | None = None,
    ) -> None:
        """`jobs`: closing-time backup and report, 差评 follow-ups (`catch_up` off: a day's
        report only at a closing time passed while running, as the one-PC demo wants).
        `seed`: write the demo hall into an empty database (the one-PC default). `keypad_bus`:
        the bus URL (default: the config's [devices] keypad_bus). `check_results`: check every
        reply against its command's declared type (tests). `config_file`: where to record the
        hall's id when the database gets one (the server's own config file). `tls`: serve
        wss:// with the hall's own certificate (made beside the config file at the first
        start)."""
        super().__init__(parent)
        self.config = config
        self.db_url = db_url
        self.clock = clock
        self.run_jobs = jobs
        self.seed = seed
        self.keypad_bus_url = config.keypad_bus if keypad_bus is None else keypad_bus
        self.config_file = config_file
        self.catch_up = catch_up
        self.tls = tls
        self.identity: ServerIdentity | None = None
        self.watch: StorageWatch | None = None
        self.backups: BackupPlan | None = None
        self.table: CommandTable = build_table(check_results=check_results)
        self.db: Database | None = None
        self.hall: Hall | None = None
        self.server: HallServer | None = None
        self.api: HttpService | None = None  # the HTTP API for machines ([api])
        self.phone: HttpService | None = None  # the visitor's phone page ([phone])
        self.phone_pages: PhoneStatus | None = None
        self.jobs: ServerJobs | None = None
        self.bus: BusKeypads | None = None
        self._reports: ReportJobs | None = None
        self.uplinks: Uplinks | None = None
        self._lock: ServerLock | None = None
        self._poster = Poster(self)
        self._tick = QTimer(self)
        self._tick.setInterval(JOBS_TICK_MS)
        self._storage_tick = QTimer(self)
        self._storage_tick.setInterval(int(STORAGE_CHECK_S * 1000))
        self._storage_tick.timeout.connect(self.check_storage)
        self._ratings_tick = QTimer(self)
        self._ratings_tick.setInterval(RATINGS_TICK_MS)
        self._ratings_tick.timeout.connect(self.expire_ratings)
        self._uplinks_tick = QTimer(self)
        self._uplinks_tick.setInterval(UPLINKS_TICK_MS)
        self._uplinks_tick.timeout.connect(self.check_uplinks)

    @property
    def engine(self) -> QueueEngine:
        assert self.hall is not None, "start() first"
        return self.hall.engine

    @property
    def db_label(self) -> str:
        """The database URL as logs and screens may show it (no password)."""
        return make_url(self.db_url).render_as_string(hide_password=True)

    def start(self, host: str = LOCALHOST, port: int = 0, *, new_hall: bool = False) -> int:
        """Open the hall's own database (refusing a missing or another hall's one unless
        `new_hall`), with `seed` fill an empty one, and serve; returns the port."""
        config = self.config
        path = sqlite_file(self.db_url)
        locations = backup_locations(path, [Path(p) for p in config.backup_destinations])
        self._lock = hold_database(path)
        key_file = config.resolved_key_file(self.config_file)
        key = load_key(key_file) if key_file.exists() else None
        self.db, hall_id = open_hall_database(
            self.db_url,
            copy_rules(config.hall_id or None, key),
            new_hall=new_hall,
            locations=locations,
            key_file=key_file,
        )
        if hall_id != config.hall_id and self.config_file is not None:
            record_hall_id(self.config_file, hall_id)
        if self.seed and seed_demo(self.db):  # no-op when the hall has services already
            log.warning("%s", DEMO_WARNING)
        engine = QueueEngine(
            self.db, clock=self.clock, settings=config.queue, estimator=estimator(config)
        )
        self._reports = ReportJobs(self.db, config.resolved_reports_dir())
        self.hall = build_hall(engine, config, reports=self._reports)
        if self.keypad_bus_url:
            self.bus = BusKeypads(self.hall, self.keypad_bus_url, self._poster.post).start()
            self.hall.keypad_bus = self.bus
        self.server = HallServer(self.hall, self.table, self, tls=self._tls_configuration(host))
        port = self.server.listen(host, port)
        self._serve_http(self.hall)
        self._start_uplinks(config)
        self.watch = StorageWatch(self.db, rescue_to=locations)
        self._storage_tick.start()
        self._ratings_tick.start()
        if self.db.file is not None and config.backups:
            self.backups = BackupPlan(
                self.db,
                [Path(p) for p in config.backup_destinations],
                interval_minutes=config.backup_interval_minutes,
                keep_daily=config.backup_keep_daily,
                keep_monthly=config.backup_keep_monthly,
            )
        if self.run_jobs:
            plan = closing_plan(config, self.db, catch_up=self.catch_up)
            self.jobs = ServerJobs(engine, plan, backups=self.backups)
            self.jobs.start()
            self._tick.timeout.connect(self.jobs.tick)
            self._tick.start()
        return port

    def _serve_http(self, hall: Hall) -> None:
        """The hall's HTTP service, on two addresses of its own (not the staff's port): the
        API for machines over HTTPS (the online platform's intake and the windows' business
        systems, each route behind its own token; one more is one `route` call) and the
        visitor's phone page, plain HTTP: the only one the public Wi-Fi needs, and phones
        cannot trust the hall's self-made certificate (it carries no secret)."""
        config, engine = self.config, hall.engine
        hall_name = lambda: str(hall.view.snapshot()["hall_name"])  # noqa: E731
        windows = config.window_api_enabled and bool(config.tokens.window_api)
        if config.intake_token or windows:
            tls = self._api_tls(config.api_host)
            self.api = HttpService("api", tls=tls, parent=self)
            if config.intake_token:
                register_intake(self.api, engine, hall_name, token=lambda: self.config.intake_token)
            if windows:
                register_windows(self.api, hall, self.table, lambda: self.config.tokens.window_api)
            self.api.listen(config.api_host, config.api_port)
        if config.phone_url:
            self.phone = HttpService(
                "phone", requests_per_minute=config.phone_requests_per_minute, parent=self
            )
            self.phone_pages = PhoneStatus(
                self.phone,
                engine,
                ticket_key=lambda: hall.ticket_key,  # the hall's own key (slip.ticket_key)
                hall_name=hall_name,
                service_waits=lambda: {
                    s["code"]: s["estimated_wait_s"] for s in hall.view.snapshot()["services"]
                },
                rating_url=config.phone_rating_url,
                parent=self,
            )
            self.phone.listen(config.phone_host, config.phone_port)

    def _tls_configuration(self, host: str) -> Any:
        """The server's TLS setup (its certificate made now on the first start), or None."""
        if self.config_file is not None and self.config_file.exists():
            make_private(self.config_file)  # it holds the machine tokens
        if not self.tls:
            if host not in LOOPBACK:
                log.warning(
                    "serving %s WITHOUT TLS: tokens' proofs and passwords cross the LAN in "
                    "clear. Set [server] tls = true",
                    host,
                )
            return None
        return self._own_certificate()

    def _api_tls(self, host: str) -> Any:
        """The API's TLS setup: the server's own certificate, the one wss:// shows (made now
        when there is none yet), unless [api] tls = false (said in the log whatever the
        address: a proxy on this machine is the one reason to turn it off)."""
        if not self.config.api_tls:
            log.warning(
                "serving the API for machines on %s WITHOUT TLS: its tokens cross the network "
                "in clear unless a reverse proxy in front of it does HTTPS ([api] tls = false)",
                host,
            )
            return None
        return self._own_certificate()

    def _own_certificate(self) -> Any:
        from app.net.tls import server_configuration

        if self.identity is None:
            cert, key = self.config.resolved_tls_files(self.config_file)
            self.identity, _made = ensure_identity(cert, key)
        return server_configuration(self.identity)

    def _start_uplinks(self, config: Config) -> None:
        """The 好差评 and city senders (their own threads)."""
        assert self.db is not None and self.hall is not None
        self.uplinks = start_uplinks(
            self.db,
            config.province,
            config.city,
            hall_name=config.hall_name,
            file_hours=hours_dict(config.hours),
            reasons={code: zh for code, zh, _ in config.queue.rating_reasons},
        )
        self._uplinks_tick.start()

    def check_uplinks(self) -> None:
        """Every few seconds: a stuck outbox or refused uploads are alarms on the consoles."""
        if self.uplinks is None or self.hall is None:
            return
        try:
            found = self.uplinks.check()
        except Exception as exc:  # storage lost: the storage alarm says so
            log.warning("uplinks not checked: %s", exc)
            return
        for key, alarm in found.items():
            self.hall.alarms.set(key, alarm)

    def expire_ratings(self) -> None:
        """Every second: the rating sessions past their deadline close as 未评价."""
        if self.hall is None:
            return
        try:
            self.hall.engine.expire_ratings()
        except HallError as exc:  # storage lost: the storage alarm says so
            log.warning("rating sessions not expired: %s", exc)

    def check_storage(self) -> None:
        """Every few seconds: the database file still there and sound, the backup copies
        going out; a failure is an alarm on every console, cleared when it passes."""
        if self.watch is None or self.hall is None:
            return
        status = self.watch.check()
        self.hall.alarms.set("storage", None if status.ok else status.as_dict())
        for dest in self.backups.status() if self.backups is not None else []:
            bad = dest.state in ("unreachable", "full", "failed")
            alarm = {
                "code": "backup_" + dest.state,
                "folder": str(dest.folder),
                "zh": dest.zh,
                "en": dest.en,
                "failures": dest.failures,
            }
            self.hall.alarms.set(f"backup:{dest.folder}", alarm if bad else None)

    @property
    def port(self) -> int:
        assert self.server is not None, "start() first"
        return self.server.port

    def stop(self) -> None:
        self._tick.stop()
        self._storage_tick.stop()
        self._ratings_tick.stop()
        self._uplinks_tick.stop()
        if self.uplinks is not None:
            self.uplinks.stop()
        if self.jobs is not None:
            self.jobs.stop()
        if self.bus is not None:
            self.bus.stop()
        if self.server is not None:
            self.server.close()
        if self.phone_pages is not None:
            self.phone_pages.close()
        for http in (self.api, self.phone):
            if http is not None:
                http.close()
        if self._reports is not None:
            self._reports.close()
        if self.db is not None:
            self.db.dispose()
        if self._lock is not None:
            self._lock.release()
            self._lock = None
