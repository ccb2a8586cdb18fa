"""Server side of the locker facts: parcels in and out of compartments, faults and service states.

The server keeps a private `occupancy` entity per compartment (not pulled) so invariant 5 — a
compartment never holds two parcels, a parcel is never in two compartments — is checked with
authority. A fact that conflicts (a second parcel put into a taken compartment) is still recorded:
the op is applied, the conflict becomes an exception for a supervisor, and the server re-sends the
rows the kiosk changed so its copy converges. A deposit of a parcel the server was never told about
is adopted from the announcement fields the kiosk sends with it (`_adopt`)."""

from __future__ import annotations

from typing import Any

from backend.handlers import Args, ServerContext, handler
from backend.reservations import release
from terminal.ops import require


def _parcel(ctx: ServerContext, parcel_id: str) -> dict[str, Any]:
    parcel = ctx.store.get("parcel", str(parcel_id))
    require(parcel is not None, "unknown_parcel", f"Parcel {parcel_id} is not announced at this site.")
    assert parcel is not None
    return parcel


def _settle(ctx: ServerContext, compartment_id: str | None, door: str = "closed") -> None:
    if not compartment_id:
        return
    comp = ctx.store.get("compartment", compartment_id)
    if comp is None:
        return
    held = ctx.store.get("occupancy", compartment_id)
    if comp.get("state") not in ("FAULT", "OUT_OF_SERVICE"):
        comp["state"] = "OCCUPIED" if held else "FREE"
    comp["door"] = door
    ctx.store.upsert("compartment", comp)


# the announcement fields a kiosk's deposit fact carries (terminal.lockers.ops.ANNOUNCEMENT)
_ANNOUNCED = ("tracking_number", "kind", "size_class", "recipient_phone_hmac", "phone_last4", "code_hmac",
              "qr_hmac", "return_code_hmac", "announced_at")
_LIFECYCLE = ("compartment_id", "courier_id", "deposited_at", "expires_at", "picked_up_at", "expired_at",
              "collected_at")


def _adopt(ctx: ServerContext, args: Args) -> None:
    """A kiosk holds a parcel whose announcement never reached the server: the parcel is a fact.

    The server creates it from what the kiosk knows (as announced, so the deposit below applies as
    usual) and tells a supervisor; it never tells the kiosk to forget a parcel it physically holds."""
    parcel_id = str(args["parcel_id"])
    known = args.get("parcel")
    if ctx.store.get("parcel", parcel_id) is not None or not isinstance(known, dict):
        return
    if not known.get("tracking_number") or str(known.get("id", parcel_id)) != parcel_id:
        return
    parcel: dict[str, Any] = {"id": parcel_id, "site_id": ctx.site_id, "kind": "delivery", "size_class": None,
                              "announced_at": ctx.at, **{c: known[c] for c in _ANNOUNCED if known.get(c) is not None},
                              **dict.fromkeys(_LIFECYCLE), "status": "announced"}
    ctx.store.upsert("parcel", parcel)
    ctx.raise_exception("unannounced_parcel", f"Parcel {parcel['tracking_number']} was put into compartment "
                        f"{args.get('compartment_id')} but its announcement never reached the backend; "
                        "it was recorded from the kiosk's data — check it with the carrier.",
                        details={"parcel_id": parcel_id, "tracking_number": parcel["tracking_number"]})


def _put_in(ctx: ServerContext, args: Args, *, kind: str | None) -> None:
    _adopt(ctx, args)
    parcel = _parcel(ctx, args["parcel_id"])
    compartment_id = str(args["compartment_id"])
    require(ctx.store.get("compartment", compartment_id) is not None, "unknown_compartment",
            f"There is no compartment {compartment_id} at this site.")
    if kind:
        require(parcel.get("kind") == kind, "not_a_return", "That parcel is not a return.")
    require(parcel.get("status") == "announced", "not_announced",
            f"Parcel {parcel.get('tracking_number')} is {parcel.get('status')}, not waiting to be deposited.")
    holder = ctx.store.get("occupancy", compartment_id)
    require(holder is None, "compartment_occupied",
            f"Compartment {compartment_id} already holds parcel {holder and holder.get('parcel_id')}.")
    parcel.update(status="deposited", compartment_id=compartment_id, deposited_at=ctx.at)
    if kind is None:
        parcel.update(courier_id=args.get("courier_id"), expires_at=args.get("expires_at"))
    ctx.store.upsert("parcel", parcel)
    ctx.store.upsert("occupancy", {"parcel_id": parcel["id"]}, key=compartment_id)
    _settle(ctx, compartment_id)
    release(ctx.store.conn, parcel["id"], "deposited", ctx.now)   # its reservation is now this compartment


@handler("ParcelDeposited")
def parcel_deposited(ctx: ServerContext, args: Args) -> None:
    _put_in(ctx, args, kind=None)


@handler("ReturnDropped")
def return_dropped(ctx: ServerContext, args: Args) -> None:
    _put_in(ctx, args, kind="return")


def _take_out(ctx: ServerContext, args: Args, status: str, column: str, allowed: tuple[str, ...]) -> None:
    parcel = _parcel(ctx, args["parcel_id"])
    require(parcel.get("status") in allowed, "not_in_locker",
            f"Parcel {parcel.get('tracking_number')} is {parcel.get('status')}, not in the locker.")
    compartment_id = parcel.get("compartment_id")
    parcel.update({"status": status, column: ctx.at, "compartment_id": None})
    ctx.store.upsert("parcel", parcel)
    if compartment_id:
        holder = ctx.store.get("occupancy", compartment_id)
        if holder and holder.get("parcel_id") == parcel["id"]:
            ctx.store.delete("occupancy", compartment_id)
    _settle(ctx, compartment_id)


