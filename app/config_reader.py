"""The config file's values checked and assembled into a Config: the known sections and
keys (an unknown one is refused, a retired one warned about), and each value's rule."""

from __future__ import annotations

import logging
import tomllib
from dataclasses import fields, replace
from typing import Any

from app.appraisal.settings import HallHours
from app.config import Config, ConfigError, KeypadConfig, Limits, Tokens
from app.config_values import ValueReader
from app.models.server_cert import normal_fingerprint
from app.outbox.adapters import ADAPTERS
from app.outbox.settings import CitySettings, ProvinceSettings
from app.queue.settings import AppointmentRules, QueueSettings

log = logging.getLogger(__name__)

LANGUAGES = ("zh_CN", "en")
VOICE_BACKENDS = ("clips", "tts", "chime")
PRINTER_BACKENDS = ("pdf", "escpos", "none")


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


def parse_config(text: str, *, source: str = "<config>") -> Config:
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(source, f"TOML 格式错误：{exc}", f"not valid TOML: {exc}") from exc
    return ConfigReader(raw).config()


class ConfigReader(ValueReader):
    """The Config from the parsed TOML: every section and key known, every value checked."""

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
