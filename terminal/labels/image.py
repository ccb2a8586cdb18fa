"""PNG and PDF previews of a label, drawn dot for dot from the same layout the ZPL is written from.

Bars come from python-barcode's Code 128 / GS1-128 encoder (the same modules Zebra's automatic
mode prints); text uses DejaVu Sans Condensed Bold where installed (close to the printer's font 0)
and Pillow's own font elsewhere. Qt-free: the UI shows the PNG bytes."""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from terminal.labels.content import LabelContent
from terminal.labels.layout import HEIGHT, WIDTH, Barcode, Box, Element, Text, place

DPI = 203.2                      # 8 dots/mm: the PDF page is then exactly 4 x 6 in
_FONT_FILES = ("/usr/share/fonts/truetype/dejavu/DejaVuSansCondensed-Bold.ttf",
               "C:/Windows/Fonts/arialnb.ttf", "C:/Windows/Fonts/arialbd.ttf")
FontType = ImageFont.FreeTypeFont | ImageFont.ImageFont


@lru_cache(maxsize=64)
def _font(size: int) -> FontType:
    for path in _FONT_FILES:
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size)


def _draw_text(draw: ImageDraw.ImageDraw, element: Text) -> None:
    size = element.height
    font = _font(size)
    # The preview font is a little wider than font 0 on some letters: shrink rather than spill.
    while size > 8 and draw.textlength(element.text, font=font) > element.width:
        size -= 2
        font = _font(size)
    width = draw.textlength(element.text, font=font)
    x = element.x + (element.width - width) / 2 if element.align == "C" else element.x
    top = element.y + (element.height - size)  # font 0 sits on the baseline of its cell
    draw.text((x, top), element.text, font=font, fill=255 if element.reverse else 0)


def _draw(draw: ImageDraw.ImageDraw, element: Element) -> None:
    if isinstance(element, Box):
        x0, y0, x1, y1 = element.extent
        if element.thickness * 2 >= min(element.width, element.height):
            draw.rectangle((x0, y0, x1 - 1, y1 - 1), fill=0)
        else:
            draw.rectangle((x0, y0, x1 - 1, y1 - 1), outline=0, width=element.thickness)
    elif isinstance(element, Barcode):
        x = element.x
        for bit in element.bars:
            if bit == "1":
                draw.rectangle((x, element.y, x + element.module - 1, element.y + element.height - 1), fill=0)
            x += element.module
    elif isinstance(element, Text):
        _draw_text(draw, element)


def render_image(label: LabelContent) -> Image.Image:
    """The label as a 812 x 1218 greyscale image, one pixel per printer dot."""
    image = Image.new("L", (WIDTH, HEIGHT), 255)
    draw = ImageDraw.Draw(image)
    for element in place(label):
        _draw(draw, element)
    return image


def render_png(label: LabelContent) -> bytes:
    """PNG bytes of the label preview (203 dpi), for the station's screen or a file."""
    out = io.BytesIO()
    render_image(label).save(out, format="PNG", dpi=(DPI, DPI))
    return out.getvalue()


def render_pdf(label: LabelContent) -> bytes:
    """A one-page 4 x 6 in PDF of the label preview."""
    out = io.BytesIO()
    render_image(label).convert("1").save(out, format="PDF", resolution=DPI, title=f"Label {label.tracking_number}")
    return out.getvalue()
