"""Barcode decoders for camera frames and image files, behind one small interface.

`zxing` (zxing-cpp, the default) reads every format we print or receive and returns the AIM
symbology identifier; restricting it to the formats the current screen expects makes it several
times faster. `pyzbar` (setting `scanning.decoder = "pyzbar"`) needs the system libzbar0 and reads
no DataMatrix. Both return `Decoded` values whose `raw` (AIM identifier + text, FNC1 as GS) is
exactly what a wedge or serial scanner sends, so every source goes through the same `classify`.

Format names are zxing-cpp's: Code128, EAN13, EAN8, UPCA, UPCE, QRCode, DataMatrix, PDF417, Aztec,
ITF, Code39, Code93, Codabar, DataBar, DataBarExpanded (case-insensitive)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol, cast

import numpy as np

from terminal.config import Settings
from terminal.errors import ConfigError, HandoffError

Point = tuple[int, int]
# What a screen expects, by kind of scan (screens pass one of these to the camera).
FORMATS_ITEMS = ("EAN13", "EAN8", "UPCA", "UPCE", "Code128", "DataMatrix", "DataBar", "DataBarExpanded", "QRCode")
FORMATS_PARCELS = ("Code128", "DataMatrix", "QRCode", "PDF417")
FORMATS_QR = ("QRCode",)


@dataclass(frozen=True)
class Decoded:
    text: str                          # FNC1 as GS (0x1D) in GS1 data
    format: str                        # zxing-cpp's name, e.g. "Code128", "QRCode"
    symbology: str                     # AIM identifier such as "]C1", "" when the decoder does not say
    position: tuple[Point, ...]        # corners, clockwise from top-left, in image pixels

    @property
    def raw(self) -> str:
        return f"{self.symbology}{self.text}"

    def as_json(self) -> dict[str, Any]:
        return {"text": self.text, "format": self.format, "symbology": self.symbology,
                "position": [list(p) for p in self.position]}


class Decoder(Protocol):
    name: str

    def decode(self, image: np.ndarray, formats: Sequence[str] | None = None) -> list[Decoded]: ...


class ZxingDecoder:
    name = "zxing"

    def __init__(self) -> None:
        import zxingcpp

        self._zx = zxingcpp
        self._known = {name.lower(): member for name, member in zxingcpp.BarcodeFormat.__members__.items()}
        self._cache: dict[tuple[str, ...], Any] = {}

    def _formats(self, formats: Sequence[str] | None) -> Any:
        if not formats:
            return None
        key = tuple(sorted(f.lower() for f in formats))
        if key not in self._cache:
            unknown = [f for f in formats if f.lower() not in self._known]
            if unknown:
                raise HandoffError(f"Unknown barcode format {', '.join(unknown)}; use names like Code128, EAN13, "
                                   "QRCode, DataMatrix, PDF417.")
            self._cache[key] = self._zx.barcode_formats_from_str(",".join(self._known[k].name for k in key))
        return self._cache[key]

    def decode(self, image: np.ndarray, formats: Sequence[str] | None = None) -> list[Decoded]:
        wanted = self._formats(formats)
        kwargs: dict[str, Any] = {"text_mode": self._zx.TextMode.Plain}
        if wanted is not None:
            kwargs["formats"] = wanted
        found = []
        for barcode in self._zx.read_barcodes(image, **kwargs):
            p = barcode.position
            corners = tuple((int(c.x), int(c.y)) for c in (p.top_left, p.top_right, p.bottom_right, p.bottom_left))
            found.append(Decoded(barcode.text, barcode.format.name, barcode.symbology_identifier, corners))
        return found


# zbar symbol names → zxing-cpp format names (and the AIM identifier zbar does not give us)
_ZBAR_FORMATS = {"CODE128": ("Code128", "]C0"), "EAN13": ("EAN13", "]E0"), "EAN8": ("EAN8", "]E4"),
                 "UPCA": ("UPCA", "]E0"), "UPCE": ("UPCE", "]E0"), "QRCODE": ("QRCode", "]Q1"),
                 "PDF417": ("PDF417", "]L0"), "I25": ("ITF", "]I0"), "CODE39": ("Code39", "]A0"),
                 "CODE93": ("Code93", "]G0"), "CODABAR": ("Codabar", "]F0"), "DATABAR": ("DataBar", "]e0"),
                 "DATABAR_EXP": ("DataBarExpanded", "]e0")}


class PyzbarDecoder:
    name = "pyzbar"

    def __init__(self) -> None:
        try:
            from pyzbar import pyzbar
        except (ImportError, OSError) as exc:
            raise HandoffError("The pyzbar decoder needs the zbar library, which is not installed "
                               "(apt install libzbar0); or set scanning.decoder = \"zxing\".") from exc
        self._pyzbar = pyzbar
        self._symbols = {ours.lower(): zbar for zbar, (ours, _) in _ZBAR_FORMATS.items()}

    def decode(self, image: np.ndarray, formats: Sequence[str] | None = None) -> list[Decoded]:
        symbols = None
        if formats:
            names = [self._symbols[f.lower()] for f in formats if f.lower() in self._symbols]
            if not names:
                return []   # e.g. only DataMatrix wanted: zbar cannot read it
            symbols = [self._pyzbar.ZBarSymbol[name] for name in names]
        found = []
        for result in self._pyzbar.decode(image, symbols=symbols):
            fmt, aim = _ZBAR_FORMATS.get(result.type, (result.type.title(), ""))
            data: bytes = result.data
            text = data.decode("utf-8", errors="replace")
            if fmt == "Code128" and "\x1d" in text:   # zbar drops the leading FNC1 but keeps the inner ones
                text, aim = text.lstrip("\x1d"), "]C1"
            corners = tuple((int(p.x), int(p.y)) for p in result.polygon)
            found.append(Decoded(text, fmt, aim, corners))
        return found


DECODERS = {"zxing": ZxingDecoder, "pyzbar": PyzbarDecoder}


def make_decoder(name: str | None = None, settings: Settings | None = None) -> Decoder:
    """The decoder called `name`, or the one in setting `scanning.decoder` (default zxing)."""
    chosen = name or (settings.get("scanning.decoder", "zxing") if settings else "zxing")
    factory = DECODERS.get(chosen.lower())
    if factory is None:
        raise HandoffError(f"There is no barcode decoder called {chosen!r}; use zxing or pyzbar.")
    return cast(Decoder, factory())


# Images above this many pixels are refused before decoding (setting scanning.max_image_pixels): a
# 600 KB PNG can declare 24000×24000 px, 1.7 GB once decoded to BGR. 50 Mpx takes any label photo.
MAX_IMAGE_PIXELS = 50_000_000


def max_image_pixels(settings: Settings | None) -> int:
    """The pixel limit for image files, checked: Pillow itself refuses to open images above twice its
    own bomb limit, so a larger setting could not be honoured."""
    from PIL import Image

    value = settings.get("scanning.max_image_pixels", MAX_IMAGE_PIXELS) if settings else MAX_IMAGE_PIXELS
    ceiling = 2 * (Image.MAX_IMAGE_PIXELS or MAX_IMAGE_PIXELS)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= ceiling:
        raise ConfigError(f"Setting scanning.max_image_pixels is {value!r}; use a whole number of pixels "
                          f"from 1 to {ceiling}.")
    return value


def load_image(path: str, max_pixels: int = MAX_IMAGE_PIXELS) -> np.ndarray:
    """An image file as a BGR array; HandoffError when it cannot be read or declares more than
    `max_pixels` pixels — found from its header, before anything is decoded.

    A transparent image (a rendered PDF page, a barcode exported from a label tool) is laid on white
    paper first: dropping the alpha channel would leave black bars on a black background."""
    import contextlib

    import cv2

    unreadable = HandoffError(f"Cannot read the image {path}; check the path and that it is a PNG, JPEG or BMP.")
    try:
        with open(path, "rb") as file:
            data = file.read()
    except OSError as exc:
        raise unreadable from exc
    _refuse_too_many_pixels(path, data, max_pixels, unreadable)
    with contextlib.suppress(AttributeError):   # OpenCV's own warning would repeat our one sentence
        cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_ERROR)
    image = cv2.imdecode(np.frombuffer(data, dtype=np.uint8), cv2.IMREAD_UNCHANGED) if data else None
    if image is None:
        raise unreadable
    if image.dtype == np.uint16:   # a 16-bit PNG or TIFF
        image = (image // 257).astype(np.uint8)
    if image.ndim == 2:
        return cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    if image.shape[2] == 4:
        alpha = image[:, :, 3:4].astype(np.float32) / 255.0
        paper = np.full_like(image[:, :, :3], 255)
        return (image[:, :, :3] * alpha + paper * (1.0 - alpha)).astype(np.uint8)
    return image


def _refuse_too_many_pixels(path: str, data: bytes, max_pixels: int, unreadable: HandoffError) -> None:
    """Read the size from the header with Pillow (which decodes nothing until asked) and refuse a bomb."""
    import io
    import warnings

    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)   # our own limit decides
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
    except Image.DecompressionBombError as exc:   # beyond twice Pillow's limit: it will not even say the size
        raise _too_big(path, "", max_pixels) from exc
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise unreadable from exc
    if width * height > max_pixels:
        raise _too_big(path, f"{width}×{height} pixels, ", max_pixels)


def _too_big(path: str, size: str, max_pixels: int) -> HandoffError:
    return HandoffError(f"The image {path} is {size}more than the {max_pixels:,} pixels allowed, so it was not "
                        "decoded; scale it down, or raise setting scanning.max_image_pixels if it is genuine.")
