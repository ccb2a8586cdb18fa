"""A small network of locker sites on a backend store, for the pickup-window and capacity tests:
sites with a position and compartments of given sizes, announcements through `POST /v1/parcels`
(live server) or `announce_parcel` (store only), and locker facts pushed as a kiosk pushes them."""

from __future__ import annotations

import itertools
from typing import Any

from sqlalchemy import Engine, select, update

from backend import auth, schema
from backend.changes import EntityStore, seed_entities
from backend.push import apply_push

_seq = itertools.count(1)


def add_locker(engine: Engine, site_id: str, sizes: str, position: tuple[float, float] | None = None) -> None:
    """A locker site with one compartment per letter of `sizes` (C1, C2…), at `position` (lat, lon)."""
    with engine.begin() as conn:
        auth.ensure_site(conn, site_id, kind="locker")
        if position is not None:
            conn.execute(update(schema.sites).where(schema.sites.c.id == site_id)
                         .values(latitude=position[0], longitude=position[1]))
        seed_entities(conn, site_id, "lock_board", [{"id": f"{site_id}-B0", "site_id": site_id, "board_no": 0,
                                                    "port": "", "hook_closed_bit": 1, "ir_occupied_bit": 1,
                                                    "has_infrared": 1}])
        seed_entities(conn, site_id, "compartment", [
            {"id": f"{site_id}-C{i}", "site_id": site_id, "board_id": f"{site_id}-B0", "lock_no": i,
             "size_class": size, "column_no": 1, "row_no": i, "state": "FREE", "door": "closed",
             "fault_reason": None} for i, size in enumerate(sizes, start=1)])


def set_timezone(engine: Engine, site_id: str, zone: str) -> None:
    """The site's time zone (the `site` entity's `timezone`, as terminals pull it)."""
    with engine.begin() as conn:
        store = EntityStore(conn, site_id)
        site = store.get("site", site_id)
        assert site is not None
        store.upsert("site", {**site, "timezone": zone})
        store.flush()


def kiosk_of(engine: Engine, site_id: str) -> str:
    """A kiosk terminal enrolled at the site (its id)."""
    code, _ = auth.make_enrollment_code(engine, site_id, "kiosk", kind="locker")
    return auth.enroll(engine, code, f"kiosk {site_id}", "kiosk")["terminal_id"]


def push(engine: Engine, terminal_id: str, site_id: str, name: str, args: dict[str, Any],
         at: str = "2026-05-04T10:00:00.000+00:00") -> dict[str, Any]:
    """One fact as the kiosk pushes it; the op's result."""
    with engine.connect() as conn:
        last = conn.execute(select(schema.terminal_state.c.last_seq)
                            .where(schema.terminal_state.c.terminal_id == terminal_id)).scalar_one()
    seq = last + 1
    outcome = apply_push(engine, terminal_id, site_id, [
        {"seq": seq, "op_id": f"{terminal_id}-{next(_seq)}", "name": name, "args": args, "at": at}])
    assert outcome.status == 200, outcome.body
    (result,) = outcome.body["results"]
    return dict(result)


def parcel(engine: Engine, site_id: str, parcel_id: str) -> dict[str, Any]:
    with engine.begin() as conn:
        found = EntityStore(conn, site_id).get("parcel", parcel_id)
    assert found is not None
    return found


def reservation(engine: Engine, parcel_id: str) -> Any:
    from backend.locker_schema import locker_reservations

    with engine.connect() as conn:
        return conn.execute(select(locker_reservations)
                            .where(locker_reservations.c.parcel_id == parcel_id)).first()
