"""The time zone a site's people read times in, as the backend knows it: the `site` entity's
`timezone` (auth.ensure_site writes it; terminals pull it), the same zone terminal.clock.site_timezone
gives a terminal. Messages to recipients and the locker forecast's "tomorrow" are in it."""

from __future__ import annotations

import json
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import Connection, select

from backend import schema
from terminal.clock import DEFAULT_TIMEZONE


def site_zone(conn: Connection, site_id: str) -> ZoneInfo:
    """The site's zone; the default (Europe/Warsaw) when the site or its zone is unknown. Read without
    the site's lock (EntityStore would take it): a zone is not something a push races on."""
    e = schema.entities.c
    data = conn.execute(select(e.data).where(e.site_id == site_id, e.entity == "site", e.key == site_id)).scalar()
    name = (json.loads(data).get("timezone") if data else None) or DEFAULT_TIMEZONE
    try:
        return ZoneInfo(str(name))
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_TIMEZONE)
