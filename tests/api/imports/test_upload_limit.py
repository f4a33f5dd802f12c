"""An upload over max_upload_bytes is refused with FILE_TOO_LARGE and leaves nothing behind."""

from __future__ import annotations

import pytest

from server.core.settings import Settings
from tenants.imports.models import ImportJob
from tests.api.imports.files import upload
from tests.graphql import GraphQLClient, make_brand, sign_up

LIMIT = 1024
HEADER = b"recipient,type,source,status,consentDate,recipientType\n"
ROW = b"05551234567,MESAJ,,ONAY,,TACIR\n"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"max_upload_bytes": LIMIT})


async def test_a_file_over_the_limit_is_refused(client: GraphQLClient, settings: Settings) -> None:
    # given
    owner = await sign_up(client, "ajans")
    brand = await make_brand(owner)
    content = HEADER + ROW * (LIMIT // len(ROW))
    # when
    body = await upload(owner, brand, content)
    # then
    assert len(content) > LIMIT
    result = body["data"]["importConsents"]
    assert (result["__typename"], result["code"], result["field"]) == (
        "ValidationError",
        "FILE_TOO_LARGE",
        "file",
    )
    assert result["message"] == "Dosya çok büyük: en fazla 1 KB yüklenebilir."
    assert await ImportJob.all().count() == 0
    assert not any(path.is_file() for path in settings.upload_dir.rglob("*"))


async def test_a_file_at_the_limit_is_accepted(client: GraphQLClient) -> None:
    # given
    owner = await sign_up(client, "ajans")
    brand = await make_brand(owner)
    content = HEADER + ROW * ((LIMIT - len(HEADER)) // len(ROW))
    # when
    body = await upload(owner, brand, content)
    # then
    assert len(content) <= LIMIT
    assert body["data"]["importConsents"]["__typename"] == "ImportJob"
