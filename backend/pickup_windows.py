"""Pickup windows: how long a parcel waits in a locker and how often its hold may be extended.

Rules are kept per site and per parcel service in `locker_rules`; `*` stands for every site or every
service. The most specific rule wins: (site, service), (site, *), (*, service), (*, *), then the
built-in DEFAULT. A kiosk learns a parcel's hold from the parcel row it pulls (`hold_hours`, set at
announcement); an extension moves the parcel's `expires_at`, which reaches the kiosk on its next pull
(terminal/lockers/expiry.py re-opens a parcel that had already expired there)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, insert, select, update

from backend.capacity import extension_fits
from backend.changes import EntityStore
from backend.handlers import ServerContext
from backend.handlers.lockers import parcel_hold_extended
from backend.integration import IntegrationError
from backend.locker_schema import ANY, locker_rules, parcel_windows
from backend.notify_outbox import on_extended
from backend.push import now_iso
from terminal.clock import iso, parse_iso
from terminal.errors import OpRejected


@dataclass(frozen=True)
class Rules:
    hold_hours: float
    max_extensions: int
    extension_hours: float
    site_id: str = ANY        # where the rule came from (`*`: every site)
    service: str = ANY

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


#: the kiosk's own default hold (terminal/lockers/expiry.py) and one extension of a day
DEFAULT = Rules(hold_hours=48.0, max_extensions=1, extension_hours=24.0)
LIMITS = {"hold_hours": (1.0, 24.0 * 30), "max_extensions": (0, 10), "extension_hours": (1.0, 24.0 * 14)}


def rules_for(conn: Connection, site_id: str, service: str | None) -> Rules:
    r = locker_rules.c
    service = service or ANY
    rows = {(row.site_id, row.service): row for row in conn.execute(
        select(locker_rules).where(r.site_id.in_((site_id, ANY)), r.service.in_((service, ANY))))}
    for key in ((site_id, service), (site_id, ANY), (ANY, service), (ANY, ANY)):
        row = rows.get(key)
        if row is not None:
            return Rules(float(row.hold_hours), int(row.max_extensions), float(row.extension_hours),
                         row.site_id, row.service)
    return DEFAULT


def check_rule_values(values: dict[str, float | int | None]) -> str | None:
    """A sentence naming the first value out of range, or None."""
    for name, value in values.items():
        low, high = LIMITS[name]
        if value is not None and not low <= value <= high:
            return f"{name.replace('_', ' ')} must be between {low:g} and {high:g}, not {value:g}."
    return None


def set_rules(engine: Engine, site_id: str, service: str, *, hold_hours: float | None = None,
              max_extensions: int | None = None, extension_hours: float | None = None) -> Rules:
    """Create or change the rule of (site, service); a value not given keeps what applies there now."""
    problem = check_rule_values({"hold_hours": hold_hours, "max_extensions": max_extensions,
                                 "extension_hours": extension_hours})
    if problem:
        raise ValueError(problem)
    r = locker_rules.c
    with engine.begin() as conn:
        now = rules_for(conn, site_id, service)
        values = {"hold_hours": now.hold_hours if hold_hours is None else float(hold_hours),
                  "max_extensions": now.max_extensions if max_extensions is None else int(max_extensions),
                  "extension_hours": now.extension_hours if extension_hours is None else float(extension_hours),
                  "updated_at": now_iso()}
        where = (r.site_id == site_id) & (r.service == service)
        if conn.execute(select(r.site_id).where(where)).first():
            conn.execute(update(locker_rules).where(where).values(**values))
        else:
            conn.execute(insert(locker_rules).values(site_id=site_id, service=service, **values))
        return rules_for(conn, site_id, service)


def list_rules(engine: Engine) -> list[dict[str, Any]]:
    r = locker_rules.c
    with engine.connect() as conn:
        rows = conn.execute(select(locker_rules).order_by(r.site_id, r.service)).all()
    return [{"site_id": row.site_id, "service": row.service, "hold_hours": row.hold_hours,
             "max_extensions": row.max_extensions, "extension_hours": row.extension_hours,
             "updated_at": row.updated_at} for row in rows]


def record_window(conn: Connection, parcel_id: str, site_id: str, service: str | None) -> None:
    """Remember the service of a parcel announced now (its extensions are counted against its rules)."""
    if conn.execute(select(parcel_windows.c.parcel_id).where(parcel_windows.c.parcel_id == parcel_id)).first():
        return
    conn.execute(insert(parcel_windows).values(parcel_id=parcel_id, site_id=site_id, service=service or ANY,
                                               extensions=0))


def parcel_site(conn: Connection, parcel_id: str) -> str | None:
    """The site a parcel belongs to: from its window, or else from the entities (a kiosk announced it)."""
    from backend import schema

    site = conn.execute(select(parcel_windows.c.site_id).where(parcel_windows.c.parcel_id == parcel_id)).scalar()
    if site is None:
        e = schema.entities.c
        site = conn.execute(select(e.site_id).where(e.entity == "parcel", e.key == parcel_id)).scalar()
    return site


def parcel_in_store(conn: Connection, parcel_id: str) -> tuple[EntityStore, dict[str, Any]]:
    """The parcel's site store (its lock taken) and the parcel; 404 `unknown_parcel` when there is none."""
    site_id = parcel_site(conn, parcel_id)
    if site_id is None:
        raise IntegrationError(404, "unknown_parcel", f"There is no parcel {parcel_id}.")
    store = EntityStore(conn, site_id)
    return store, store.get("parcel", parcel_id) or {}


