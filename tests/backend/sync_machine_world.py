"""What the sync state machine works on: a warehouse-and-locker terminal enrolled at a live backend
through a FaultProxy, the marketplace's HTTP routes, and the checks the machine makes after its steps.

The master data is the simulator's fixture world (tests/terminal/stats/sim_world.py), copied per
example and loaded into the backend as a new site whose id is the terminal's locker site, so parcels
announced by the marketplace land in the compartments the kiosk opens. Everything after that goes
through the real sessions and flows, `apply_op`, the sync cycle and the backend's routes."""

from __future__ import annotations

import re
import shutil
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import select
from sync_live import LiveServer, Terminal, enrol

from backend import auth, schema
from backend.seed import seed_from_terminal_db
from terminal.lockers.site import install_site
from terminal.store import open_db

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "terminal" / "stats"))
from sim_world import START, build_world  # noqa: E402

#: order statuses in the order a person sees them progress ('cancelled' is handled apart)
ORDER_RANK = {"open": 0, "picking": 1, "picked": 2, "packed": 3, "handed_over": 4}
#: a hold extension takes an expired parcel back to deposited: the two rank the same
PARCEL_RANK = {"announced": 0, "deposited": 1, "expired": 1, "picked_up": 2, "collected": 2}


def template(folder: Path) -> Path:
    """The fixture world once per session (a warehouse with stock, people, 12 open orders; no locker:
    each site installs its own)."""
    path = folder / "template.db"
    if not path.exists():
        db = open_db(path, create=True)
        build_world(db, orders=12, skus=12, seed=3, pickers=1, packers=1, locker=None)
        db.close()
    return path


def new_site(server: LiveServer, proxy_url: str, folder: Path, template_path: Path, site: str) -> Terminal:
    """A copy of the fixture world with a locker site `site`, loaded into the backend as site `site`,
    and a terminal enrolled there that talks to the backend through `proxy_url`."""
    path = folder / f"{site}.db"
    shutil.copy(template_path, path)
    db = open_db(path)
    install_site(db, site, boards=1)
    db.close()
    seed_from_terminal_db(server.app.state.engine, site, path)
    return enrol(server, path, site=site, backend_url=proxy_url)


@dataclass
class Marketplace:
    """The integration side: orders and parcel announcements over HTTP, straight to the backend."""

    server: LiveServer
    site: str
    token: str = ""
    orders: dict[str, dict[str, Any]] = field(default_factory=dict)    # external id → last body sent
    parcels: dict[str, str] = field(default_factory=dict)              # tracking number → phone

    def __post_init__(self) -> None:
        self.token = auth.make_integration_token(self.server.app.state.engine, f"mkt-{self.site}")

    def _post(self, path: str, body: dict[str, Any]) -> httpx.Response:
        answer = httpx.post(f"{self.server.url}{path}", json=body, headers={"Authorization": f"Bearer {self.token}"},
                            timeout=30)
        assert answer.status_code < 500, answer.text
        return answer

    def order(self, external_id: str, *, sku: int, qty: int, street: str = "Polna 1",
              cancelled: bool = False) -> httpx.Response:
        body = {"external_id": external_id, "site_id": self.site, "carrier_code": "DPD", "service": "NEXT_DAY",
                "recipient": {"name": "Ala", "street": street, "postcode": "00-001", "city": "Warszawa"},
                "ship_by": (START + timedelta(hours=6)).isoformat(),
                "lines": [{"sku_code": f"SKU-{sku:03d}", "qty": qty}], "cancelled": cancelled}
        answer = self._post("/v1/orders", body)
        assert answer.status_code in (200, 201, 409), answer.text
        self.orders[external_id] = body
        return answer

    def announce(self, tracking: str, phone: str, size: str) -> None:
        answer = self._post("/v1/parcels", {"site_id": self.site, "tracking_number": tracking,
                                            "recipient_phone": phone, "size_class": size})
        assert answer.status_code in (200, 201), answer.text
        self.parcels[tracking] = phone

    def pickup_code(self, tracking: str) -> str | None:
        """The code the backend sent the recipient (the recording gateway keeps the messages in memory;
        the backend's notifications table never holds codes)."""
        for _phone, message in self.server.notifier.sent:
            if f"parcel {tracking} " in message:
                found = re.search(r"Pickup code: (\d{6})", message)
                return found.group(1) if found else None
        return None


# -- person-visible state and its one-way progressions ------------------------------------------------------

@dataclass(frozen=True)
class Visible:
    orders: dict[str, str]
    lines: dict[str, tuple[int, int]]
    packages: frozenset[str]
    parcels: dict[str, str]


def visible(db: Any) -> Visible:
    return Visible(
        dict(db.execute("SELECT id, status FROM orders").fetchall()),
        {r[0]: (int(r[1] or 0), int(r[2] or 0)) for r in
         db.execute("SELECT id, picked_qty, packed_qty FROM order_lines").fetchall()},
        frozenset(r[0] for r in db.execute("SELECT id FROM packages").fetchall()),
        dict(db.execute("SELECT id, status FROM parcels").fetchall()))


def regressions(before: Visible, after: Visible) -> list[str]:
    """Every way `after` shows a person less progress than `before` did.

    A cancellation from the marketplace is progress of its own before packing (the backend refuses it
    after); a line may go only with its order still open (a re-sent order replaces its lines)."""
    found = []
    for order_id, old in before.orders.items():
        new = after.orders.get(order_id)
        if new is None:
            found.append(f"order {order_id} ({old}) disappeared")
        elif new != old and old != "cancelled" and not (new == "cancelled" and ORDER_RANK[old] < ORDER_RANK["packed"]) \
                and (new == "cancelled" or ORDER_RANK[new] < ORDER_RANK[old]):
            found.append(f"order {order_id} went {old} → {new}")
    for line_id, (picked, packed) in before.lines.items():
        now = after.lines.get(line_id)
        if now is None:
            if (picked, packed) != (0, 0):
                found.append(f"order line {line_id} (picked {picked}, packed {packed}) disappeared")
        elif now[0] < picked or now[1] < packed:
            found.append(f"order line {line_id} went picked/packed {picked}/{packed} → {now[0]}/{now[1]}")
    found += [f"package {p} disappeared" for p in sorted(before.packages - after.packages)]
    for parcel_id, old in before.parcels.items():
        new = after.parcels.get(parcel_id)
        if new is None or PARCEL_RANK[new] < PARCEL_RANK[old]:
            found.append(f"parcel {parcel_id} went {old} → {new}")
    return found


def server_op_ids(server: LiveServer, terminal_id: str) -> Counter[str]:
    o = schema.ops.c
    with server.app.state.engine.connect() as conn:
        return Counter(conn.execute(select(o.op_id).where(o.terminal_id == terminal_id)).scalars().all())
