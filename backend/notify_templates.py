"""The recipient's messages in Polish and English (issue 18 §1), rendered at send time.

Fields: `tracking_number`, `locker` (the site), `deadline` (the pickup deadline as the parcel has it
when the message goes — an extended hold shows the new one — on the site's clock), and for
`deposited` the secrets `code` and `token`. The backend never imports Qt, so these are not Qt
translations; both languages live here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo

#: the messages a parcel's life sends, by template
TEMPLATES = ("deposited", "reminder", "extended", "expired", "returned", "return_dropped")
#: the fields that are secrets: never in a log line, never in the delivery log
SECRET_FIELDS = ("code", "token")


@dataclass(frozen=True)
class Text:
    subject: str
    body: str


_TEXTS: dict[str, dict[str, Text]] = {
    "en": {
        "deposited": Text("Your parcel {tracking_number} is waiting in locker {locker}",
                          "Your parcel {tracking_number} is in locker {locker}.\n"
                          "Pickup code: {code}\nQR: {token}\n"
                          "Pick it up by {deadline}. Enter your phone number and the code at the locker, "
                          "or show the QR code."),
        "reminder": Text("Reminder: parcel {tracking_number} waits until {deadline}",
                         "Your parcel {tracking_number} is still waiting in locker {locker}. "
                         "Pick it up by {deadline} with the code you were sent."),
        "extended": Text("Parcel {tracking_number}: pickup time extended to {deadline}",
                         "Your pickup time was extended to {deadline}. Your parcel {tracking_number} waits "
                         "in locker {locker}; use the code you were sent."),
        "expired": Text("Parcel {tracking_number} was not picked up",
                        "Your parcel {tracking_number} was not picked up from locker {locker} by {deadline}. "
                        "It will be returned to the sender."),
        "returned": Text("Parcel {tracking_number} is going back to the sender",
                         "Your parcel {tracking_number} was taken out of locker {locker} and is on its way "
                         "back to the sender."),
        "return_dropped": Text("Return {tracking_number} received",
                               "Your return {tracking_number} was dropped off at locker {locker}. "
                               "We will let the shop know."),
    },
    "pl": {
        "deposited": Text("Twoja paczka {tracking_number} czeka w paczkomacie {locker}",
                          "Twoja paczka {tracking_number} jest w paczkomacie {locker}.\n"
                          "Kod odbioru: {code}\nQR: {token}\n"
                          "Odbierz ją do {deadline}. Wpisz w paczkomacie swój numer telefonu i kod "
                          "albo pokaż kod QR."),
        "reminder": Text("Przypomnienie: paczka {tracking_number} czeka do {deadline}",
                         "Twoja paczka {tracking_number} wciąż czeka w paczkomacie {locker}. "
                         "Odbierz ją do {deadline} kodem, który otrzymałeś."),
        "extended": Text("Paczka {tracking_number}: czas odbioru przedłużony do {deadline}",
                         "Czas odbioru Twojej paczki został przedłużony do {deadline}. Paczka "
                         "{tracking_number} czeka w paczkomacie {locker}; odbierz ją kodem, który otrzymałeś."),
        "expired": Text("Paczka {tracking_number} nie została odebrana",
                        "Twoja paczka {tracking_number} nie została odebrana z paczkomatu {locker} do "
                        "{deadline}. Wróci do nadawcy."),
        "returned": Text("Paczka {tracking_number} wraca do nadawcy",
                         "Twoja paczka {tracking_number} została wyjęta z paczkomatu {locker} i wraca "
                         "do nadawcy."),
        "return_dropped": Text("Zwrot {tracking_number} przyjęty",
                               "Twój zwrot {tracking_number} został nadany w paczkomacie {locker}. "
                               "Powiadomimy sklep."),
    },
}


def deadline_text(expires_at: str | None, zone: tzinfo = UTC) -> str:
    """The deadline as a person at the locker reads it: its date and time on the site's clock, with the
    zone's abbreviation ("2026-05-06 12:00 CEST"); a parcel without one says so."""
    if not expires_at:
        return "—"
    try:
        moment = datetime.fromisoformat(expires_at.replace("Z", "+00:00"))
    except ValueError:
        return expires_at
    local = (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(zone)
    return f"{local:%Y-%m-%d %H:%M} {local.tzname()}"


def render(template: str, language: str, fields: dict[str, str]) -> Text:
    """The subject and body of `template` in `language` ("pl" or "en") with `fields` filled in."""
    text = _TEXTS[language][template]
    return Text(text.subject.format(**fields), text.body.format(**fields))


def redacted(template: str, language: str, fields: dict[str, str]) -> Text:
    """The same message with the secrets left out (for a log line or the delivery log)."""
    return render(template, language, {**fields, **dict.fromkeys(SECRET_FIELDS, "***")})
