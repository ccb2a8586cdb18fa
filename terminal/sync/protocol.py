"""Wire schemas of sync protocol v1 — one contract, imported by both the terminal and the backend.

Plain TypedDicts plus validation functions keep the core light (no pydantic on a terminal); the
backend builds its OpenAPI models from the same field lists. `ENTITIES` maps every pulled entity
to the terminal table and key columns it lands in, so both sides agree on keys."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Literal, NotRequired, TypedDict

import msgspec

from terminal.store.migrate import LATEST_VERSION, available_migrations

PROTOCOL = 1
SCHEMA_VERSION = LATEST_VERSION
#: the backend serves the current terminal schema (N) and the one before it (N-1: the previous
#: migration number — numbers are sparse, one range per capability); anything else is 426
SUPPORTED_SCHEMAS: tuple[int, int] = (
    ([0] + [m.version for m in available_migrations()])[-2], LATEST_VERSION)
MAX_OPS = 500
MAX_BODY_BYTES = 1 << 20
DEFAULT_PULL_LIMIT = 500
MAX_PULL_LIMIT = 1000
OP_NAME = re.compile(r"^[A-Z][A-Za-z0-9]{0,63}$")
#: what a terminal may enrol as (the windows of `handoff run --role`): a closed list at both ends
TERMINAL_ROLES = ("station", "kiosk", "supervisor")

OpStatus = Literal["applied", "duplicate", "rejected"]


class EnrollRequest(TypedDict):
    protocol: int
    enrollment_code: str
    terminal_name: str
    role: str


class EnrollResponse(TypedDict):
    protocol: int
    terminal_id: str
    site_id: str
    token: str
    site_key: str   # hex; the per-site HMAC key for locker codes (an addition to sync-v1)
    badge_key: NotRequired[str]   # hex; the per-site key badges are hashed with (absent from older backends)
    support_key: NotRequired[str]   # hex Ed25519 public key remote support commands are signed with


class WireOp(TypedDict):
    seq: int
    op_id: str
    name: str
    args: dict[str, Any]
    at: str


class OutgoingOp(TypedDict):
    """A WireOp as a terminal sends it: args decoded, or the outbox's JSON text as it is (msgspec.Raw)."""

    seq: int
    op_id: str
    name: str
    args: dict[str, Any] | msgspec.Raw
    at: str


class PushRequest(TypedDict):
    protocol: int
    terminal_id: str
    schema_version: int
    app_version: str
    ops: list[WireOp]


class OpResult(TypedDict, total=False):
    seq: int
    op_id: str   # the op the server has under this seq (from backends that compare op ids)
    status: OpStatus
    code: str | None
    message: str


class PushResponse(TypedDict):
    protocol: int
    last_seq: int
    results: list[OpResult]
    checkpoint: int | None   # a change-log position including every op stored so far (None: old backend)


class Change(TypedDict):
    entity: str
    key: str
    op: Literal["upsert", "delete"]
    data: dict[str, Any]


class Rejection(TypedDict):
    seq: int
    op_id: str
    code: str
    message: str


class PullResponse(TypedDict):
    protocol: int
    cursor: str
    has_more: bool
    changes: list[Change]
    rejections: list[Rejection]
    position: int | None   # the change-log position this page reaches (None: old backend)
    # signed remote support commands for this terminal (terminal/lockers/remote.py); [] from an old backend
    support_commands: NotRequired[list[dict[str, str]]]


@dataclass(frozen=True)
class EntitySpec:
    """Where a pulled entity lives on a terminal: its table and primary-key columns."""

    table: str
    keys: tuple[str, ...]

    def key_of(self, data: dict[str, Any]) -> str:
        """The change key: the key column's value, or the values joined with '|' for composite keys."""
        return "|".join(str(data[k]) for k in self.keys)


