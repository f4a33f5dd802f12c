"""importConsents: uploads through the GraphQL multipart request, checked row by row."""

from __future__ import annotations

import gc
import io
import zipfile
from pathlib import Path

import pytest

from schema.relay import to_global_id
from server.core.runtime import Runtime
from server.core.settings import Settings
from tenants.consents.models import ConsentMovement
from tenants.imports.models import ImportJob
from tests.api.imports.files import (
    Generated,
    generate,
    import_file,
    job_with_all_errors,
    upload,
)
from tests.graphql import GraphQLClient, make_brand, sign_up

FORMATS = ["csv", "csv-tr", "xlsx"]
GOOD_CSV = (
    b"recipient,type,source,status,consentDate,recipientType\n"
    b"05551234567,MESAJ,,ONAY,,TACIR\n"  # a TACIR first record needs no source nor date
)


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Generated]:
    folder = tmp_path_factory.mktemp("import-files")
    return {fmt: generate(folder, fmt) for fmt in FORMATS}


@pytest.fixture
async def owner(client: GraphQLClient) -> GraphQLClient:
    return await sign_up(client, "ajans")


@pytest.fixture
async def brand(owner: GraphQLClient) -> str:
    return await make_brand(owner)


def stored_files(settings: Settings) -> list[Path]:
    folder = settings.upload_dir
    return [path for path in folder.rglob("*") if path.is_file()] if folder.exists() else []


async def test_the_mutation_answers_at_once_with_a_queued_job(
    owner: GraphQLClient, brand: str, runtime: Runtime, files: dict[str, Generated]
) -> None:
    # when
    job = await import_file(owner, brand, files["csv"].path)
    # then
    assert job["status"] == "QUEUED"
    assert job["fileName"] == "consents-csv.csv"
    assert job["brand"]["id"] == brand
    assert (job["totalRows"], job["processedRows"], job["finishedAt"]) == (None, 0, None)
    await runtime.jobs.drain()


@pytest.mark.parametrize("fmt", FORMATS)
async def test_every_bad_line_gets_its_code_and_the_good_lines_none(
    owner: GraphQLClient, brand: str, runtime: Runtime, files: dict[str, Generated], fmt: str
) -> None:
    # given
    generated = files[fmt]
    # when
    job = await import_file(owner, brand, generated.path)
    await runtime.jobs.drain()
    final = await job_with_all_errors(owner, job["id"])
    # then
    assert final["status"] == "SUCCEEDED"
    assert {error["line"]: error["code"] for error in final["allErrors"]} == generated.bad_lines
    assert final["totalRows"] == final["processedRows"] == generated.rows
    assert final["acceptedRows"] + final["rejectedRows"] == final["totalRows"]
    assert final["rejectedRows"] == final["errors"]["totalCount"] == len(generated.bad_lines)
    assert all(error["field"] and error["message"] for error in final["allErrors"])
    assert final["finishedAt"] is not None


async def test_importing_the_same_file_twice_adds_no_movement(
    owner: GraphQLClient, brand: str, runtime: Runtime, files: dict[str, Generated]
) -> None:
    # given
    generated = files["csv"]
    first = await import_file(owner, brand, generated.path)
    await runtime.jobs.drain()
    movements = await ConsentMovement.all().count()
    # when
    second = await import_file(owner, brand, generated.path)
    await runtime.jobs.drain()
    # then
    done_first = await job_with_all_errors(owner, first["id"])
    done_second = await job_with_all_errors(owner, second["id"])
    assert movements == done_first["acceptedRows"] == generated.rows - len(generated.bad_lines)
    assert await ConsentMovement.all().count() == movements
    assert done_second["acceptedRows"] == done_second["unchangedRows"] == movements
    assert done_second["allErrors"] == done_first["allErrors"]


