"""Pydantic models of the wire messages, built from terminal/sync/protocol.py's limits and names.

They validate request bodies and describe them in /openapi.json; the terminal side checks the same
messages with the plain functions in protocol.py."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from terminal.sync.protocol import MAX_OPS, OP_NAME, PROTOCOL, TERMINAL_ROLES, text_problem


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore")


class _Request(_Model):
    """A request body: every text in it (keys too) must be storable, checked once before the fields."""

    @model_validator(mode="before")
    @classmethod
    def _storable_text(cls, data: Any) -> Any:
        problem = text_problem(data)
        if problem:
            raise ValueError(problem)
        return data


class EnrollIn(_Request):
    protocol: int = PROTOCOL
    enrollment_code: str = Field(min_length=1, max_length=200)
    terminal_name: str = Field(min_length=1, max_length=200)
    role: Literal["station", "kiosk", "supervisor"]   # TERMINAL_ROLES


assert set(EnrollIn.model_fields["role"].annotation.__args__) == set(TERMINAL_ROLES)  # type: ignore[union-attr]


class EnrollOut(_Model):
    protocol: int = PROTOCOL
    terminal_id: str
    site_id: str
    token: str
    site_key: str
    badge_key: str   # hex; badges are stored and looked up as HMACs under it
    support_key: str | None = None   # hex Ed25519 public key remote support commands are signed with


class OpIn(_Model):
    seq: int = Field(ge=1, le=2**62)
    op_id: str = Field(min_length=1, max_length=64)
    name: str = Field(pattern=OP_NAME.pattern)
    args: dict[str, Any]
    at: str = Field(min_length=1, max_length=40)


class PushBody(_Model):
    """PushIn's fields without the storable-text check (which makes pydantic build the whole body as
    Python objects first): for a body whose bytes hold no NUL escape, the only text no store can keep
    that pydantic-core's JSON parser lets through (it refuses lone surrogates as invalid JSON). A body
    is read by msgspec first (backend/push_wire.py); these models word what it refuses."""

    protocol: int
    terminal_id: str = Field(max_length=64)
    schema_version: int
    app_version: str = Field(default="", max_length=40)
    ops: list[OpIn] = Field(max_length=MAX_OPS)

    @field_validator("ops")
    @classmethod
    def _contiguous(cls, ops: list[OpIn]) -> list[OpIn]:
        for before, after in zip(ops, ops[1:], strict=False):
            if after.seq != before.seq + 1:
                raise ValueError("ops must be in seq order without gaps or repeats")
        return ops


class PushIn(PushBody, _Request):
    """A push body as sync-v1 defines it (its OpenAPI schema); every text in it must be storable."""


class OpResultOut(_Model):
    seq: int
    op_id: str | None = None   # the op the server stored under this seq (a terminal checks it is its own)
    status: Literal["applied", "duplicate", "rejected"]
    code: str | None = None
    message: str | None = None


class PushOut(_Model):
    protocol: int = PROTOCOL
    last_seq: int
    results: list[OpResultOut]
    checkpoint: int | None = None   # a change-log position that includes every op stored so far


class ChangeOut(_Model):
    entity: str
    key: str
    op: Literal["upsert", "delete"]
    data: dict[str, Any]


class RejectionOut(_Model):
    seq: int
    op_id: str
    code: str
    message: str


class SupportCommandOut(_Model):
    payload: str     # the exact JSON text that was signed (backend/support.py)
    signature: str   # hex Ed25519 signature of the payload's UTF-8 bytes


class PullOut(_Model):
    protocol: int = PROTOCOL
    cursor: str
    has_more: bool
    changes: list[ChangeOut]
    rejections: list[RejectionOut]
    position: int | None = None   # the change-log position this page reaches (compare with a checkpoint)
    support_commands: list[SupportCommandOut] = []   # signed remote commands for this terminal (last page)


class ErrorOut(_Model):
    protocol: int = PROTOCOL
    error: str
    message: str
    expected_seq: int | None = None
    last_seq: int | None = None
    known_op_ids: list[str] | None = None   # history_diverged: the pushed ops this backend already has


class RecipientIn(_Model):
    name: str = Field(min_length=1, max_length=200)
    street: str = Field(default="", max_length=200)
    postcode: str = Field(default="", max_length=20)
    city: str = Field(default="", max_length=100)
    phone: str = Field(default="", max_length=40)
    email: str = Field(default="", max_length=200)


class OrderLineIn(_Model):
    sku_code: str = Field(min_length=1, max_length=64)
    qty: int = Field(ge=1, le=100_000)


class OrderIn(_Request):
    external_id: str = Field(min_length=1, max_length=128)
    site_id: str = Field(min_length=1, max_length=64)
    ref: str | None = Field(default=None, max_length=64)
    service: Literal["EXPRESS_SAME_DAY", "NEXT_DAY", "STANDARD"] = "STANDARD"
    carrier_code: str = Field(min_length=1, max_length=64)
    delivery_method: Literal["courier", "locker", "pickup_point"] = "courier"
    destination_locker: str | None = Field(default=None, max_length=64)
    recipient: RecipientIn
    promised_date: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$")
    ship_by: str | None = Field(default=None, max_length=40)
    lines: list[OrderLineIn] = Field(default_factory=list, max_length=1000)
    cancelled: bool = False


class OrderOut(_Model):
    order_id: str
    status: str
    result: Literal["created", "updated", "unchanged", "cancelled"]


class ParcelIn(_Request):
    site_id: str = Field(min_length=1, max_length=64)
    tracking_number: str = Field(min_length=1, max_length=64)
    recipient_phone: str = Field(min_length=9, max_length=40, pattern=r"^[0-9 +()-]+$")
    size_class: Literal["A", "B", "C"] | None = None
    kind: Literal["delivery", "return"] = "delivery"
    # where the pickup messages go besides the phone, and in which language (default: the site's)
    recipient_email: str | None = Field(None, max_length=254, pattern=r"^[^@\s]+@[^@\s]+$")
    language: Literal["pl", "en"] | None = None
    # the parcel service whose pickup-window rules apply (backend/pickup_windows.py); none: the site's
    service: str | None = Field(default=None, min_length=1, max_length=64)
    # when the carrier expects to deposit it (ISO 8601); none: a day after the announcement
    expected_deposit_at: str | None = Field(default=None, max_length=40)
    # a full locker may send the parcel to the nearest locker with room only when this is true
    allow_redirect: bool = False

    @field_validator("expected_deposit_at")
    @classmethod
    def _moment(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
            except ValueError:
                raise ValueError(f"{value!r} is not an ISO 8601 moment (2026-05-04T10:00:00Z)") from None
            if moment.tzinfo is None:
                raise ValueError("give the moment with its offset (Z or +02:00)")
        return value


class ParcelOut(_Model):
    parcel_id: str
    result: Literal["created", "existing", "reissued"]
    site_id: str | None = None            # the locker it was announced at (another one when redirected)
    redirected_from: str | None = None    # the full locker it was announced for, when redirected


class ParcelHoldOut(_Model):
    parcel_id: str
    expires_at: str
    extensions: int
    extensions_left: int


class ParcelCancelOut(_Model):
    parcel_id: str
    status: Literal["cancelled"]
    result: Literal["cancelled", "unchanged"]


class LockerForecastOut(_Model):
    site_id: str
    name: str
    compartments: int
    expected_peak: int
    expected_fill: float | None
    peak_at: str
    day: str                                  # tomorrow on this locker's clock (its site's time zone)


class ForecastOut(_Model):
    day: str                                  # tomorrow on the (first) locker's clock
    lockers: list[LockerForecastOut]


class DoorFaultsOut(_Model):
    total: int
    by_kind: dict[str, int]
    out_of_service: int
    faulted: int


class StatsOut(_Model):
    """The keys of `handoff stats --json` (terminal/stats/kpis.py), null where there is no data."""

    otst_median_s: float | None
    otst_p90_s: float | None
    on_time_rate: float | None
    pick_rate_lph: float | None
    pack_rate_oph: float | None
    perfect_order_rate: float | None
    scan_error_per_1000: float | None
    fill_rate: float | None
    at_risk: int | None
    late: int | None
    locker_utilisation: float | None
    locker_utilisation_tw: float | None
    dwell_median_s: float | None
    dwell_p90_s: float | None
    first_attempt_pickup_rate: float | None
    door_faults: DoorFaultsOut | None
    inventory_accuracy_rate: float | None
    dock_to_stock_median_s: float | None = None
    dock_to_stock_p90_s: float | None = None
    return_processing_median_s: float | None
    return_rate: float | None
    time_to_restock_median_s: float | None
