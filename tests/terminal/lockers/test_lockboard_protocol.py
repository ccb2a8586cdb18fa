"""CU16 frames byte for byte as the protocol page gives them, and the stream parser's re-sync."""

from __future__ import annotations

import pytest

from terminal.devices.lockboard.protocol import (
    FrameError,
    FrameParser,
    checksum,
    decode_request,
    decode_status,
    status_reply,
    status_request,
    unlock_request,
)


@pytest.mark.parametrize(("frame", "expected"), [
    (unlock_request(0, 1), "02 00 31 03 36"),
    (unlock_request(0, 16), "02 0f 31 03 45"),
    (status_request(0), "02 00 30 03 35"),
    (unlock_request(1, 3), "02 12 31 03 48"),
])
def test_page_examples_byte_for_byte(frame: bytes, expected: str) -> None:
    assert frame.hex(" ") == expected


def test_status_reply_layout_and_checksum() -> None:
    reply = status_reply(2, hooks=0b1000_0000_0000_0101, infrared=0x0100)
    assert len(reply) == 9
    assert reply[:3] == bytes((0x02, 0x20, 0x35))
    assert reply[3:7] == bytes((0x05, 0x80, 0x00, 0x01))
    assert reply[7] == 0x03 and reply[8] == checksum(reply[:8])
    decoded = decode_status(reply)
    assert decoded.board == 2
    assert [decoded.hook_bit(n) for n in (1, 2, 3, 16)] == [1, 0, 1, 1]
    assert decoded.infrared_bit(9) == 1 and decoded.infrared_bit(1) == 0


def test_decode_request_gives_printed_lock_number() -> None:
    request = decode_request(bytes.fromhex("02 12 31 03 48"))
    assert (request.board, request.lock, request.command) == (1, 3, 0x31)


def test_bad_checksum_is_refused() -> None:
    with pytest.raises(FrameError):
        decode_request(bytes.fromhex("02 12 31 03 49"))


def test_parser_resyncs_after_garbage_and_truncated_frames() -> None:
    good = status_reply(0, 0xFFFF, 0)
    garbage = bytes.fromhex("ff 00 13")
    truncated = good[:5]
    bad_sum = good[:-1] + bytes(((good[-1] + 1) & 0xFF,))
    parser = FrameParser(9)
    frames = parser.feed(garbage + truncated + bad_sum + good)
    assert frames == [good]
    assert parser.bad_checksum == 1
    assert parser.bad_length >= 1
    assert parser.garbage_bytes >= len(garbage)


def test_parser_waits_for_a_frame_split_across_reads() -> None:
    good = status_reply(3, 0x00FF, 0x0F00)
    parser = FrameParser(9)
    assert parser.feed(good[:4]) == []
    assert parser.feed(good[4:]) == [good]
    parser.feed(good[:3])
    parser.flush()
    assert parser.bad_length == 1 and parser.discarded == 1