def extend(engine: Engine, parcel_id: str, *, now: datetime | None = None) -> dict[str, Any]:
    """Extend a waiting parcel's hold by its rules' extension; the server applies `ParcelHoldExtended`
    (backend/handlers/lockers.py), so the new `expires_at` reaches the kiosk on its next pull.

    The new deadline runs from the old one, or from now when the parcel has already expired."""
    moment = now or datetime.now(UTC)
    with engine.begin() as conn:
        store, parcel = parcel_in_store(conn, parcel_id)
        site_id = store.site_id
        if parcel.get("status") not in ("deposited", "expired"):
            raise IntegrationError(409, "not_in_locker", f"Parcel {parcel.get('tracking_number', parcel_id)} is "
                                   f"{parcel.get('status', 'unknown')}; only a parcel waiting in the locker can be "
                                   "extended.")
        w = parcel_windows.c
        window = conn.execute(select(w.service, w.extensions).where(w.parcel_id == parcel_id)).first()
        service, done = (window.service, int(window.extensions)) if window else (ANY, 0)
        rules = rules_for(conn, site_id, service)
        if rules.max_extensions == 0:
            raise IntegrationError(409, "extension_not_allowed", f"The rules of site {site_id} allow no extension "
                                   "of a parcel's hold.")
        if done >= rules.max_extensions:
            raise IntegrationError(409, "extension_limit", f"This parcel's hold was already extended {done} "
                                   f"time(s), the most the rules of site {site_id} allow.")
        current = parse_iso(parcel["expires_at"]) if parcel.get("expires_at") else moment
        expires_at = iso(max(current, moment) + timedelta(hours=rules.extension_hours))
        if not extension_fits(conn, site_id, parcel, parse_iso(expires_at), moment):
            raise IntegrationError(409, "locker_full_extension", f"Parcel {parcel.get('tracking_number', parcel_id)} "
                                   f"cannot wait until {expires_at}: locker {site_id} would then have no compartment "
                                   "for parcels already announced to it. Its deadline stays "
                                   f"{parcel.get('expires_at')}.")
        ctx = ServerContext(store=store, site_id=site_id, terminal_id="", op_id="", at=iso(moment), now=iso(moment))
        try:
            parcel_hold_extended(ctx, {"parcel_id": parcel_id, "expires_at": expires_at})
        except OpRejected as exc:
            raise IntegrationError(409, exc.code, exc.message) from None
        if window:
            conn.execute(update(parcel_windows).where(w.parcel_id == parcel_id).values(extensions=done + 1))
        else:
            conn.execute(insert(parcel_windows).values(parcel_id=parcel_id, site_id=site_id, service=ANY,
                                                       extensions=1))
        store.flush()
        # no op was pushed: the delivery side hears of it here (the reminder, the recipient's message)
        on_extended(conn, site_id, store.get("parcel", parcel_id) or parcel, moment)
    return {"parcel_id": parcel_id, "expires_at": expires_at, "extensions": done + 1,
            "extensions_left": rules.max_extensions - done - 1}
