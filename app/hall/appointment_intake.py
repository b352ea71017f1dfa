"""The online platform's intake (网上预约平台对接): push appointments, query free slots, cancel;
and the same records imported from a CSV or JSON file (`python -m app appointments import`).

Idempotent by the platform's `external_id`: the same booking pushed twice is one appointment
(the second answer says created: false); the same id with other data is refused. A push of
several records is all or nothing: one engine transaction, and any bad record (named by its
index and field) leaves nothing written. The HTTP layer (app/net/intake_http.py) only turns
these results and IntakeErrors into HTTP answers.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import msgspec

from app.errors import HallError
from app.hall import wire
from app.hall.appointment_commands import notice_of
from app.hall.errors import BadRequest
from app.queue import QueueEngine, appointment_views, booking, slots
from app.queue.appointment_views import AppointmentView
from app.queue.booking import Booking
from app.queue.booking_errors import BookingError
from app.queue.errors import NotFound, QueueError
from app.queue.store import Tx

MAX_RECORDS = 500  # per push or file
FIELDS = ("external_id", "service", "slot_start", "name", "phone", "note")


class IntakeItem(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """One appointment as the platform sends it (slot_start in the hall's local time)."""

    external_id: Annotated[
        str, msgspec.Meta(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._:\-]+$")
    ]
    service: Annotated[str, msgspec.Meta(min_length=1, max_length=4)]
    slot_start: Annotated[
        str, msgspec.Meta(min_length=16, max_length=19, description="YYYY-MM-DDTHH:MM")
    ]
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=32)]
    phone: Annotated[str, msgspec.Meta(min_length=1, max_length=32)]
    note: Annotated[str, msgspec.Meta(max_length=200)] = ""


class IntakeError(HallError):
    """A refused intake request: the HTTP status, and where the fault is (field, index)."""

    def __init__(
        self, status: int, code: str, zh: str, en: str, field: str = "", index: int | None = None
    ) -> None:
        super().__init__(zh, en)
        self.status, self.code, self.field, self.index = status, code, field, index

    def as_dict(self) -> dict[str, Any]:
        found = super().as_dict()
        if self.field:
            found["field"] = self.field
        if self.index is not None:
            found["index"] = self.index
        return found

    @classmethod
    def of(cls, exc: HallError, index: int | None = None, prefix: str = "") -> IntakeError:
        """A refusal of a lower layer, with the record's index and field path."""
        field = str(getattr(exc, "field", "") or "")
        status = 400
        if isinstance(exc, BookingError):
            status = exc.status
        elif isinstance(exc, NotFound):
            status, field = 422, field or "service"
        elif isinstance(exc, QueueError):
            status = 409
        path = f"{prefix}{field}" if field else prefix.rstrip(".")
        return cls(status, exc.code, exc.zh, exc.en, path, index)


def bad_json(detail: str) -> IntakeError:
    return IntakeError(
        400, "bad_json", "请求内容不是有效的 JSON", f"the body is not valid JSON: {detail}"
    )


def _records(payload: Any) -> tuple[list[Any], str]:
    """The records of a payload: one object, a list, or {"appointments": [...]}; and the
    path prefix that names them."""
    if isinstance(payload, dict) and set(payload) == {"appointments"}:
        payload = payload["appointments"]
        if not isinstance(payload, list):
            raise IntakeError(
                400, "bad_request", "appointments 应为列表", "appointments must be a list",
                "appointments",
            )  # fmt: skip
        return payload, "appointments"
    if isinstance(payload, list):
        return payload, ""
    if isinstance(payload, dict):
        return [payload], "-"
    raise IntakeError(
        400, "bad_request", "请求内容应为 JSON 对象或列表", "the body must be an object or a list"
    )


def _place(where: str, index: int) -> tuple[int | None, str]:
    """(index, field path prefix) of a record: none for a single object."""
    if where == "-":
        return None, ""
    return index, f"{where}[{index}]."


def decode_items(payload: Any) -> tuple[list[IntakeItem], str]:
    """The records, checked field by field, and where they were (for the error paths)."""
    records, where = _records(payload)
    if not records:
        raise IntakeError(400, "bad_request", "没有预约记录", "no appointment records", where)
    if len(records) > MAX_RECORDS:
        raise IntakeError(
            413, "too_many", f"一次最多 {MAX_RECORDS} 条", f"at most {MAX_RECORDS} records at once"
        )
    items = []
    for i, record in enumerate(records):
        index, prefix = _place(where, i)
        try:
            items.append(wire.decode(record, IntakeItem))
        except BadRequest as exc:
            raise IntakeError.of(exc, index, prefix) from None
    return items, where


def slot_start_of(item: IntakeItem, index: int | None, prefix: str) -> dt.datetime:
    try:
        value = dt.datetime.fromisoformat(item.slot_start)
    except ValueError:
        value = None
    if value is None or value.tzinfo is not None or value.second or value.microsecond:
        raise IntakeError(
            400,
            "bad_request",
            "slot_start 应为本地时间 YYYY-MM-DDTHH:MM",
            "slot_start must be a local time YYYY-MM-DDTHH:MM",
            f"{prefix}slot_start",
            index,
        )
    return value


def result_of(view: AppointmentView, created: bool, notice: str) -> dict[str, Any]:
    return {
        "external_id": view.external_id,
        "code": view.code,
        "service": view.service_code,
        "slot_start": view.slot_start.strftime("%Y-%m-%dT%H:%M"),
        "slot_end": view.slot_end.strftime("%Y-%m-%dT%H:%M"),
        "status": view.status,
        "created": created,
        "notice": notice,
    }


