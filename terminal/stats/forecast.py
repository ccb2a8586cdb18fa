"""Tomorrow's expected locker fill for the supervisor's "Tomorrow" tab: `GET /v1/lockers/forecast`.

The backend knows what no terminal does — the announcements not yet deposited and when they are
expected (backend/capacity.py) — so the forecast is its answer, asked with the same token as the
Fleet view (terminal/stats/fleet.py): an integration token in `stats.fleet_token_file` shows every
locker, the terminal's own token its site. Lockers come fullest first: that is where tomorrow needs
a courier to empty expired parcels or a carrier to redirect."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from terminal.config import Settings
from terminal.stats.fleet import supervisor_client
from terminal.sync.client import SyncUnavailable

#: from this expected fill on, a locker is shown as at risk of turning parcels away
NEARLY_FULL = 0.85


@dataclass(frozen=True)
class LockerForecast:
    site_id: str
    name: str
    compartments: int
    expected_peak: int
    expected_fill: float | None      # None: the backend knows no compartment of this locker
    peak_at: str

    @property
    def nearly_full(self) -> bool:
        return self.expected_fill is not None and self.expected_fill >= NEARLY_FULL


@dataclass(frozen=True)
class Forecast:
    day: str                         # the date forecast (YYYY-MM-DD)
    lockers: list[LockerForecast]    # fullest first
    scope: str                       # "fleet" (integration token) or "site"


def _locker(row: Any) -> LockerForecast:
    fill = row.get("expected_fill")
    return LockerForecast(str(row["site_id"]), str(row.get("name") or row["site_id"]), int(row["compartments"]),
                          int(row["expected_peak"]), float(fill) if fill is not None else None,
                          str(row.get("peak_at") or ""))


def parse_forecast(payload: dict[str, Any], scope: str) -> Forecast:
    """The backend's answer as a Forecast, fullest first; SyncUnavailable when it is not one."""
    try:
        lockers = [_locker(row) for row in payload["lockers"]]
        day = str(payload["day"])
    except (KeyError, TypeError, ValueError) as exc:
        raise SyncUnavailable(f"The backend's forecast answer is malformed ({exc}).") from exc
    lockers.sort(key=lambda f: (-(f.expected_fill if f.expected_fill is not None else -1.0), f.site_id))
    return Forecast(day, lockers, scope)


def fetch_forecast(db_path: Path, settings: Settings) -> Forecast:
    """Tomorrow's forecast from the backend; a HandoffError (one sentence) when there is none to ask."""
    client, scope = supervisor_client(db_path, settings, "the forecast")
    with client:
        return parse_forecast(client.lockers_forecast(), scope)
