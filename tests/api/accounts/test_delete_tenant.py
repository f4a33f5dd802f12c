"""deleteTenant: an OWNER erases every row and file of its tenant, and nothing of any other."""

from __future__ import annotations

from typing import Any

from tortoise import Tortoise
from tortoise.models import Model

from server.core.runtime import Runtime
from server.core.settings import Settings
from tenants.core.models import Tenant
from tests.api import test_tenant_isolation as isolation
from tests.api.accounts.documents import (
    ME,
    PASSWORD,
    PROTECTED,
    error_codes,
    login,
    refresh,
)
from tests.api.accounts.team import api_key, member
from tests.api.complaints.documents import PNG, RECORD_COMPLAINT, with_file
from tests.api.imports.files import upload
from tests.graphql import GraphQLClient, make_brand, sign_up

# The isolation test's world: tenant "sahip" with a brand, a consent, a webhook, a complaint, a
# member and an API key, and tenant "yabanci" with a brand of its own.
world = isolation.world

DELETE = """
mutation($input: DeleteTenantInput!) {
  deleteTenant(input: $input) {
    __typename
    ... on DeletedTenant { slug }
    ... on ValidationError { code field }
  }
}"""
CSV = b"recipient,type,source,status,consentDate,recipientType\n05551234567,MESAJ,,ONAY,,TACIR\n"


def tenant_models() -> list[type[Model]]:
    """Every model with a tenant_id column, read from tortoise so a new table is covered."""
    return [
        model
        for app in Tortoise.apps.values()
        for model in app.values()
        if "tenant_id" in model._meta.fields_db_projection.values()
    ]


async def rows_of(tenant_id: int) -> dict[str, int]:
    return {
        model._meta.db_table: await model.filter(tenant_id=tenant_id).count()
        for model in tenant_models()
    }


async def _delete(client: GraphQLClient, slug: str) -> dict[str, Any]:
    return dict((await client.data(DELETE, {"input": {"confirmSlug": slug}}))["deleteTenant"])


async def test_the_owner_erases_everything_of_its_tenant_only(
    world: dict[str, Any], client: GraphQLClient, runtime: Runtime, settings: Settings
) -> None:
    # given both tenants with an imported file each, a second session and a key of the owner's
    owner, stranger = world["owner"], world["stranger"]
    stranger_brand = await make_brand(stranger, 900002, 900002)
    for caller, brand in ((owner, world["ids"]["brand"]), (stranger, stranger_brand)):
        assert not (await upload(caller, brand, CSV)).get("errors")
    await runtime.jobs.drain()
    ids = {t.slug: t.id for t in await Tenant.filter(slug__in=["sahip", "yabanci"])}
    folders = {slug: settings.upload_dir / str(pk) for slug, pk in ids.items()}
    for folder in folders.values():  # a file not yet imported (the runner removes it after)
        (folder / "pending").write_bytes(CSV)
    signed_in = await login(client, tenant="sahip", password=PASSWORD)
    key, _ = await api_key(owner, "VIEWER", "Yedek")
    before, others = await rows_of(ids["sahip"]), await rows_of(ids["yabanci"])
    assert {"consent_movement", "audit_event", "import_job", "app_user", "api_key"} <= {
        table for table, count in before.items() if count
    }
    # when the owner deletes its tenant, confirming with its slug
    result = await _delete(owner, "sahip")
    # then every row of the tenant is gone, and the other tenant keeps each of its rows
    assert result == {"__typename": "DeletedTenant", "slug": "sahip"}
    assert await Tenant.filter(id=ids["sahip"]).exists() is False
    assert await rows_of(ids["sahip"]) == dict.fromkeys(before, 0)
    assert await rows_of(ids["yabanci"]) == others
    # and its files are gone while the other tenant's stay
    assert not folders["sahip"].exists()
    assert (folders["yabanci"] / "pending").is_file()
    # and every session and key answers as anonymous
    assert (await owner.data(ME))["me"] is None
    assert error_codes(await owner.post(PROTECTED)) == {"providers": "UNAUTHENTICATED"}
    assert error_codes(await key.post(PROTECTED)) == {"providers": "UNAUTHENTICATED"}
    refreshed = await refresh(client, signed_in["refreshToken"])
    assert refreshed["code"] == "INVALID_TOKEN"
    # and the other tenant still works, and the slug can be signed up for again
    assert (await stranger.data(ME))["me"]["tenant"]["slug"] == "yabanci"
    again = await sign_up(client.as_token(None), "sahip")
    assert (await again.data(ME))["me"]["tenant"]["slug"] == "sahip"


async def _complain_with_screenshot(caller: GraphQLClient, brand: str) -> None:
    complaint = isolation.ARGUMENTS["recordComplaint"]["input"] | {"brandId": brand}
    body = await with_file(caller, RECORD_COMPLAINT, {"input": complaint}, PNG)
    assert body["data"]["recordComplaint"]["screenshotPath"], body


async def test_the_complaint_screenshots_go_with_the_tenant(
    world: dict[str, Any], settings: Settings
) -> None:
    # given a complaint with a screenshot in each tenant
    owner, stranger = world["owner"], world["stranger"]
    stranger_brand = await make_brand(stranger, 900002, 900002)
    await _complain_with_screenshot(owner, world["ids"]["brand"])
    await _complain_with_screenshot(stranger, stranger_brand)
    ids = {t.slug: t.id for t in await Tenant.filter(slug__in=["sahip", "yabanci"])}
    folders = {slug: settings.data_dir / "complaints" / str(pk) for slug, pk in ids.items()}
    assert all(len(list(folder.glob("*.png"))) == 1 for folder in folders.values())
    # when a wrong slug is given first, then the right one
    await _delete(owner, "Sahip")
    kept = len(list(folders["sahip"].glob("*.png")))
    await _delete(owner, "sahip")
    # then the screenshots stay until the tenant is deleted, and only its own go
    assert kept == 1
    assert not folders["sahip"].exists()
    assert len(list(folders["yabanci"].glob("*.png"))) == 1


async def test_a_wrong_slug_deletes_nothing(world: dict[str, Any]) -> None:
    # given the owner, and another tenant's owner who names the owner's slug
    owner, stranger = world["owner"], world["stranger"]
    # when each confirms with a slug that is not its own tenant's
    wrong = await _delete(owner, "Sahip")
    foreign = await _delete(stranger, "sahip")
    # then both are refused on the field and both tenants are intact
    expected = {"__typename": "ValidationError", "code": "SLUG_MISMATCH", "field": "confirmSlug"}
    assert wrong == foreign == expected
    assert await Tenant.filter(slug__in=["sahip", "yabanci"]).count() == 2
    assert (await owner.data(ME))["me"]["tenant"]["slug"] == "sahip"


async def test_only_an_owner_with_every_brand_may_delete(world: dict[str, Any]) -> None:
    # given an ADMIN, and a second OWNER limited to one brand
    owner = world["owner"]
    admin, _ = await member(owner, "admin@example.com", "ADMIN")
    limited, _ = await member(owner, "sinirli@example.com", "OWNER", [world["ids"]["brand"]])
    # when each tries to delete the tenant
    refused = [
        await caller.post(DELETE, {"input": {"confirmSlug": "sahip"}})
        for caller in (admin, limited)
    ]
    # then both are forbidden and the tenant remains
    assert [error_codes(body) for body in refused] == [{"deleteTenant": "FORBIDDEN"}] * 2
    assert await Tenant.filter(slug="sahip").exists()
