"""Scanning settings, with their defaults, read once into a frozen `ScanSettings`.

```toml
[scanning]
gs1_separator = "|"          # visible stand-in for FNC1/GS in GS1 element strings
max_length = 4096            # longer scans are refused (a stuck key, a pasted file)

[scanning.patterns]          # Python regexes matched against the whole scan (re.fullmatch)
command = "CMD:(?P<value>[A-Z0-9_]{1,32})"            # command barcodes, e.g. CMD:SHORT
pickup_token = "HQR:(?P<value>[A-Za-z0-9_-]{16,128})" # locker pickup QR; value = the token
# Optional filters, "" = look every scan up: a scan is looked up as that kind only when it matches.
badge = ""; tote = ""; location = ""; compartment = ""; box_type = ""; order = ""; sku = ""
parcel = ""                  # when set, a match is a ParcelScan even if the parcel is not known here
```

A named group `value` (when present) is what the typed scan carries; otherwise the whole text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from terminal.config import Settings
from terminal.errors import ConfigError

COMMAND_PATTERN = r"CMD:(?P<value>[A-Z0-9_]{1,32})"
PICKUP_TOKEN_PATTERN = r"HQR:(?P<value>[A-Za-z0-9_-]{16,128})"
PICKUP_TOKEN_PREFIX = "HQR:"   # what the locker flow puts before the token in the QR it sends
LOOKUP_KINDS = ("badge", "tote", "location", "compartment", "box_type", "order", "parcel", "sku")

DEFAULTS: dict[str, object] = {
    "gs1_separator": "|",
    "max_length": 4096,
    "wedge_max_avg_ms": 30.0,
    "wedge_min_length": 4,
    "wedge_prefix": "",
    "wedge_suffix": "",
}


@dataclass(frozen=True)
class ScanSettings:
    gs1_separator: str = "|"
    max_length: int = 4096
    command: re.Pattern[str] = re.compile(COMMAND_PATTERN)
    pickup_token: re.Pattern[str] = re.compile(PICKUP_TOKEN_PATTERN)
    filters: dict[str, re.Pattern[str]] = field(default_factory=dict)   # kind → pattern, only set ones

    @classmethod
    def from_settings(cls, settings: Settings | None) -> ScanSettings:
        """Read `[scanning]`; ConfigError with the key name when a pattern does not compile."""
        if settings is None:
            return _DEFAULT
        separator = settings.get("scanning.gs1_separator", "|")
        if len(separator) > 1:
            raise ConfigError(f"Setting scanning.gs1_separator must be one character, not {separator!r}.")
        filters = {}
        for kind in LOOKUP_KINDS:
            text = settings.get(f"scanning.patterns.{kind}", "")
            if text:
                filters[kind] = _compile(f"scanning.patterns.{kind}", text)
        return cls(
            gs1_separator=separator,
            max_length=settings.get("scanning.max_length", 4096),
            command=_compile("scanning.patterns.command", settings.get("scanning.patterns.command", COMMAND_PATTERN)),
            pickup_token=_compile(
                "scanning.patterns.pickup_token", settings.get("scanning.patterns.pickup_token", PICKUP_TOKEN_PATTERN)
            ),
            filters=filters,
        )

    def allows(self, kind: str, text: str) -> bool:
        pattern = self.filters.get(kind)
        return pattern is None or pattern.fullmatch(text) is not None


def _compile(key: str, text: str) -> re.Pattern[str]:
    try:
        return re.compile(text)
    except re.error as exc:
        raise ConfigError(f"Setting {key} is not a valid regular expression ({exc}); fix it.") from exc


def matched_value(match: re.Match[str]) -> str:
    """The `value` group when the pattern has one, else the whole match."""
    if "value" in match.re.groupindex and match.group("value") is not None:
        return match.group("value")
    return match.group(0)


_DEFAULT = ScanSettings()
