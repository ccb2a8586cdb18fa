"""A pseudo-terminal standing in for a serial device, for the device emulators.

The emulator reads and writes `master`; the driver under test opens `path` (the slave side), or
`link` — a stable name such as the udev one in settings — once `publish()` has made it. Both ends
are raw, so bytes pass untouched, as on a real serial line."""

from __future__ import annotations

import contextlib
import os
import tty


class PtyLine:
    def __init__(self, link: str | None = None) -> None:
        self.link = link
        self.master, self.slave = os.openpty()
        tty.setraw(self.master)
        tty.setraw(self.slave)
        self.path = os.ttyname(self.slave)

    def publish(self) -> None:
        """Point `link` (when given) at this line, replacing whatever it pointed at."""
        if self.link:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.link)
            os.symlink(self.path, self.link)

    def close(self) -> None:
        """Close both ends as a pulled cable does (the driver's reads fail) and remove the link."""
        for fd in (self.master, self.slave):
            with contextlib.suppress(OSError):
                os.close(fd)
        self.master = self.slave = -1
        if self.link and os.path.islink(self.link):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.link)
