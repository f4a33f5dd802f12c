"""How notices leave the process: read from the environment with the prefix ``IYS_NOTIFY_``."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class NotificationSettings(BaseSettings):
    """Transports, the public address links point to, and the outbox worker's pace."""

    model_config = SettingsConfigDict(env_prefix="IYS_NOTIFY_", frozen=True, extra="ignore")

    public_url: str = Field(
        "http://127.0.0.1:8000", description="Base URL of this server, used in links."
    )
    email_transport: Literal["file", "smtp"] = "file"
    sms_transport: Literal["file", "http"] = "file"
    outbox_dir: Path | None = Field(None, description="File transport folder; data_dir/outbox.")
    smtp_host: str = "127.0.0.1"
    smtp_port: int = Field(25, ge=1, le=65535)
    smtp_from: str = "izinhub@localhost"
    smtp_starttls: bool = False
    smtp_username: str = ""
    smtp_password: str = ""
    sms_gateway_url: str = Field("", description="The HTTP SMS gateway's endpoint (POST JSON).")
    sms_gateway_token: str = Field("", description="Sent as Authorization: Bearer <token>.")
    sms_sender: str = Field("IZINHUB", max_length=11, description="The SMS sender name.")
    send_timeout_seconds: float = Field(10.0, gt=0, le=120)
    worker: bool = Field(
        True,
        description="With the in-process job engine, let the server scan the outbox "
        "periodically (``iys worker`` always does).",
    )
    poll_seconds: float = Field(5.0, gt=0, description="How often the outbox scan runs.")
    max_attempts: int = Field(8, ge=1, le=50)
    retry_base_seconds: float = Field(30.0, gt=0)
    link_days: int = Field(90, ge=1, le=365)
    webhooks_development: bool = Field(
        False,
        description="Development only: webhooks may target private addresses, and plain "
        "http:// a loopback address.",
    )
    webhook_timeout_seconds: float = Field(5.0, gt=0, le=30)
    webhook_max_attempts: int = Field(6, ge=1, le=20)
    webhook_disable_after: int = Field(10, ge=1, description="Failed attempts in a row.")
