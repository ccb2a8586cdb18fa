"""Generated camera frames with barcodes in them, for tests, benchmarks and demos (no camera needed).

`render(symbol, ...)` draws one symbol on a 1280×720 grey frame and applies what a real camera adds:
rotation, perspective, blur, sensor noise and JPEG compression. Symbols are written by zxing-cpp's
encoder (GS1 variants with real FNC1), QR codes by segno."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

FRAME_SIZE = (1280, 720)


@dataclass(frozen=True)
class Symbol:
    kind: str      # Code128, GS1-128, EAN13, QRCode, GS1-DataMatrix, PDF417
    content: str   # for GS1 kinds in "(01)…(10)…" form
    expected: str  # the raw a decoder should produce (AIM identifier + text, FNC1 as GS)
    format: str    # zxing-cpp format name


SYMBOLS = (
    Symbol("Code128", "T-0042", "]C0T-0042", "Code128"),
    Symbol("GS1-128", "(01)05901234123457(10)LOT7(17)270630", "]C1010590123412345710LOT7\x1d17270630", "Code128"),
    Symbol("EAN13", "5901234123457", "]E05901234123457", "EAN13"),
    Symbol("QRCode", "HQR:q2Yw3c0X9vL1aB7nK5eR8g", "]Q1HQR:q2Yw3c0X9vL1aB7nK5eR8g", "QRCode"),
    Symbol("GS1-DataMatrix", "(01)05901234123457(17)270630(10)B12(21)SN9", "]d2010590123412345717270630"
           "10B12\x1d21SN9", "DataMatrix"),
    Symbol("PDF417", "ORD-000123", "]L2ORD-000123", "PDF417"),
)
SYMBOL_BY_KIND = {s.kind: s for s in SYMBOLS}


def symbol_image(symbol: Symbol, module_px: int = 3) -> np.ndarray:
    """The bare symbol, black on white, with quiet zones, as a grayscale array."""
    import zxingcpp

    if symbol.kind == "QRCode":
        import io

        import segno
        from PIL import Image

        buffer = io.BytesIO()
        segno.make_qr(symbol.content, error="m").save(buffer, kind="png", scale=module_px + 2, border=4)
        return np.array(Image.open(io.BytesIO(buffer.getvalue())).convert("L"))
    fmt = getattr(zxingcpp.BarcodeFormat, symbol.format)
    gs1 = symbol.kind.startswith("GS1")
    barcode = zxingcpp.create_barcode(symbol.content, fmt, gs1=True) if gs1 else zxingcpp.create_barcode(
        symbol.content, fmt)
    image = np.array(barcode.to_image(scale=module_px + (2 if symbol.kind in ("GS1-DataMatrix",) else 0)))
    if symbol.format in ("Code128", "EAN13", "PDF417"):   # 1D symbols come out one row tall: make them tall
        height = max(image.shape[0], 120 if symbol.format != "PDF417" else image.shape[0] * 3)
        image = np.repeat(image, max(1, height // image.shape[0]), axis=0)
    return image.astype(np.uint8)


def blank_frame(rng: np.random.Generator | None = None, noise: float = 6.0) -> np.ndarray:
    """A frame with nothing to read: a grey gradient, some noise (false-read baseline)."""
    rng = rng or np.random.default_rng(0)
    width, height = FRAME_SIZE
    gradient = np.linspace(90, 170, width, dtype=np.float32)[None, :].repeat(height, axis=0)
    frame = gradient + rng.normal(0, noise, (height, width))
    return cv2_bgr(np.clip(frame, 0, 255).astype(np.uint8))


def cv2_bgr(gray: np.ndarray) -> np.ndarray:
    return np.repeat(gray[:, :, None], 3, axis=2)


def render(symbol: Symbol, *, rotation: float = 0.0, perspective: float = 0.0, blur: float = 0.0,
           noise: float = 0.0, jpeg: int = 0, scale: float = 1.0, offset: tuple[int, int] = (0, 0),
           rng: np.random.Generator | None = None) -> np.ndarray:
    """A 1280×720 BGR frame with `symbol` placed near the centre and the given distortions applied."""
    import cv2

    rng = rng or np.random.default_rng(0)
    width, height = FRAME_SIZE
    frame: Any = np.full((height, width), 150, dtype=np.uint8)
    code: Any = symbol_image(symbol)
    if scale != 1.0:
        code = cv2.resize(code, None, fx=scale, fy=scale, interpolation=cv2.INTER_NEAREST)
    ch, cw = code.shape
    if cw > width - 40 or ch > height - 40:
        factor = min((width - 40) / cw, (height - 40) / ch)
        code = cv2.resize(code, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
        ch, cw = code.shape
    cx, cy = width // 2 + offset[0], height // 2 + offset[1]
    src = np.array([[0, 0], [cw, 0], [cw, ch], [0, ch]], dtype=np.float32)
    dst = np.array([[-cw / 2, -ch / 2], [cw / 2, -ch / 2], [cw / 2, ch / 2], [-cw / 2, ch / 2]], dtype=np.float32)
    if perspective:
        k = perspective * min(cw, ch)
        dst += np.array([[k, k * 0.5], [-k, 0], [0, 0], [k * 0.5, -k * 0.3]], dtype=np.float32)
    angle = np.deg2rad(rotation)
    rot = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]], dtype=np.float32)
    dst = (dst @ rot.T + np.array([cx, cy], dtype=np.float32)).astype(np.float32)
    matrix = cv2.getPerspectiveTransform(src, dst)
    warped = cv2.warpPerspective(code, matrix, (width, height), flags=cv2.INTER_LINEAR, borderValue=0)
    mask = cv2.warpPerspective(np.full_like(code, 255), matrix, (width, height), flags=cv2.INTER_NEAREST,
                               borderValue=0)
    frame = np.where(mask > 0, warped, frame).astype(np.uint8)
    if blur:
        frame = cv2.GaussianBlur(frame, (0, 0), blur)
    if noise:
        frame = np.clip(frame.astype(np.float32) + rng.normal(0, noise, frame.shape), 0, 255).astype(np.uint8)
    bgr: Any = cv2_bgr(frame)
    if jpeg:
        ok, encoded = cv2.imencode(".jpg", bgr, [cv2.IMWRITE_JPEG_QUALITY, jpeg])
        if ok:
            bgr = cv2.imdecode(encoded, cv2.IMREAD_COLOR)
    return bgr
