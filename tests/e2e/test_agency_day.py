"""An agency's day in the browser, in Turkish, against the real server (see conftest.py).

Each main screen is saved to frontend/screenshots/ on the way.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.e2e.conftest import PHONE, LiveServer, screenshot, screenshot_path, shared_dir

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

pytestmark = pytest.mark.e2e

PASSWORD = "uzun-ve-gizli-bir-parola-42"
VALID_TIN = "4540536920"


def expect() -> Any:
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect


def field(page: Page, label: str) -> Locator:
    """The .field wrapper of the control labelled ``label`` (its hint and error live there)."""
    return page.locator(".field", has=page.get_by_label(label, exact=True))


def sign_up(page: Page, tenant_name: str, slug: str, email: str) -> None:
    page.goto("/signup")
    page.get_by_label("Kurum adı", exact=True).fill(tenant_name)
    page.get_by_label("Kurum kısa adı (isteğe bağlı)").fill(slug)
    page.get_by_label("Ad soyad").fill("Ayşe Yılmaz")
    page.get_by_label("E-posta").fill(email)
    page.get_by_label("Parola").fill(PASSWORD)
    page.get_by_role("button", name="Hesap oluştur").click()
    expect()(page).to_have_url(re.compile(r"/providers$"))


def create_provider_and_brand(page: Page, title: str, iys_code: int, brand: str) -> None:
    page.get_by_label("Ticari unvan").fill(title)
    page.get_by_label("İYS numarası").fill(str(iys_code))
    page.get_by_label("VKN veya TCKN").fill(VALID_TIN)
    page.get_by_role("button", name="Oluştur").click()
    card = page.locator("li.card", has=page.get_by_role("heading", name=title))
    expect()(card).to_be_visible()
    card.get_by_label("Marka adı").fill(brand)
    card.get_by_label("Marka kodu").fill(str(iys_code))
    expect()(card.get_by_label("Ana marka")).to_be_checked()
    card.get_by_role("button", name="Marka ekle").click()
    expect()(card.locator(".brand-list")).to_contain_text(brand)


def choose_brand(page: Page, provider_title: str) -> None:
    select = page.get_by_label("Hizmet sağlayıcı", exact=True)
    option = select.locator("option", has_text=provider_title).first
    select.select_option(value=option.get_attribute("value"))
    expect()(page).to_have_url(re.compile(r"/p/[^/]+/b/[^/]+/consents$"))


def nav(page: Page, name: str) -> None:
    page.get_by_role("navigation", name="Ana menü").get_by_role("link", name=name).click()


def no_horizontal_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.viewport_size
    assert viewport is not None
    assert width <= viewport["width"], f"page is {width}px wide at {viewport['width']}px"


def generate_file(tmp_path: Path) -> tuple[Path, list[dict[str, Any]]]:
    generator = shared_dir() / "data" / "make_consents.py"
    if not generator.is_file():
        pytest.fail(f"the file generator is missing: {generator} (set IZINHUB_SHARED_DIR)")
    out = tmp_path / "haftalik-izinler.csv"
    subprocess.run(  # noqa: S603
        [
            sys.executable,
            str(generator),
            "--rows",
            "200",
            "--format",
            "csv-tr",
            "--bad-ratio",
            "0.1",
            "--seed",
            "4812",
            "--out",
            str(out),
        ],
        check=True,
        capture_output=True,
    )
    expected = json.loads(Path(f"{out}.expected.json").read_text(encoding="utf-8"))
    return out, expected


def drop_file(page: Page, target: str, path: Path) -> None:
    """A real drag-and-drop: a DataTransfer holding the file, dropped on the zone."""
    transfer = page.evaluate_handle(
        """([name, bytes]) => {
            const dt = new DataTransfer();
            dt.items.add(new File([new Uint8Array(bytes)], name, { type: "text/csv" }));
            return dt;
        }""",
        [path.name, list(path.read_bytes())],
    )
    page.dispatch_event(target, "dragover", {"dataTransfer": transfer})
    page.dispatch_event(target, "drop", {"dataTransfer": transfer})


def test_agency_day(page: Page, live_server: LiveServer, tmp_path: Path) -> None:
    slug = "cicek-ajans"
    page.goto("/")
    expect()(page).to_have_url(re.compile(r"/signin$"))
    expect()(page.get_by_role("heading", name="İzinHub'a giriş")).to_be_visible()
    screenshot(page, "01-sign-in")
    page.get_by_role("link", name="Hesap oluştur").click()
    screenshot(page, "02-sign-up")
    sign_up(page, "Çiçek Ajans", slug, "ayse@cicek.com.tr")

    # Providers: a wrong VKN is refused next to its field, with the code.
    page.get_by_label("Ticari unvan").fill("Örnek Ticaret A.Ş.")
    page.get_by_label("İYS numarası").fill("700001")
    page.get_by_label("VKN veya TCKN").fill("123")
    page.get_by_role("button", name="Oluştur").click()
    tin = field(page, "VKN veya TCKN")
    expect()(tin.locator(".field-error")).to_be_visible()
    expect()(page.get_by_label("VKN veya TCKN")).to_have_attribute("aria-invalid", "true")
    page.get_by_label("VKN veya TCKN").fill(VALID_TIN)
    page.get_by_role("button", name="Oluştur").click()
    expect()(page.get_by_role("status")).to_contain_text("Örnek Ticaret A.Ş.")
    card = page.locator("li.card", has=page.get_by_role("heading", name="Örnek Ticaret A.Ş."))
    card.get_by_label("Marka adı").fill("Örnek Mağazaları")
    card.get_by_label("Marka kodu").fill("700001")
    card.get_by_role("button", name="Marka ekle").click()
    expect()(card.locator(".brand-list")).to_contain_text("Örnek Mağazaları")
    screenshot(page, "03-providers-and-brands")

    # The switcher puts provider and brand in the URL.
    choose_brand(page, "Örnek Ticaret A.Ş.")
    brand_url = page.url.rsplit("/", 1)[0]
    expect()(page.get_by_label("Marka", exact=True)).to_have_value(re.compile(".+"))

    # Record a consent, then see İYS's refusal codes next to the field.
    nav(page, "İzin kaydet")
    page.get_by_label("Alıcı", exact=True).fill("0555 000 00 01")
    page.get_by_role("button", name="İzni kaydet").click()
    expect()(page.get_by_role("status")).to_contain_text("+905550000001")

    page.get_by_label("Alıcı", exact=True).fill("+90 (555) 000-0001")
    page.get_by_label("İzin tarihi", exact=True).fill("2030-01-01T10:00:00")
    page.get_by_role("button", name="İzni kaydet").click()
    date_field = field(page, "İzin tarihi")
    expect()(date_field.locator(".field-error")).to_contain_text("H162")

    page.get_by_label("Alıcı", exact=True).fill("ali@@example")
    page.get_by_label("İzin türü").select_option("EPOSTA")
    page.get_by_role("button", name="İzni kaydet").click()
    expect()(field(page, "Alıcı").locator(".field-error")).to_contain_text("H120")
    screenshot(page, "04-record-consent-refused")

    # Consents: table, filter, detail with history.
    nav(page, "İzinler")
    table = page.locator("table.table")
    expect()(table).to_contain_text("+905550000001")
    expect()(page.get_by_text("1 izin")).to_be_visible()
    page.get_by_label("Durum").select_option("RET")
    page.get_by_role("button", name="Uygula").click()
    expect()(page).to_have_url(re.compile(r"status=RET"))
    expect()(page.get_by_text("Bu süzgeçlere uyan izin yok.")).to_be_visible()
    page.get_by_role("button", name="Temizle").click()
    expect()(table).to_contain_text("+905550000001")
    screenshot(page, "05-consents")
    table.get_by_role("link", name="+905550000001").click()
    expect()(page.get_by_role("heading", name="Hareket geçmişi")).to_be_visible()
    expect()(page.locator(".timeline-item")).to_have_count(1)
    screenshot(page, "06-consent-detail")

    # Import this week's file with bad rows, dropped on the zone.
    source, expected = generate_file(tmp_path)
    page.goto(f"{brand_url}/imports")
    expect()(page.get_by_role("heading", name="Dosya yükleme")).to_be_visible()
    drop_file(page, "[data-testid=dropzone]", source)
    expect()(page).to_have_url(re.compile(r"/imports/[^/]+$"), timeout=30_000)
    expect()(page.locator("progress")).to_be_visible()
    expect()(page.locator(".progress-head .badge")).to_have_text("Tamamlandı", timeout=90_000)
    bad = [(row["line"], row["code"]) for row in expected if row["code"]]
    good = len(expected) - len(bad)
    expect()(page.locator(".import-summary")).to_have_text(
        f"{good} satır kabul edildi, {len(bad)} satır reddedildi."
    )
    expect()(page.get_by_text(f"{len(expected)} / {len(expected)} satır işlendi")).to_be_visible()
    errors = page.locator("[data-testid=import-errors] tbody tr")
    expect()(errors).to_have_count(min(len(bad), 50))
    shown = [
        (int(r.locator("td").nth(0).inner_text()), r.locator("td").nth(1).inner_text().strip())
        for r in errors.all()
    ]
    assert shown == sorted(bad)[:50]
    with page.expect_download() as download_info:
        page.get_by_role("button", name="CSV olarak indir").click()
    download = download_info.value
    text = Path(download.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:2] == ["Satır", "Kod"]
    assert [(int(r[0]), r[1]) for r in rows[1:]] == sorted(bad)
    screenshot(page, "07-import-result")
    page.get_by_role("link", name="Yüklemelere dön").click()
    expect()(page.locator("table.table")).to_contain_text(source.name)
    screenshot(page, "08-imports")

    # The send check: paste a list, see allowed and refused with reasons, download the allowed.
    nav(page, "Gönderim kontrolü")
    page.get_by_label("Alıcı listesi").fill(
        "ALICI\n0555 000 00 01\n0555 999 88 77\nbu-bir-numara-degil\n"
    )
    expect()(page.get_by_text("3 alıcı okundu")).to_be_visible()
    page.get_by_role("button", name="Listeyi kontrol et").click()
    expect()(page.get_by_test_id("allowed-count")).to_have_text("1")
    expect()(page.get_by_test_id("refused-count")).to_have_text("2")
    results = page.get_by_test_id("check-results")
    expect()(results).to_contain_text("İzin kaydı yok")
    expect()(results).to_contain_text("Alıcı okunamadı")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Gönderilebilir listeyi indir").click()
    allowed = Path(download_info.value.path()).read_text(encoding="utf-8-sig").split()
    assert allowed[1:] == ["+905550000001"]
    screenshot(page, "09-send-check")

    # The dashboard counts the brand's consents.
    nav(page, "Özet")
    brand_card = page.locator(".brand-card", has_text="Örnek Mağazaları")
    expect()(brand_card).to_be_visible()
    expect()(brand_card.locator(".stats dd").nth(0)).to_have_text(re.compile(r"^[1-9][\d.]*$"))
    screenshot(page, "10-dashboard")

    # English, switchable, with the same screens.
    page.get_by_role("button", name="Switch to English").click()
    expect()(page.get_by_role("heading", name="Overview")).to_be_visible()
    expect()(page.locator("html")).to_have_attribute("lang", "en")
    screenshot(page, "11-dashboard-en")
    page.goto(f"{brand_url}/consents")
    expect()(page.get_by_role("columnheader", name="Recipient", exact=True)).to_be_visible()
    page.get_by_role("button", name="Türkçeye geç").click()
    expect()(page.get_by_role("heading", name="İzinler")).to_be_visible()

    # A phone's width: nothing spills sideways.
    page.set_viewport_size(PHONE)  # type: ignore[arg-type]
    for path, name in [
        ("/", "12-dashboard-390"),
        (f"{brand_url}/consents", "13-consents-390"),
        (f"{brand_url}/record", "14-record-390"),
        (f"{brand_url}/check", "15-send-check-390"),
        (f"{brand_url}/imports", "16-imports-390"),
        ("/providers", "17-providers-390"),
    ]:
        page.goto(path)
        page.wait_for_load_state("networkidle")
        no_horizontal_scroll(page)
        screenshot(page, name)

    # Sign out, then back in with the tenant's short name.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name="Çıkış yap").click()
    expect()(page).to_have_url(re.compile(r"/signin$"))
    page.get_by_label("Kurum kısa adı").fill(slug)
    page.get_by_label("E-posta").fill("ayse@cicek.com.tr")
    page.get_by_label("Parola").fill("yanlis-parola-yanlis")
    page.get_by_role("button", name="Giriş yap").click()
    alert = page.get_by_role("alert")
    expect()(alert).to_contain_text("INVALID_CREDENTIALS")
    assert "{" not in alert.inner_text()
    page.get_by_label("Parola").fill(PASSWORD)
    page.get_by_role("button", name="Giriş yap").click()
    expect()(page.get_by_role("heading", name="Özet")).to_be_visible()


def test_session_refresh_rotates_the_refresh_token(page: Page, live_server: LiveServer) -> None:
    slug = "yenileme-ajans"
    sign_up(page, "Yenileme Ajans", slug, f"can@{slug}.com.tr")
    create_provider_and_brand(page, "Yenileme Ticaret", 700002, "Yenile")
    before = page.evaluate("JSON.parse(localStorage.getItem('izinhub.session'))")

    # An expired access token: the app refreshes before the next request.
    page.evaluate(
        "s => localStorage.setItem('izinhub.session', JSON.stringify({...s, expiresAt: 0}))",
        before,
    )
    page.goto("/")
    expect()(page.get_by_role("heading", name="Özet")).to_be_visible()
    expect()(page.locator(".brand-card")).to_have_count(1)
    after = page.evaluate("JSON.parse(localStorage.getItem('izinhub.session'))")
    assert after["refreshToken"] != before["refreshToken"]
    assert after["expiresAt"] > 0

    # The rotated refresh token no longer works.
    old = live_server.graphql(
        "mutation($t: String!) { refreshSession(refreshToken: $t) { __typename } }",
        {"t": before["refreshToken"]},
    )
    assert old["data"]["refreshSession"]["__typename"] == "AuthError"


def test_a_rejected_access_token_is_refreshed_and_retried(
    page: Page, live_server: LiveServer
) -> None:
    slug = "tekrar-ajans"
    sign_up(page, "Tekrar Ajans", slug, f"ece@{slug}.com.tr")
    create_provider_and_brand(page, "Tekrar Ticaret", 700003, "Tekrar")
    session = page.evaluate("JSON.parse(localStorage.getItem('izinhub.session'))")
    page.evaluate(
        "s => localStorage.setItem('izinhub.session',"
        " JSON.stringify({...s, accessToken: 'x.y.z'}))",
        session,
    )
    page.goto("/")
    expect()(page.locator(".brand-card")).to_have_count(1)
    fresh = page.evaluate("JSON.parse(localStorage.getItem('izinhub.session'))")
    assert fresh["accessToken"] != "x.y.z"


def test_signed_out_visitor_is_sent_to_sign_in_and_back(
    page: Page, live_server: LiveServer
) -> None:
    slug = "geri-ajans"
    sign_up(page, "Geri Ajans", slug, f"mert@{slug}.com.tr")
    page.get_by_role("button", name="Çıkış yap").click()
    page.goto("/providers")
    expect()(page).to_have_url(re.compile(r"/signin\?next=%2Fproviders$"))
    page.get_by_label("Kurum kısa adı").fill(slug)
    page.get_by_label("E-posta").fill(f"mert@{slug}.com.tr")
    page.get_by_label("Parola").fill(PASSWORD)
    page.get_by_role("button", name="Giriş yap").click()
    expect()(page).to_have_url(re.compile(r"/providers$"))


def test_keyboard_reaches_the_switcher_and_menu(page: Page, live_server: LiveServer) -> None:
    slug = "klavye-ajans"
    sign_up(page, "Klavye Ajans", slug, f"elif@{slug}.com.tr")
    page.goto("/providers")
    page.wait_for_load_state("networkidle")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement && document.activeElement.textContent")
    assert focused == "İçeriğe geç"
    seen: list[str] = []
    for _ in range(16):
        page.keyboard.press("Tab")
        seen.append(
            page.evaluate(
                "(() => { const e = document.activeElement;"
                " return e.getAttribute('name') || e.textContent.trim(); })()"
            )
        )
    # Header, menu, then the page's form, in reading order (the switcher is disabled until
    # the tenant has a provider, so it is skipped).
    order = [
        "İzinHub",
        "English",
        "Parolayı değiştir",
        "Çıkış yap",
        "Özet",
        "Hizmet sağlayıcılar ve markalar",
        "Şikâyetler",
        "Mutabakat",
        # Administration, shown to the owner who signed up.
        "Ekip",
        "API anahtarları",
        "Web kancaları",
        "İşlem geçmişi",
        "Kurum ayarları",
        "title",
    ]
    assert seen[: len(order)] == order
    # Focus is visible: the focused element draws an outline.
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


def test_the_progress_bar_moves_while_a_big_file_imports(
    page: Page, live_server: LiveServer, tmp_path: Path
) -> None:
    slug = "buyuk-dosya"
    sign_up(page, "Büyük Dosya Ajans", slug, f"deniz@{slug}.com.tr")
    create_provider_and_brand(page, "Büyük Ticaret", 700004, "Büyük")
    choose_brand(page, "Büyük Ticaret")
    big = tmp_path / "buyuk.csv"
    subprocess.run(  # noqa: S603
        [
            sys.executable,
            str(shared_dir() / "data" / "make_consents.py"),
            "--rows",
            "60000",
            "--format",
            "csv",
            "--bad-ratio",
            "0.01",
            "--out",
            str(big),
        ],
        check=True,
        capture_output=True,
    )
    nav(page, "Dosya yükleme")
    page.locator("[data-testid=dropzone] input[type=file]").set_input_files(str(big))
    expect()(page).to_have_url(re.compile(r"/imports/[^/]+$"), timeout=60_000)
    seen: set[int] = set()
    shot = False
    for _ in range(1200):
        state = page.evaluate(
            """() => {
                const bar = document.querySelector("progress");
                const badge = document.querySelector(".progress-head .badge");
                return bar && badge ? [bar.getAttribute("value"), badge.textContent] : null;
            }"""
        )
        if state and state[0] is not None:
            seen.add(int(float(state[0])))
            if not shot and 0 < int(float(state[0])) < 60000:
                page.screenshot(path=str(screenshot_path("07a-import-running")), full_page=True)
                shot = True
        if state and state[1] == "Tamamlandı":
            break
        page.wait_for_timeout(50)
    assert 60000 in seen
    assert any(0 < v < 60000 for v in seen), f"the bar never stood between 0 and the end: {seen}"
