"""Taking a file in: names, sizes, storage, and finding a brand for the command line."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from server.core.errors import NotFound, ValidationFailed
from server.core.settings import Settings
from server.core.tenancy import as_tenant
from tenants.core.models import Tenant
from tenants.imports import services
from tenants.imports.errors import FileRejected
from tenants.providers.models import Brand, Provider
from tests.api.imports.files import read_bytes
from tests.conftest import new_tenant

GOOD = b"recipient,type,status\n05551234567,MESAJ,ONAY\n"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("izinler.csv", "izinler.csv"),
        ("C:\\Users\\ayşe\\Aralık İzinleri.xlsx", "Aralık İzinleri.xlsx"),
        ("../../etc/passwd", "passwd"),
        ("rapor\u202egpj.csv", "raporgpj.csv"),
        ("satır\tsonu\n.csv", "satır sonu .csv"),
        ("I\u0307zin.csv", "İzin.csv"),
        ("", "upload"),
        (None, "upload"),
        ("   ", "upload"),
        ("a" * 300 + ".xlsx", "a" * 250 + ".xlsx"),
        ("b" * 300, "b" * 255),
    ],
)
def test_file_names_are_cleaned(raw: str | None, clean: str) -> None:
    assert services.clean_file_name(raw) == clean


@pytest.mark.parametrize(
    ("size", "label"),
    [(512 * 2**20, "512 MB"), (1024, "1 KB"), (1536, "1.5 KB"), (3 * 2**30, "3 GB"), (10, "10 B")],
)
def test_size_labels(size: int, label: str) -> None:
    assert services.size_label(size) == label


def test_a_stored_file_is_private_and_a_copy(settings: Settings) -> None:
    # when
    stored = services.store_file(io.BytesIO(GOOD), settings, 7)
    # then
    assert stored.read_bytes() == GOOD
    assert stored.parent == settings.upload_dir.resolve() / "7"
    assert stored.stat().st_mode & 0o777 == 0o600


def test_a_refused_file_leaves_nothing_behind(settings: Settings) -> None:
    # when
    with pytest.raises(FileRejected) as refused:
        services.store_file(io.BytesIO(b"ad,soyad\n"), settings, 7)
    # then
    assert (refused.value.code, refused.value.field) == ("MISSING_COLUMNS", "file")
    assert refused.value.message("en").startswith("Required columns are missing")
    assert refused.value.message().startswith("Başlıkta zorunlu sütunlar eksik")
    assert list((settings.upload_dir / "7").iterdir()) == []


def test_a_file_over_the_limit_leaves_nothing_behind(settings: Settings) -> None:
    # given
    small = settings.model_copy(update={"max_upload_bytes": 1024})
    # when
    with pytest.raises(ValidationFailed) as refused:
        services.store_file(io.BytesIO(GOOD * 100), small, 7)
    # then
    assert refused.value.code == "FILE_TOO_LARGE"
    assert refused.value.message("en") == "The file is too large: at most 1 KB can be uploaded."
    assert list((small.upload_dir / "7").iterdir()) == []


@pytest.fixture
async def tenant(db: None) -> AsyncIterator[Tenant]:
    """A tenant with brands; the test then works as that tenant (row-level security)."""
    tenant = await new_tenant()
    with as_tenant(tenant.id):
        for iys_code in (700001, 700002):
            provider = await Provider.create(
                tenant_id=tenant.id, title="Örnek", iys_code=iys_code, tin="4540536920"
            )
            await Brand.create(tenant_id=tenant.id, provider_id=provider.id, name="B", brand_code=5)
        await Brand.create(tenant_id=tenant.id, provider_id=provider.id, name="C", brand_code=6)
        yield tenant


async def test_a_brand_is_found_by_its_codes(tenant: Tenant) -> None:
    # when
    unique = await services.find_brand("ajans", 6, None)
    named = await services.find_brand("ajans", 5, 700002)
    # then
    assert (unique.name, named.brand_code) == ("C", 5)


@pytest.mark.parametrize(
    ("slug", "code", "provider", "error"),
    [
        ("yok", 6, None, "TENANT_NOT_FOUND"),
        ("ajans", 9, None, "BRAND_NOT_FOUND"),
        ("ajans", 6, 700001, "BRAND_NOT_FOUND"),
        ("ajans", 5, None, "AMBIGUOUS_BRAND"),
    ],
)
async def test_a_brand_that_cannot_be_told_is_refused(
    tenant: Tenant, slug: str, code: int, provider: int | None, error: str
) -> None:
    # when
    with pytest.raises((NotFound, ValidationFailed)) as refused:
        await services.find_brand(slug, code, provider)
    # then
    assert refused.value.code == error


async def test_a_local_file_is_copied_so_the_users_file_is_never_touched(
    tenant: Tenant, settings: Settings, tmp_path: Path
) -> None:
    # given
    original = tmp_path / "izinler.csv"
    original.write_bytes(GOOD)
    # when
    job = await services.import_local_file(settings, original, "ajans", 6)
    # then
    assert Path(job.stored_path) != original
    assert read_bytes(job.stored_path) == read_bytes(original)
    assert (job.file_name, job.created_by_id, job.last_line) == ("izinler.csv", None, 1)
