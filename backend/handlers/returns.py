"""Server side of returns at the warehouse: the same stock moves, under the same ids, as
terminal/inventory/returns_ops.py, and the private `return` entity the shop's events are made from.

The ops are facts, so nothing here refuses them: what the server cannot place (a return of an order it
does not know, a line graded beyond what was ordered, an item not in the order) is applied as far as it
can be and raised for a supervisor. The `return` entity (never pulled) keeps every graded item, so
backend/shop_events.py can tell the shop each line's grades and quantities when the return is graded."""

from __future__ import annotations

from typing import Any

from backend.handlers import Args, ServerContext, handler
from backend.handlers.orders import order_ref
from backend.handlers.stock import move


def _return(ctx: ServerContext, return_id: str) -> dict[str, Any]:
    found = ctx.store.get("return", return_id)
    if found is not None:
        return found
    ctx.raise_exception("return_unknown", f"Return {return_id} was graded on a terminal before the server knew it"
                        " was received.", details={"return_id": return_id})
    return {"id": return_id, "order_id": None, "scanned": "", "status": "received", "received_at": ctx.at,
            "items": []}


@handler("ReturnReceived")
def return_received(ctx: ServerContext, args: Args) -> None:
    return_id, order_id = str(args["return_id"]), str(args["order_id"])
    if ctx.store.get("order", order_id) is None:
        ctx.raise_exception("return_unknown_order", f"A parcel of order {order_id} came back, but the server does"
                            " not know the order.", details={"return_id": return_id, "order_id": order_id})
    ctx.store.upsert("return", {"id": return_id, "order_id": order_id, "scanned": args.get("scanned") or "",
                                "status": "received", "received_at": ctx.at, "received_by": args.get("user_id"),
                                "graded_at": None, "items": []}, key=return_id)


@handler("ReturnItemGraded")
def return_item_graded(ctx: ServerContext, args: Args) -> None:
    found = _return(ctx, str(args["return_id"]))
    sku, qty, grade = str(args["sku_code"]), int(args["qty"]), str(args["grade"])
    line_id = args.get("line_id")
    if line_id:
        line = ctx.store.get("order_line", str(line_id))
        ordered = int(line["qty"]) if line else 0
        before = _graded(ctx, found.get("order_id"), str(line_id))
        if before + qty > ordered:
            order = ctx.store.get("order", str(found.get("order_id")))
            ctx.raise_exception("return_over_ordered", f"{before + qty} × {sku} of order "
                                f"{order_ref(order, str(found.get('order_id')))} were graded as returned; "
                                f"{ordered} were ordered.", details={"return_id": found["id"], "line_id": line_id})
    location = args.get("location_code")
    reason = (args.get("reason") or "").strip() or None
    found["items"] = [*found.get("items", []), {"id": ctx.op_id, "line_id": line_id, "sku_code": sku, "qty": qty,
                                                "grade": grade, "location_code": location, "reason": reason,
                                                "graded_at": ctx.at}]
    ctx.store.upsert("return", found, key=found["id"])
    if line_id and found.get("order_id"):
        _remember(ctx, str(found["order_id"]), found["id"])
    if location and grade in ("restock", "quarantine"):
        move(ctx, str(location), sku, qty, "return", ref_type="return", ref_id=found["id"],
             user_id=args.get("user_id"), reason=reason)


@handler("ReturnCompleted")
def return_completed(ctx: ServerContext, args: Args) -> None:
    found = _return(ctx, str(args["return_id"]))
    if found.get("status") == "graded":
        return
    found.update(status="graded", graded_at=ctx.at, graded_by=args.get("user_id"))
    ctx.store.upsert("return", found, key=found["id"])


def _remember(ctx: ServerContext, order_id: str, return_id: str) -> None:
    """Every return of an order (private `order_returns`), so a grade counts what came back before."""
    known = ctx.store.get("order_returns", order_id) or {"returns": []}
    if return_id not in known["returns"]:
        ctx.store.upsert("order_returns", {"returns": [*known["returns"], return_id]}, key=order_id)


def _graded(ctx: ServerContext, order_id: Any, line_id: str) -> int:
    if not order_id:
        return 0
    total = 0
    for return_id in (ctx.store.get("order_returns", str(order_id)) or {"returns": []})["returns"]:
        found = ctx.store.get("return", return_id) or {}
        total += sum(int(i["qty"]) for i in found.get("items", []) if i.get("line_id") == line_id)
    return total


def outcome(ctx_store: Any, found: dict[str, Any]) -> list[dict[str, Any]]:
    """The shop's view of a return: per order line (and per item not in the order), the units graded
    each way. `ordered` is the line's quantity; 0 for an item that was not in the order."""
    lines: dict[tuple[Any, str], dict[str, Any]] = {}
    for item in found.get("items", []):
        key = (item.get("line_id"), item["sku_code"])
        if key not in lines:
            line = ctx_store.get("order_line", str(item["line_id"])) if item.get("line_id") else None
            lines[key] = {"line_id": item.get("line_id"), "sku_code": item["sku_code"], "in_order": line is not None,
                          "ordered": int(line["qty"]) if line else 0, "returned": 0, "restock": 0, "quarantine": 0,
                          "dispose": 0, "reasons": []}
        entry = lines[key]
        entry["returned"] += int(item["qty"])
        entry[item["grade"]] = entry.get(item["grade"], 0) + int(item["qty"])
        if item.get("reason") and item["reason"] not in entry["reasons"]:
            entry["reasons"].append(item["reason"])
    return list(lines.values())