@handler("ParcelPickedUp")
def parcel_picked_up(ctx: ServerContext, args: Args) -> None:
    _take_out(ctx, args, "picked_up", "picked_up_at", ("deposited",))


@handler("ParcelCollected")
def parcel_collected(ctx: ServerContext, args: Args) -> None:
    _take_out(ctx, args, "collected", "collected_at", ("expired", "deposited"))


@handler("ParcelExpired")
def parcel_expired(ctx: ServerContext, args: Args) -> None:
    parcel = _parcel(ctx, args["parcel_id"])
    require(parcel.get("status") == "deposited", "not_deposited", "Only a parcel waiting in the locker can expire.")
    parcel.update(status="expired", expired_at=ctx.at)
    ctx.store.upsert("parcel", parcel)


@handler("ParcelHoldExtended")
def parcel_hold_extended(ctx: ServerContext, args: Args) -> None:
    parcel = _parcel(ctx, args["parcel_id"])
    require(parcel.get("status") in ("deposited", "expired"), "not_in_locker", "This parcel is not in the locker.")
    parcel.update(status="deposited", expires_at=args["expires_at"], expired_at=None)
    ctx.store.upsert("parcel", parcel)


def _compartment(ctx: ServerContext, compartment_id: str) -> dict[str, Any]:
    comp = ctx.store.get("compartment", str(compartment_id))
    require(comp is not None, "unknown_compartment", f"There is no compartment {compartment_id} at this site.")
    assert comp is not None
    return comp


@handler("CompartmentFaulted")
def compartment_faulted(ctx: ServerContext, args: Args) -> None:
    comp = _compartment(ctx, args["compartment_id"])
    comp.update(state="FAULT", fault_reason=args["reason"])
    if args.get("journal_id"):
        comp["door"] = "closed"
    ctx.store.upsert("compartment", comp)
    ctx.raise_exception("door_fault", f"Compartment {comp['id']}: {str(args['reason']).replace('_', ' ')}.",
                        details={"user_id": args.get("user_id")})


@handler("CompartmentOutOfService")
def compartment_out_of_service(ctx: ServerContext, args: Args) -> None:
    comp = _compartment(ctx, args["compartment_id"])
    comp.update(state="OUT_OF_SERVICE", fault_reason=args.get("reason") or "out_of_service")
    ctx.store.upsert("compartment", comp)


@handler("CompartmentBackInService")
def compartment_back_in_service(ctx: ServerContext, args: Args) -> None:
    comp = _compartment(ctx, args["compartment_id"])
    comp.update(state="OCCUPIED" if ctx.store.get("occupancy", comp["id"]) else "FREE", fault_reason=None,
                door=args.get("door", "closed"))
    ctx.store.upsert("compartment", comp)


def _journal(ctx: ServerContext, journal_id: str) -> dict[str, Any]:
    journal = ctx.store.get("door_journal", str(journal_id))
    require(journal is not None, "unknown_journal", "There is no such door journal row.")
    assert journal is not None
    return journal


@handler("DoorUnlockRequested")
def door_unlock_requested(ctx: ServerContext, args: Args) -> None:
    comp = _compartment(ctx, args["compartment_id"])
    purpose = args["purpose"]
    require(purpose in ("deposit", "pickup", "return", "collect", "technician"), "bad_purpose",
            f"{purpose} is not a reason to open a door.")
    ctx.store.upsert("door_journal", {"compartment_id": comp["id"], "purpose": purpose,
                                      "parcel_id": args.get("parcel_id")}, key=str(args["journal_id"]))
    if purpose in ("deposit", "return"):
        require(comp.get("state") == "FREE" and ctx.store.get("occupancy", comp["id"]) is None,
                "compartment_taken", f"Compartment {comp['id']} was not free when its door was opened.")
        comp["state"] = "RESERVED"
        ctx.store.upsert("compartment", comp)


@handler("DoorUnlockOutcome")
def door_unlock_outcome(ctx: ServerContext, args: Args) -> None:
    journal = _journal(ctx, args["journal_id"])
    outcome = args["outcome"]
    require(outcome in ("opened", "not_opened", "unknown"), "bad_outcome", f"{outcome} is not an unlock outcome.")
    comp = _compartment(ctx, journal["compartment_id"])
    if outcome == "opened":
        comp["door"] = "open"
        if comp.get("state") not in ("FAULT", "OUT_OF_SERVICE"):
            comp["state"] = "OPEN"
    else:
        comp.update(state="FAULT", fault_reason="door_did_not_open" if outcome == "not_opened"
                    else "board_did_not_answer")
        if outcome == "unknown":
            comp["door"] = "unknown"
    ctx.store.upsert("compartment", comp)


@handler("DoorClosed")
def door_closed(ctx: ServerContext, args: Args) -> None:
    _settle(ctx, _journal(ctx, args["journal_id"])["compartment_id"])


@handler("DoorJournalReconciled")
def door_journal_reconciled(ctx: ServerContext, args: Args) -> None:
    journal = _journal(ctx, args["journal_id"])
    if args.get("fault"):
        comp = _compartment(ctx, journal["compartment_id"])
        comp.update(state="FAULT", fault_reason=args["fault"], door=args.get("door", "unknown"))
        ctx.store.upsert("compartment", comp)
    else:
        _settle(ctx, journal["compartment_id"], args.get("door", "closed"))
