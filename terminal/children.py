"""Child processes that end with the process that started them.

The demo starts a backend (and device stand-ins) as subprocesses. When the window is killed with
SIGKILL nothing runs `stop()`, and an orphaned backend would keep the demo's port, so the next start
quietly moved to another port. On Linux the kernel sends the child SIGTERM when its parent dies
(prctl PR_SET_PDEATHSIG); elsewhere there is no such hook and the child lives on as before."""

from __future__ import annotations

import ctypes
import ctypes.util
import signal
import socket
import sys
from collections.abc import Callable

_PR_SET_PDEATHSIG = 1


def die_with_parent() -> Callable[[], None] | None:
    """A `preexec_fn` for subprocess.Popen that ties the child's life to this process (Linux only)."""
    if not sys.platform.startswith("linux"):
        return None
    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)

    def tie() -> None:
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)

    return tie


def port_free(port: int) -> bool:
    """Whether a child could listen on 127.0.0.1:`port` now (the demo prefers its usual ports)."""
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True
