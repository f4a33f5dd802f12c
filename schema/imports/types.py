"""ImportJob and its row errors as the API shows them."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Annotated

import strawberry

from schema.context import Context, Info
from schema.loaders import loader
from schema.nodes import register_node
from schema.providers.types import Brand, load_brand
from schema.relay import Connection, Node, build_connection, decode_cursor, page_size, to_global_id
from server.core.i18n import translate
from tenants.imports import models, services
from tenants.imports.errors import row_error_message


@strawberry.enum(name="ImportStatus", description="Where an import job is in its life.")
class ImportStatus(Enum):
    QUEUED = strawberry.enum_value("QUEUED", description="Accepted, waiting to start.")
    RUNNING = strawberry.enum_value("RUNNING", description="Rows are being imported.")
    SUCCEEDED = strawberry.enum_value(
        "SUCCEEDED", description="Every row was read; bad rows are listed in `errors`."
    )
    FAILED = strawberry.enum_value(
        "FAILED", description="Stopped early; see `failureCode`. Rows saved so far stand."
    )


@strawberry.type(description="A row of an imported file that was not accepted.")
class ImportRowError:
    line: int = strawberry.field(
        description="The physical line of the file (the header is line 1) or the sheet's row."
    )
    code: str = strawberry.field(description="İYS's code for the broken rule, e.g. H121.")
    message: str = strawberry.field(description="What is wrong, in the caller's language.")
    field: str | None = strawberry.field(description="The column at fault, by its İYS name.")
    recipient: str | None = strawberry.field(description="The recipient as written in the file.")

    @classmethod
    def from_model(cls, row: models.ImportRowError, lang: str) -> ImportRowError:
        return cls(
            line=row.line,
            code=row.code,
            message=row_error_message(row.code, lang),
            field=row.field,
            recipient=row.recipient,
        )


FIRST = strawberry.argument(description="Page size: default 50, at most 500.")
AFTER = strawberry.argument(description="The endCursor of the previous page.")


@strawberry.type(description="An uploaded consent file and the progress of its import.")
class ImportJob(Node):
    file_name: str = strawberry.field(description="The uploaded file's name.")
    status: ImportStatus = strawberry.field(description="Where the job is in its life.")
    total_rows: int | None = strawberry.field(
        description="Data rows in the file; null until counted (an XLSX is counted as it is "
        "read, so it is known when the job ends)."
    )
    processed_rows: int = strawberry.field(description="Rows read and settled so far.")
    accepted_rows: int = strawberry.field(
        description="Rows accepted, unchanged ones included; accepted + rejected = processed."
    )
    rejected_rows: int = strawberry.field(description="Rows refused, each listed in `errors`.")
    unchanged_rows: int = strawberry.field(
        description="Accepted rows identical to the stored consent: no movement was added."
    )
    failure_code: str | None = strawberry.field(
        description="Why a FAILED job stopped, e.g. FILE_MISSING or LINE_TOO_LONG."
    )
    created_at: datetime = strawberry.field(description="When the file was uploaded.")
    started_at: datetime | None = strawberry.field(description="When the job began reading.")
    finished_at: datetime | None = strawberry.field(description="When the job succeeded or failed.")
    pk: strawberry.Private[int]
    brand_pk: strawberry.Private[int]

    @classmethod
    def from_model(cls, row: models.ImportJob) -> ImportJob:
        return cls(
            id=strawberry.ID(to_global_id("ImportJob", row.id)),
            file_name=row.file_name,
            status=ImportStatus(row.status.value),
            total_rows=row.total_rows,
            processed_rows=row.processed_rows,
            accepted_rows=row.accepted_rows,
            rejected_rows=row.rejected_rows,
            unchanged_rows=row.unchanged_rows,
            failure_code=row.failure_code,
            created_at=row.created_at,
            started_at=row.started_at,
            finished_at=row.finished_at,
            pk=row.id,
            brand_pk=row.brand_id,
        )

    @strawberry.field(description="The brand the consents were imported into.")
    async def brand(self, info: Info) -> Brand:
        brand = await load_brand(info.context, self.brand_pk)
        assert brand is not None  # a job's brand is in the same tenant by construction
        return brand

    @strawberry.field(description="Why a FAILED job stopped, in the caller's language.")
    def failure_message(self, info: Info) -> str | None:
        if self.failure_code is None:
            return None
        return translate(self.failure_code, info.context.lang)

    @strawberry.field(description="The rejected rows in line order.")
    async def errors(
        self,
        info: Info,
        first: Annotated[int | None, FIRST] = None,
        after: Annotated[str | None, AFTER] = None,
    ) -> Connection[ImportRowError]:
        tenant_id, limit, lang = info.context.tenant_id, page_size(first), info.context.lang
        rows = await services.list_row_errors(tenant_id, self.pk, decode_cursor(after), limit)
        rejected = self.rejected_rows

        async def count() -> int:
            return rejected  # written with the errors in one transaction, so it is exact

        return build_connection(
            [ImportRowError.from_model(row, lang) for row in rows],
            [row.line for row in rows],
            limit,
            count,
        )


async def load_import_job(context: Context, pk: int) -> ImportJob | None:
    """A job of a brand in the caller's scope; any other answers like a missing one."""
    scope = context.require_principal().scope

    async def fetch(tenant_id: int, ids: list[int]) -> dict[int, models.ImportJob]:
        return await services.jobs_by_ids(tenant_id, ids, scope)

    row = await loader(context, "import_job", fetch).load(pk)
    return ImportJob.from_model(row) if row else None


register_node("ImportJob", load_import_job)
