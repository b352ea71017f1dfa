"""What the config file says about the hall's uplinks (read by app.config)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ProvinceSettings:
    """The province's 好差评 platform: where to post, in which format, and when a backlog
    becomes an alarm on the supervisor's monitor."""

    url: str = ""  # "" → no uploads (the channel stays off)
    format: str = "national"  # an adapter name (app/outbox/adapters.py)
    token: str = ""  # sent as "Authorization: Bearer …" (a secret: never logged)
    ca_file: str = ""  # a CA certificate for an https endpoint with its own CA
    timeout_s: int = 10
    stuck_minutes: int = 30  # alarm when the oldest undelivered item is older than this
    area_code: str = ""  # 行政区划代码 of the hall
    org_code: str = ""  # 统一社会信用代码 / 机构编码 of the hall

    @property
    def enabled(self) -> bool:
        return bool(self.url)


@dataclass(frozen=True)
class CitySettings:
    """The city's appraisal database (PostgreSQL) that the hall ships its records to."""

    db_url: str = ""  # postgresql+psycopg://… ; "" → not shipping
    stuck_minutes: int = 60
    batch: int = 2000  # outbox rows per delivery

    @property
    def enabled(self) -> bool:
        return bool(self.db_url)
