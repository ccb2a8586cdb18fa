"""Our ZPL rendered by an independent renderer (zpl-renderer-js under node) and read back by zxing-cpp."""

from __future__ import annotations

import re

import zxingcpp
from biip.gs1_messages import GS1Message
from biip.sscc import Sscc
from label_world import SSCC_1, SSCC_2, node_render
from PIL import Image, ImageOps

from terminal.labels.content import label_for_package
from terminal.labels.image import render_image, render_pdf, render_png
from terminal.labels.layout import HEIGHT, WIDTH, Barcode, outside, place
from terminal.labels.zpl import to_zpl


def _decode(image: Image.Image) -> dict[str, zxingcpp.Barcode]:
    found = zxingcpp.read_barcodes(image.convert("L"), formats=zxingcpp.BarcodeFormat.Code128)
    return {r.symbology_identifier: r for r in found}


def _check_barcodes(image: Image.Image, tracking: str, sscc: str) -> None:
    found = _decode(image)
    assert set(found) == {"]C0", "]C1"}, found
    assert found["]C0"].text == tracking
    message = GS1Message.parse_hri(found["]C1"].text)
    (element,) = message.element_strings
    assert element.ai.ai == "00"
    assert element.sscc is not None and element.sscc.value == sscc
    assert Sscc.parse(element.sscc.value).check_digit == int(sscc[-1])      # biip verifies the check digit
    assert found["]C1"].position.top_left.y > found["]C0"].position.bottom_left.y   # SSCC is the lowest


def test_the_independent_renderer_reads_back_tracking_and_sscc(site, tmp_path):
    label = label_for_package(site, "p1")
    zpl = to_zpl(label)
    image = Image.open(node_render(zpl, tmp_path))
    _check_barcodes(image, "DPD100200300400", SSCC_1)
    # nothing inked outside 812 x 1218 dots (the renderer's canvas rounds up to 813 x 1220)
    ink = ImageOps.invert(image.convert("L")).point(lambda v: 255 if v > 64 else 0)
    left, top, right, bottom = ink.getbbox()
    assert right <= WIDTH and bottom <= HEIGHT


def test_a_locker_label_names_the_locker_and_reads_back(site, tmp_path):
    label = label_for_package(site, "p2")
    zpl = to_zpl(label)
    assert "^FDAOB-17^FS" in zpl and "Automat Grójecka 17" in zpl and "NEXT DAY" in zpl
    _check_barcodes(Image.open(node_render(zpl, tmp_path)), "A1987654321098", SSCC_2)


def test_the_zpl_is_4x6_at_203_dpi_utf8_with_polish_field_data(site):
    zpl = to_zpl(label_for_package(site, "p1"))
    assert zpl.startswith("^XA") and zpl.rstrip().endswith("^XZ")
    for command in ("^CI28", "^PW812", "^LL1218"):
        assert command in zpl
    assert zpl.index("^CI28") < zpl.index("^FD")
    fields = re.findall(r"\^FD(.*?)\^FS", zpl)
    assert "Zażółć Gęślą Jaźń" in fields and "Magazyn Łódź Widzew" in fields
    assert any("Łódź" in f for f in fields) and "EXPRESS" in fields
    assert any("ORD-1001" in f for f in fields) and any("1.23 kg" in f for f in fields)
    assert zpl.encode("utf-8").decode("utf-8") == zpl and "Ż".encode() in zpl.encode("utf-8")
    for x, y in re.findall(r"\^FO(\d+),(\d+)", zpl):
        assert 0 <= int(x) < WIDTH and 0 <= int(y) < HEIGHT


def test_every_element_fits_even_with_very_long_names(site):
    site.execute("UPDATE orders SET recipient_name = ?, recipient_street = ? WHERE id = 'o1'",
                 ("Wielmożna Pani Małgorzata Świętochowska-Wawrzyńczyk-Żółtowska", "W" * 80))
    site.conn.commit()
    elements = place(label_for_package(site, "p1"))
    assert outside(elements) == []
    barcodes = [e for e in elements if isinstance(e, Barcode)]
    assert barcodes[-1].gs1 and all(b.y < barcodes[-1].y for b in barcodes[:-1])


def test_the_preview_draws_the_same_layout_as_the_zpl(site, tmp_path):
    label = label_for_package(site, "p1")
    preview = render_image(label)
    assert preview.size == (WIDTH, HEIGHT)
    _check_barcodes(preview, "DPD100200300400", SSCC_1)
    printed = Image.open(node_render(to_zpl(label), tmp_path))
    # the barcodes stand on the same dots in both pictures: one layout drives both
    ours, theirs = _decode(preview), _decode(printed)
    for sym in ("]C0", "]C1"):
        a, b = ours[sym].position, theirs[sym].position
        assert abs(a.top_left.x - b.top_left.x) <= 2 and abs(a.top_right.x - b.top_right.x) <= 2
        assert abs(a.top_left.y - b.top_left.y) <= 2
    png, pdf = render_png(label), render_pdf(label)
    assert png.startswith(b"\x89PNG") and pdf.startswith(b"%PDF")
    box = re.search(rb"/MediaBox \[ 0 0 ([\d.]+) ([\d.]+) \]", pdf)
    assert box is not None                                  # 4 x 6 in (288 x 432 pt; 812 dots at 8 dots/mm)
    assert abs(float(box[1]) - 288) < 2 and abs(float(box[2]) - 432) < 2
