"""Locker operations. Door and parcel movements are facts from the physical world (DESIGN §3).

The door journal row is written by `DoorUnlockRequested` BEFORE the unlock frame leaves; the
outcome and the close are recorded by the ops that follow, so a crash in between leaves a row that
start-up reconciliation (doors.reconcile) resolves against the board."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from terminal.opargs import Id, LongText, OpArgs, Seconds, Stamp, Text
from terminal.ops import Args, Key, OpContext, operation, require

# A kiosk runs the lockers; the one-database demo world and `handoff simulate shift` run a locker on a
# warehouse station too, so a station may send locker facts (documented in docs/PROTOCOL.md).
LOCKER = ("kiosk", "station")
SERVICE = ("kiosk", "station", "supervisor")


class Announcement(OpArgs):
    """What a kiosk knows of a parcel's announcement (ANNOUNCEMENT): only keyed hashes of its codes."""

    id: Id | None = None
    site_id: Id | None = None
    tracking_number: Id | None = None
    kind: Text | None = None
    size_class: Text | None = None
    recipient_phone_hmac: Text | None = None
    phone_last4: Text | None = None
    code_hmac: Text | None = None
    qr_hmac: Text | None = None
    return_code_hmac: Text | None = None
    announced_at: Stamp | None = None


class JournalArgs(OpArgs):
    """The door-journal fields every door fact may carry."""

    journal_id: Id | None = None
    reconciled: bool = False
    note: LongText | None = None


class UnlockRequestedArgs(OpArgs):
    journal_id: Id
    compartment_id: Id
    purpose: Text
    parcel_id: Id | None = None
    user_id: Id | None = None


class UnlockOutcomeArgs(OpArgs):
    journal_id: Id
    outcome: Text


class DoorClosedArgs(JournalArgs, kw_only=True):
    journal_id: Id


class DoorLeftOpenArgs(OpArgs):
    compartment_id: Id
    seconds: Seconds
    journal_id: Id | None = None


class PutInArgs(JournalArgs, kw_only=True):
    parcel_id: Id
    compartment_id: Id
    courier_id: Id | None = None
    expires_at: Stamp | None = None
    parcel: Announcement | None = None


class TakeOutArgs(JournalArgs, kw_only=True):
    parcel_id: Id
    courier_id: Id | None = None


class ParcelArgs(OpArgs):
    parcel_id: Id


class HoldExtendedArgs(OpArgs):
    parcel_id: Id
    expires_at: Stamp


class FaultedArgs(JournalArgs, kw_only=True):
    compartment_id: Id
    reason: Text
    user_id: Id | None = None


class OutOfServiceArgs(OpArgs):
    compartment_id: Id
    reason: Text | None = None
    user_id: Id | None = None


class BackInServiceArgs(OpArgs):
    compartment_id: Id
    door: Text = "closed"
    user_id: Id | None = None


class KeypadArgs(OpArgs):
    """Whether a code was right, never the code: the outbox and the server get no secret here."""

    site_id: Id
    ok: bool
    how: Text | None = None


class ReconciledArgs(JournalArgs, kw_only=True):
    journal_id: Id
    note: LongText
    fault: Text | None = None
    door: Text | None = None


def _compartment_writes(args: Args, result: Args) -> Iterable[Key]:
    return [("compartment", args.get("compartment_id") or result.get("compartment_id"))]


def _parcel_writes(args: Args, result: Args) -> Iterable[Key]:
    return [("parcel", args.get("parcel_id")), *_compartment_writes(args, result)]

HOLDING = ("deposited", "expired")          # parcel states that occupy a compartment
# What the kiosk knows of a parcel's announcement; deposit facts carry it so a backend that never
# received the announcement can adopt the parcel instead of losing it (docs/PROTOCOL.md).
ANNOUNCEMENT = ("id", "site_id", "tracking_number", "kind", "size_class", "recipient_phone_hmac", "phone_last4",
                "code_hmac", "qr_hmac", "return_code_hmac", "announced_at")


def announcement(parcel: Any) -> dict[str, Any]:
    """The announcement fields of a parcels row, for the `parcel` argument of a deposit fact."""
    return {column: parcel[column] for column in ANNOUNCEMENT}


def _compartment(ctx: OpContext, compartment_id: str) -> Any:
    row = ctx.one("SELECT * FROM compartments WHERE id = ?", (compartment_id,))
    require(row is not None, "unknown_compartment", f"There is no compartment {compartment_id}.")
    return row


def _parcel(ctx: OpContext, parcel_id: str) -> Any:
    row = ctx.one("SELECT * FROM parcels WHERE id = ?", (parcel_id,))
    require(row is not None, "unknown_parcel", "This parcel is not known at this locker.")
    return row


