"""The packer's and the loader's sentences, as stable codes with arguments (%1, %2, … in order).

The pack session, verification and handover word everything from this table (terminal/sentences.py),
so the CLI and logs read English and the station translates the code (ui/packing/messages.py)."""

from __future__ import annotations

from terminal.sentences import register

MESSAGES: dict[str, str] = {
    # prompts
    "pack_scan_tote": "Scan a tote or an order to pack.",
    "pack_scan_every_unit": "Scan every unit: %1 of %2 counted.",
    "pack_into_box": "Pack into box %1 and put it on the scale (or type the weight).",
    "pack_weight_mismatch": "Weight %1 g is not %2 ± %3 g: recount (F10), weigh again, or a supervisor scans "
                            "their badge.",
    # starting an order
    "pack_command_unused": "The command %1 is not used at the pack station.",
    "pack_scan_tote_first": "Scan a tote or an order first.",
    "pack_badge_unknown": "Badge %1 is not known here; ask a supervisor to register it.",
    "pack_scan_not_used": "That scan is not used here:",
    "pack_tote_empty": "Tote %1 holds no order; scan the order's paper instead.",
    "pack_finish_first": "Finish order %1 first, or scan CMD:CANCEL to put it aside.",
    "pack_order_unknown": "That order is not known here.",
    "pack_order_open": "Order %1 is not picked yet; it cannot be packed.",
    "pack_order_picking": "Order %1 is still being picked; wait for its tote.",
    "pack_order_packed": "Order %1 is already packed.",
    "pack_order_handed_over": "Order %1 is already handed over to the carrier.",
    "pack_order_cancelled": "Order %1 was cancelled: put its items back, do not pack them.",
    "pack_nothing_to_pack": "Order %1 has nothing to pack (every line was short).",
    "pack_order_started": "Order %1.",
    # counting
    "pack_all_counted_already": "Too many: every unit of this order is already counted. Nothing counted.",
    "pack_wrong_item": "Wrong item %1: it is not in this order. Take it out; nothing counted.",
    "pack_item_all_counted": "Too many: every %1 of this order is already counted. Nothing counted.",
    "pack_too_many": "Too many: this barcode counts %1, but only %2 more × %3 belong to this order. Nothing counted.",
    "pack_counted": "%1: %2 of %3. %4 of %5 counted.",
    "pack_counted_no_box": "All units counted. No box type takes them all: scan the box you use.",
    "pack_counted_use_box": "All units counted. Use box %1 (%2) and weigh it.",
    # boxes and weighing
    "pack_box_unknown": "Box type %1 is not in use here.",
    "pack_resolve_weight": "Resolve the weight first: recount, weigh again or a supervisor.",
    "pack_box_keep": "Keep box %1.",
    "pack_box_chosen": "Box %1 (%2) chosen.",
    # why a box does not fit (terminal/packing/cartonize.py)
    "box_item_too_big": "An item of %1 mm does not fit into box %2.",
    "box_over_weight": "%1 g is over box %2's limit of %3 g.",
    "box_too_full": "The items fill %1 % of box %2; more than %3 % rarely closes.",
    "pack_count_first": "Nothing to weigh now: count every unit first.",
    "pack_nothing_to_weigh": "Nothing to weigh now.",
    "pack_weight_range": "Type a weight from 1 to %1 g.",
    "pack_scan_box_first": "Scan the box you use first.",
    "pack_box_no_locker": "Order %1 goes to a locker and box %2 fits no compartment; scan a smaller box.",
    "pack_no_order_to_recount": "There is no order to recount.",
    "pack_recount": "Recount: take everything out and scan each unit again.",
    "pack_no_weight_to_accept": "There is no weight to accept.",
    "pack_not_a_supervisor": "%1 is not a supervisor; a supervisor must accept the weight.",
    "pack_no_order_to_put_aside": "There is no order to put aside.",
    "pack_put_aside": "Order %1 put aside; scanning its tote resumes it.",
    "pack_cannot_close": "%1",
    "pack_packed": "Packed: %1, %2 g, tracking %3.",
    "pack_packed_accepted": "Packed (accepted by %1): %2, %3 g, tracking %4.",
    "pack_label_not_queued": "The label could not be queued: %1",
    "pack_scan_next": "Scan the next tote.",
    # the label, as the packer answers "did it come out?"
    "pack_label_marked_printed": "Thank you: label marked as printed.",
    "pack_label_printed_again": "The label is printed again (recorded as a reprint).",
    # handover
    "handover_next_vehicle": "Next vehicle: scan its first package.",
    "handover_unknown_package": "%1 is not a package packed here; put it aside for the supervisor.",
    "handover_other_carrier": "Package %1 goes with %2, not %3; keep it off this vehicle.",
    "handover_already": "Package %1 was already handed over at %2.",
    "handover_loaded": "%1 (%2) loaded for %3: %4 on this vehicle, %5 still to load.",
    "handover_label_not_printed": "The label of package %1 never printed: keep it off the vehicle and reprint it, "
                                  "or a supervisor scans their badge to let it go without one.",
    "handover_not_a_supervisor": "%1 is not a supervisor; only a supervisor can let a package go without a label.",
    "handover_nothing_to_accept": "There is no package waiting for a supervisor here.",
    "handover_loaded_unlabelled": "%1 (%2) loaded for %3 without a printed label, accepted by %4: %5 on this "
                                  "vehicle, %6 still to load.",
}
# sentences whose only argument is another part's English (a numbering or label error): shown as it is
UNTRANSLATED = frozenset({"pack_cannot_close"})
register(MESSAGES)
