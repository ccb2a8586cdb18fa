"""The delivery configuration: `handoff-backend serve --notify-config FILE.toml` (docs/OPERATIONS.md).

    language = "pl"            # the default of every site; [sites.ID] language = "en" per site
    reminder_hours = 24        # the reminder goes this long before the pickup deadline
    poll_seconds = 5           # how often the delivery worker looks for due messages
    [retry]                    # attempt n waits base * 2**(n-1) seconds, at most max; dead after max_attempts
    max_attempts = 8
    base_seconds = 30
    max_seconds = 3600
    [email]                    # SMTP (stdlib smtplib)
    host = "smtp.example.com"
    port = 587
    sender = "lockers@example.com"
    starttls = true
    username = "…"             # optional, with password
    password = "…"
    [sms]                      # any HTTP SMS gateway taking one POST per message
    url = "https://gateway.example/send"
    format = "json"            # or "form"
    to_field = "to"
    text_field = "text"
    headers = { Authorization = "Bearer …" }
    fields = { from = "Handoff" }   # sent with every message
    [apprise]                  # optional extra: any channel apprise knows; {phone} and {email} are filled in
    urls = ["mailto://…/?to={email}"]
    [webhook]                  # the shop's endpoint for signed events (Standard Webhooks)
    url = "https://shop.example/handoff/events"
    secret = "whsec_…"
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

LANGUAGES = ("pl", "en")


class NotifyConfigError(ValueError):
    """The configuration file cannot be used; the sentence names the key."""


@dataclass(frozen=True)
class Retry:
    max_attempts: int = 8
    base_seconds: float = 30.0
    max_seconds: float = 3600.0

    def delay(self, attempts: int) -> float:
        """Seconds to wait after the `attempts`-th failed attempt (exponential, capped)."""
        return float(min(self.max_seconds, self.base_seconds * 2 ** max(0, attempts - 1)))


@dataclass(frozen=True)
class Email:
    host: str
    port: int = 25
    sender: str = "lockers@localhost"
    starttls: bool = False
    username: str | None = None
    password: str | None = None
    timeout: float = 10.0


@dataclass(frozen=True)
class Sms:
    url: str
    format: str = "json"
    to_field: str = "to"
    text_field: str = "text"
    headers: dict[str, str] = field(default_factory=dict)
    fields: dict[str, str] = field(default_factory=dict)
    timeout: float = 10.0


@dataclass(frozen=True)
class Apprise:
    urls: tuple[str, ...]


@dataclass(frozen=True)
class Webhook:
    url: str
    secret: str
    timeout: float = 10.0


@dataclass(frozen=True)
class NotifyConfig:
    language: str = "pl"
    reminder_hours: float = 24.0
    poll_seconds: float = 5.0
    retry: Retry = Retry()
    email: Email | None = None
    sms: Sms | None = None
    apprise: Apprise | None = None
    webhook: Webhook | None = None
    site_languages: dict[str, str] = field(default_factory=dict)

    def language_of(self, site_id: str, wanted: str | None = None) -> str:
        """The recipient's language when given and known, else the site's, else the default."""
        if wanted in LANGUAGES:
            return str(wanted)
        return self.site_languages.get(site_id, self.language)

    @property
    def channels(self) -> tuple[str, ...]:
        return tuple(name for name in ("email", "sms", "apprise") if getattr(self, name) is not None)


def _section(raw: dict[str, Any], name: str) -> dict[str, Any] | None:
    value = raw.get(name)
    if value is None:
        return None
    if not isinstance(value, dict):
        raise NotifyConfigError(f"[{name}] must be a table.")
    return value


def _make(kind: type, name: str, values: dict[str, Any]) -> Any:
    try:
        return kind(**values)
    except TypeError as exc:
        known = ", ".join(kind.__dataclass_fields__)
        raise NotifyConfigError(f"[{name}]: {exc}; the keys are {known}.") from None


def parse(raw: dict[str, Any]) -> NotifyConfig:
    known = {"language", "reminder_hours", "poll_seconds", "retry", "email", "sms", "apprise", "webhook", "sites"}
    unknown = sorted(set(raw) - known)
    if unknown:
        raise NotifyConfigError(f"Unknown key(s) {', '.join(unknown)}; the keys are {', '.join(sorted(known))}.")
    language = raw.get("language", "pl")
    if language not in LANGUAGES:
        raise NotifyConfigError(f"language must be one of {', '.join(LANGUAGES)}, not {language!r}.")
    sites: dict[str, str] = {}
    for site_id, site in (_section(raw, "sites") or {}).items():
        if not isinstance(site, dict) or site.get("language") not in LANGUAGES:
            raise NotifyConfigError(f"[sites.{site_id}] needs language = one of {', '.join(LANGUAGES)}.")
        sites[str(site_id)] = site["language"]
    sections: dict[str, Any] = {}
    for name, kind in (("retry", Retry), ("email", Email), ("sms", Sms), ("webhook", Webhook)):
        values = _section(raw, name)
        if values is not None:
            sections[name] = _make(kind, name, values)
    sms = sections.get("sms")
    if sms is not None and sms.format not in ("json", "form"):
        raise NotifyConfigError(f"[sms] format must be json or form, not {sms.format!r}.")
    apprise = _section(raw, "apprise")
    if apprise is not None:
        urls = apprise.get("urls")
        if not isinstance(urls, list) or not urls or not all(isinstance(u, str) for u in urls):
            raise NotifyConfigError("[apprise] urls must be a list of apprise URLs.")
        sections["apprise"] = Apprise(tuple(urls))
    retry = sections.get("retry", Retry())
    if retry.max_attempts < 1 or retry.base_seconds < 0 or retry.max_seconds < retry.base_seconds:
        raise NotifyConfigError("[retry] needs max_attempts >= 1 and 0 <= base_seconds <= max_seconds.")
    try:
        return NotifyConfig(language=language, reminder_hours=float(raw.get("reminder_hours", 24.0)),
                            poll_seconds=float(raw.get("poll_seconds", 5.0)), site_languages=sites, **sections)
    except (TypeError, ValueError) as exc:
        raise NotifyConfigError(f"reminder_hours and poll_seconds must be numbers ({exc}).") from None


def load(path: Path) -> NotifyConfig:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise NotifyConfigError(f"The notification config {path} cannot be read ({exc.strerror}).") from None
    except tomllib.TOMLDecodeError as exc:
        raise NotifyConfigError(f"The notification config {path} is not TOML ({exc}).") from None
    try:
        return parse(raw)
    except NotifyConfigError as exc:
        raise NotifyConfigError(f"{path}: {exc}") from None
