"""Server side of `ParcelAnnounced` (terminal/lockers/announce.py): a parcel a kiosk announced itself.

The server stores it as announced, exactly as the kiosk did, unless it already has that parcel (the
carrier's announcement arrived by `POST /v1/parcels`, or the op is sent again): then nothing changes,
so a parcel already further along (deposited, picked up) never goes back."""

from __future__ import annotations

from backend.handlers import Args, ServerContext, handler
from terminal.lockers.ops import ANNOUNCEMENT

_LIFECYCLE = ("compartment_id", "courier_id", "deposited_at", "expires_at", "picked_up_at", "expired_at",
              "collected_at")


@handler("ParcelAnnounced")   # re-send on rejection: the declaration's footprint (terminal/lockers/announce.py)
def parcel_announced(ctx: ServerContext, args: Args) -> None:
    parcel_id = str(args["id"])
    if ctx.store.get("parcel", parcel_id) is not None:
        return
    ctx.store.upsert("parcel", {**{c: args.get(c) for c in ANNOUNCEMENT}, "id": parcel_id,
                                **dict.fromkeys(_LIFECYCLE), "status": "announced"})
