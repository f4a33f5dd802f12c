"""Import jobs of one tenant: taking a file in, starting its job, reading jobs and row errors.

An uploaded file is copied in chunks to ``upload_dir/<tenant>/<random name>`` (never read
whole), refused past ``max_upload_bytes``, and its header is read at once so that a file that
is obviously not a consent file is refused before any job exists. Rows are the job's business
(`tenants.imports.runner`).
"""

from __future__ import annotations

import asyncio
import os
import unicodedata
import uuid
from pathlib import Path
from typing import IO, TYPE_CHECKING

from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from server.core.clock import clock
from server.core.errors import NotFound, PermissionDenied, ValidationFailed
from server.core.principal import FULL, Principal, Scope
from server.core.settings import Settings
from server.core.tenancy import as_tenant, cross_tenant
from tenants.audit import services as audit
from tenants.core.access import get_scoped, scoped
from tenants.core.models import Tenant
from tenants.imports.errors import FileRejected
from tenants.imports.models import ImportJob, ImportRowError
from tenants.imports.readers import ConsentFile, FileFormatError
from tenants.imports.runner import enqueue_import_job
from tenants.providers.models import Brand
from tenants.providers.services import get_brand

if TYPE_CHECKING:
    from server.core.runtime import Runtime

MAX_FILE_NAME = 255
DEFAULT_FILE_NAME = "upload"
_COPY_CHUNK = 1024 * 1024


# --- starting a job ------------------------------------------------------------------------


async def import_upload(
    runtime: Runtime,
    principal: Principal,
    brand_pk: int | None,
    source: IO[bytes],
    file_name: str | None,
) -> ImportJob:
    """Store an uploaded file, create its job and start it in the background.

    Raises NotFound for a brand that is not the tenant's, ValidationFailed (FILE_TOO_LARGE)
    or FileRejected (the reader's code) for a file that cannot be imported.
    """
    brand = await get_brand(principal.tenant_id, brand_pk, principal.scope)
    if principal.scope.types is not None:
        # A file mixes consent types and runs in the background: only a principal that may
        # write every type imports, the others record consents one by one.
        raise PermissionDenied()
    settings = runtime.settings
    stored = await asyncio.to_thread(store_file, source, settings, principal.tenant_id)
    job = await _create_job(brand, clean_file_name(file_name), stored, principal)
    await enqueue_import_job(runtime.jobs, job.tenant_id, job.id)
    return job


async def import_local_file(
    settings: Settings,
    path: Path,
    tenant_slug: str,
    brand_code: int,
    provider_iys_code: int | None = None,
) -> ImportJob:
    """A QUEUED job for a file on this machine (the ``iys import`` command); the caller runs it.

    The file is copied like an upload, so the user's file is never touched and a job cut off
    by a crash can be resumed by the server.
    """
    brand = await find_brand(tenant_slug, brand_code, provider_iys_code)
    stored = await asyncio.to_thread(_store_local_file, path, settings, brand.tenant_id)
    with as_tenant(brand.tenant_id):
        return await _create_job(brand, clean_file_name(path.name), stored, None)


async def find_brand(tenant_slug: str, brand_code: int, provider_iys_code: int | None) -> Brand:
    """A brand by its tenant's slug and its İYS code (and its provider's, when codes repeat)."""
    with cross_tenant():  # the slug is what names the tenant
        tenant = await Tenant.get_or_none(slug=tenant_slug)
    if tenant is None:
        raise NotFound("TENANT_NOT_FOUND")
    query = scoped(Brand, tenant.id).filter(brand_code=brand_code)
    if provider_iys_code is not None:
        query = query.filter(provider__iys_code=provider_iys_code)
    with as_tenant(tenant.id):
        brands = await query.limit(2)
    if not brands:
        raise NotFound("BRAND_NOT_FOUND")
    if len(brands) > 1:
        raise ValidationFailed("AMBIGUOUS_BRAND", field="provider")
    return brands[0]


async def _create_job(
    brand: Brand, file_name: str, stored: Path, actor: Principal | None
) -> ImportJob:
    """The job; with an ``actor`` (an upload), audited in the same transaction."""
    async with in_transaction():
        job = await ImportJob.create(
            tenant_id=brand.tenant_id,
            brand_id=brand.id,
            file_name=file_name,
            stored_path=str(stored),
            created_by_id=actor.user_id if actor else None,
            created_by_key_id=actor.api_key_id if actor else None,
            created_at=clock.now(),
        )
        if actor is not None:
            after = {"brandId": brand.id, "fileName": file_name}
            await audit.record(actor, "import.create", "ImportJob", job.id, None, after)
    return job