async def test_a_bad_row_names_the_recipient_as_written_in_its_language(
    owner: GraphQLClient, brand: str, runtime: Runtime
) -> None:
    # given
    content = GOOD_CSV + b"0555 12,MESAJ,,ONAY,,TACIR\n"
    body = await upload(owner, brand, content)
    await runtime.jobs.drain()
    # when
    job_id = body["data"]["importConsents"]["id"]
    english = await owner.data(
        "query($id: ID!) { importJob(id: $id) { errors { edges { node {"
        " line code field recipient message } } } } }",
        {"id": job_id},
        **{"accept-language": "en"},
    )
    # then
    [edge] = english["importJob"]["errors"]["edges"]
    assert edge["node"] == {
        "line": 3,
        "code": "H121",
        "field": "recipient",
        "recipient": "0555 12",
        "message": "Invalid phone number. Use the E.164 format, e.g. +905992000000.",
    }


async def test_another_tenants_brand_is_not_found_like_a_missing_one(
    client: GraphQLClient, owner: GraphQLClient, brand: str, settings: Settings
) -> None:
    # given
    stranger = await sign_up(client, "baska", email="baska@example.com")
    missing = to_global_id("Brand", 987654)
    # when
    answers = [
        (await upload(stranger, brand_id, GOOD_CSV))["data"]["importConsents"]
        for brand_id in (brand, missing, "not-an-id")
    ]
    # then
    assert answers == [answers[0]] * 3
    assert answers[0]["__typename"] == "NotFoundError"
    assert answers[0]["code"] == "NOT_FOUND"
    assert await ImportJob.all().count() == 0
    assert stored_files(settings) == []


def _zip_without_workbook() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "EMPTY_FILE"),
        (b"ad,soyad,telefon\nAyse,Yilmaz,05551234567\n", "MISSING_COLUMNS"),
        (b"recipient,type,status,type\n", "DUPLICATE_COLUMNS"),
        (b"\x00\x01\x02 binary \x00", "UNSUPPORTED_FILE"),
        (_zip_without_workbook(), "UNSUPPORTED_FILE"),
        ("recipient,type,status\n".encode("utf-16"), "BAD_ENCODING"),
    ],
)
async def test_a_broken_file_is_refused_at_once_with_the_readers_code(
    owner: GraphQLClient, brand: str, settings: Settings, content: bytes, code: str
) -> None:
    # when
    body = await upload(owner, brand, content)
    # then
    result = body["data"]["importConsents"]
    assert result["__typename"] == "ValidationError"
    assert (result["code"], result["field"]) == (code, "file")
    assert result["message"]
    assert await ImportJob.all().count() == 0
    assert stored_files(settings) == []


async def test_the_refusal_speaks_english_when_asked(owner: GraphQLClient, brand: str) -> None:
    # given
    english = owner.as_token(owner.token)
    english.headers["accept-language"] = "en"
    # when
    body = await upload(english, brand, b"ad,soyad\n")
    # then
    result = body["data"]["importConsents"]
    assert result["message"].startswith("Required columns are missing from the header")


async def test_anonymous_caller_is_unauthenticated_and_nothing_is_stored(
    client: GraphQLClient, owner: GraphQLClient, brand: str, settings: Settings
) -> None:
    # when
    body = await upload(client.as_token(None), brand, GOOD_CSV)
    gc.collect()  # a spooled upload nobody closed warns here, not in a later test
    # then
    assert body["data"] is None
    assert [error["extensions"]["code"] for error in body["errors"]] == ["UNAUTHENTICATED"]
    assert await ImportJob.all().count() == 0
    assert stored_files(settings) == []


async def test_a_variable_that_is_not_a_file_is_refused(owner: GraphQLClient, brand: str) -> None:
    # when
    data = await owner.data(
        "mutation($b: ID!, $f: Upload!) { importConsents(brandId: $b, file: $f) {"
        " __typename ... on ValidationError { code field } } }",
        {"b": brand, "f": "recipient,type,status"},
    )
    # then
    assert data["importConsents"] == {
        "__typename": "ValidationError",
        "code": "INVALID_UPLOAD",
        "field": "file",
    }


async def test_the_file_name_is_kept_without_its_folders(
    owner: GraphQLClient, brand: str, runtime: Runtime
) -> None:
    # when
    body = await upload(owner, brand, GOOD_CSV, file_name="C:\\Belgeler\\Aralık İzinleri.csv")
    await runtime.jobs.drain()
    # then
    assert body["data"]["importConsents"]["fileName"] == "Aralık İzinleri.csv"
