"""Typed reads of the parsed config file: each value checked against its default's type,
its range or its choices, with the dotted key named in the ConfigError (Chinese and English).
app.config_reader builds the Config from these."""

from __future__ import annotations

import datetime as dt
from typing import Any

from app.config import ConfigError


class ValueReader:
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