ENTITIES: dict[str, EntitySpec] = {
    "site": EntitySpec("sites", ("id",)),
    "setting": EntitySpec("settings", ("key",)),
    "layout": EntitySpec("layouts", ("id",)),
    "location": EntitySpec("locations", ("code",)),
    "sku": EntitySpec("skus", ("code",)),
    "sku_barcode": EntitySpec("sku_barcodes", ("barcode",)),
    "inventory": EntitySpec("inventory", ("location_code", "sku_code")),
    "stock_movement": EntitySpec("stock_movements", ("id",)),    # the stock card, append-only
    "count_task": EntitySpec("count_tasks", ("id",)),             # cycle counts (terminal/inventory/counts.py)
    "stock_count": EntitySpec("stock_counts", ("id",)),
    "pick_face": EntitySpec("pick_faces", ("location_code", "sku_code")),   # min/max of a pick face
    "replenishment": EntitySpec("replenishments", ("id",)),     # reserve → pick face tasks
    "carrier": EntitySpec("carriers", ("code",)),
    "carrier_departure": EntitySpec("carrier_departures", ("carrier_code", "weekday", "departs_at")),
    "holiday": EntitySpec("holidays", ("calendar", "day")),
    "box_type": EntitySpec("box_types", ("code",)),
    "user": EntitySpec("users", ("id",)),
    "badge": EntitySpec("badges", ("badge_hmac",)),   # never the badge itself
    "order": EntitySpec("orders", ("id",)),
    "order_line": EntitySpec("order_lines", ("id",)),
    "lock_board": EntitySpec("lock_boards", ("id",)),
    "compartment": EntitySpec("compartments", ("id",)),
    "parcel": EntitySpec("parcels", ("id",)),
    # receiving and putaway (terminal/inventory/receiving_ops.py)
    "inbound": EntitySpec("inbound_deliveries", ("id",)),
    "inbound_line": EntitySpec("inbound_lines", ("id",)),
    "licence_plate": EntitySpec("licence_plates", ("code",)),
    "receipt_line": EntitySpec("receipt_lines", ("id",)),
}
#: entities a terminal knows only from this schema version on: the backend leaves them out of an older
#: (N-1) terminal's pulls, which would otherwise refuse the page ("an entity this terminal does not know")
ENTITY_SINCE: dict[str, int] = {"stock_movement": 110, "count_task": 111, "stock_count": 111,
                                 "inbound": 112, "inbound_line": 112, "licence_plate": 112, "receipt_line": 112,
                                 "pick_face": 113, "replenishment": 113}


def entities_unknown_to(schema_version: int | None) -> tuple[str, ...]:
    """The pulled entities a terminal at `schema_version` has no table for (None: the current one)."""
    if schema_version is None:
        return ()
    return tuple(sorted(e for e, since in ENTITY_SINCE.items() if schema_version < since))


#: apply order inside one page is the server's commit order; this order is for bulk seeding
ENTITY_ORDER = tuple(ENTITIES)


class ProtocolError(ValueError):
    """A message that does not follow sync-v1; the text says which field is wrong."""


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise ProtocolError(message)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def check_versions(body: dict[str, Any]) -> str | None:
    """None when the protocol and schema versions are served, else the sentence a terminal shows."""
    if body.get("protocol") != PROTOCOL:
        return f"This backend speaks sync protocol {PROTOCOL}, not {body.get('protocol')!r}; update the terminal."
    schema = body.get("schema_version")
    if schema is not None and schema not in SUPPORTED_SCHEMAS:
        return (f"Terminal database schema {schema!r} is not served (this backend serves "
                f"{SUPPORTED_SCHEMAS[0]} and {SUPPORTED_SCHEMAS[1]}); update the terminal or the backend.")
    return None


_BAD_TEXT = re.compile("[\x00\ud800-\udfff]")


def _child(path: str, key: object) -> str:
    if isinstance(key, str) and key.isidentifier() and key.isascii():
        return f"{path}.{key}" if path else key
    return f"{path}[{ascii(key)}]"


def _clean_at_a_glance(value: object) -> bool:
    """True when one C-speed encode shows the value clean (a push body is checked whole, so walking it
    in Python cost a fifth of a push): msgspec refuses a lone surrogate and writes a NUL as the escape
    \\u0000, which a clean value can only hold as the text backslash-u0000 — that and anything it
    cannot encode fall back to the walk, which also finds the path for the sentence."""
    try:
        encoded = msgspec.json.encode(value)
    except (UnicodeError, TypeError, ValueError, OverflowError):
        return False
    return b"\\u0000" not in encoded


