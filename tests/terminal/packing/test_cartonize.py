"""Box choice: sorted-dimension fit per item, volume with a fill factor, weight; smallest box wins."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from terminal.packing.cartonize import Box, Item, active_boxes, check_fit, suggest_box

BOXES = [Box("ENV", "Envelope", None, (240, 170, 30), 15, 1000, "A"),
         Box("S", "Small", None, (380, 300, 70), 120, 5000, "A"),
         Box("M", "Medium", None, (380, 300, 180), 220, 10000, "B"),
         Box("XL", "Extra large", None, (700, 450, 450), 650, 30000, None)]


def test_a_flat_item_goes_into_the_envelope_whichever_way_it_is_given():
    assert suggest_box(BOXES, [Item((20, 200, 150), 100)]).code == "ENV"
    assert suggest_box(BOXES, [Item((150, 20, 200), 100)]).code == "ENV"


def test_volume_and_weight_push_to_a_bigger_box():
    book = Item((230, 160, 25), 500)
    assert suggest_box(BOXES, [book]).code == "ENV"
    assert suggest_box(BOXES, [book, book]).code == "S"           # two books: twice the volume, 1015 g
    heavy = Item((100, 100, 60), 4950)
    assert suggest_box(BOXES, [heavy]).code == "M"                # 4950 + 120 g tare is over S's 5000 g


def test_nothing_fits_gives_none_and_the_reason_names_the_problem():
    pole = Item((900, 50, 50), 800)
    assert suggest_box(BOXES, [pole]) is None
    fit = check_fit(BOXES[0], [pole])
    assert fit.hard and "does not fit" in fit.reason
    full = check_fit(BOXES[1], [Item((300, 250, 60), 100)] * 2)
    assert not full.ok and not full.hard and "fill" in full.reason


def test_active_boxes_come_smallest_first(packing_db):
    packing_db.execute("UPDATE box_types SET active = 0 WHERE code = 'S'")
    packing_db.conn.commit()
    codes = [b.code for b in active_boxes(packing_db)]
    assert codes == ["ENV-S", "M", "L", "XL"]


dims = st.tuples(*[st.integers(1, 500)] * 3)


# generation is cheap, but a loaded shared CI machine can trip the timing checks: they say nothing here
@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None, max_examples=80)
@given(st.lists(st.tuples(dims, st.integers(1, 3000)), min_size=1, max_size=6))
def test_the_suggested_box_fits_and_no_smaller_box_does(raw):
    items = [Item(d, w) for d, w in raw]
    chosen = suggest_box(BOXES, items)
    smaller = [b for b in BOXES if chosen is None or b.volume_mm3 < chosen.volume_mm3]
    assert all(not check_fit(b, items).ok for b in smaller)
    if chosen is not None:
        assert check_fit(chosen, items).ok
        assert sum(i.volume_mm3 for i in items) <= 0.8 * chosen.volume_mm3
