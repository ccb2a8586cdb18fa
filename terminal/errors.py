"""Errors a person can act on: each carries one sentence saying what happened and what to do."""

from __future__ import annotations


class HandoffError(Exception):
    """A failure with a message meant for the operator, shown as-is (never with a traceback)."""


class ConfigError(HandoffError):
    """The configuration file or an environment override cannot be used."""


class StoreError(HandoffError):
    """The local database is missing, unreadable, damaged or from a newer schema."""


class OpRejected(HandoffError):
    """A named operation failed validation; nothing was written.

    `code` is a stable machine-readable reason (it travels in sync rejections); `args` (kept as `details`) are the
    details the English `message` names, in order, so a screen can word the refusal in its own
    language (ui/refusals.py; codes without a translation show `message`)."""

    def __init__(self, code: str, message: str, args: tuple[object, ...] = ()) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.details = tuple(str(a) for a in args)   # (`self.args` is Exception's)