def text_problem(value: object, where: str = "") -> str | None:
    """The sentence for the first text in a JSON value (keys included) that no store can keep: a NUL
    character (PostgreSQL text refuses it) or a lone surrogate (not encodable as UTF-8). None if clean."""
    if _clean_at_a_glance(value):
        return None
    stack: list[tuple[object, str]] = [(value, where)]
    while stack:
        item, path = stack.pop()
        if isinstance(item, str):
            found = _BAD_TEXT.search(item)
            if found:
                what = "a NUL character" if found.group() == "\x00" else "an unpaired surrogate (not valid UTF-8)"
                return f"{path or 'The body'} contains {what}; send text without it."
        elif isinstance(item, dict):
            for key, inner in item.items():
                shown = _child(path, key)
                if isinstance(key, str) and _BAD_TEXT.search(key):
                    stack.append((key, shown + " (a key)"))
                stack.append((inner, shown))
        elif isinstance(item, list):
            stack.extend((inner, f"{path or 'body'}[{i}]") for i, inner in enumerate(item))
    return None


def validate_op(op: object, index: int) -> WireOp:
    _require(isinstance(op, dict), f"ops[{index}] must be an object.")
    assert isinstance(op, dict)
    _require(_is_int(op.get("seq")) and op["seq"] > 0, f"ops[{index}].seq must be a positive integer.")
    _require(isinstance(op.get("op_id"), str) and 0 < len(op["op_id"]) <= 64,
             f"ops[{index}].op_id must be a text id.")
    _require(isinstance(op.get("name"), str) and bool(OP_NAME.match(op["name"])),
             f"ops[{index}].name must be an operation name like PickConfirmed.")
    _require(isinstance(op.get("args"), dict), f"ops[{index}].args must be an object.")
    _require(isinstance(op.get("at"), str) and 0 < len(op["at"]) <= 40, f"ops[{index}].at must be an ISO time.")
    problem = text_problem({k: op[k] for k in ("op_id", "args", "at")}, f"ops[{index}]")
    _require(problem is None, problem or "")
    return WireOp(seq=op["seq"], op_id=op["op_id"], name=op["name"], args=op["args"], at=op["at"])


def validate_push(body: object) -> PushRequest:
    """Check a push body's shape (not its versions: see check_versions); raise ProtocolError."""
    _require(isinstance(body, dict), "The push body must be a JSON object.")
    assert isinstance(body, dict)
    _require(_is_int(body.get("protocol")), "protocol must be an integer.")
    _require(isinstance(body.get("terminal_id"), str), "terminal_id must be text.")
    _require(_is_int(body.get("schema_version")), "schema_version must be an integer.")
    _require(isinstance(body.get("app_version", ""), str), "app_version must be text.")
    ops = body.get("ops")
    _require(isinstance(ops, list), "ops must be a list.")
    assert isinstance(ops, list)
    _require(len(ops) <= MAX_OPS, f"A push carries at most {MAX_OPS} ops; send the rest in another batch.")
    checked = [validate_op(op, i) for i, op in enumerate(ops)]
    seqs = [op["seq"] for op in checked]
    _require(seqs == sorted(set(seqs)) and all(b == a + 1 for a, b in zip(seqs, seqs[1:], strict=False)),
             "ops must be in seq order without gaps or repeats.")
    return PushRequest(protocol=body["protocol"], terminal_id=body["terminal_id"],
                       schema_version=body["schema_version"], app_version=body.get("app_version", ""), ops=checked)


def validate_enroll(body: object) -> EnrollRequest:
    _require(isinstance(body, dict), "The enrollment body must be a JSON object.")
    assert isinstance(body, dict)
    for name in ("enrollment_code", "terminal_name", "role"):
        _require(isinstance(body.get(name), str) and 0 < len(body[name]) <= 200, f"{name} must be non-empty text.")
    _require(body["role"] in TERMINAL_ROLES, f"role must be one of {', '.join(TERMINAL_ROLES)}.")
    problem = text_problem(body)
    _require(problem is None, problem or "")
    return EnrollRequest(protocol=body.get("protocol", PROTOCOL), enrollment_code=body["enrollment_code"],
                         terminal_name=body["terminal_name"], role=body["role"])


