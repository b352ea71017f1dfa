"""Wire format: one JSON object per WebSocket text message, with a version field ``v``.

Server → client, first, on every connection
    {"v": 1, "type": "challenge", "nonce": "<32 hex digits, new for each connection>"}
Client → server
    {"v": 1, "type": "hello", "id": 1, "role": "counter", "credential": {...}, "last_seq": 41}
    {"v": 1, "type": "request", "id": 2, "op": "call_next", "args": {}}
Server → client
    {"v": 1, "type": "reply", "id": 2, "ok": true, "result": ...}
    {"v": 1, "type": "reply", "id": 2, "ok": false, "error": {"code", "zh", "en"}}
    {"v": 1, "type": "event", "event": {"seq", "at", "kind", "ticket_id", "window_id", "data"}}
    {"v": 1, "type": "events", "events": [{...}, {...}]}   (several events in seq order: those
        that waited for the client's next message, app.hall.audience.may_wait)
    {"v": 1, "type": "snapshot", "snapshot": {...}}
    {"v": 1, "type": "error", "id": null, "error": {...}}   (a message that had no usable id,
                                                           or the session was taken over)

The machine token never crosses the wire: the hello's credential carries
``proof`` = HMAC-SHA256(token, "hallqueue hello v1|<nonce>|<role>|<window>") instead, good for
this connection's nonce only, so a hello captured and replayed on another connection fails.
Request ids increase on a connection; a repeated id is answered with the first reply (the
request is not done twice), an older id that is no longer remembered is refused.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping, Sequence
from typing import Any

from app.hall.errors import BadRequest
from app.hall.wire import bad_text_path, plain
from app.net.errors import BadMessage, UnknownType, UnsupportedVersion
from app.queue.views import HallEvent

SECRET_FIELDS = frozenset(
    {"password", "new_password", "old_password", "token", "credential", "secret", "key", "proof"}
)

VERSION = 1
CLIENT_TYPES = ("hello", "request")
ROLES = ("kiosk", "counter", "display", "admin")
MAX_ID = 2**53


def encode(message: Mapping[str, Any]) -> str:
    return json.dumps({"v": VERSION, **message}, ensure_ascii=False, separators=(",", ":"))


def challenge_text(nonce: str) -> str:
    return encode({"type": "challenge", "nonce": nonce})


def hello_proof(token: str, nonce: str, role: str, window: Any) -> str:
    """What a hello carries instead of the machine token: bound to this connection's nonce,
    the role and the window (app.net.auth checks it; the client makes it)."""
    shown = "" if window is None else str(window)
    message = f"hallqueue hello v1|{nonce}|{role}|{shown}".encode()
    return hmac.new(token.encode(), message, hashlib.sha256).hexdigest()


def proven(credential: Mapping[str, Any], nonce: str, role: str) -> dict[str, Any]:
    """The credential as the hello sends it: the token replaced by its proof."""
    sent = dict(credential)
    token = sent.pop("token", None)
    if isinstance(token, str) and token:
        sent["proof"] = hello_proof(token, nonce, role, sent.get("window"))
    return sent


def event_dict(event: HallEvent) -> dict[str, Any]:
    """An event as clients get it: {seq, at, kind, ticket_id, window_id, data}."""
    return dict(plain(event))


def event_piece(event: Mapping[str, Any]) -> str:
    """One event dict as JSON, to be sent alone (event_message) or in a batch (batch_text)."""
    return json.dumps(event, ensure_ascii=False, separators=(",", ":"))


def event_message(piece: str) -> str:
    return f'{{"v":{VERSION},"type":"event","event":{piece}}}'


def batch_text(pieces: Sequence[str]) -> str:
    """Several events, in seq order, as one message."""
    return f'{{"v":{VERSION},"type":"events","events":[{",".join(pieces)}]}}'


def reply_ok(request_id: int | None, result: Any) -> str:
    return encode({"type": "reply", "id": request_id, "ok": True, "result": plain(result)})


def reply_error(request_id: int | None, error: Mapping[str, Any]) -> str:
    if request_id is None:
        return encode({"type": "error", "id": None, "error": dict(error)})
    return encode({"type": "reply", "id": request_id, "ok": False, "error": dict(error)})


def request_id_of(message: Any) -> int | None:
    """The message's id if it has a usable one (so that an error can answer it)."""
    if isinstance(message, dict):
        value = message.get("id")
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < MAX_ID:
            return value
    return None


def parse(text: str) -> Any:
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        raise BadMessage("消息不是有效的 JSON", "the message is not valid JSON") from None


def check_envelope(message: Any) -> dict[str, Any]:
    """Check a parsed client message's envelope; raises a NetError on anything wrong."""
    if not isinstance(message, dict):
        raise BadMessage("消息应为 JSON 对象", "the message must be a JSON object")
    version = message.get("v")
    if version != VERSION or isinstance(version, bool):
        raise UnsupportedVersion(
            f"协议版本不符（需要 {VERSION}），请升级程序",
            f"protocol version {version!r} is not supported (this server speaks {VERSION})",
        )
    kind = message.get("type")
    if kind not in CLIENT_TYPES:
        raise UnknownType(f"未知的消息类型：{kind!r}", f"unknown message type: {kind!r}")
    if request_id_of(message) is None:
        raise BadMessage("消息缺少有效的 id", "the message needs an integer id")
    # a request's args are the command's to check (CommandTable.run names the field within them)
    where = bad_text_path({k: v for k, v in message.items() if k != "args"})
    if where is not None:
        raise BadRequest(
            f"{where} 含有无效字符",
            f"{where!r} holds an unpaired surrogate (not valid text)",
            where,
        )
    return message


def redacted(value: Any) -> Any:
    """A message with every secret field (password, token, credential…) masked, for logs."""
    if isinstance(value, Mapping):
        return {
            k: "***" if str(k).lower() in SECRET_FIELDS else redacted(v) for k, v in value.items()
        }
    if isinstance(value, list):
        return [redacted(v) for v in value]
    return value
