"""Bad arguments for any command, generated from its wire schema (msgspec's type info): one
thing wrong per request, and the field a typed bad_request must name for it."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import msgspec.inspect as mi
from hypothesis import strategies as st

from app.hall.command import Command

SURROGATES = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)
TEXT = st.characters(codec="utf-8")  # valid Unicode: no lone surrogates
HUGE = st.sampled_from([2**53 + 1, 2**63 - 1, 2**63, 2**64, 10**30])
SCALARS: dict[str, st.SearchStrategy[Any]] = {
    "null": st.none(),
    "bool": st.booleans(),
    "int": st.integers(min_value=-(2**70), max_value=2**70) | HUGE,
    "float": st.floats(allow_nan=False, allow_infinity=False).filter(lambda x: x != int(x)),
    "str": st.text(TEXT, max_size=12),
}
JSON = st.recursive(
    st.one_of(*SCALARS.values()),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(TEXT, max_size=6), inner,
                                                                 max_size=3),
    max_leaves=8,
)  # fmt: skip
CONTAINERS: dict[str, st.SearchStrategy[Any]] = {
    "list": st.lists(JSON, max_size=3),
    "dict": st.dictionaries(st.text(TEXT, max_size=6), JSON, max_size=3),
}
KINDS = {**SCALARS, **CONTAINERS}


@dataclass(frozen=True)
class Field:
    name: str
    type: Any  # msgspec.inspect type, Metadata and the None of an optional field taken off
    required: bool
    nullable: bool

    @property
    def accepts(self) -> set[str]:
        """The JSON kinds the field takes."""
        found = {"null"} if self.nullable else set()
        kind = {mi.IntType: "int", mi.StrType: "str", mi.LiteralType: "str", mi.BoolType: "bool",
                mi.DictType: "dict", mi.ListType: "list"}.get(type(self.type))  # fmt: skip
        return found | ({kind} if kind else set(KINDS))


def unwrap(t: Any) -> Any:
    while isinstance(t, mi.Metadata):
        t = t.type
    return t


def fields_of(entry: Command) -> list[Field]:
    found = []
    for f in mi.type_info(entry.request).fields:  # type: ignore[attr-defined]
        t, nullable = unwrap(f.type), False
        if isinstance(t, mi.UnionType):
            members = [unwrap(m) for m in t.types if not isinstance(m, mi.NoneType)]
            nullable = len(members) < len(t.types)
            assert len(members) == 1, f"{entry.name}.{f.name}: extend tests/hall/bad_args.py"
            t = members[0]
        found.append(Field(f.encode_name, t, f.required, nullable))
    return found


def valid(t: Any) -> st.SearchStrategy[Any]:
    """Values the type takes (so that only the field made bad is wrong)."""
    if isinstance(t, mi.IntType):
        low = t.ge if t.ge is not None else -(2**40)
        return st.integers(min_value=low, max_value=t.le if t.le is not None else 2**40)
    if isinstance(t, mi.StrType):
        if t.pattern == r"^\d{4}-\d{2}-\d{2}$":
            return st.dates().map(dt.date.isoformat)
        if t.pattern == r"^\d{4}-\d{2}$":
            return st.dates().map(lambda d: d.isoformat()[:7])
        assert t.pattern is None, f"a new pattern {t.pattern!r}: give it valid values here"
        return st.text(TEXT, min_size=t.min_length or 0, max_size=min(t.max_length or 20, 20))
    if isinstance(t, mi.LiteralType):
        return st.sampled_from(t.values)
    if isinstance(t, mi.BoolType):
        return st.booleans()
    if isinstance(t, mi.DictType):
        return CONTAINERS["dict"]
    return JSON


def out_of_range(t: Any) -> st.SearchStrategy[Any] | None:
    """Values of the right kind that the type refuses, or None when it refuses none."""
    options: list[st.SearchStrategy[Any]] = []
    if isinstance(t, mi.IntType):
        if t.ge is not None:
            options.append(st.integers(max_value=t.ge - 1, min_value=-(2**70)))
            options.append(st.sampled_from([t.ge - 1, -1, -(2**63), -(2**64)]).filter(
                lambda x: x < t.ge))  # fmt: skip
        # every integer on the wire has an upper bound: ≥ 2^63 (SQLite's limit) never gets in
        top = t.le if t.le is not None else 2**63 - 1
        options.append(st.integers(min_value=top + 1, max_value=2**70) | HUGE.filter(
            lambda x: x > top))  # fmt: skip
    elif isinstance(t, mi.StrType):
        if t.max_length is not None:
            options.append(st.text(TEXT, min_size=t.max_length + 1, max_size=t.max_length + 3))
        if t.min_length:
            options.append(st.text(TEXT, max_size=t.min_length - 1))
        if t.pattern is not None:
            pattern = re.compile(t.pattern)
            options.append(st.text(TEXT, max_size=12).filter(lambda x: not pattern.search(x)))
    elif isinstance(t, mi.LiteralType):
        options.append(st.text(TEXT, max_size=8).filter(lambda x: x not in t.values))
    return st.one_of(*options) if options else None


@st.composite
def with_surrogate(draw: st.DrawFn, path: str, t: Any) -> tuple[Any, str]:
    """A value with a lone surrogate somewhere in it, and the path that names it."""
    bad = draw(st.text(TEXT, max_size=4)) + draw(SURROGATES) + draw(st.text(TEXT, max_size=4))
    if isinstance(t, mi.DictType) and draw(st.booleans()):
        key = draw(st.text(TEXT, min_size=1, max_size=6))
        where = draw(st.sampled_from(["value", "key", "list"]))
        if where == "key":
            return {bad: 1}, path  # a bad key is named by the object that holds it
        if where == "list":
            n = draw(st.integers(0, 2))
            return {key: [*(["ok"] * n), bad]}, f"{path}.{key}[{n}]"
        return {key: bad}, f"{path}.{key}"
    return bad, path


@dataclass(frozen=True)
class Bad:
    command: str
    args: Any
    field: str  # the field the refusal must name
    what: str


@st.composite
def valid_args(draw: st.DrawFn, entry: Command) -> dict[str, Any]:
    """Args the schema takes: every required field and some optional ones (None included)."""
    args = {}
    for f in fields_of(entry):
        if f.required or draw(st.booleans()):
            nullable = f.nullable and draw(st.integers(0, 3)) == 0
            args[f.name] = None if nullable else draw(valid(f.type))
    return args


@st.composite
def bad_args(draw: st.DrawFn, entry: Command) -> Bad:
    """One request to `entry` with exactly one thing wrong."""
    fields = fields_of(entry)
    args = draw(valid_args(entry))
    kinds = ["unknown field", "not an object"]
    if fields:
        kinds += ["wrong type", "out of range", "lone surrogate"]
    if any(f.required for f in fields):
        kinds.append("missing")
    what = draw(st.sampled_from(kinds))
    if what == "not an object":
        # (no args at all, or null, is the same as {}: the protocol lets a request leave it out)
        not_object = st.one_of(*(SCALARS[k] for k in SCALARS if k != "null"), CONTAINERS["list"])
        return Bad(entry.name, draw(not_object), "args", what)
    if what == "unknown field" and draw(st.integers(0, 4)) == 0:
        key = draw(with_surrogate("", mi.StrType()))[0]  # a key that is not valid text
        return Bad(entry.name, {**args, key: 1}, "args", "lone surrogate in a key")
    if what == "unknown field":
        key = draw(st.text(TEXT, max_size=10).filter(lambda k: k not in {f.name for f in fields}))
        return Bad(entry.name, {**args, key: draw(JSON)}, key, what)
    if what == "missing":
        gone = draw(st.sampled_from([f for f in fields if f.required]))
        return Bad(entry.name, {k: v for k, v in args.items() if k != gone.name}, gone.name, what)
    if what == "out of range":
        ranged = [(f, out_of_range(f.type)) for f in fields]
        choices = [(f, s) for f, s in ranged if s is not None]
        if not choices:
            what = "wrong type"
        else:
            field, values = draw(st.sampled_from(choices))
            return Bad(entry.name, {**args, field.name: draw(values)}, field.name, what)
    field = draw(st.sampled_from(fields))
    if what == "lone surrogate":
        value, path = draw(with_surrogate(field.name, field.type))
        return Bad(entry.name, {**args, field.name: value}, path, what)
    wrong = sorted(set(KINDS) - field.accepts)
    if not wrong:  # takes anything at all
        return Bad(entry.name, {**args, "zz": 1}, "zz", "unknown field")
    value = draw(st.one_of(*(KINDS[k] for k in wrong)))
    return Bad(entry.name, {**args, field.name: value}, field.name, what)
