"""Where everything sits on the 4x6 in label, in printer dots (203 dpi: 812 x 1218).

`place(label)` turns label content into a list of elements; `zpl.py` writes them as ZPL and
`image.py` draws them, so the printed label and the on-screen preview cannot drift apart. Text is
cut to fit its width here (by a conservative estimate of the printer's font 0), once, for both."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from barcode.codex import Code128, Gs1_128

from terminal.labels.content import LabelContent, Party

WIDTH, HEIGHT = 812, 1218        # ^PW / ^LL: 4 x 6 in at 203 dpi (8 dots/mm)
MARGIN = 24
INNER = WIDTH - 2 * MARGIN
QUIET = 10                       # Code 128 quiet zone, in modules, each side


@dataclass(frozen=True)
class Text:
    x: int
    y: int
    height: int                  # character cell height in dots (ZPL ^A0N,h,h)
    text: str
    width: int                   # the box the text must stay inside
    align: str = "L"             # L or C (centred in the box)
    reverse: bool = False        # white on the black box drawn under it

    @property
    def extent(self) -> tuple[int, int, int, int]:
        return self.x, self.y, self.x + self.width, self.y + self.height


@dataclass(frozen=True)
class Box:
    x: int
    y: int
    width: int
    height: int
    thickness: int               # >= the smaller side: a filled box

    @property
    def extent(self) -> tuple[int, int, int, int]:
        return self.x, self.y, self.x + self.width, self.y + self.height


@dataclass(frozen=True)
class Barcode:
    """Code 128; with `gs1` a GS1-128 (FNC1 first, then the element string `data` without brackets)."""

    x: int
    y: int
    height: int
    module: int                  # narrow bar width in dots (ZPL ^BY)
    data: str
    gs1: bool = False

    @property
    def bars(self) -> str:
        """The symbol as modules, '1' = bar, start to stop (python-barcode's encoder)."""
        return _bars(self.data, self.gs1)

    @property
    def extent(self) -> tuple[int, int, int, int]:
        return self.x, self.y, self.x + len(self.bars) * self.module, self.y + self.height


Element = Text | Box | Barcode


@lru_cache(maxsize=4096)
def _bars(data: str, gs1: bool) -> str:
    return str((Gs1_128(data) if gs1 else Code128(data)).build()[0])


_WIDE = set("MWmw@%ŚŻŹĆŃ")


def text_width(text: str, height: int) -> int:
    """A safe estimate of how wide font 0 prints `text` (measured on wide, capital and small letters)."""
    total = 0.0
    for char in text:
        total += 0.86 if char in _WIDE else 0.64 if char.isupper() else 0.3 if char == " " else 0.54
    return int(total * height + 0.5)


def fit(text: str, height: int, width: int) -> str:
    """`text` cut (with an ellipsis) so it prints inside `width` dots."""
    text = " ".join(text.split())
    if text_width(text, height) <= width:
        return text
    while text and text_width(text + "…", height) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _barcode(y: int, height: int, data: str, gs1: bool) -> Barcode:
    """A barcode centred across the label, with the widest module (≤ 3 dots) that keeps quiet zones inside."""
    modules = len(_bars(data, gs1)) + 2 * QUIET
    module = max(1, min(3, WIDTH // modules))
    width = len(_bars(data, gs1)) * module
    return Barcode((WIDTH - width) // 2, y, height, module, data, gs1)


def _party(y: int, title: str, party: Party, name_h: int, line_h: int, max_lines: int) -> tuple[list[Element], int]:
    out: list[Element] = [Text(MARGIN, y, 24, title, INNER)]
    y += 30
    out.append(Text(MARGIN, y, name_h, fit(party.name, name_h, INNER), INNER))
    y += name_h + 6
    for line in party.lines[:max_lines]:
        out.append(Text(MARGIN, y, line_h, fit(line, line_h, INNER), INNER))
        y += line_h + 4
    return out, y


def place(label: LabelContent) -> list[Element]:
    """Every element of `label`, top to bottom; the SSCC is the lowest barcode, all inside the label."""
    els: list[Element] = [
        Text(MARGIN, 22, 56, fit(label.carrier_name, 56, INNER - 200), INNER - 200),
        Text(WIDTH - MARGIN - 200, 30, 40, fit(label.carrier_code, 40, 200), 200, align="C"),
        Box(MARGIN, 92, INNER, 150, 150),
        Text(MARGIN, 107, 120, fit(label.service_mark, 120, INNER - 20), INNER, align="C", reverse=True),
        Box(MARGIN, 256, INNER, 3, 3),
    ]
    sender, _ = _party(268, "OD / FROM", label.sender, 28, 26, 2)
    els += sender
    els.append(Box(MARGIN, 402, INNER, 3, 3))
    is_point = label.delivery_method in ("locker", "pickup_point") and label.destination_locker
    y = 414
    if is_point:
        title = "PACZKOMAT / LOCKER" if label.delivery_method == "locker" else "PUNKT / PICKUP POINT"
        els.append(Text(MARGIN, y, 24, title, INNER))
        els.append(Text(MARGIN, y + 30, 64, fit(str(label.destination_locker), 64, INNER), INNER))
        y += 104
    recipient, y = _party(y, "DO / TO", label.recipient, 48 if not is_point else 36, 38 if not is_point else 30,
                          3 if not is_point else 2)
    els += recipient
    facts = [f"Zam./Order {label.order_ref}", label.weight_text]
    if label.locker_size:
        facts.append(f"Gab./Size {label.locker_size}")
    els += [
        Box(MARGIN, 752, INNER, 3, 3),
        Text(MARGIN, 764, 34, fit(" · ".join(facts), 34, INNER), INNER),
        Text(MARGIN, 806, 24, fit(label.service_name, 24, INNER), INNER),
        Box(MARGIN, 838, INNER, 3, 3),
    ]
    tracking = _barcode(854, 140, label.tracking_number, gs1=False)
    els += [tracking, Text(MARGIN, 1000, 30, fit(label.tracking_number, 30, INNER), INNER, align="C")]
    sscc = _barcode(1042, 130, "00" + label.sscc, gs1=True)
    els += [sscc, Text(MARGIN, 1178, 28, f"(00) {label.sscc}", INNER, align="C")]
    return els


def outside(elements: list[Element]) -> list[Element]:
    """The elements that would print (even partly) outside the label's 812 x 1218 dots."""
    return [e for e in elements
            if e.extent[0] < 0 or e.extent[1] < 0 or e.extent[2] > WIDTH or e.extent[3] > HEIGHT]