def validate_pull_response(body: object) -> PullResponse:
    _require(isinstance(body, dict), "The pull response must be a JSON object.")
    assert isinstance(body, dict)
    _require(isinstance(body.get("cursor"), str), "cursor must be text.")
    _require(isinstance(body.get("has_more"), bool), "has_more must be true or false.")
    _require(isinstance(body.get("changes"), list), "changes must be a list.")
    _require(isinstance(body.get("rejections", []), list), "rejections must be a list.")
    for index, change in enumerate(body["changes"]):
        # an entity that is not text (a list, an object) is unhashable: `in ENTITIES` raised TypeError
        _require(isinstance(change, dict) and isinstance(change.get("entity"), str) and change["entity"] in ENTITIES,
                 f"changes[{index}] names an entity this terminal does not know.")
        _require(change.get("op") in ("upsert", "delete") and isinstance(change.get("data"), dict)
                 and isinstance(change.get("key"), str), f"changes[{index}] is malformed.")
    position = body.get("position")
    _require(position is None or _is_int(position), "position must be an integer.")
    return PullResponse(protocol=body.get("protocol", PROTOCOL), cursor=body["cursor"], has_more=body["has_more"],
                        changes=body["changes"], rejections=body.get("rejections", []), position=position,
                        support_commands=_support_commands(body))


def _support_commands(body: dict[str, Any]) -> list[dict[str, str]]:
    """The signed commands of a pull answer (an addition to sync-v1: absent from older backends)."""
    commands = body.get("support_commands", [])
    _require(isinstance(commands, list) and all(
        isinstance(c, dict) and isinstance(c.get("payload"), str) and isinstance(c.get("signature"), str)
        for c in commands), "support_commands must be a list of {payload, signature} texts.")
    return [{"payload": c["payload"], "signature": c["signature"]} for c in commands]


class _SupportCommandWire(TypedDict):
    payload: str
    signature: str


class _PullWire(msgspec.Struct, kw_only=True):
    """A pull answer as msgspec reads it: shape, types and each change's op checked in the one C pass
    that decodes it (parsing to dicts, then walking every change in Python cost a fifth of a pull)."""

    protocol: int = PROTOCOL
    cursor: str
    has_more: bool
    changes: list[Change]
    rejections: list[Any] = []
    position: int | None = None
    support_commands: list[_SupportCommandWire] = []


_pull_decoder = msgspec.json.Decoder(_PullWire)


def decode_pull_response(raw: bytes) -> PullResponse:
    """Decode and check a pull answer; raise ProtocolError saying what is wrong.

    One msgspec pass reads a well-formed page. Anything it refuses goes the old way (json.loads, then
    `validate_pull_response`), so the answer is the same as before either way: the same sentence for a
    malformed page, and a page whose data holds a number msgspec cannot hold (1e999; Python's json
    reads it as inf) still arrives, to be quarantined change by change instead of wedging the pull."""
    try:
        wire = _pull_decoder.decode(raw)
    except msgspec.DecodeError:   # ValidationError is a DecodeError
        try:
            body = json.loads(raw)
        except (ValueError, RecursionError) as exc:
            raise ProtocolError(f"The pull answer is not JSON ({exc}).") from None
        return validate_pull_response(body)
    entities = {change["entity"] for change in wire.changes}
    if not entities <= ENTITIES.keys():
        index = next(i for i, change in enumerate(wire.changes) if change["entity"] not in ENTITIES)
        raise ProtocolError(f"changes[{index}] names an entity this terminal does not know.")
    return PullResponse(protocol=wire.protocol, cursor=wire.cursor, has_more=wire.has_more, changes=wire.changes,
                        rejections=wire.rejections, position=wire.position,
                        support_commands=[{"payload": c["payload"], "signature": c["signature"]}
                                          for c in wire.support_commands])


def validate_push_response(body: object) -> PushResponse:
    _require(isinstance(body, dict) and _is_int(body.get("last_seq")), "The push response has no last_seq.")
    assert isinstance(body, dict)
    _require(isinstance(body.get("results", []), list), "results must be a list.")
    checkpoint = body.get("checkpoint")
    _require(checkpoint is None or _is_int(checkpoint), "checkpoint must be an integer.")
    return PushResponse(protocol=body.get("protocol", PROTOCOL), last_seq=body["last_seq"],
                        results=body.get("results", []), checkpoint=checkpoint)
