"""ZPL II for a 4x6 in label at 203 dpi, written from the shared layout (terminal/labels/layout.py).

`^CI28` makes field data UTF-8 so Polish letters print as they are; `^FH` escapes only the three
characters ZPL would read as commands (^ ~ \\). Code 128 uses Zebra's automatic subset mode (A),
which encodes the same symbol as the preview's encoder; GS1-128 starts in subset C with FNC1 (>;>8)."""

from __future__ import annotations

from terminal.labels.content import LabelContent
from terminal.labels.layout import HEIGHT, WIDTH, Barcode, Box, Element, Text, place

_ESCAPES = str.maketrans({"\\": "\\5C", "^": "\\5E", "~": "\\7E"})


def _field(text: str) -> str:
    escaped = text.translate(_ESCAPES)
    return f"^FH\\^FD{escaped}^FS" if escaped != text else f"^FD{text}^FS"


def element_zpl(element: Element) -> str:
    """One element as ZPL commands."""
    if isinstance(element, Text):
        block = f"^FB{element.width},1,0,{element.align},0" if element.align != "L" else ""
        reverse = "^FR" if element.reverse else ""
        return (f"^FO{element.x},{element.y}^A0N,{element.height},{element.height}{block}{reverse}"
                + _field(element.text))
    if isinstance(element, Box):
        return f"^FO{element.x},{element.y}^GB{element.width},{element.height},{element.thickness}^FS"
    if isinstance(element, Barcode):
        data = f">;>8{element.data}" if element.gs1 else element.data
        mode = "N" if element.gs1 else "A"
        return (f"^FO{element.x},{element.y}^BY{element.module},3,{element.height}"
                f"^BCN,{element.height},N,N,N,{mode}" + _field(data))
    raise TypeError(f"no ZPL for {element!r}")


def to_zpl(label: LabelContent, *, copies: int = 1) -> str:
    """The whole label as one ZPL II job (^XA … ^XZ)."""
    body = "\n".join(element_zpl(e) for e in place(label))
    return f"^XA\n^CI28\n^PW{WIDTH}\n^LL{HEIGHT}\n^LH0,0\n^PON\n{body}\n^PQ{copies}\n^XZ\n"


def to_zpl_bytes(label: LabelContent, *, copies: int = 1) -> bytes:
    """The job as the bytes a printer receives (UTF-8, as ^CI28 announces)."""
    return to_zpl(label, copies=copies).encode("utf-8")
