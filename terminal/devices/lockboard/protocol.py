"""CU16 frames exactly as protocols/lockboard-cu16.md gives them: 5-byte requests, 9-byte status replies.

A request is `STX addr cmd ETX sum`; the address carries the board in the high nibble and the lock
channel (lock 1 = channel 0) in the low nibble; the checksum is the low byte of the sum of the bytes
before it. A status reply is `STX addr 0x35 hooks1-8 hooks9-16 ir1-8 ir9-16 ETX sum`."""

from __future__ import annotations

from dataclasses import dataclass, field

STX = 0x02
ETX = 0x03
CMD_STATUS = 0x30
CMD_UNLOCK = 0x31
CMD_UNLOCK_ALL = 0x33
CMD_SET_PULSE = 0x37
CMD_READ_PULSE = 0x38
REPLY_STATUS = 0x35
REQUEST_LENGTH = 5
REPLY_LENGTH = 9
LOCKS_PER_BOARD = 16


class FrameError(ValueError):
    """A frame that cannot be built or read."""


def checksum(data: bytes) -> int:
    """Low byte of the sum of `data`."""
    return sum(data) & 0xFF


def address(board: int, lock: int = 1) -> int:
    """The address byte: board in the high nibble, channel (lock − 1) in the low nibble."""
    if not 0 <= board <= 15:
        raise FrameError(f"board {board} is outside 0–15")
    if not 1 <= lock <= LOCKS_PER_BOARD:
        raise FrameError(f"lock {lock} is outside 1–16")
    return (board << 4) | (lock - 1)


def request(board: int, command: int, lock: int = 1) -> bytes:
    head = bytes((STX, address(board, lock), command, ETX))
    return head + bytes((checksum(head),))


def status_request(board: int) -> bytes:
    return request(board, CMD_STATUS)


def unlock_request(board: int, lock: int) -> bytes:
    return request(board, CMD_UNLOCK, lock)


@dataclass(frozen=True)
class Request:
    board: int
    lock: int          # 1–16 as printed
    command: int


@dataclass(frozen=True)
class StatusReply:
    """Raw bits as they came off the wire (bit 0 of `hooks` = lock 1); polarity is applied elsewhere."""

    board: int
    channel: int
    hooks: int         # 16 bits
    infrared: int      # 16 bits

    def hook_bit(self, lock: int) -> int:
        return (self.hooks >> (lock - 1)) & 1

    def infrared_bit(self, lock: int) -> int:
        return (self.infrared >> (lock - 1)) & 1


def status_reply(board: int, hooks: int, infrared: int, channel: int = 0) -> bytes:
    head = bytes((STX, (board << 4) | (channel & 0x0F), REPLY_STATUS,
                  hooks & 0xFF, (hooks >> 8) & 0xFF, infrared & 0xFF, (infrared >> 8) & 0xFF, ETX))
    return head + bytes((checksum(head),))


def decode_request(frame: bytes) -> Request:
    _check(frame, REQUEST_LENGTH)
    return Request(board=frame[1] >> 4, lock=(frame[1] & 0x0F) + 1, command=frame[2])


def decode_status(frame: bytes) -> StatusReply:
    _check(frame, REPLY_LENGTH)
    if frame[2] != REPLY_STATUS:
        raise FrameError(f"reply command 0x{frame[2]:02X} is not a status reply")
    return StatusReply(board=frame[1] >> 4, channel=frame[1] & 0x0F,
                       hooks=frame[3] | (frame[4] << 8), infrared=frame[5] | (frame[6] << 8))


def _check(frame: bytes, length: int) -> None:
    if len(frame) != length or frame[0] != STX or frame[length - 2] != ETX:
        raise FrameError(f"frame {frame.hex(' ')} is not a {length}-byte frame")
    if checksum(frame[:-1]) != frame[-1]:
        raise FrameError(f"frame {frame.hex(' ')} has a bad checksum")


@dataclass
class FrameParser:
    """Cut a byte stream into `length`-byte frames, re-synchronising on STX.

    Whatever is not a whole frame with ETX in place and a good checksum is dropped and counted."""

    length: int
    buffer: bytearray = field(default_factory=bytearray)
    bad_checksum: int = 0
    bad_length: int = 0
    garbage_bytes: int = 0

    def feed(self, data: bytes) -> list[bytes]:
        self.buffer += data
        frames: list[bytes] = []
        while True:
            start = self.buffer.find(STX)
            if start < 0:
                self.garbage_bytes += len(self.buffer)
                self.buffer.clear()
                break
            if start:
                self.garbage_bytes += start
                del self.buffer[:start]
            if len(self.buffer) < self.length:
                break
            candidate = bytes(self.buffer[: self.length])
            if candidate[self.length - 2] != ETX:
                self.bad_length += 1
                del self.buffer[:1]          # re-sync on the next STX
            elif checksum(candidate[:-1]) != candidate[-1]:
                self.bad_checksum += 1
                del self.buffer[:1]
            else:
                frames.append(candidate)
                del self.buffer[: self.length]
        return frames

    def flush(self) -> None:
        """Drop a partial frame left when the line went quiet (a truncated frame)."""
        if self.buffer:
            self.bad_length += 1
            self.buffer.clear()

    @property
    def discarded(self) -> int:
        return self.bad_checksum + self.bad_length
