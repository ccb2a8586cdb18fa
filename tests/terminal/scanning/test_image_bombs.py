"""`handoff scan decode` refuses an image with too many pixels from its header, before decoding it: a
600 KB PNG declaring 24000×24000 px used to die with MemoryError (OpenCV's "Insufficient memory")."""

from __future__ import annotations

import os
import resource
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import cv2
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from terminal.config import Settings
from terminal.errors import ConfigError, HandoffError
from terminal.scanning.decoders import MAX_IMAGE_PIXELS, load_image, max_image_pixels
from terminal.scanning.synthetic import SYMBOL_BY_KIND, render

ROOT = Path(__file__).resolve().parents[3]
SIDE = 24000


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


@pytest.fixture(scope="module")
def bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A white 24000×24000 8-bit grey PNG, compressed row by row so making it never holds the pixels."""
    compressor, row = zlib.compressobj(9), b"\x00" + b"\xff" * SIDE
    idat = b"".join([compressor.compress(row) for _ in range(SIDE)] + [compressor.flush()])
    path = tmp_path_factory.mktemp("bomb") / "bomb.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", struct.pack(">IIBBBBB", SIDE, SIDE, 8, 0, 0, 0, 0))
                     + _chunk(b"IDAT", idat) + _chunk(b"IEND", b""))
    assert path.stat().st_size < 700_000
    return path


def decode(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`handoff scan decode` with 1 GiB of address space, as on a small kiosk computer."""
    def small_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    return subprocess.run([sys.executable, "-m", "terminal", "scan", "decode", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, preexec_fn=small_memory, env={**os.environ, **(env or {})})


def test_a_600_kb_png_of_24000_squared_pixels_is_refused_before_decoding(bomb: Path) -> None:
    result = decode(str(bomb), "--json")
    assert result.returncode == 2 and result.stdout == "", result.stderr
    assert "Traceback" not in result.stderr and "memory" not in result.stderr.lower()
    assert result.stderr.strip().splitlines() == [
        f"handoff: The image {bomb} is more than the {MAX_IMAGE_PIXELS:,} pixels allowed, so it was not decoded; "
        "scale it down, or raise setting scanning.max_image_pixels if it is genuine."]


def test_the_pixel_limit_is_a_setting_and_names_the_size(tmp_path: Path) -> None:
    label = tmp_path / "qr.png"
    cv2.imwrite(str(label), render(SYMBOL_BY_KIND["QRCode"]))
    height, width = cv2.imread(str(label)).shape[:2]
    small = decode(str(label), env={"HANDOFF_SCANNING__MAX_IMAGE_PIXELS": str(width * height - 1)})
    assert small.returncode == 2
    assert f"is {width}×{height} pixels, more than the {width * height - 1:,} pixels allowed" in small.stderr
    fits = decode(str(label), "--json", env={"HANDOFF_SCANNING__MAX_IMAGE_PIXELS": str(width * height)})
    assert fits.returncode == 0 and "HQR:" in fits.stdout, fits.stderr
    wrong = decode(str(label), env={"HANDOFF_SCANNING__MAX_IMAGE_PIXELS": "lots"})
    assert wrong.returncode == 2 and len(wrong.stderr.splitlines()) == 1
    assert "scanning.max_image_pixels" in wrong.stderr and "'lots'" in wrong.stderr


def test_a_setting_pillow_could_not_honour_is_refused() -> None:
    with pytest.raises(ConfigError, match="scanning.max_image_pixels"):
        max_image_pixels(Settings({"scanning": {"max_image_pixels": 10**12}}))
    with pytest.raises(ConfigError):
        max_image_pixels(Settings({"scanning": {"max_image_pixels": 0}}))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(width=st.integers(1, 120), height=st.integers(1, 120), limit=st.integers(1, 120 * 120),
       kind=st.sampled_from(["PNG", "BMP", "JPEG"]))
def test_an_image_is_decoded_exactly_when_its_header_fits_the_limit(width: int, height: int, limit: int, kind: str,
                                                                    tmp_path: Path) -> None:
    path = tmp_path / f"image.{kind.lower()}"
    Image.new("L", (width, height), 255).save(path, kind)
    if width * height > limit:
        with pytest.raises(HandoffError, match=f"is {width}×{height} pixels, more than the {limit:,} pixels"):
            load_image(str(path), limit)
    else:
        assert load_image(str(path), limit).shape == (height, width, 3)