def _holder(ctx: OpContext, compartment_id: str) -> Any:
    return ctx.one("SELECT id FROM parcels WHERE compartment_id = ? AND status IN ('deposited', 'expired')",
                   (compartment_id,))


def _settle(ctx: OpContext, compartment_id: str, door: str) -> None:
    """After a door closes: OCCUPIED if a parcel is inside, else FREE (faults and service stay)."""
    state = "OCCUPIED" if _holder(ctx, compartment_id) else "FREE"
    ctx.db.execute("UPDATE compartments SET door = ?, state = CASE WHEN state IN ('FAULT', 'OUT_OF_SERVICE')"
                   " THEN state ELSE ? END WHERE id = ?", (door, state, compartment_id))


def _close_journal(ctx: OpContext, args: Args) -> None:
    if args.get("journal_id"):
        outcome = "reconciled" if args.get("reconciled") else "closed"
        ctx.db.execute("UPDATE door_journal SET outcome = ?, closed_at = ?, note = COALESCE(?, note) WHERE id = ?",
                       (outcome, ctx.at, args.get("note"), args["journal_id"]))


@operation("DoorUnlockRequested", args=UnlockRequestedArgs, fact=True, roles=LOCKER,
           footprint=_compartment_writes)
def door_unlock_requested(ctx: OpContext, args: Args) -> Args:
    comp = _compartment(ctx, args["compartment_id"])
    purpose = args["purpose"]
    require(purpose in ("deposit", "pickup", "return", "collect", "technician"), "bad_purpose",
            f"{purpose} is not a reason to open a door.")
    if purpose in ("deposit", "return"):
        require(comp["state"] == "FREE" and _holder(ctx, comp["id"]) is None, "compartment_taken",
                "That compartment is no longer free; another one will be chosen.")
    ctx.db.execute(
        "INSERT INTO door_journal (id, compartment_id, purpose, parcel_id, user_id, requested_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (args["journal_id"], comp["id"], purpose, args.get("parcel_id"), args.get("user_id"), ctx.at),
    )
    if purpose in ("deposit", "return"):
        ctx.db.execute("UPDATE compartments SET state = 'RESERVED' WHERE id = ?", (comp["id"],))
    ctx.audit("door_unlock", user_id=args.get("user_id"), ref_type="compartment", ref_id=comp["id"],
              details={"purpose": purpose, "parcel_id": args.get("parcel_id"), "journal_id": args["journal_id"]})
    return {"journal_id": args["journal_id"]}


@operation("DoorUnlockOutcome", args=UnlockOutcomeArgs, fact=True, roles=LOCKER, footprint=_compartment_writes)
def door_unlock_outcome(ctx: OpContext, args: Args) -> Args:
    journal = ctx.one("SELECT * FROM door_journal WHERE id = ?", (args["journal_id"],))
    require(journal is not None, "unknown_journal", "There is no such door journal row.")
    outcome = args["outcome"]
    require(outcome in ("opened", "not_opened", "unknown"), "bad_outcome", f"{outcome} is not an unlock outcome.")
    ctx.db.execute("UPDATE door_journal SET outcome = ?, opened_at = CASE WHEN ? = 'opened' THEN ? END WHERE id = ?",
                   (outcome, outcome, ctx.at, journal["id"]))
    comp_id = journal["compartment_id"]
    if outcome == "opened":
        ctx.db.execute("UPDATE compartments SET door = 'open', state = CASE WHEN state IN ('FAULT', 'OUT_OF_SERVICE')"
                       " THEN state ELSE 'OPEN' END WHERE id = ?", (comp_id,))
        return {"compartment_id": comp_id}
    reason = "door_did_not_open" if outcome == "not_opened" else "board_did_not_answer"
    ctx.db.execute("UPDATE compartments SET state = 'FAULT', fault_reason = ?,"
                   " door = CASE WHEN ? = 'unknown' THEN 'unknown' ELSE door END WHERE id = ?",
                   (reason, outcome, comp_id))
    ctx.raise_exception("door_fault", "door_fault_after_unlock", comp_id, reason,
                        ref_type="compartment", ref_id=comp_id,
                        details={"journal_id": journal["id"], "purpose": journal["purpose"]})
    return {"compartment_id": comp_id}


@operation("DoorClosed", args=DoorClosedArgs, fact=True, roles=LOCKER, footprint=_compartment_writes)
def door_closed(ctx: OpContext, args: Args) -> Args:
    journal = ctx.one("SELECT * FROM door_journal WHERE id = ?", (args["journal_id"],))
    require(journal is not None, "unknown_journal", "There is no such door journal row.")
    _close_journal(ctx, args)
    _settle(ctx, journal["compartment_id"], "closed")
    return {"compartment_id": journal["compartment_id"]}


