"""The wire schema of commands: typed requests (msgspec Structs) and their checking.

Every command's request is a Struct; a client's args are converted to it strictly (no
coercion of "1" to 1, no unknown fields), so any bad argument becomes a BadRequest that names
the field, never an internal error. Results are turned into plain JSON values here too.

msgspec rather than pydantic: the server decodes every message on its one thread, and msgspec
converts and encodes several times faster; its Structs are plain typed classes that mypy
checks, and it produces JSON Schema for the protocol document.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

import msgspec
import msgspec.structs

from app.hall.errors import BadRequest

MAX_INT = 2**53  # what every JSON peer (JavaScript included) reads exactly
MAX_TEXT = 4000

Id = Annotated[int, msgspec.Meta(ge=1, le=MAX_INT, description="a record id")]
Count = Annotated[int, msgspec.Meta(ge=0, le=MAX_INT)]
Seq = Annotated[int, msgspec.Meta(ge=0, le=MAX_INT, description="a hall event sequence number")]
WindowNo = Annotated[int, msgspec.Meta(ge=1, le=9999, description="a window number")]
Year = Annotated[int, msgspec.Meta(ge=2000, le=2100)]
Text = Annotated[str, msgspec.Meta(max_length=MAX_TEXT)]
Code = Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
Number = Annotated[str, msgspec.Meta(min_length=1, max_length=16, description='"A012"')]
Day = Annotated[str, msgspec.Meta(pattern=r"^\d{4}-\d{2}-\d{2}$", description="YYYY-MM-DD")]
Month = Annotated[str, msgspec.Meta(pattern=r"^\d{4}-\d{2}$", description="YYYY-MM")]
Moment = Annotated[
    str,
    msgspec.Meta(
        pattern=r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?$", description="YYYY-MM-DDTHH:MM"
    ),
]
Said = Annotated[str, msgspec.Meta(min_length=1, max_length=MAX_TEXT, description="not empty")]


class Request(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """Base of every command's arguments."""


class NoArgs(Request):
    pass


def decode(args: Any, request: type[msgspec.Struct]) -> Any:
    """A client's args as the command's request; raises BadRequest naming the field."""
    if not isinstance(args, dict):
        raise BadRequest("args 应为 JSON 对象", "args must be a JSON object", "args")
    where = bad_text_path(args)
    if where is not None:
        raise BadRequest(
            f"参数 {where or 'args'} 含有无效字符",
            f"argument {where or 'args'!r} holds an unpaired surrogate (not valid text)",
            where,
        )
    fields = msgspec.structs.fields(request)
    known = {f.encode_name for f in fields}
    for key in args:
        if key not in known:  # named here, not parsed out of msgspec's message: any key works
            raise BadRequest(f"不认识的参数 {key}", f"unknown argument {key!r}", str(key))
    for f in fields:
        if f.required and f.encode_name not in args:
            name = f.encode_name
            raise BadRequest(f"缺少参数 {name}", f"missing argument {name!r}", name)
    try:
        return msgspec.convert(args, request, strict=True)
    except msgspec.ValidationError as exc:
        raise bad_request(str(exc)) from None


def plain(result: Any) -> Any:
    """A command's result as JSON values (dataclasses and Structs → objects, dates → ISO)."""
    return msgspec.to_builtins(result, str_keys=True)


def check_result(value: Any, result: Any) -> None:
    """Raises if a plain result does not have the command's declared result type."""
    msgspec.convert(value, result, strict=False)


def bad_text_path(value: Any, path: str = "") -> str | None:
    """The path of the first text (key or value) that is not valid Unicode (an unpaired
    surrogate from a JSON "\\ud800" escape), or None."""
    if isinstance(value, str):
        return path if _bad_text(value) else None
    if isinstance(value, dict):
        for key, item in value.items():
            here = f"{path}.{key}" if path else str(key)
            if isinstance(key, str) and _bad_text(key):
                return path or "args"
            found = bad_text_path(item, here)
            if found is not None:
                return found
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found = bad_text_path(item, f"{path}[{index}]")
            if found is not None:
                return found
    return None


def _bad_text(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


_AT = re.compile(r" - at `\$\.?(?P<path>[^`]*)`$")
_WANTS = (
    (re.compile(r"Expected `int` >= (-?\d+)"), "应不小于 {0}", "must be >= {0}"),
    (re.compile(r"Expected `int` <= (-?\d+)"), "应不大于 {0}", "must be <= {0}"),
    (re.compile(r"length <= (\d+)"), "过长（最多 {0} 个字符）", "is too long (at most {0})"),
    (re.compile(r"length >= (\d+)"), "过短（至少 {0} 个字符）", "is too short (at least {0})"),
    (re.compile(r"matching regex"), "格式不对", "has the wrong format"),
    (re.compile(r"Expected `int( \| null)?`"), "应为整数", "must be an integer"),
    (re.compile(r"Expected `str( \| null)?`"), "应为文本", "must be text"),
    (re.compile(r"Expected `bool( \| null)?`"), "应为 true 或 false", "must be true or false"),
    (re.compile(r"Expected `array( \| null)?`"), "应为列表", "must be a list"),
    (re.compile(r"Expected `object( \| null)?`"), "应为对象", "must be an object"),
    (re.compile(r"Invalid enum value"), "取值无效", "has a value that is not allowed"),
)


def bad_request(message: str) -> BadRequest:
    """msgspec's validation message (a value of the wrong type or out of range; unknown and
    missing fields are named by decode) as a BadRequest with the field and a Chinese text."""
    at = _AT.search(message)
    path = at.group("path") if at else ""
    text = _AT.sub("", message)
    field = path or "args"
    for pattern, zh, en in _WANTS:
        found = pattern.search(text)
        if found:
            groups = found.groups()
            return BadRequest(
                f"参数 {field} " + zh.format(*groups),
                f"argument {field!r} " + en.format(*groups),
                field,
            )
    return BadRequest(f"参数 {field} 无效", f"argument {field!r} is not valid: {text}", field)
