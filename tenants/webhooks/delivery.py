"""Webhook deliveries: batches of movements, signed, POSTed in order, retried with backoff.

Each webhook has at most one delivery in flight, so a receiver sees movements in the order
they were recorded. A batch is cut from the brand's movements after the webhook's cursor and the
cursor moves in the same transaction, so nothing is skipped or sent twice by us (a receiver
that answered too late may see a batch again: ``X-IzinHub-Delivery`` tells it apart).

Request: ``POST <url>`` with ``content-type: application/json``, ``X-IzinHub-Delivery: <id>``,
``X-IzinHub-Timestamp: <unix seconds>`` and ``X-IzinHub-Signature: sha256=<hex>``, the
HMAC-SHA256 of ``<timestamp>.<body>`` under the webhook's secret. Body:
``{"iysCode", "brandCode", "list": [{"recipient", "recipientType", "type", "status", "source",
"consentDate", "creationDate", "transactionId"}]}``, like İYS's push; any 2xx is success.
Redirects are not followed. A delivery is given up after ``webhook_max_attempts`` tries, and a
webhook is disabled after ``webhook_disable_after`` failed attempts in a row.

Finding the active webhooks reads across tenants (the worker's own bookkeeping); each webhook's
turn (`deliver_webhook`, one attempt) runs as its tenant. The job engine runs one turn per
webhook at a time and retries a failed delivery at its next attempt time.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import hmac
import http.client
import json
import logging
import socket
import ssl
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tortoise.transactions import in_transaction

from server.core.db import db
from server.core.errors import ValidationFailed
from server.core.sql import db_time, fetch
from server.core.tenancy import as_tenant, cross_tenant
from tenants.consents.feed import Change, ChangeSource, changes_after
from tenants.core.access import scoped
from tenants.notifications.outbox import backoff
from tenants.notifications.settings import NotificationSettings
from tenants.providers.models import Brand, Provider
from tenants.webhooks.models import DeliveryStatus, Webhook, WebhookDelivery, WebhookEvents
from tenants.webhooks.targets import IpAddress, Target, resolve_target

log = logging.getLogger(__name__)
BATCH = 100
WEBHOOKS_WITH_WORK = (
    "SELECT w.tenant_id, w.id FROM webhook w WHERE w.active AND ("
    " EXISTS (SELECT 1 FROM webhook_delivery d WHERE d.tenant_id = w.tenant_id"
    " AND d.webhook_id = w.id AND d.status = 'PENDING' AND d.next_attempt_at <= ?)"
    " OR EXISTS (SELECT 1 FROM consent_movement m WHERE m.tenant_id = w.tenant_id"
    " AND m.brand_id = w.brand_id AND m.id > w.last_movement_id))"
    " ORDER BY w.id"
)


def signature(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"sha256={mac.hexdigest()}"


async def run_webhooks(settings: NotificationSettings, now: datetime) -> int:
    """One round over every active webhook; returns how many deliveries were attempted."""
    attempted = 0
    for tenant_id, webhook_id in await active_webhooks():
        with as_tenant(tenant_id):
            attempt = await deliver_webhook(tenant_id, webhook_id, settings, now)
        if attempt is not None and attempt.attempted:
            attempted += 1
    return attempted


async def active_webhooks() -> list[tuple[int, int]]:
    """(tenant id, webhook id) of every active webhook."""
    with cross_tenant():
        rows = await Webhook.filter(active=True).order_by("id").values_list("tenant_id", "id")
    return [(int(tenant_id), int(webhook_id)) for tenant_id, webhook_id in rows]


async def webhooks_with_work(now: datetime) -> list[tuple[int, int]]:
    """(tenant id, webhook id) of the active webhooks with a delivery due or movements past
    their cursor: the ones whose turn would do something."""
    conn = db()
    with cross_tenant():
        rows = await fetch(conn, WEBHOOKS_WITH_WORK, [db_time(conn, now)])
    return [(int(tenant_id), int(webhook_id)) for tenant_id, webhook_id in rows]


@dataclass(frozen=True, slots=True)
class Attempt:
    """What one turn of a webhook did: ``retry_at`` is set while its delivery waits to be
    tried again (the webhook is still active and the delivery PENDING)."""

    attempted: bool
    retry_at: datetime | None


async def deliver_webhook(
    tenant_id: int, webhook_id: int, settings: NotificationSettings, now: datetime
) -> Attempt | None:
    """One turn of one webhook: its delivery in flight, or a new batch of movements, is
    attempted if due. None when the webhook is gone, paused or has nothing to send."""
    webhook = await scoped(Webhook, tenant_id).get_or_none(id=webhook_id, active=True)
    if webhook is None:
        return None
    delivery = await _in_flight(webhook) or await _next_batch(webhook, now)
    if delivery is None:
        return None
    attempted = delivery.next_attempt_at <= now
    if attempted:
        await _attempt(webhook, delivery, settings, now)
    waiting = webhook.active and delivery.status == DeliveryStatus.PENDING.value
    return Attempt(attempted, delivery.next_attempt_at if waiting else None)


async def _in_flight(webhook: Webhook) -> WebhookDelivery | None:
    return (
        await scoped(WebhookDelivery, webhook.tenant_id)
        .filter(webhook_id=webhook.id, status=DeliveryStatus.PENDING.value)
        .order_by("id")
        .first()
    )


async def _next_batch(webhook: Webhook, now: datetime) -> WebhookDelivery | None:
    source = ChangeSource.IYS if webhook.events == WebhookEvents.RECIPIENT.value else None
    async with in_transaction() as conn:
        changes = await changes_after(
            conn, webhook.tenant_id, webhook.brand_id, webhook.last_movement_id, BATCH, source
        )
        if not changes:
            return None
        delivery = await WebhookDelivery.create(
            using_db=conn,
            tenant_id=webhook.tenant_id,
            webhook_id=webhook.id,
            payload=await _payload(webhook, changes),
            movements=len(changes),
            next_attempt_at=now,
            created_at=now,
        )
        await (
            scoped(Webhook, webhook.tenant_id)
            .filter(id=webhook.id)
            .using_db(conn)
            .update(last_movement_id=changes[-1].id)
        )
    webhook.last_movement_id = changes[-1].id
    return delivery


async def _payload(webhook: Webhook, changes: list[Change]) -> str:
    brand = await scoped(Brand, webhook.tenant_id).get(id=webhook.brand_id)
    provider = await scoped(Provider, webhook.tenant_id).get(id=brand.provider_id)
    body = {
        "iysCode": provider.iys_code,
        "brandCode": brand.brand_code,
        "list": [_item(change) for change in changes],
    }
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"))


def _item(change: Change) -> dict[str, Any]:
    return {
        "recipient": change.recipient,
        "recipientType": change.recipient_type,
        "type": change.type,
        "status": change.status,
        "source": change.source,
        "consentDate": change.consent_date.isoformat() if change.consent_date else None,
        "creationDate": change.creation_date.isoformat(),
        "transactionId": change.transaction_id,
    }


@dataclass(frozen=True, slots=True)
class _Answer:
    status: int | None
    error: str | None

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


async def _attempt(
    webhook: Webhook, delivery: WebhookDelivery, settings: NotificationSettings, now: datetime
) -> None:
    answer = await _post(webhook, delivery, settings, now)
    attempts = delivery.attempts + 1
    if answer.ok:
        await _finish(delivery, DeliveryStatus.SUCCEEDED, attempts, answer, now)
        await _set_webhook(webhook, failures_in_a_row=0)
        return
    log.warning("webhook %s delivery %s failed: %s", webhook.id, delivery.id, answer.error)
    given_up = attempts >= settings.webhook_max_attempts
    status = DeliveryStatus.FAILED if given_up else DeliveryStatus.PENDING
    retry_at = now + backoff(settings.retry_base_seconds, attempts)
    await _finish(delivery, status, attempts, answer, None, retry_at)
    await _count_failure(webhook, settings)


async def _post(
    webhook: Webhook, delivery: WebhookDelivery, settings: NotificationSettings, now: datetime
) -> _Answer:
    try:  # resolved and checked again (DNS may have changed), and connected to as checked
        target = await resolve_target(webhook.url, settings.webhooks_development)
    except ValidationFailed as refused:
        return _Answer(None, refused.code)
    body, stamp = delivery.payload.encode(), int(now.timestamp())
    headers = {
        "content-type": "application/json",
        "user-agent": "IzinHub-Webhooks/1",
        "x-izinhub-delivery": str(delivery.id),
        "x-izinhub-timestamp": str(stamp),
        "x-izinhub-signature": signature(webhook.secret, stamp, body),
    }
    return await asyncio.to_thread(_send, target, body, headers, settings.webhook_timeout_seconds)


def _send(target: Target, body: bytes, headers: dict[str, str], timeout: float) -> _Answer:
    """POST to one of the checked addresses; a redirect is an answer like any other non-2xx
    (following it could lead past the address check)."""
    connection = _connection(target, timeout)
    try:
        connection.request("POST", target.path, body=body, headers=headers)
        status = connection.getresponse().status
    except (OSError, http.client.HTTPException) as error:
        return _Answer(None, failure_code(error))
    finally:
        connection.close()
    return _Answer(status, None if 200 <= status < 300 else "HTTP_STATUS")


def failure_code(error: OSError | http.client.HTTPException) -> str:
    """Why a try failed, as a stable code the web app translates (never the exception's text,
    which is Python's and may carry addresses)."""
    if isinstance(error, TimeoutError):
        return "TIMEOUT"
    if isinstance(error, ssl.SSLError):  # certificate checks included
        return "TLS_ERROR"
    if isinstance(error, ConnectionRefusedError):
        return "CONNECTION_REFUSED"
    if isinstance(error, ConnectionError):  # reset or closed, even in the middle of an answer
        return "CONNECTION_FAILED"
    if isinstance(error, http.client.HTTPException):
        return "PROTOCOL_ERROR"
    return "CONNECTION_FAILED"


def _connection(target: Target, timeout: float) -> http.client.HTTPConnection:
    """A connection to ``target.host`` whose socket goes to the checked addresses: the Host
    header, the TLS server name (SNI) and the certificate check are for the host name."""
    connection: http.client.HTTPConnection
    if target.scheme == "https":
        connection = http.client.HTTPSConnection(
            target.host, target.port, timeout=timeout, context=_tls_context()
        )
    else:
        connection = http.client.HTTPConnection(target.host, target.port, timeout=timeout)

    def pinned(
        address: tuple[str, int], timeout: float | None, source: tuple[str, int] | None = None
    ) -> socket.socket:
        return _connect_any(target.addresses, target.port, timeout, source)

    connection._create_connection = pinned  # type: ignore[attr-defined]  # what connect() opens
    return connection


def _connect_any(
    addresses: tuple[IpAddress, ...],
    port: int,
    timeout: float | None,
    source: tuple[str, int] | None,
) -> socket.socket:
    """The first of ``addresses`` that accepts a connection, like socket.create_connection."""
    failure: OSError | None = None
    for address in addresses:
        try:
            return _open_socket(str(address), port, timeout, source)
        except OSError as error:
            failure = error
    raise failure or OSError("no address to connect to")


def _open_socket(
    address: str, port: int, timeout: float | None, source: tuple[str, int] | None
) -> socket.socket:
    return socket.create_connection((address, port), timeout, source)


@functools.cache
def _tls_context() -> ssl.SSLContext:
    return ssl.create_default_context()  # verifies the certificate and the host name


async def _finish(
    delivery: WebhookDelivery,
    status: DeliveryStatus,
    attempts: int,
    answer: _Answer,
    delivered_at: datetime | None,
    next_attempt_at: datetime | None = None,
) -> None:
    changes: dict[str, Any] = {
        "status": status.value,
        "attempts": attempts,
        "response_status": answer.status,
        "error": answer.error,
        "delivered_at": delivered_at,
    }
    if next_attempt_at is not None:
        changes["next_attempt_at"] = next_attempt_at
    await scoped(WebhookDelivery, delivery.tenant_id).filter(id=delivery.id).update(**changes)
    delivery.update_from_dict(changes)


async def _count_failure(webhook: Webhook, settings: NotificationSettings) -> None:
    failures = webhook.failures_in_a_row + 1
    if failures >= settings.webhook_disable_after:
        reason = f"{failures} failed attempts in a row"
        await _set_webhook(
            webhook, failures_in_a_row=failures, active=False, disabled_reason=reason
        )
    else:
        await _set_webhook(webhook, failures_in_a_row=failures)


async def _set_webhook(webhook: Webhook, **changes: Any) -> None:
    await scoped(Webhook, webhook.tenant_id).filter(id=webhook.id).update(**changes)
    webhook.update_from_dict(changes)
