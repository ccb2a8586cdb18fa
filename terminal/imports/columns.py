"""The documented columns of each kind of import (docs/OPERATIONS.md), as msgspec models.

A row is converted leniently (CSV cells are text: "12" is a number, "1" / "true" a yes), with the
limits of the op arguments it becomes (terminal/opargs.py). A refusal is worded as a coded reason
naming the column and what it must be, from the model's own constraints (msgspec.inspect)."""

from __future__ import annotations

import re
from functools import cache
from typing import Annotated, Any, Literal, get_args

import msgspec
from msgspec import Meta

from terminal.opargs import Day, Id, Qty, Stamp, Text, Units
from terminal.people.badges import ROLES
from terminal.picking.calendar import SERVICES
from terminal.sentences import Say, say

Mm = Annotated[int, Meta(ge=1, le=100_000)]
Place = Annotated[int, Meta(ge=0, le=10_000)]
Name = Annotated[str, Meta(min_length=1, max_length=200, pattern=r"^[^\x00\ud800-\udfff]*$")]
Zone = Annotated[str, Meta(min_length=1, max_length=20, pattern=r"^[^\x00\ud800-\udfff]*$")]
Service = Literal["EXPRESS_SAME_DAY", "NEXT_DAY", "STANDARD"]
Method = Literal["courier", "locker", "pickup_point"]
assert get_args(Service) == SERVICES   # one list of services: the calendar's


class Columns(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A row of an import file."""


class SkuColumns(Columns, kw_only=True):
    code: Id
    name: Name
    length_mm: Mm
    width_mm: Mm
    height_mm: Mm
    weight_g: Mm
    barcode: Id | None = None     # a GTIN (8–14 digits) or an internal code as printed
    image: Text | None = None


class LocationColumns(Columns, kw_only=True):
    code: Id
    zone: Zone
    aisle: Place
    bay: Place
    level: Place
    side: Literal["L", "R"]
    active: bool = True
    layout: Id | None = None      # default: the site's only layout


class StockColumns(Columns, kw_only=True):
    location: Id
    sku: Id
    qty: Qty                      # the quantity on the shelf now (set, not added)


class FaceColumns(Columns, kw_only=True):
    location: Id
    sku: Id
    min: Annotated[int, Meta(ge=0, le=1_000_000)]   # below this after a pick: replenish
    max: Annotated[int, Meta(ge=1, le=1_000_000)]   # replenish up to this


class UserColumns(Columns, kw_only=True):
    id: Id
    name: Name
    roles: Name                   # comma list of ROLES
    zones: Text = ""
    language: Literal["pl", "en"] = "pl"
    active: bool = True
    badge: Id | None = None       # kept only as its HMAC (terminal/people/badges.py)


class OrderColumns(Columns, kw_only=True):
    """One order line; the order's columns repeat on each of its lines (CSV), or a JSON object holds
    them once with `lines: [{sku, qty, line_no}]`."""

    ref: Id
    id: Id | None = None          # default: the ref
    external_id: Id | None = None
    service: Service = "STANDARD"
    carrier: Id
    delivery_method: Method = "courier"
    destination_locker: Id | None = None
    recipient_name: Name
    recipient_street: Text = ""
    recipient_postcode: Text = ""
    recipient_city: Text = ""
    recipient_phone: Text = ""
    recipient_email: Text = ""
    promised_date: Day | None = None
    created_at: Stamp | None = None   # default: --now
    sku: Id
    qty: Units
    line_no: Annotated[int, Meta(ge=1, le=10_000)] | None = None


MODELS: dict[str, type[Columns]] = {
    "skus": SkuColumns, "locations": LocationColumns, "stock": StockColumns, "users": UserColumns,
    "orders": OrderColumns, "faces": FaceColumns,
}
KINDS = tuple(MODELS)


@cache
def columns(kind: str) -> tuple[str, ...]:
    return MODELS[kind].__struct_fields__


@cache
def _fields(kind: str) -> dict[str, msgspec.inspect.Type]:
    info = msgspec.inspect.type_info(MODELS[kind])
    assert isinstance(info, msgspec.inspect.StructType)
    return {f.name: f.type for f in info.fields}


@cache
def _text_fields(kind: str) -> frozenset[str]:
    """The columns that hold text (a JSON number there is written as the text of its digits)."""
    def text(t: msgspec.inspect.Type) -> bool:
        if isinstance(t, msgspec.inspect.UnionType):
            return any(text(x) for x in t.types)
        return isinstance(t, msgspec.inspect.StrType)
    return frozenset(name for name, t in _fields(kind).items() if text(t))


_PATH = re.compile(r"at `\$\.(\w+)")
_MISSING = re.compile(r"missing required field `(\w+)`")
_UNKNOWN = re.compile(r"unknown field `([^`]*)`")


def convert(kind: str, row: dict[str, Any]) -> Columns | Say:
    """The row as its kind's model, or the coded reason it cannot be one."""
    texts = _text_fields(kind)
    if any(type(v) is int and k in texts for k, v in row.items()):   # JSON: "sku": 5901234123457 is a code
        row = {k: str(v) if type(v) is int and k in texts else v for k, v in row.items()}
    try:
        return msgspec.convert(row, MODELS[kind], strict=False)
    except (msgspec.ValidationError, UnicodeError) as exc:
        return reason(kind, row, str(exc))


def reason(kind: str, row: dict[str, Any], error: str) -> Say:
    """msgspec's error as a coded sentence: which column, and what it must hold."""
    if found := _MISSING.search(error):
        return say("import_missing", found[1])
    if found := _UNKNOWN.search(error):
        return say("import_unknown_column", found[1], ", ".join(columns(kind)))
    found = _PATH.search(error)
    if not found or found[1] not in _fields(kind):
        return say("import_bad_value", "?", error)
    name = found[1]
    value = row.get(name)
    shown = str(value)[:60]
    wanted = _fields(kind)[name]
    if isinstance(wanted, msgspec.inspect.UnionType):   # X | None: the X
        wanted = next(t for t in wanted.types if not isinstance(t, msgspec.inspect.NoneType))
    if isinstance(wanted, msgspec.inspect.LiteralType):
        return say("import_not_one_of", name, ", ".join(map(str, wanted.values)), shown)
    if isinstance(wanted, msgspec.inspect.BoolType):
        return say("import_not_yes_no", name, shown)
    if isinstance(wanted, msgspec.inspect.IntType):
        if not re.fullmatch(r"[+-]?\d+", str(value).strip()):
            return say("import_not_whole_number", name, shown)
        return say("import_out_of_range", name, wanted.ge, wanted.le, shown)
    if isinstance(wanted, msgspec.inspect.StrType):
        if wanted.pattern and wanted.pattern.startswith(r"^\d{4}-\d{2}-\d{2}$"):
            return say("import_bad_day", name, shown)
        if wanted.pattern and wanted.pattern.startswith(r"^\d{4}"):
            return say("import_bad_moment", name, shown)
        if wanted.max_length is not None and isinstance(value, str) and len(value) > wanted.max_length:
            return say("import_too_long", name, wanted.max_length)
        if wanted.min_length and isinstance(value, str) and len(value) < wanted.min_length:
            return say("import_too_short", name)
        if isinstance(value, str):
            return say("import_bad_text", name)
    return say("import_bad_value", name, shown)


ROLE_LIST = ", ".join(ROLES)
