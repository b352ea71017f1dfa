"""Delivery of the province channel over HTTP(S): one request per queued item, in order.

Items go one after the other over a kept connection; the first that fails stops the batch
(the ones after it wait, so that the platform sees the hall's ratings in their order). An
item refused for good (the adapter's verdict) is set aside with the answer and the next one
goes on. Whatever was sent is marked in the hall's database only after its answer came: a
crash in between sends it again, with the same message id.
"""

from __future__ import annotations

import datetime as dt
import http.client
import ssl
from urllib.parse import urlsplit

from app.models import Database
from app.models.outbox import PROVINCE
from app.outbox.adapters import Adapter, Outcome
from app.outbox.errors import DeliveryFailed
from app.outbox.items import mark, pending, reading
from app.outbox.settings import ProvinceSettings

BATCH = 50


class HttpPost:
    """POSTs to one URL over a connection kept between requests (reopened after a failure)."""

    def __init__(self, url: str, *, timeout: float, ca_file: str = "") -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"not an http(s) URL: {url!r}")
        self.url = url
        self.https = parts.scheme == "https"
        self.host, self.port = parts.hostname, parts.port
        self.path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        self.timeout = timeout
        self.context = ssl.create_default_context(cafile=ca_file or None) if self.https else None
        self._conn: http.client.HTTPConnection | None = None

    @property
    def shown(self) -> str:
        """The URL without its query (which may carry a key)."""
        return self.url.split("?", 1)[0]

    def _connection(self) -> http.client.HTTPConnection:
        if self._conn is None:
            if self.https:
                self._conn = http.client.HTTPSConnection(
                    self.host, self.port, timeout=self.timeout, context=self.context
                )
            else:
                self._conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        return self._conn

    def post(self, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
        conn = self._connection()
        try:
            conn.request("POST", self.path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException) as exc:
            self.close()
            raise DeliveryFailed(
                f"无法送达好差评平台（{type(exc).__name__}）",
                f"the 好差评 platform could not be reached: {type(exc).__name__}: {exc}",
            ) from exc
        if response.will_close:
            self.close()
        return response.status, data

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


class ProvinceChannel:
    name = PROVINCE

    def __init__(
        self, db: Database, settings: ProvinceSettings, adapter: Adapter, *, batch: int = BATCH
    ) -> None:
        self.db = db
        self.adapter = adapter
        self.http = HttpPost(settings.url, timeout=settings.timeout_s, ca_file=settings.ca_file)
        self.batch = batch

    @property
    def target(self) -> str:
        return self.http.shown

    def step(self) -> int:
        with reading(self.db) as conn:
            items = pending(conn, PROVINCE, self.batch)
        delivered: list[int] = []
        rejected: list[tuple[int, str]] = []
        failure: tuple[int, str] | None = None
        error: Exception | None = None
        for item in items:
            body, headers = self.adapter.encode(item.payload)
            try:
                status, answer = self.http.post(body, headers)
            except DeliveryFailed as exc:
                failure, error = (item.id, exc.en), exc
                break
            verdict = self.adapter.verdict(status, answer)
            if verdict.outcome is Outcome.DELIVERED:
                delivered.append(item.id)
            elif verdict.outcome is Outcome.REJECTED:
                rejected.append((item.id, verdict.detail))
            else:
                failure = (item.id, verdict.detail)
                error = DeliveryFailed(
                    f"好差评平台暂不接收：{verdict.detail}",
                    f"the 好差评 platform did not take it: {verdict.detail}",
                )
                break
        if items:
            mark(self.db, dt.datetime.now(), delivered, rejected, failure)
        if error is not None:
            raise error
        return len(delivered) + len(rejected)

    def close(self) -> None:
        self.http.close()