@operation("DoorLeftOpen", args=DoorLeftOpenArgs, fact=True, roles=LOCKER)
def door_left_open(ctx: OpContext, args: Args) -> None:
    ctx.raise_exception("door_left_open", "door_left_open", args["compartment_id"], int(args["seconds"]),
                        ref_type="compartment", ref_id=args["compartment_id"],
                        details={"journal_id": args.get("journal_id")})


@operation("ParcelDeposited", args=PutInArgs, fact=True, roles=LOCKER, footprint=_parcel_writes)
def parcel_deposited(ctx: OpContext, args: Args) -> None:
    parcel = _parcel(ctx, args["parcel_id"])
    require(parcel["status"] == "announced", "not_announced", "This parcel is not waiting to be deposited.")
    require(_holder(ctx, args["compartment_id"]) is None, "compartment_taken",
            "That compartment already holds a parcel.")
    ctx.db.execute("UPDATE parcels SET status = 'deposited', compartment_id = ?, courier_id = ?, deposited_at = ?,"
                   " expires_at = ? WHERE id = ?",
                   (args["compartment_id"], args.get("courier_id"), ctx.at, args.get("expires_at"), parcel["id"]))
    _close_journal(ctx, args)
    _settle(ctx, args["compartment_id"], "closed")
    ctx.audit("parcel_deposited", user_id=args.get("courier_id"), ref_type="parcel", ref_id=parcel["id"],
              details={"compartment_id": args["compartment_id"]})


@operation("ReturnDropped", args=PutInArgs, fact=True, roles=LOCKER, footprint=_parcel_writes)
def return_dropped(ctx: OpContext, args: Args) -> None:
    parcel = _parcel(ctx, args["parcel_id"])
    require(parcel["kind"] == "return" and parcel["status"] == "announced", "not_announced",
            "This return code has already been used.")
    require(_holder(ctx, args["compartment_id"]) is None, "compartment_taken",
            "That compartment already holds a parcel.")
    ctx.db.execute("UPDATE parcels SET status = 'deposited', compartment_id = ?, deposited_at = ? WHERE id = ?",
                   (args["compartment_id"], ctx.at, parcel["id"]))
    _close_journal(ctx, args)
    _settle(ctx, args["compartment_id"], "closed")
    ctx.audit("return_dropped", ref_type="parcel", ref_id=parcel["id"],
              details={"compartment_id": args["compartment_id"]})


def _take_out(ctx: OpContext, args: Args, status: str, column: str, allowed: tuple[str, ...]) -> Args:
    parcel = _parcel(ctx, args["parcel_id"])
    require(parcel["status"] in allowed, "not_in_locker", "This parcel is not in the locker any more.")
    ctx.db.execute(f"UPDATE parcels SET status = ?, {column} = ?, compartment_id = NULL WHERE id = ?",
                   (status, ctx.at, parcel["id"]))
    _close_journal(ctx, args)
    _settle(ctx, parcel["compartment_id"], "closed")
    ctx.audit(f"parcel_{status}", user_id=args.get("courier_id"), ref_type="parcel", ref_id=parcel["id"],
              details={"compartment_id": parcel["compartment_id"]})
    return {"compartment_id": parcel["compartment_id"]}


@operation("ParcelPickedUp", args=TakeOutArgs, fact=True, roles=LOCKER, footprint=_parcel_writes)
def parcel_picked_up(ctx: OpContext, args: Args) -> Args:
    return _take_out(ctx, args, "picked_up", "picked_up_at", ("deposited",))


@operation("ParcelCollected", args=TakeOutArgs, fact=True, roles=LOCKER, footprint=_parcel_writes)
def parcel_collected(ctx: OpContext, args: Args) -> Args:
    return _take_out(ctx, args, "collected", "collected_at", ("expired", "deposited"))


@operation("ParcelExpired", args=ParcelArgs, fact=True, roles=LOCKER, footprint=_parcel_writes)
def parcel_expired(ctx: OpContext, args: Args) -> None:
    parcel = _parcel(ctx, args["parcel_id"])
    require(parcel["status"] == "deposited" and parcel["kind"] == "delivery", "not_deposited",
            "Only a delivery waiting in the locker can expire.")
    ctx.db.execute("UPDATE parcels SET status = 'expired', expired_at = ? WHERE id = ?", (ctx.at, parcel["id"]))


