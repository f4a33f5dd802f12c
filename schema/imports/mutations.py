"""Uploading a consent file for import."""

from __future__ import annotations

from typing import Annotated

import strawberry
from starlette.datastructures import UploadFile
from strawberry.file_uploads import Upload

from schema.context import Info
from schema.errors import NotFoundError, ValidationError
from schema.imports.types import ImportJob
from schema.permissions import CanEdit
from schema.relay import pk_of
from server.core.errors import ValidationFailed
from tenants.imports import services

ImportResult = Annotated[
    ImportJob | ValidationError | NotFoundError,
    strawberry.union(
        "ImportResult", description="The new import job, or why the file was refused."
    ),
]


@strawberry.type
class ImportMutation:
    @strawberry.mutation(
        description="Uploads a CSV or XLSX consent file and starts importing it into a brand. "
        "Returns at once; follow the job's counters with `importJob`.",
        permission_classes=[CanEdit],
    )
    async def import_consents(
        self,
        info: Info,
        brand_id: Annotated[
            strawberry.ID, strawberry.argument(description="The brand to import into.")
        ],
        file: Annotated[
            Upload,
            strawberry.argument(description="The file, sent as a GraphQL multipart request."),
        ],
    ) -> ImportResult:
        upload = _as_upload(file)
        try:
            job = await services.import_upload(
                info.context.runtime,
                info.context.require_principal(),
                pk_of(brand_id, "Brand"),
                upload.file,
                upload.filename,
            )
        finally:
            await upload.close()  # the spooled copy is no longer needed
        return ImportJob.from_model(job)


def _as_upload(value: object) -> UploadFile:
    # The Upload scalar passes any variable value through; only a multipart file is a file.
    if not isinstance(value, UploadFile):
        raise ValidationFailed("INVALID_UPLOAD", field="file")
    return value
