"""The three ways a label reaches a printer, each opened from its URI by `open_printer`."""

from __future__ import annotations

import shutil
import socket
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

from terminal.config import Settings, load_settings
from terminal.devices.printers.errors import BadPrinterUri, NotSent, OutcomeUnknown

DEFAULT_PORT = 9100          # Zebra and most label printers take raw ZPL on this port
CONNECT_TIMEOUT_S = 3.0
SEND_TIMEOUT_S = 10.0
# After our last byte we wait this long for the printer to close or reset the connection: a reset
# then means the bytes may not all have been taken, which is "unknown", not "sent".
DRAIN_S = 1.0
URI_HELP = "use tcp://HOST:PORT, cups:QUEUE or file:PATH"


class Printer(Protocol):
    uri: str

    def send(self, data: bytes) -> None:
        """Send one print job; raises NotSent or OutcomeUnknown when it did not complete."""
        ...


def printer_timeouts(settings: Settings | None = None) -> tuple[float, float]:
    """(connect, send) timeouts in seconds from the `printers.*` settings."""
    settings = settings or load_settings()
    return (float(settings.get("printers.connect_timeout_s", CONNECT_TIMEOUT_S)),
            float(settings.get("printers.send_timeout_s", SEND_TIMEOUT_S)))


@dataclass
class TcpPrinter:
    """Raw TCP (port 9100): connect, write the bytes, half-close, wait for the printer to close."""

    uri: str
    host: str
    port: int = DEFAULT_PORT
    connect_timeout_s: float = CONNECT_TIMEOUT_S
    send_timeout_s: float = SEND_TIMEOUT_S

    def send(self, data: bytes) -> None:
        where = f"{self.host}:{self.port}"
        try:
            sock = socket.create_connection((self.host, self.port), timeout=self.connect_timeout_s)
        except ConnectionRefusedError:
            raise NotSent(self.uri, f"The printer at {where} refused the connection; is it switched on?") from None
        except TimeoutError:
            raise NotSent(self.uri, f"The printer at {where} did not answer within "
                                    f"{self.connect_timeout_s:g} s; is it on and on the network?") from None
        except OSError as exc:
            raise NotSent(self.uri, f"The printer at {where} cannot be reached ({exc.strerror or exc}).") from None
        sent = 0
        with sock:
            sock.settimeout(self.send_timeout_s)
            try:
                view = memoryview(data)
                while sent < len(data):
                    sent += sock.send(view[sent:])
                sock.shutdown(socket.SHUT_WR)
                self._drain(sock)
            except OSError as exc:
                reason = "timed out" if isinstance(exc, TimeoutError) else (exc.strerror or str(exc))
                if sent == 0:
                    raise NotSent(self.uri, f"The printer at {where} dropped the connection before the "
                                            f"label was sent ({reason}).") from None
                raise OutcomeUnknown(self.uri, f"The connection to the printer at {where} broke while the "
                                               f"label was being sent ({reason}); check whether it came out.") from None

    def _drain(self, sock: socket.socket) -> None:
        """Read until the printer closes its side; a reset here means the data may have been lost."""
        sock.settimeout(min(DRAIN_S, self.send_timeout_s))
        try:
            while sock.recv(4096):
                pass                     # some printers answer with status bytes; they are not needed
        except TimeoutError:
            pass                         # printer keeps the connection open: every byte was accepted


@dataclass
class CupsPrinter:
    """A CUPS queue: `lp -d QUEUE -o raw` with the job on standard input."""

    uri: str
    queue: str
    send_timeout_s: float = SEND_TIMEOUT_S

    def send(self, data: bytes) -> None:
        lp = shutil.which("lp")
        if lp is None:
            raise NotSent(self.uri, "The `lp` command is not installed, so CUPS printers cannot be used; "
                                    "install cups-client or use tcp://HOST:9100.")
        try:
            done = subprocess.run([lp, "-d", self.queue, "-o", "raw"], input=data, capture_output=True,
                                  timeout=self.send_timeout_s, check=False)
        except subprocess.TimeoutExpired:
            raise OutcomeUnknown(self.uri, f"`lp` did not finish within {self.send_timeout_s:g} s; check whether "
                                           f"queue {self.queue} printed the label.") from None
        except OSError as exc:
            raise NotSent(self.uri, f"`lp` could not be started ({exc.strerror or exc}).") from None
        if done.returncode != 0:       # lp refuses before it queues anything: nothing was printed
            detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise NotSent(self.uri, f"CUPS refused the label for queue {self.queue}"
                                    + (f" ({detail[-1]})." if detail else "."))


@dataclass
class FilePrinter:
    """A file or device node (e.g. /dev/usb/lp0); each label is appended."""

    uri: str
    path: Path

    def send(self, data: bytes) -> None:
        try:
            handle = self.path.open("ab")
        except OSError as exc:
            raise NotSent(self.uri, f"{self.path} cannot be opened for printing ({exc.strerror or exc}).") from None
        try:
            with handle:
                handle.write(data)
                handle.flush()
        except OSError as exc:
            raise OutcomeUnknown(self.uri, f"Writing to {self.path} failed part-way ({exc.strerror or exc}).") from None


def open_printer(uri: str, *, connect_timeout_s: float | None = None,
                 send_timeout_s: float | None = None) -> Printer:
    """The printer a URI names; raises BadPrinterUri (one sentence) when it names none."""
    if connect_timeout_s is None or send_timeout_s is None:
        from_settings = printer_timeouts()
        connect_timeout_s = from_settings[0] if connect_timeout_s is None else connect_timeout_s
        send_timeout_s = from_settings[1] if send_timeout_s is None else send_timeout_s
    connect, send = connect_timeout_s, send_timeout_s
    text = uri.strip()
    scheme, _, rest = text.partition(":")
    if scheme == "tcp":
        parts = urlsplit(text)
        try:
            port = parts.port or DEFAULT_PORT
        except ValueError:
            raise BadPrinterUri(f"{uri!r} has a bad port number; {URI_HELP}.") from None
        if not parts.hostname or parts.path not in ("", "/"):
            raise BadPrinterUri(f"{uri!r} does not name a printer host; {URI_HELP}.")
        return TcpPrinter(text, parts.hostname, port, connect, send)
    if scheme == "cups" and rest and "/" not in rest and not rest.startswith("-"):
        return CupsPrinter(text, rest, send)
    if scheme == "file" and rest:
        path = rest[2:] if rest.startswith("///") else rest
        return FilePrinter(text, Path(path))
    raise BadPrinterUri(f"{uri!r} is not a printer address; {URI_HELP}.")