@operation("ParcelHoldExtended", args=HoldExtendedArgs, roles=LOCKER, footprint=_parcel_writes)
def parcel_hold_extended(ctx: OpContext, args: Args) -> None:
    """An extension the backend granted after the parcel had already expired here: it waits again."""
    parcel = _parcel(ctx, args["parcel_id"])
    require(parcel["status"] in ("deposited", "expired"), "not_in_locker", "This parcel is not in the locker.")
    ctx.db.execute("UPDATE parcels SET status = 'deposited', expires_at = ?, expired_at = NULL WHERE id = ?",
                   (args["expires_at"], parcel["id"]))


@operation("CompartmentFaulted", args=FaultedArgs, fact=True, roles=LOCKER, footprint=_compartment_writes)
def compartment_faulted(ctx: OpContext, args: Args) -> None:
    comp = _compartment(ctx, args["compartment_id"])
    ctx.db.execute("UPDATE compartments SET state = 'FAULT', fault_reason = ? WHERE id = ?",
                   (args["reason"], comp["id"]))
    _close_journal(ctx, args)
    if args.get("journal_id"):
        ctx.db.execute("UPDATE compartments SET door = 'closed' WHERE id = ?", (comp["id"],))
    ctx.raise_exception("door_fault", "compartment_faulted", comp["id"], args["reason"],
                        ref_type="compartment", ref_id=comp["id"], details={"user_id": args.get("user_id")})
    ctx.audit("compartment_faulted", user_id=args.get("user_id"), ref_type="compartment", ref_id=comp["id"],
              details={"reason": args["reason"]})


@operation("CompartmentOutOfService", args=OutOfServiceArgs, roles=SERVICE, footprint=_compartment_writes)
def compartment_out_of_service(ctx: OpContext, args: Args) -> None:
    comp = _compartment(ctx, args["compartment_id"])
    ctx.db.execute("UPDATE compartments SET state = 'OUT_OF_SERVICE', fault_reason = ? WHERE id = ?",
                   (args.get("reason") or "out_of_service", comp["id"]))
    ctx.audit("compartment_out_of_service", user_id=args.get("user_id"), ref_type="compartment", ref_id=comp["id"])


@operation("CompartmentBackInService", args=BackInServiceArgs, roles=SERVICE,
           footprint=_compartment_writes)
def compartment_back_in_service(ctx: OpContext, args: Args) -> None:
    comp = _compartment(ctx, args["compartment_id"])
    state = "OCCUPIED" if _holder(ctx, comp["id"]) else "FREE"
    ctx.db.execute("UPDATE compartments SET state = ?, fault_reason = NULL, door = ? WHERE id = ?",
                   (state, args.get("door", "closed"), comp["id"]))
    ctx.audit("compartment_back_in_service", user_id=args.get("user_id"), ref_type="compartment", ref_id=comp["id"])


@operation("KeypadCodeEntered", args=KeypadArgs, fact=True, roles=LOCKER)
def keypad_code_entered(ctx: OpContext, args: Args) -> None:
    ctx.db.execute("INSERT INTO keypad_attempts (site_id, at, ok) VALUES (?, ?, ?)",
                   (args["site_id"], ctx.at, 1 if args["ok"] else 0))
    if not args["ok"]:
        ctx.audit("keypad_wrong_code", ref_type="site", ref_id=args["site_id"], details={"how": args.get("how")})


@operation("DoorJournalReconciled", args=ReconciledArgs, fact=True, roles=LOCKER,
           footprint=_compartment_writes)
def door_journal_reconciled(ctx: OpContext, args: Args) -> Args:
    journal = ctx.one("SELECT * FROM door_journal WHERE id = ?", (args["journal_id"],))
    require(journal is not None, "unknown_journal", "There is no such door journal row.")
    ctx.db.execute("UPDATE door_journal SET outcome = 'reconciled', closed_at = ?, note = ? WHERE id = ?",
                   (ctx.at, args["note"], journal["id"]))
    comp_id = journal["compartment_id"]
    if args.get("fault"):
        ctx.db.execute("UPDATE compartments SET state = 'FAULT', fault_reason = ?, door = ? WHERE id = ?",
                       (args["fault"], args.get("door", "unknown"), comp_id))
        ctx.raise_exception("door_fault", "door_fault_at_start", comp_id, args["fault"], ref_type="compartment",
                            ref_id=comp_id, details={"journal_id": journal["id"], "note": args["note"]})
    else:
        _settle(ctx, comp_id, args.get("door", "closed"))
    ctx.audit("door_journal_reconciled", ref_type="compartment", ref_id=comp_id,
              details={"journal_id": journal["id"], "note": args["note"]})
    return {"compartment_id": comp_id}


# ParcelAnnounced lives beside the announcement helpers, the remote support ops beside theirs; importing
# them here registers them with the rest.
from terminal.lockers import announce as _announce  # noqa: E402, F401
from terminal.lockers import remote_ops as _remote_ops  # noqa: E402, F401