def push(
    engine: QueueEngine,
    payload: Any,
    hall_name: str,
    *,
    source: str = "online",
    by: str = "online",
) -> dict[str, Any]:
    """Book every record of the payload, or none: {"appointments": [...], "created": n}."""
    items, where = decode_items(payload)
    rules = engine.settings.appointments
    places = [_place(where, i) for i in range(len(items))]
    bookings = [
        Booking(
            service=item.service,
            slot_start=slot_start_of(item, *places[i]),
            name=item.name,
            phone=item.phone,
            source=source,
            by=by,
            external_id=item.external_id,
            note=item.note,
        )
        for i, item in enumerate(items)
    ]

    def write(tx: Tx) -> list[tuple[AppointmentView, bool]]:
        done = []
        for i, wanted in enumerate(bookings):
            try:
                done.append(booking.push(tx, rules, wanted))
            except HallError as exc:  # the whole transaction is rolled back
                raise IntakeError.of(exc, *places[i]) from None
        return done

    results = engine.run(write)
    return {
        "appointments": [
            result_of(view, created, notice_of(view, hall_name, rules).text)
            for view, created in results
        ],
        "created": sum(1 for _, created in results if created),
    }


def cancel(engine: QueueEngine, external_id: str, by: str = "online") -> dict[str, Any]:
    try:
        view, changed = engine.run(lambda tx: booking.cancel_external(tx, external_id, by))
    except HallError as exc:
        raise IntakeError.of(exc) from None
    return {"external_id": external_id, "code": view.code, "status": view.status,
            "changed": changed}  # fmt: skip


def status(engine: QueueEngine, external_id: str) -> dict[str, Any]:
    try:
        with engine.db.read() as conn:
            view = appointment_views.find_external(conn, external_id, engine.clock.now())
    except HallError as exc:
        raise IntakeError.of(exc) from None
    return {**result_of(view, False, ""), "phone": view.phone, "ticket": view.ticket_number}


def free_slots(engine: QueueEngine, query: dict[str, str]) -> dict[str, Any]:
    """?service=B&from=YYYY-MM-DD&days=7: the slots with a free place."""
    service = query.get("service", "").strip()
    if not service:
        raise IntakeError(400, "bad_request", "缺少参数 service", "missing service", "service")
    now = engine.clock.now()
    try:
        first = dt.date.fromisoformat(query["from"]) if "from" in query else now.date()
        days = int(query.get("days", "7"))
    except ValueError:
        raise IntakeError(
            400, "bad_request", "from 应为 YYYY-MM-DD，days 应为整数",
            "from must be YYYY-MM-DD and days an integer", "from",
        ) from None  # fmt: skip
    if not 1 <= days <= 31:
        raise IntakeError(400, "bad_request", "days 应为 1–31", "days must be 1..31", "days")
    try:
        with engine.db.read() as conn:
            found = slots.slots(conn, service, first, days, engine.settings.appointments, now)
    except HallError as exc:
        raise IntakeError.of(exc) from None
    return {
        "service": service.upper(),
        "slots": [
            {
                "start": s.start.strftime("%Y-%m-%dT%H:%M"),
                "end": s.end.strftime("%Y-%m-%dT%H:%M"),
                "free": s.free,
            }
            for s in found
            if s.free > 0
        ],
    }


def services(engine: QueueEngine) -> dict[str, Any]:
    """The services that take bookings, with their slot length and places."""
    with engine.db.read() as conn:
        rules = [r for r in slots.list_rules(conn) if r.active]
    return {"services": [r.as_dict() for r in rules]}


# Files
def read_records(path: Path) -> Any:
    """The records of a .json file (a list, or {"appointments": [...]}) or a .csv file with
    the header external_id,service,slot_start,name,phone[,note] (UTF-8, Excel's BOM too)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise IntakeError(
            400, "bad_file", f"无法读取文件：{exc}", f"cannot read the file: {exc}"
        ) from None
    if path.suffix.lower() == ".json":
        try:
            payload = json.loads(text)
        except ValueError as exc:
            raise bad_json(str(exc)) from None
        _records(payload)  # one object, a list, or {"appointments": [...]}
        return payload
    if path.suffix.lower() != ".csv":
        raise IntakeError(
            400, "bad_file", "文件应为 .csv 或 .json", "the file must be .csv or .json"
        )
    reader = csv.DictReader(io.StringIO(text))
    columns = set(reader.fieldnames or ())
    if not set(FIELDS[:5]) <= columns or not columns <= set(FIELDS):
        raise IntakeError(
            400, "bad_file", f"CSV 表头应为 {','.join(FIELDS)}（note 可省略）",
            f"the CSV header must be {','.join(FIELDS)} (note may be left out)",
        )  # fmt: skip
    return [{k: (v or "") for k, v in row.items() if k in FIELDS} for row in reader]


def import_file(
    engine: QueueEngine, path: Path, hall_name: str, progress: Callable[[str], None] = print
) -> dict[str, Any]:
    """Import a file's records with the intake's rules (all or nothing)."""
    records = read_records(path)
    result = push(engine, records, hall_name, source="import", by=f"import:{path.name}")
    for item in result["appointments"]:
        state = "新建 / created" if item["created"] else "已有 / existing"
        progress(f"{item['external_id']}\t{item['code']}\t{item['slot_start']}\t{state}")
    return result
