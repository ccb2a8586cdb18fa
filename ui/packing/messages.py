"""The packer's and the loader's sentences in the reader's language, by the core's stable `Say` codes.

`terminal.packing.messages` words every prompt and outcome of the pack session, verification and
handover as a code with arguments (and the English for the CLI and logs); this table translates
each code — the same mechanism as picking and the lockers (ui/coded_text.py). Codes whose only
argument is another part's English (UNTRANSLATED) show it as it is."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from terminal.sentences import Outcome, Say
from ui.coded_text import said
from ui.coded_text import say_text as coded_say_text


def texts() -> dict[str, str]:
    """code → the sentence in the current language (%1, %2, … as in terminal/packing/messages.py)."""
    return {
        "pack_scan_tote": QCoreApplication.translate("PackingMessages", "Scan a tote or an order to pack."),
        "pack_scan_every_unit": QCoreApplication.translate("PackingMessages", "Scan every unit: %1 of %2 counted."),
        "pack_into_box": QCoreApplication.translate(
            "PackingMessages", "Pack into box %1 and put it on the scale (or type the weight)."),
        "pack_weight_mismatch": QCoreApplication.translate(
            "PackingMessages", "Weight %1 g is not %2 ± %3 g: recount (F10), weigh again, or a "
            "supervisor scans their badge."),
        "pack_command_unused": QCoreApplication.translate(
            "PackingMessages", "The command %1 is not used at the pack station."),
        "pack_scan_tote_first": QCoreApplication.translate("PackingMessages", "Scan a tote or an order first."),
        "pack_badge_unknown": QCoreApplication.translate(
            "PackingMessages", "Badge %1 is not known here; ask a supervisor to register it."),
        "pack_scan_not_used": QCoreApplication.translate("PackingMessages", "That scan is not used here:"),
        "pack_tote_empty": QCoreApplication.translate(
            "PackingMessages", "Tote %1 holds no order; scan the order's paper instead."),
        "pack_finish_first": QCoreApplication.translate(
            "PackingMessages", "Finish order %1 first, or scan CMD:CANCEL to put it aside."),
        "pack_order_unknown": QCoreApplication.translate("PackingMessages", "That order is not known here."),
        "pack_order_open": QCoreApplication.translate(
            "PackingMessages", "Order %1 is not picked yet; it cannot be packed."),
        "pack_order_picking": QCoreApplication.translate(
            "PackingMessages", "Order %1 is still being picked; wait for its tote."),
        "pack_order_packed": QCoreApplication.translate("PackingMessages", "Order %1 is already packed."),
        "pack_order_handed_over": QCoreApplication.translate(
            "PackingMessages", "Order %1 is already handed over to the carrier."),
        "pack_order_cancelled": QCoreApplication.translate(
            "PackingMessages", "Order %1 was cancelled: put its items back, do not pack them."),
        "pack_nothing_to_pack": QCoreApplication.translate(
            "PackingMessages", "Order %1 has nothing to pack (every line was short)."),
        "pack_order_started": QCoreApplication.translate("PackingMessages", "Order %1."),
        "pack_all_counted_already": QCoreApplication.translate(
            "PackingMessages", "Too many: every unit of this order is already counted. Nothing counted."),
        "pack_wrong_item": QCoreApplication.translate(
            "PackingMessages", "Wrong item %1: it is not in this order. Take it out; nothing counted."),
        "pack_item_all_counted": QCoreApplication.translate(
            "PackingMessages", "Too many: every %1 of this order is already counted. Nothing counted."),
        "pack_too_many": QCoreApplication.translate(
            "PackingMessages", "Too many: this barcode counts %1, but only %2 more × %3 belong to "
            "this order. Nothing counted."),
        "pack_counted": QCoreApplication.translate("PackingMessages", "%1: %2 of %3. %4 of %5 counted."),
        "pack_counted_no_box": QCoreApplication.translate(
            "PackingMessages", "All units counted. No box type takes them all: scan the box you use."),
        "pack_counted_use_box": QCoreApplication.translate(
            "PackingMessages", "All units counted. Use box %1 (%2) and weigh it."),
        "pack_box_unknown": QCoreApplication.translate("PackingMessages", "Box type %1 is not in use here."),
        "pack_resolve_weight": QCoreApplication.translate(
            "PackingMessages", "Resolve the weight first: recount, weigh again or a supervisor."),
        "pack_box_keep": QCoreApplication.translate("PackingMessages", "Keep box %1."),
        "pack_box_chosen": QCoreApplication.translate("PackingMessages", "Box %1 (%2) chosen."),
        "box_item_too_big": QCoreApplication.translate("PackingMessages", "An item of %1 mm does not fit into box %2."),
        "box_over_weight": QCoreApplication.translate("PackingMessages", "%1 g is over box %2's limit of %3 g."),
        "box_too_full": QCoreApplication.translate(
            "PackingMessages", "The items fill %1 % of box %2; more than %3 % rarely closes."),
        "pack_count_first": QCoreApplication.translate(
            "PackingMessages", "Nothing to weigh now: count every unit first."),
        "pack_nothing_to_weigh": QCoreApplication.translate("PackingMessages", "Nothing to weigh now."),
        "pack_weight_range": QCoreApplication.translate("PackingMessages", "Type a weight from 1 to %1 g."),
        "pack_scan_box_first": QCoreApplication.translate("PackingMessages", "Scan the box you use first."),
        "pack_box_no_locker": QCoreApplication.translate(
            "PackingMessages", "Order %1 goes to a locker and box %2 fits no compartment; scan a smaller box."),
        "pack_no_order_to_recount": QCoreApplication.translate("PackingMessages", "There is no order to recount."),
        "pack_recount": QCoreApplication.translate(
            "PackingMessages", "Recount: take everything out and scan each unit again."),
        "pack_no_weight_to_accept": QCoreApplication.translate("PackingMessages", "There is no weight to accept."),
        "pack_not_a_supervisor": QCoreApplication.translate(
            "PackingMessages", "%1 is not a supervisor; a supervisor must accept the weight."),
        "pack_no_order_to_put_aside": QCoreApplication.translate("PackingMessages", "There is no order to put aside."),
        "pack_put_aside": QCoreApplication.translate(
            "PackingMessages", "Order %1 put aside; scanning its tote resumes it."),
        "pack_packed": QCoreApplication.translate("PackingMessages", "Packed: %1, %2 g, tracking %3."),
        "pack_packed_accepted": QCoreApplication.translate(
            "PackingMessages", "Packed (accepted by %1): %2, %3 g, tracking %4."),
        "pack_label_not_queued": QCoreApplication.translate("PackingMessages", "The label could not be queued: %1"),
        "pack_scan_next": QCoreApplication.translate("PackingMessages", "Scan the next tote."),
        "handover_unknown_package": QCoreApplication.translate(
            "PackingMessages", "%1 is not a package packed here; put it aside for the supervisor."),
        "handover_other_carrier": QCoreApplication.translate(
            "PackingMessages", "Package %1 goes with %2, not %3; keep it off this vehicle."),
        "handover_already": QCoreApplication.translate(
            "PackingMessages", "Package %1 was already handed over at %2."),
        "handover_loaded": QCoreApplication.translate(
            "PackingMessages", "%1 (%2) loaded for %3: %4 on this vehicle, %5 still to load."),
        "pack_label_marked_printed": QCoreApplication.translate(
            "PackingMessages", "Thank you: label marked as printed."),
        "pack_label_printed_again": QCoreApplication.translate(
            "PackingMessages", "The label is printed again (recorded as a reprint)."),
        "handover_next_vehicle": QCoreApplication.translate(
            "PackingMessages", "Next vehicle: scan its first package."),
        "handover_label_not_printed": QCoreApplication.translate(
            "PackingMessages", "The label of package %1 never printed: keep it off the vehicle and reprint it, "
            "or a supervisor scans their badge to let it go without one."),
        "handover_not_a_supervisor": QCoreApplication.translate(
            "PackingMessages", "%1 is not a supervisor; only a supervisor can let a package go without a label."),
        "handover_nothing_to_accept": QCoreApplication.translate(
            "PackingMessages", "There is no package waiting for a supervisor here."),
        "handover_loaded_unlabelled": QCoreApplication.translate(
            "PackingMessages", "%1 (%2) loaded for %3 without a printed label, accepted by %4: %5 on this "
            "vehicle, %6 still to load."),
    }


def say_text(part: Say) -> str:
    return coded_say_text(texts(), part)


def outcome_text(outcome: Outcome) -> str:
    return said(lambda: " ".join(say_text(part) for part in outcome.parts))
