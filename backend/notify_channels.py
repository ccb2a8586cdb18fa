"""The ways a message reaches a recipient: e-mail over SMTP, an HTTP SMS gateway, or apprise.

A channel either delivers or raises `ChannelFailed` with a sentence that holds no part of the
message (the delivery worker logs and stores that sentence; the message itself is never logged)."""

from __future__ import annotations

import logging
import smtplib
import ssl
from email.message import EmailMessage
from io import BytesIO
from typing import Protocol

import httpx
import segno

from backend.notify_config import Apprise, Email, Sms
from backend.notify_templates import Text


class ChannelFailed(Exception):
    """Not delivered this time; the worker tries again later (or gives up after the last attempt)."""


class NoAddress(ChannelFailed):
    """The recipient has no address for this channel: trying again cannot help."""


class Channel(Protocol):
    name: str

    def send(self, phone: str, email: str | None, text: Text, qr: str | None) -> None:
        """Deliver `text` (with the QR token `qr` as an image where the channel can carry one)."""


class EmailChannel:
    name = "email"

    def __init__(self, config: Email) -> None:
        self.config = config

    def send(self, phone: str, email: str | None, text: Text, qr: str | None) -> None:
        if not email:
            raise NoAddress("the recipient has no e-mail address")
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = self.config.sender, email, text.subject
        message.set_content(text.body)
        if qr:
            png = BytesIO()
            segno.make(qr, error="m").save(png, kind="png", scale=6)
            message.add_attachment(png.getvalue(), maintype="image", subtype="png", filename="qr.png")
        c = self.config
        try:
            with smtplib.SMTP(c.host, c.port, timeout=c.timeout) as smtp:
                if c.starttls:
                    smtp.starttls(context=ssl.create_default_context())
                if c.username:
                    smtp.login(c.username, c.password or "")
                smtp.send_message(message)
        except (OSError, smtplib.SMTPException) as exc:
            # the reason only (connection refused, 451 …): an SMTP error may quote the recipient
            raise ChannelFailed(f"SMTP {c.host}:{c.port}: {type(exc).__name__}"
                                f"{f' {exc.smtp_code}' if hasattr(exc, 'smtp_code') else ''}") from None


class SmsChannel:
    name = "sms"

    def __init__(self, config: Sms) -> None:
        self.config = config

    def send(self, phone: str, email: str | None, text: Text, qr: str | None) -> None:
        c = self.config
        values = {**c.fields, c.to_field: phone, c.text_field: text.body}
        try:
            if c.format == "json":
                answer = httpx.post(c.url, json=values, headers=c.headers, timeout=c.timeout)
            else:
                answer = httpx.post(c.url, data=values, headers=c.headers, timeout=c.timeout)
        except httpx.HTTPError as exc:
            raise ChannelFailed(f"SMS gateway: {type(exc).__name__}") from None
        if answer.status_code >= 300:
            raise ChannelFailed(f"SMS gateway answered {answer.status_code}")


class AppriseChannel:
    name = "apprise"

    def __init__(self, config: Apprise) -> None:
        self.config = config
        # apprise logs the payload at DEBUG (the pickup code with it): its logger never goes below WARNING
        logging.getLogger("apprise").setLevel(logging.WARNING)

    def send(self, phone: str, email: str | None, text: Text, qr: str | None) -> None:
        import apprise  # an optional extra: only a configuration that names it needs it

        sender = apprise.Apprise()
        for url in self.config.urls:
            if "{email}" in url and not email:
                raise NoAddress("the recipient has no e-mail address")
            sender.add(url.replace("{phone}", phone.lstrip("+")).replace("{email}", email or ""))
        if not sender.notify(title=text.subject, body=text.body):
            raise ChannelFailed("apprise could not deliver to every configured URL")
