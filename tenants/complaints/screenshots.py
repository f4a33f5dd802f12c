"""Screenshots attached to complaints: PNG, JPEG or WebP, at most 2 MiB, checked by content.

The declared file name and type are ignored; the stored name is random and the type is the one
the bytes show, so a file can neither pick its path nor pass as something it is not.
"""

from __future__ import annotations

import asyncio
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from server.core.errors import ValidationFailed

MAX_SCREENSHOT_BYTES = 2 * 1024 * 1024
TYPES = {"png": "image/png", "jpg": "image/jpeg", "webp": "image/webp"}


@dataclass(frozen=True, slots=True)
class Screenshot:
    data: bytes
    extension: str

    @property
    def content_type(self) -> str:
        return TYPES[self.extension]


def _kind(head: bytes) -> str | None:
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    return None


def read_screenshot(file: BinaryIO) -> Screenshot:
    """The upload's bytes, refused when too large or not an image we accept."""
    data = file.read(MAX_SCREENSHOT_BYTES + 1)
    if len(data) > MAX_SCREENSHOT_BYTES:
        raise ValidationFailed("SCREENSHOT_TOO_LARGE", field="screenshot", max=MAX_SCREENSHOT_BYTES)
    kind = _kind(data[:16])
    if kind is None or len(data) < 32:
        raise ValidationFailed("SCREENSHOT_FORMAT", field="screenshot")
    return Screenshot(data, kind)


def folder(data_dir: Path, tenant_id: int) -> Path:
    return data_dir / "complaints" / str(tenant_id)


async def store(data_dir: Path, tenant_id: int, shot: Screenshot) -> str:
    """Write the screenshot under a random name; returns the name."""
    name = f"{secrets.token_urlsafe(24)}.{shot.extension}"
    target = folder(data_dir, tenant_id)

    def write() -> None:
        target.mkdir(parents=True, exist_ok=True)
        (target / name).write_bytes(shot.data)

    await asyncio.to_thread(write)
    return name


async def load(data_dir: Path, tenant_id: int, name: str) -> bytes:
    return await asyncio.to_thread((folder(data_dir, tenant_id) / Path(name).name).read_bytes)
