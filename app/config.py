"""Settings and paths. Paths come from platformdirs so every OS gets its usual place.

The hall's options live in one TOML file (``config_path()``), written with every option, its
default and a comment on first run. This module holds the paths and the settings themselves
(``Config`` and its parts); app.config_file creates, reads and updates the file
(``load_config``), and app.config_reader checks every value: a bad one raises ConfigError
naming the key, in Chinese and English.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from platformdirs import user_data_dir

from app.appraisal.settings import HallHours
from app.errors import HallError
from app.models.hall_key import APP_NAME, KEY_FILE_NAME, config_folder
from app.models.server_cert import CERT_FILE_NAME
from app.models.server_cert import KEY_FILE_NAME as CERT_KEY_FILE_NAME
from app.outbox.settings import CitySettings, ProvinceSettings
from app.queue.settings import QueueSettings

CONFIG_FILE = "hallqueue.toml"


def data_dir() -> Path:
    """Where the hall's database, reports and backups live (HALLQUEUE_HOME overrides)."""
    override = os.environ.get("HALLQUEUE_HOME")
    return Path(override) if override else Path(user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    return config_folder()


def config_path() -> Path:
    return config_dir() / CONFIG_FILE


def default_db_url() -> str:
    return f"sqlite:///{data_dir() / 'hall.db'}"


class ConfigError(HallError):
    """A configuration value is wrong; ``key`` names it (dotted TOML path)."""

    code = "config_error"

    def __init__(self, key: str, zh: str, en: str) -> None:
        super().__init__(f"配置项 {key}：{zh}", f"config key {key}: {en}")
        self.key = key


@dataclass(frozen=True)
class KeypadConfig:
    url: str  # serial port or socket://host:port; "" means the simulated keypad
    address: int = 1


@dataclass(frozen=True)
class Tokens:
    """Machine tokens: kiosk and display by machine name; counter and the tablet evaluator
    by window number (each works for its own window only); admin: the machines from which
    the console may log in (the supervisor's PC), by machine name."""

    kiosk: Mapping[str, str] = field(default_factory=dict)
    display: Mapping[str, str] = field(default_factory=dict)
    counter: Mapping[int, str] = field(default_factory=dict)
    evaluator: Mapping[int, str] = field(default_factory=dict)
    admin: Mapping[str, str] = field(default_factory=dict)
    window_api: Mapping[int, str] = field(default_factory=dict)  # 一窗受理系统, by window


@dataclass(frozen=True)
class Limits:
    """[limits]: logins and what one machine may add to the records per minute."""

    login_staff_failures: int = 5  # wrong passwords for one staff number → locked
    login_address_failures: int = 20  # failed logins from one address → locked
    login_backoff_after: int = 3  # failures in a row, then each next try waits 1, 2, 4 … s
    login_window_minutes: int = 15  # failures older than this are forgotten
    lockout_minutes: int = 15  # a lock lifts by itself after this (or a supervisor unlocks)
    tickets_per_minute: int = 20  # per kiosk (issue and check-in), sustained
    ticket_burst: int = 10  # per kiosk, at once (a family taking numbers)
    device_reports_per_minute: int = 12  # per machine: printer / keypad online reports
    device_report_burst: int = 6


@dataclass(frozen=True)
class Config:
    hall_name: str = "政务服务中心"
    issuer: str = ""  # the body that issues the month and year 通报; "" → the hall's name
    notice: str = "请取号后留意叫号，过号请到原窗口重新排队。"
    language: str = "zh_CN"
    server_host: str = "0.0.0.0"
    server_port: int = 8765
    server_tls: bool = True  # wss:// with the server's own certificate (pinned by clients)
    tls_cert_file: str = ""  # "" → hall-cert.pem beside the config file
    tls_key_file: str = ""  # "" → hall-cert.key beside the config file
    db_url: str = ""  # "" → SQLite file in the data folder
    max_message_bytes: int = 65536
    client_server_url: str = "wss://127.0.0.1:8765"
    client_machine: str = ""
    client_token: str = ""
    client_fingerprint: str = ""  # the server certificate's SHA-256 (64 hex digits)
    tokens: Tokens = field(default_factory=Tokens)
    queue: QueueSettings = field(default_factory=QueueSettings)
    estimate_waits: bool = True
    embedded_any_hour: bool = True
    keypads: Mapping[int, KeypadConfig] = field(default_factory=dict)
    keypad_bus: str = ""  # the server's RS-485 keypad bus (windows with keypad_url "bus")
    printer_backend: str = "pdf"
    printer_target: str = ""
    voice_backend: str = "clips"
    hours: HallHours = field(default_factory=HallHours)
    reports_dir: str = ""  # "" → reports in the data folder
    backups: bool = True
    hall_id: str = ""  # written by the server: the hall whose database it serves
    backup_destinations: tuple[str, ...] = ()  # folders for copies besides backups/
    backup_interval_minutes: int = 15  # 0: only the copy after closing
    backup_keep_daily: int = 30
    backup_keep_monthly: int = 12
    mac_key_file: str = ""  # "" → hall.key beside the config file
    api_host: str = "0.0.0.0"  # the HTTP API for machines (online platform, windows' systems)
    api_port: int = 8766
    api_tls: bool = True  # HTTPS with the server's own certificate (tokens never in clear)
    intake_token: str = ""  # the online platform's token; "" → no intake API
    phone_url: str = ""  # the phone page's address on the public Wi-Fi; "" → no phone page
    phone_host: str = "0.0.0.0"
    phone_port: int = 8767
    phone_rating_url: str = ""  # phone rating (好差评) link after the case; "" → none
    phone_requests_per_minute: int = 60  # per phone (address); more are refused (429)
    limits: Limits = field(default_factory=Limits)
    province: ProvinceSettings = field(default_factory=ProvinceSettings)  # 好差评 uploads
    city: CitySettings = field(default_factory=CitySettings)  # the city's database
    window_api_enabled: bool = False  # the windows' business systems' routes on [api]

    def resolved_db_url(self) -> str:
        return self.db_url or default_db_url()

    @property
    def issuing_body(self) -> str:
        return self.issuer or self.hall_name

    def resolved_key_file(self, config_file: Path | None = None) -> Path:
        """The hall's MAC key file: server.mac_key_file (relative to the config file's
        folder), else hall.key beside the config file."""
        folder = (config_file or config_path()).parent
        name = Path(self.mac_key_file).expanduser() if self.mac_key_file else Path(KEY_FILE_NAME)
        return folder / name

    def resolved_tls_files(self, config_file: Path | None = None) -> tuple[Path, Path]:
        """The server's certificate and its key: [server] tls_cert_file / tls_key_file
        (relative to the config file's folder), else beside the config file."""
        folder = (config_file or config_path()).parent
        cert = Path(self.tls_cert_file).expanduser() if self.tls_cert_file else None
        key = Path(self.tls_key_file).expanduser() if self.tls_key_file else None
        return folder / (cert or CERT_FILE_NAME), folder / (key or CERT_KEY_FILE_NAME)

    def resolved_reports_dir(self) -> Path:
        return Path(self.reports_dir) if self.reports_dir else data_dir() / "reports"

    def with_queue(self, **changes: Any) -> Config:
        return replace(self, queue=replace(self.queue, **changes))
