"""Pluggable transports: a folder of files (the embedded default), SMTP, an HTTP SMS gateway.

Each raises ``DeliveryFailed`` (or an ``OSError``) when a message did not go out; the outbox
worker retries it later.

The SMS gateway request is ``POST <IYS_NOTIFY_SMS_GATEWAY_URL>`` with
``Authorization: Bearer <IYS_NOTIFY_SMS_GATEWAY_TOKEN>`` and the JSON body
``{"to": "+905XXXXXXXXX", "sender": "IZINHUB", "text": "..."}``; any 2xx answer means sent.
"""

from __future__ import annotations

import asyncio
import functools
import json
import secrets
import smtplib
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import Protocol

from server.core.clock import clock
from tenants.notifications.settings import NotificationSettings


class DeliveryFailed(Exception):
    """The transport could not hand the message over; worth another try later."""


@dataclass(frozen=True, slots=True)
class OutgoingMessage:
    """One message; ``channel`` is SMS or EPOSTA, ``to`` the normalised address."""

    channel: str
    to: str
    subject: str
    body: str


class Transport(Protocol):
    async def send(self, message: OutgoingMessage) -> None: ...


@dataclass(frozen=True, slots=True)
class FileTransport:
    """Writes each message as a text file, so a newcomer can open the links in it."""

    folder: Path

    async def send(self, message: OutgoingMessage) -> None:
        await asyncio.to_thread(self._write, message)

    def _write(self, message: OutgoingMessage) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        stamp = clock.now().strftime("%Y%m%dT%H%M%S")
        name = f"{stamp}-{message.channel.lower()}-{secrets.token_hex(4)}.txt"
        text = f"To: {message.to}\nSubject: {message.subject}\n\n{message.body}\n"
        (self.folder / name).write_text(text, encoding="utf-8")


@dataclass(frozen=True, slots=True)
class SmtpTransport:
    """Plain SMTP (optionally STARTTLS and login), run on a worker thread."""

    host: str
    port: int
    sender: str
    timeout: float
    starttls: bool = False
    username: str = ""
    password: str = ""

    async def send(self, message: OutgoingMessage) -> None:
        await asyncio.to_thread(self._send, self._email(message))

    def _email(self, message: OutgoingMessage) -> EmailMessage:
        email = EmailMessage()
        email["From"], email["To"], email["Subject"] = self.sender, message.to, message.subject
        email.set_content(message.body)
        return email

    def _send(self, email: EmailMessage) -> None:
        try:
            with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
                if self.starttls:
                    smtp.starttls()
                if self.username:
                    smtp.login(self.username, self.password)
                smtp.send_message(email)
        except smtplib.SMTPException as error:
            raise DeliveryFailed(f"SMTP: {type(error).__name__}") from error


@dataclass(frozen=True, slots=True)
class SmsGatewayTransport:
    """POSTs JSON to an HTTP SMS gateway (request shape in the module docstring)."""

    url: str
    token: str
    sender: str
    timeout: float

    def __post_init__(self) -> None:
        if not self.url.startswith(("https://", "http://")):
            raise ValueError("IYS_NOTIFY_SMS_GATEWAY_URL must be an http(s) URL")

    async def send(self, message: OutgoingMessage) -> None:
        await asyncio.to_thread(self._post, message)

    def _post(self, message: OutgoingMessage) -> None:
        body = json.dumps({"to": message.to, "sender": self.sender, "text": message.body})
        request = urllib.request.Request(  # noqa: S310  (scheme checked in __post_init__)
            self.url,
            data=body.encode(),
            method="POST",
            headers={"content-type": "application/json", "authorization": f"Bearer {self.token}"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                status = response.status
        except urllib.error.HTTPError as error:
            raise DeliveryFailed(f"SMS gateway answered {error.code}") from None
        except urllib.error.URLError as error:
            raise DeliveryFailed(f"SMS gateway unreachable: {error.reason}") from None
        if not 200 <= status < 300:
            raise DeliveryFailed(f"SMS gateway answered {status}")


@dataclass(frozen=True, slots=True)
class Transports:
    """The transport for each channel."""

    email: Transport
    sms: Transport

    def for_channel(self, channel: str) -> Transport:
        return self.email if channel == "EPOSTA" else self.sms

    @classmethod
    def from_settings(cls, settings: NotificationSettings, data_dir: Path) -> Transports:
        files = FileTransport(settings.outbox_dir or data_dir / "outbox")
        email: Transport = files
        sms: Transport = files
        if settings.email_transport == "smtp":
            email = SmtpTransport(
                settings.smtp_host,
                settings.smtp_port,
                settings.smtp_from,
                settings.send_timeout_seconds,
                settings.smtp_starttls,
                settings.smtp_username,
                settings.smtp_password,
            )
        if settings.sms_transport == "http":
            sms = SmsGatewayTransport(
                settings.sms_gateway_url,
                settings.sms_gateway_token,
                settings.sms_sender,
                settings.send_timeout_seconds,
            )
        return cls(email=email, sms=sms)


@functools.lru_cache(maxsize=8)
def default_transports(data_dir: Path) -> Transports:
    """The transports the environment (``IYS_NOTIFY_*``) asks for, built once per data folder."""
    return Transports.from_settings(NotificationSettings(), data_dir)