# --- storing the file ----------------------------------------------------------------------


def store_file(source: IO[bytes], settings: Settings, tenant_id: int) -> Path:
    """Copy ``source`` into the tenant's upload folder and read its header; blocking.

    Nothing is left on disk when the file is refused.
    """
    folder = settings.upload_dir.resolve() / str(tenant_id)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / uuid.uuid4().hex
    try:
        _copy_limited(source, target, settings.max_upload_bytes)
        _check_header(target)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return target


def _store_local_file(path: Path, settings: Settings, tenant_id: int) -> Path:
    with path.open("rb") as source:
        return store_file(source, settings, tenant_id)


def _copy_limited(source: IO[bytes], target: Path, limit: int) -> None:
    source.seek(0)
    copied = 0
    # Consent files are personal data: readable by the service's user only.
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as out:
        while chunk := source.read(_COPY_CHUNK):
            copied += len(chunk)
            if copied > limit:
                raise ValidationFailed("FILE_TOO_LARGE", field="file", limit=size_label(limit))
            out.write(chunk)


def _check_header(path: Path) -> None:
    try:
        with ConsentFile.open(path):
            pass
    except FileFormatError as error:
        raise FileRejected(error) from None


def size_label(size: int) -> str:
    """``536870912`` → ``512 MB``."""
    for unit, scale in (("GB", 2**30), ("MB", 2**20), ("KB", 2**10)):
        if size >= scale:
            return f"{size / scale:.3g} {unit}"
    return f"{size} B"


def clean_file_name(raw: str | None) -> str:
    """The name as the user's machine called it, safe to show: no folders, no control or
    direction-changing characters, at most 255 characters with the extension kept."""
    name = unicodedata.normalize("NFC", raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = " ".join("".join(_visible(c) for c in name).split())
    if len(name) <= MAX_FILE_NAME:
        return name or DEFAULT_FILE_NAME
    stem, dot, extension = name.rpartition(".")
    if dot and stem and len(extension) <= 10:
        return f"{stem[: MAX_FILE_NAME - len(extension) - 1]}.{extension}"
    return name[:MAX_FILE_NAME]


def _visible(char: str) -> str:
    """Tabs and line breaks read as spaces; other invisible characters (controls, bidi
    overrides that make ``gpj.csv`` look like ``csv.jpg``, zero-width spaces) are dropped."""
    if char.isprintable():
        return char
    return " " if char.isspace() else ""


# --- reading jobs --------------------------------------------------------------------------


async def get_job(tenant_id: int, pk: int | None, scope: Scope = FULL) -> ImportJob:
    job = await get_scoped(ImportJob, tenant_id, pk)
    if not scope.allows_brand(job.brand_id):
        raise NotFound()  # another brand's job answers like a missing one
    return job


async def jobs_by_ids(tenant_id: int, ids: list[int], scope: Scope = FULL) -> dict[int, ImportJob]:
    rows = await _in_scope(scoped(ImportJob, tenant_id), scope).filter(id__in=ids)
    return {row.id: row for row in rows}


async def list_jobs(
    tenant_id: int, brand_pk: int | None, before: int | None, limit: int, scope: Scope = FULL
) -> list[ImportJob]:
    """Newest first; ``limit + 1`` rows, so the caller knows whether more follow."""
    query = _jobs(tenant_id, brand_pk, scope)
    if before is not None:
        query = query.filter(id__lt=before)
    return await query.order_by("-id").limit(limit + 1)


async def count_jobs(tenant_id: int, brand_pk: int | None, scope: Scope = FULL) -> int:
    return await _jobs(tenant_id, brand_pk, scope).count()


def _jobs(tenant_id: int, brand_pk: int | None, scope: Scope) -> QuerySet[ImportJob]:
    query = _in_scope(scoped(ImportJob, tenant_id), scope)
    return query.filter(brand_id=brand_pk) if brand_pk is not None else query


def _in_scope(query: QuerySet[ImportJob], scope: Scope) -> QuerySet[ImportJob]:
    if scope.brand_ids is None:
        return query
    return query.filter(brand_id__in=sorted(scope.brand_ids))


async def list_row_errors(
    tenant_id: int, job_id: int, after_line: int | None, limit: int
) -> list[ImportRowError]:
    """A job's row errors in line order; ``limit + 1`` rows."""
    query = scoped(ImportRowError, tenant_id).filter(job_id=job_id)
    if after_line is not None:
        query = query.filter(line__gt=after_line)
    return await query.order_by("line").limit(limit + 1)
