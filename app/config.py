"""Settings and paths. Paths come from platformdirs so every OS gets its usual place.

The hall's options live in one TOML file (``config_path()``), written with every option, its
default and a comment on first run. ``load_config`` reads it with tomllib and checks every
value; a bad one raises ConfigError naming the key, in Chinese and English.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import secrets
import shutil
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from platformdirs import user_data_dir

from app.appraisal.settings import HallHours
from app.config_template import DEFAULT_TEMPLATE
from app.errors import HallError
from app.models.hall_key import APP_NAME, KEY_FILE_NAME, config_folder
from app.models.private_files import private_folder, write_private
from app.models.server_cert import CERT_FILE_NAME, normal_fingerprint
from app.models.server_cert import KEY_FILE_NAME as CERT_KEY_FILE_NAME
from app.outbox.adapters import ADAPTERS
from app.outbox.settings import CitySettings, ProvinceSettings
from app.queue.settings import AppointmentRules, QueueSettings

log = logging.getLogger(__name__)

CONFIG_FILE = "hallqueue.toml"
LANGUAGES = ("zh_CN", "en")
VOICE_BACKENDS = ("clips", "tts", "chime")
PRINTER_BACKENDS = ("pdf", "escpos", "none")
DEMO_WINDOWS = range(1, 9)


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


KNOWN = {
    "hall": {
        "name",
        "notice",
        "language",
        "opening",
        "closing",
        "lunch_start",
        "lunch_end",
        "issuer",
    },
    "server": {
        "host",
        "port",
        "db_url",
        "max_message_bytes",
        "reports_dir",
        "backups",
        "hall_id",
        "mac_key_file",
        "tls",
        "tls_cert_file",
        "tls_key_file",
    },
    "backup": {"destinations", "interval_minutes", "keep_daily", "keep_monthly"},
    "client": {"server_url", "machine", "token", "fingerprint"},
    "tokens": {"kiosk", "display", "counter", "evaluator", "admin", "window_api"},
    "limits": {f.name for f in fields(Limits)},
    "province": {
        "url",
        "format",
        "token",
        "ca_file",
        "timeout_s",
        "stuck_minutes",
        "area_code",
        "org_code",
    },
    "city": {"db_url", "stuck_minutes", "batch"},
    "window_api": {"enabled"},
    "ratings": {"timeout_s", "min_press_ms", "paths"},
    "queue": {
        "recall_cap",
        "enforce_hours",
        "enforce_calendar",
        "long_pause_minutes",
        "estimate_waits",
    },
    "appointments": {
        "early_minutes",
        "late_minutes",
        "in_a_row",
        "horizon_days",
        "lunch_slots",
        "place",
    },
    "api": {"host", "port", "tls", "intake_token"},
    "phone": {"url", "host", "port", "rating_url", "requests_per_minute"},
    "embedded": {"any_hour"},
    "devices": {"printer_backend", "printer_target", "keypads", "keypad_bus"},
    "voice": {"backend"},
}


# Keys of older versions that are read no more: a config file with them still loads (a hall
# that upgrades keeps working), with a warning saying what replaced them.
RETIRED = {
    "window_api.host": "the windows' API is served on [api] host / port now (HTTPS)",
    "window_api.port": "the windows' API is served on [api] host / port now (HTTPS)",
}


def new_token() -> str:
    return secrets.token_urlsafe(18)


def default_text() -> str:
    """The default file with fresh random machine tokens."""
    return DEFAULT_TEMPLATE.format(
        kiosk_tokens=f'kiosk1 = "{new_token()}"\n',
        display_tokens=f'lobby = "{new_token()}"\n',
        counter_tokens="".join(f'{n} = "{new_token()}"\n' for n in DEMO_WINDOWS),
        evaluator_tokens="".join(f'{n} = "{new_token()}"\n' for n in DEMO_WINDOWS),
        admin_tokens=f'supervisor-pc = "{new_token()}"\n',
        window_api_tokens="".join(f'{n} = "{new_token()}"\n' for n in DEMO_WINDOWS),
    )


def ensure_config_file(path: Path | None = None) -> Path:
    """Write the commented default file if there is none; returns its path."""
    path = path or config_path()
    if not path.exists():
        private_folder(path.parent)
        tmp = path.with_suffix(".tmp")
        write_private(tmp, default_text().encode("utf-8"))  # it holds the machine tokens
        tmp.replace(path)
    return path


HALL_ID_LINE = re.compile(r"^[ \t]*hall_id[ \t]*=.*$", re.MULTILINE)
SECTION = re.compile(r"^[ \t]*\[([^\]]+)\][ \t]*(#.*)?$", re.MULTILINE)


def record_hall_id(path: Path, hall_id: str) -> None:
    """Write ``[server] hall_id`` into the config file, keeping the rest of it as it is
    (comments included); atomic (temporary file, rename)."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    line = f'hall_id = "{hall_id}"'
    sections = list(SECTION.finditer(text))
    server = next((m for m in sections if m.group(1).strip() == "server"), None)
    if server is None:
        text = text.rstrip("\n") + ("\n\n" if text.strip() else "") + f"[server]\n{line}\n"
    else:
        after = [m for m in sections if m.start() > server.start()]
        end = after[0].start() if after else len(text)
        body = text[server.end() : end]
        if HALL_ID_LINE.search(body):
            body = HALL_ID_LINE.sub(line, body, count=1)
        else:
            body = f"\n{line}" + body
        text = text[: server.end()] + body + text[end:]
    parse_config(text, source=str(path))  # never write a file that does not load
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    if path.exists():
        shutil.copymode(path, tmp)
    tmp.replace(path)


