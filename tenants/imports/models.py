"""Bulk import jobs and the row errors they report."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields

from tenants.core.models import TenantScopedModel
from tenants.providers.models import Brand


class ImportStatus(StrEnum):
    QUEUED = "QUEUED"
    RUNNING = "RUNNING"
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"


class ImportJob(TenantScopedModel):
    """One uploaded file, counters are written with each batch, so they always match the data."""

    brand: fields.ForeignKeyRelation[Brand] = fields.ForeignKeyField(
        "models.Brand", related_name=False, on_delete=fields.CASCADE
    )
    brand_id: int
    file_name = fields.CharField(max_length=255)
    stored_path = fields.CharField(max_length=1024)
    status = fields.CharEnumField(ImportStatus, max_length=10, default=ImportStatus.QUEUED)
    total_rows = fields.IntField(null=True)
    processed_rows = fields.IntField(default=0)
    accepted_rows = fields.IntField(default=0)
    rejected_rows = fields.IntField(default=0)
    unchanged_rows = fields.IntField(default=0)
    last_line = fields.IntField(default=1)
    failure_code = fields.CharField(max_length=40, null=True)
    created_by_id = fields.BigIntField(null=True)
    created_by_key_id = fields.BigIntField(null=True)
    created_at = fields.DatetimeField()
    started_at = fields.DatetimeField(null=True)
    finished_at = fields.DatetimeField(null=True)

    class Meta:
        table = "import_job"
        indexes = (("tenant_id", "brand_id", "id"),)


class ImportRowError(TenantScopedModel):
    """A rejected row, its physical line, the İYS code and the field at fault."""

    job: fields.ForeignKeyRelation[ImportJob] = fields.ForeignKeyField(
        "models.ImportJob", related_name=False, on_delete=fields.CASCADE, db_index=False
    )
    job_id: int
    line = fields.IntField()
    code = fields.CharField(max_length=40)
    field = fields.CharField(max_length=20, null=True)
    recipient = fields.CharField(max_length=300, null=True)

    class Meta:
        table = "import_row_error"
        indexes = (("tenant_id", "job_id", "line"),)