def load_config(path: Path | None = None, *, create: bool = True) -> Config:
    path = path or config_path()
    if create:
        ensure_config_file(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(str(path), f"无法读取：{exc}", f"cannot read: {exc}") from exc
    return parse_config(text, source=str(path))


def config_for_tools(config_file: Path | None = None) -> tuple[Config, Path]:
    """The config of a command-line tool (verify, report): read when the file exists, never
    written; the defaults otherwise. Returns it with the config file's path."""
    path = config_file or config_path()
    return (load_config(path, create=False) if path.exists() else Config()), path


def parse_config(text: str, *, source: str = "<config>") -> Config:
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(source, f"TOML 格式错误：{exc}", f"not valid TOML: {exc}") from exc
    return _Reader(raw).config()


class _Reader:
    """Reads the parsed TOML, checking each value against its default's type."""

    def __init__(self, raw: dict[str, Any]) -> None:
        self.raw = raw

    def _table(self, key: str) -> dict[str, Any]:
        node: Any = self.raw
        for part in key.split("."):
            node = node.get(part, {}) if isinstance(node, dict) else None
            if not isinstance(node, dict):
                raise ConfigError(key, "应为一个表（[节]）", "must be a table ([section])")
        return node

    def _get(self, key: str, default: Any) -> Any:
        section, _, name = key.rpartition(".")
        value = self._table(section).get(name, default)
        kind = type(default)
        if kind is int and (isinstance(value, bool) or not isinstance(value, int)):
            raise ConfigError(
                key, f"应为整数，现为 {value!r}", f"must be an integer, not {value!r}"
            )
        if kind is bool and not isinstance(value, bool):
            raise ConfigError(
                key, f"应为 true 或 false，现为 {value!r}", f"must be true or false, not {value!r}"
            )
        if kind is str and not isinstance(value, str):
            raise ConfigError(key, f"应为文本，现为 {value!r}", f"must be a string, not {value!r}")
        return value

    def _time(self, key: str, default: dt.time) -> dt.time:
        value: str = self._get(key, default.strftime("%H:%M"))
        try:
            return dt.datetime.strptime(value, "%H:%M").time()
        except ValueError:
            raise ConfigError(
                key,
                f"应为 HH:MM 格式的时间，现为 {value!r}",
                f"must be a time HH:MM, not {value!r}",
            ) from None

    def _int(self, key: str, default: int, low: int, high: int) -> int:
        value: int = self._get(key, default)
        if not low <= value <= high:
            raise ConfigError(
                key, f"应在 {low}–{high} 之间，现为 {value}", f"must be {low}..{high}, not {value}"
            )
        return value

    def _choice(self, key: str, default: str, choices: tuple[str, ...]) -> str:
        value: str = self._get(key, default)
        if value not in choices:
            allowed = ", ".join(choices)
            raise ConfigError(
                key,
                f"应为 {allowed} 之一，现为 {value!r}",
                f"must be one of {allowed}, not {value!r}",
            )
        return value

    def _names(self, key: str) -> dict[str, str]:
        tokens = {}
        for name, value in self._table(key).items():
            if not isinstance(value, str) or len(value) < 8:
                raise ConfigError(
                    f"{key}.{name}", "令牌应为至少 8 个字符的文本", "a token must be 8+ characters"
                )
            tokens[name] = value
        return tokens

    def _window(self, key: str, name: str) -> int:
        if not name.isdigit() or not 1 <= int(name) <= 9999:
            raise ConfigError(
                f"{key}.{name}", "键应为窗口号（1–9999）", "the key must be a window number"
            )
        return int(name)

    def _keypads(self) -> dict[int, KeypadConfig]:
        key = "devices.keypads"
        keypads = {}
        for name, value in self._table(key).items():
            number = self._window(key, name)
            if not isinstance(value, dict) or not isinstance(value.get("url", ""), str):
                raise ConfigError(
                    f"{key}.{name}",
                    '应为 { url = "…", address = N }',
                    'must be { url = "…", address = N }',
                )
            address = value.get("address", 1)
            if isinstance(address, bool) or not isinstance(address, int) or not 1 <= address <= 247:
                raise ConfigError(
                    f"{key}.{name}.address", "地址应为 1–247", "the address must be 1..247"
                )
            keypads[number] = KeypadConfig(str(value.get("url", "")), address)
        return keypads

    def check_known(self) -> None:
        for section, value in self.raw.items():
            if section not in KNOWN:
                raise ConfigError(section, "未知的配置节", "unknown section")
            if not isinstance(value, dict):
                raise ConfigError(section, "应为一个表（[节]）", "must be a table ([section])")
            for name in value:
                if f"{section}.{name}" in RETIRED:
                    log.warning(
                        "config: %s.%s is no longer used (%s): remove it",
                        section,
                        name,
                        RETIRED[f"{section}.{name}"],
                    )
                elif name not in KNOWN[section]:
                    raise ConfigError(f"{section}.{name}", "未知的配置项", "unknown key")

    def config(self) -> Config:
        self.check_known()
        d = Config()
        q = d.queue
        counter = {
            self._window("tokens.counter", name): token
            for name, token in self._names("tokens.counter").items()
        }
        evaluator = {
            self._window("tokens.evaluator", name): token
            for name, token in self._names("tokens.evaluator").items()
        }
        window_api = {
            self._window("tokens.window_api", name): token
            for name, token in self._names("tokens.window_api").items()
        }
        long_pause = self._int("queue.long_pause_minutes", q.long_pause_minutes, 1, 480)
        paths = self._get("ratings.paths", list(q.rating_paths))
        if (
            not isinstance(paths, list)
            or not paths
            or any(path not in ("bus", "relayed", "tablet") for path in paths)
        ):
            raise ConfigError(
                "ratings.paths",
                "应为 bus、relayed、tablet 中的一个或几个",
                "must list one or more of bus, relayed, tablet",
            )
        url = self._get("client.server_url", d.client_server_url)
        if not url.startswith(("ws://", "wss://")):
            raise ConfigError(
                "client.server_url",
                "应以 wss://（或本机的 ws://）开头",
                f"must start with wss:// (or ws:// on this PC), not {url!r}",
            )
        fingerprint = self._get("client.fingerprint", d.client_fingerprint)
        if fingerprint and not normal_fingerprint(fingerprint):
            raise ConfigError(
                "client.fingerprint",
                "应为 64 位十六进制数（可含冒号）",
                "must be a SHA-256 fingerprint: 64 hex digits (colons allowed)",
            )
        return Config(
            hall_name=self._get("hall.name", d.hall_name),
            issuer=self._get("hall.issuer", d.issuer),
            notice=self._get("hall.notice", d.notice),
            language=self._choice("hall.language", d.language, LANGUAGES),
            server_host=self._get("server.host", d.server_host),
            server_port=self._int("server.port", d.server_port, 0, 65535),
            db_url=self._get("server.db_url", d.db_url),
            max_message_bytes=self._int(
                "server.max_message_bytes", d.max_message_bytes, 1024, 1 << 20
            ),
            client_server_url=url,
            client_machine=self._get("client.machine", d.client_machine),
            client_token=self._get("client.token", d.client_token),
            client_fingerprint=normal_fingerprint(fingerprint),
            server_tls=self._get("server.tls", d.server_tls),
            tls_cert_file=self._get("server.tls_cert_file", d.tls_cert_file),
            tls_key_file=self._get("server.tls_key_file", d.tls_key_file),
            limits=self._limits(d.limits),
            tokens=Tokens(
                kiosk=self._names("tokens.kiosk"),
                display=self._names("tokens.display"),
                counter=counter,
                evaluator=evaluator,
                admin=self._names("tokens.admin"),
                window_api=window_api,
            ),
            queue=QueueSettings(
                recall_cap=self._int("queue.recall_cap", q.recall_cap, 0, 20),
                enforce_hours=self._get("queue.enforce_hours", q.enforce_hours),
                enforce_calendar=self._get("queue.enforce_calendar", q.enforce_calendar),
                long_pause_minutes=long_pause,
                rating_timeout_s=self._int("ratings.timeout_s", q.rating_timeout_s, 5, 300),
                rating_min_press_ms=self._int(
                    "ratings.min_press_ms", q.rating_min_press_ms, 0, 10_000
                ),
                rating_paths=tuple(paths),
                appointments=self._appointments(),
            ),
            estimate_waits=self._get("queue.estimate_waits", d.estimate_waits),
            embedded_any_hour=self._get("embedded.any_hour", d.embedded_any_hour),
            keypads=self._keypads(),
            keypad_bus=self._get("devices.keypad_bus", d.keypad_bus),
            printer_backend=self._choice(
                "devices.printer_backend", d.printer_backend, PRINTER_BACKENDS
            ),
            printer_target=self._get("devices.printer_target", d.printer_target),
            voice_backend=self._choice("voice.backend", d.voice_backend, VOICE_BACKENDS),
            # One key for both: the queue's long pause is attendance's long leave (离岗说明).
            hours=replace(self._hours(d.hours), long_leave_minutes=long_pause),
            reports_dir=self._get("server.reports_dir", d.reports_dir),
            backups=self._get("server.backups", d.backups),
            hall_id=self._get("server.hall_id", d.hall_id),
            backup_destinations=self._folders("backup.destinations"),
            backup_interval_minutes=self._int(
                "backup.interval_minutes", d.backup_interval_minutes, 0, 1440
            ),
            backup_keep_daily=self._int("backup.keep_daily", d.backup_keep_daily, 1, 3660),
            backup_keep_monthly=self._int("backup.keep_monthly", d.backup_keep_monthly, 0, 1200),
            mac_key_file=self._get("server.mac_key_file", d.mac_key_file),
            api_host=self._get("api.host", d.api_host),
            api_port=self._int("api.port", d.api_port, 0, 65535),
            api_tls=self._get("api.tls", d.api_tls),
            intake_token=self._secret("api.intake_token"),
            phone_url=self._http_url("phone.url"),
            phone_host=self._get("phone.host", d.phone_host),
            phone_port=self._int("phone.port", d.phone_port, 0, 65535),
            phone_rating_url=self._http_url("phone.rating_url"),
            phone_requests_per_minute=self._int(
                "phone.requests_per_minute", d.phone_requests_per_minute, 10, 10_000
            ),
            **self._uplinks(d),
        )

    def _appointments(self) -> AppointmentRules:
        """[appointments], with the hall hours of [hall] (lunch left out unless lunch_slots)."""
        d = AppointmentRules()
        hours = self._hours(HallHours())
        lunch = (
            None
            if self._get("appointments.lunch_slots", False)
            else (
                hours.lunch_start,
                hours.lunch_end,
            )
        )
        return AppointmentRules(
            early_minutes=self._int("appointments.early_minutes", d.early_minutes, 0, 240),
            late_minutes=self._int("appointments.late_minutes", d.late_minutes, 0, 240),
            in_a_row=self._int("appointments.in_a_row", d.in_a_row, 0, 100),
            horizon_days=self._int("appointments.horizon_days", d.horizon_days, 0, 366),
            hall_open=hours.open_at,
            hall_close=hours.close_at,
            lunch=lunch,
            place=self._get("appointments.place", d.place),
        )

    def _secret(self, key: str) -> str:
        value: str = self._get(key, "")
        if value and len(value) < 16:
            raise ConfigError(
                key, "令牌应为至少 16 个字符（或留空）", "a token must be 16+ characters (or empty)"
            )
        return value

    def _http_url(self, key: str) -> str:
        value: str = self._get(key, "").strip()
        if value and not value.startswith(("http://", "https://")):
            raise ConfigError(
                key, "应以 http:// 或 https:// 开头", f"must start with http://, not {value!r}"
            )
        return value.rstrip("/")

    def _limits(self, default: Limits) -> Limits:
        """Every [limits] value a whole number of at least 1."""
        return Limits(
            **{
                f.name: self._int(f"limits.{f.name}", getattr(default, f.name), 1, 100_000)
                for f in fields(Limits)
            }
        )

    def _uplinks(self, d: Config) -> dict[str, Any]:
        """[province], [city], [window_api]: where the hall reports, and who may call it."""
        p, c = d.province, d.city
        url = self._get("province.url", p.url)
        if url and not url.startswith(("http://", "https://")):
            raise ConfigError("province.url", "应以 https:// 开头", "must start with https://")
        fmt = self._choice("province.format", p.format, tuple(sorted(ADAPTERS)))
        db_url = self._get("city.db_url", c.db_url)
        if db_url and not db_url.startswith("postgresql"):
            raise ConfigError(
                "city.db_url", "应为 PostgreSQL 地址", "must be a postgresql+psycopg:// URL"
            )
        return {
            "province": ProvinceSettings(
                url=url,
                format=fmt,
                token=self._get("province.token", p.token),
                ca_file=self._get("province.ca_file", p.ca_file),
                timeout_s=self._int("province.timeout_s", p.timeout_s, 1, 300),
                stuck_minutes=self._int("province.stuck_minutes", p.stuck_minutes, 1, 10080),
                area_code=self._get("province.area_code", p.area_code),
                org_code=self._get("province.org_code", p.org_code),
            ),
            "city": CitySettings(
                db_url=db_url,
                stuck_minutes=self._int("city.stuck_minutes", c.stuck_minutes, 1, 10080),
                batch=self._int("city.batch", c.batch, 10, 100_000),
            ),
            "window_api_enabled": self._get("window_api.enabled", d.window_api_enabled),
        }

    def _folders(self, key: str) -> tuple[str, ...]:
        section, _, name = key.rpartition(".")
        value = self._table(section).get(name, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise ConfigError(
                key,
                '应为文件夹路径的列表，如 ["D:/备份"]',
                'must be a list of folders, e.g. ["D:/backups"]',
            )
        return tuple(value)

    def _hours(self, default: HallHours) -> HallHours:
        opening = self._time("hall.opening", default.open_at)
        closing = self._time("hall.closing", default.close_at)
        if closing <= opening:
            raise ConfigError(
                "hall.closing", "闭厅时间应晚于开厅时间", "closing must be after opening"
            )
        lunch_start = self._time("hall.lunch_start", default.lunch_start)
        lunch_end = self._time("hall.lunch_end", default.lunch_end)
        if not opening <= lunch_start < lunch_end <= closing:
            raise ConfigError(
                "hall.lunch_end",
                "午休时段应在开厅与闭厅之间，且开始早于结束",
                "lunch must start before it ends, within the hall hours",
            )
        return replace(
            default,
            open_at=opening,
            close_at=closing,
            lunch_start=lunch_start,
            lunch_end=lunch_end,
        )
