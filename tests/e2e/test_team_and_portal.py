"""Administration and the recipient's side in the browser: the dashboard chart, the team
(invitation accepted in a second browser), API keys, settings, the audit trail and the
recipient portal. Screens are saved to frontend/screenshots/ on the way.
"""

from __future__ import annotations

import base64
import re
from typing import TYPE_CHECKING

import pytest

from tests.e2e.conftest import DESKTOP, PHONE, LiveServer, PageProblems, new_context, screenshot
from tests.e2e.test_agency_day import (
    PASSWORD,
    choose_brand,
    create_provider_and_brand,
    expect,
    nav,
    no_horizontal_scroll,
    sign_up,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.e2e


def record_consent(page: Page, recipient: str) -> None:
    nav(page, "İzin kaydet")
    page.get_by_label("Alıcı", exact=True).fill(recipient)
    page.get_by_role("button", name="İzni kaydet").click()
    expect()(page.get_by_role("status")).to_contain_text("Onay")


def test_team_keys_settings_and_audit(
    page: Page, browser: Browser, live_server: LiveServer
) -> None:
    slug = "ekip-ajans"
    sign_up(page, "Ekip Ajans", slug, f"ayse@{slug}.com.tr")
    create_provider_and_brand(page, "Ekip Ticaret A.Ş.", 700010, "Ekip Mağazaları")
    choose_brand(page, "Ekip Ticaret A.Ş.")
    record_consent(page, "0555 000 10 01")
    record_consent(page, "0555 000 10 02")

    # The dashboard draws the brand's movements per day, with a table for screen readers.
    nav(page, "Özet")
    chart = page.get_by_test_id("movements-chart")
    expect()(chart).to_be_visible()
    expect()(chart.locator("rect.bar-ok")).to_have_count(30)
    expect()(chart).to_have_accessible_name(re.compile(r"2 onay ve 0 ret"))
    screenshot(page, "18-dashboard-chart")
    page.get_by_text("Tablo olarak göster").click()
    expect()(page.locator(".chart-table tbody tr")).to_have_count(30)

    # Invite an editor limited to the brand, with write rights for SMS only.
    nav(page, "Ekip")
    expect()(page.get_by_role("heading", name="Ekip", exact=True)).to_be_visible()
    invite = page.get_by_role("form", name="Kullanıcı davet et")
    invite.get_by_label("E-posta").fill(f"mehmet@{slug}.com.tr")
    invite.get_by_label("Rol", exact=True).select_option("EDITOR")
    invite.get_by_label("Tüm markalar").uncheck()
    invite.get_by_label("Ekip Mağazaları (Ekip Ticaret A.Ş.)").check()
    invite.get_by_label("Tüm izin türleri (rolün izin verdiği ölçüde)").uncheck()
    invite.get_by_label("Mesaj (SMS)").select_option("WRITE")
    invite.get_by_role("button", name="Davet bağlantısı oluştur").click()
    link_box = invite.get_by_label("Davet bağlantısı")
    expect()(link_box).to_have_value(re.compile(r"/accept-invitation#token=.+"))
    link = link_box.input_value()
    assert link.startswith(live_server.url)
    screenshot(page, "19-team-invite")

    # The invitee opens the link in another browser, sets a password and is signed in.
    other = new_context(browser, live_server.url)
    problems = PageProblems()
    try:
        guest = other.new_page()
        guest.on("console", problems.on_console)
        guest.goto(link)
        expect()(guest.get_by_role("heading", name="Ekibe katılın")).to_be_visible()
        guest.get_by_label("Ad soyad").fill("Mehmet Demir")
        guest.get_by_label("Parola").fill("zayif")
        guest.get_by_role("button", name="Daveti kabul et").click()
        expect()(guest.get_by_role("alert").first).to_be_visible()
        assert "{" not in guest.get_by_role("alert").first.inner_text()
        guest.get_by_label("Parola").fill(PASSWORD)
        screenshot(guest, "20-accept-invitation")
        guest.get_by_role("button", name="Daveti kabul et").click()
        expect()(guest.get_by_role("heading", name="Özet")).to_be_visible()
        expect()(guest.locator(".user-name")).to_contain_text("Mehmet Demir")
        # An editor sees no administration, and the page says why when opened directly.
        menu = guest.get_by_role("navigation", name="Ana menü")
        expect()(menu.get_by_role("link", name="Ekip")).to_have_count(0)
        guest.goto("/team")
        expect()(guest.get_by_role("alert")).to_contain_text("yalnızca kurum sahibi ve yöneticiler")
        # The same link does not work twice.
        guest.evaluate("localStorage.clear()")
        guest.goto(link)
        guest.get_by_label("Ad soyad").fill("Mehmet Demir")
        guest.get_by_label("Parola").fill(PASSWORD)
        guest.get_by_role("button", name="Daveti kabul et").click()
        expect()(guest.get_by_role("alert")).to_contain_text("INVALID_INVITATION")
    finally:
        other.close()
    assert problems.unexpected() == []

    # The owner sees the new user and makes him a viewer.
    page.reload()
    users = page.get_by_test_id("users-table")
    expect()(users).to_contain_text("Mehmet Demir")
    expect()(users).to_contain_text("Ekip Mağazaları")
    mehmet = users.locator("tr", has_text="Mehmet Demir")
    expect()(mehmet).to_contain_text("Mesaj (SMS): Okuma ve yazma")
    expect()(mehmet).not_to_contain_text("Arama:")
    users.get_by_role("button", name="Düzenle: Mehmet Demir").click()
    edit = page.get_by_role("form", name="Mehmet Demir kullanıcısını düzenle")
    edit.get_by_label("Rol", exact=True).select_option("VIEWER")
    screenshot(page, "21-team-edit")
    edit.get_by_role("button", name="Kaydet").click()
    expect()(page.get_by_role("status")).to_contain_text("Mehmet Demir güncellendi.")
    expect()(mehmet).to_contain_text("İzleyici")
    # One's own row cannot be edited.
    expect()(users.get_by_role("button", name="Düzenle: Ayşe Yılmaz")).to_be_disabled()
    screenshot(page, "22-team")
    page.get_by_role("button", name="Switch to English").click()
    expect()(page.get_by_role("heading", name="Team", exact=True)).to_be_visible()
    expect()(page.get_by_role("button", name="Create invitation link")).to_be_visible()
    screenshot(page, "22a-team-en")
    page.get_by_role("button", name="Türkçeye geç").click()
    expect()(page.get_by_role("heading", name="Ekip", exact=True)).to_be_visible()

    # API keys: the secret is shown once, then the key is revoked.
    nav(page, "API anahtarları")
    form = page.get_by_role("form", name="Yeni API anahtarı")
    form.get_by_label("Anahtar adı").fill("Örnek CRM")
    form.get_by_label("Rol", exact=True).select_option("EDITOR")
    form.get_by_role("button", name="Anahtar oluştur").click()
    secret = form.get_by_label("Gizli anahtar")
    expect()(secret).to_have_value(re.compile(r".{20,}"))
    key = secret.input_value()
    answer = live_server.graphql("{ brands(first: 5) { totalCount } }", token=key)
    assert answer["data"]["brands"]["totalCount"] == 1
    keys = page.get_by_test_id("keys-table")
    expect()(keys).to_contain_text("Örnek CRM")
    screenshot(page, "23-api-keys")
    keys.get_by_role("button", name="İptal et: Örnek CRM").click()
    page.get_by_role("button", name="Evet, iptal et").click()
    expect()(keys.locator("tr", has_text="Örnek CRM")).to_contain_text("İptal edildi")
    refused = live_server.graphql("{ brands(first: 5) { totalCount } }", token=key)
    assert refused.get("errors"), refused

    # Settings: the 3-business-day rule only flagged.
    nav(page, "Kurum ayarları")
    strict = page.get_by_label("3 iş günü kuralını kesin uygula")
    expect()(strict).to_be_checked()
    strict.uncheck()
    page.get_by_role("button", name="Kaydet").click()
    expect()(page.get_by_role("status")).to_contain_text("Ayarlar kaydedildi.")
    page.reload()
    expect()(page.get_by_label("3 iş günü kuralını kesin uygula")).not_to_be_checked()
    screenshot(page, "24-settings")

    # Change password from the header; a wrong current password is said in words.
    page.get_by_role("link", name="Parolayı değiştir").click()
    page.get_by_label("Şu anki parola").fill("yanlis-parola-yanlis")
    page.get_by_label("Yeni parola", exact=True).fill("Yepyeni-bir-parola-77")
    page.get_by_label("Yeni parola (tekrar)").fill("Yepyeni-bir-parola-77")
    page.get_by_role("button", name="Parolayı değiştir").click()
    expect()(page.get_by_role("alert").first).to_be_visible()
    page.get_by_label("Şu anki parola").fill(PASSWORD)
    page.get_by_role("button", name="Parolayı değiştir").click()
    expect()(page.get_by_role("status")).to_contain_text("Parolanız değiştirildi")
    screenshot(page, "25-change-password")

    # The audit trail lists the invitation: who, what, from where, and the change.
    nav(page, "İşlem geçmişi")
    trail = page.get_by_test_id("audit-table")
    expect()(trail).to_contain_text("Kullanıcı davet edildi")
    expect()(trail).to_contain_text("Davet kabul edildi")
    expect()(trail).to_contain_text("API anahtarı iptal edildi")
    page.get_by_label("İşlem", exact=True).select_option("invitation.create")
    page.get_by_role("button", name="Uygula").click()
    expect()(page).to_have_url(re.compile(r"/audit\?action=invitation\.create$"))
    expect()(trail.locator("tbody > tr")).to_have_count(1)
    row = trail.locator("tbody > tr").first
    expect()(row).to_contain_text("Ayşe Yılmaz")
    expect()(row).to_contain_text("127.0.0.1")
    row.get_by_role("button", name=re.compile("Göster")).click()
    expect()(trail).to_contain_text(f"mehmet@{slug}.com.tr")
    screenshot(page, "28-audit")
    page.get_by_role("button", name="Temizle").click()
    expect()(page.get_by_text(re.compile(r"^\d+ işlem$"))).to_be_visible()

    # Phone width: the new screens do not spill sideways.
    page.set_viewport_size(PHONE)  # type: ignore[arg-type]
    for path in ["/", "/team", "/api-keys", "/settings", "/account/password", "/audit"]:
        page.goto(path)
        page.wait_for_load_state("networkidle")
        no_horizontal_scroll(page)
    screenshot(page, "26-settings-390")
    page.goto("/team")
    page.wait_for_load_state("networkidle")
    screenshot(page, "27-team-390")
    page.set_viewport_size(DESKTOP)  # type: ignore[arg-type]


def latest_code(live_server: LiveServer, address: str, seen: set[str]) -> str:
    """The newest verification code sent to ``address`` by the file transport (data_dir/outbox)."""
    outbox = live_server.data_dir / "outbox"
    for _ in range(100):
        for path in sorted(outbox.glob("*.txt"), reverse=True) if outbox.is_dir() else []:
            text = path.read_text(encoding="utf-8")
            match = re.search(r"kodunuz: (\d{6})", text)
            if path.name not in seen and f"To: {address}\n" in text and match:
                seen.add(path.name)
                return match.group(1)
        import time

        time.sleep(0.1)
    pytest.fail(f"no code for {address} in {outbox}")


def test_recipient_portal(page: Page, live_server: LiveServer) -> None:
    # A brand records SMS and call consents for a phone.
    slug = "alici-ajans"
    sign_up(page, "Alıcı Ajans", slug, f"zeynep@{slug}.com.tr")
    create_provider_and_brand(page, "Alıcı Ticaret A.Ş.", 700020, "Alıcı Mağazaları")
    choose_brand(page, "Alıcı Ticaret A.Ş.")
    record_consent(page, "0532 765 43 21")
    page.get_by_label("Alıcı", exact=True).fill("0532 765 43 21")
    page.get_by_label("İzin türü").select_option("ARAMA")
    page.get_by_role("button", name="İzni kaydet").click()
    expect()(page.get_by_role("status")).to_contain_text("Onay")
    brand_url = page.url.rsplit("/", 1)[0]
    page.get_by_role("button", name="Çıkış yap").click()

    # The recipient proves the address with the code sent to it.
    seen: set[str] = set()
    page.goto("/alici")
    expect()(page.get_by_role("heading", name="İleti izinlerim")).to_be_visible()
    page.get_by_label("Cep telefonu numarası veya e-posta adresi").fill("bu bir adres değil")
    page.get_by_role("button", name="Doğrulama kodu gönder").click()
    expect()(
        page.get_by_text("Geçerli bir cep telefonu numarası ya da e-posta adresi girin.")
    ).to_be_visible()
    screenshot(page, "29-portal-address")
    page.get_by_label("Cep telefonu numarası veya e-posta adresi").fill("0532 765 43 21")
    page.get_by_role("button", name="Doğrulama kodu gönder").click()
    expect()(
        page.get_by_text(re.compile(r"\+905327654321 adresine bir doğrulama kodu"))
    ).to_be_visible()
    code = latest_code(live_server, "+905327654321", seen)

    # A wrong code, then asking again too soon: both said in words.
    wrong = "000000" if code != "000000" else "111111"
    page.get_by_label("Doğrulama kodu").fill(wrong)
    page.get_by_role("button", name="Doğrula").click()
    expect()(page.get_by_text("Kod hatalı.", exact=False)).to_be_visible()
    page.get_by_role("button", name="Yeni kod iste").click()
    expect()(page.get_by_text("3 dakika bekleyin", exact=False)).to_be_visible()
    screenshot(page, "30-portal-code")
    page.get_by_label("Doğrulama kodu").fill(code)
    page.get_by_role("button", name="Doğrula").click()

    # The brands holding a consent; reject one, then every call consent.
    items = page.get_by_test_id("recipient-consents").locator("li")
    expect()(items).to_have_count(2)
    expect()(items.first).to_contain_text("Alıcı Mağazaları")
    screenshot(page, "31-portal-consents")
    page.get_by_role("button", name="Alıcı Mağazaları markasının Mesaj (SMS) iznini reddet").click()
    expect()(page.get_by_role("status")).to_contain_text("Mesaj (SMS) izni reddedildi")
    expect()(items.filter(has_text="Mesaj (SMS)")).to_contain_text("Ret")
    page.get_by_role("button", name="Tüm Arama izinlerimi reddet").click()
    page.get_by_role("button", name="Evet, hepsini reddet").click()
    expect()(page.get_by_role("status")).to_contain_text("Arama kanalında 1 izin reddedildi.")
    expect()(items.filter(has_text="Onay")).to_have_count(0)
    screenshot(page, "32-portal-rejected")

    # A message came anyway: the recipient complains, with a screenshot.
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    later = datetime.now(ZoneInfo("Europe/Istanbul")) + timedelta(minutes=2)
    page.get_by_role(
        "button", name="Alıcı Mağazaları markasının Mesaj (SMS) iletisini şikâyet et"
    ).click()
    complaint = page.get_by_role(
        "form", name="Alıcı Mağazaları markasından gelen ileti için şikâyet"
    )
    complaint.get_by_label("İletinin geldiği an").fill(later.strftime("%Y-%m-%dT%H:%M"))
    complaint.get_by_label("İletinin içeriği").fill("İzni reddettim ama yine kampanya geldi.")
    complaint.get_by_label("Ekran görüntüsü (isteğe bağlı)").set_input_files(
        {"name": "sms.png", "mimeType": "image/png", "buffer": PNG}
    )
    screenshot(page, "32a-portal-complaint")
    complaint.get_by_role("button", name="Şikâyeti gönder").click()
    expect()(page.get_by_role("status")).to_contain_text("Şikâyetiniz Alıcı Mağazaları")
    page.set_viewport_size(PHONE)  # type: ignore[arg-type]
    no_horizontal_scroll(page)
    screenshot(page, "33-portal-390")
    page.set_viewport_size(DESKTOP)  # type: ignore[arg-type]

    # The brand sees the recipient's rejections, made through İYS's web channel.
    page.get_by_role("button", name="Çıkış").click()
    page.goto("/signin")
    page.get_by_label("Kurum kısa adı").fill(slug)
    page.get_by_label("E-posta").fill(f"zeynep@{slug}.com.tr")
    page.get_by_label("Parola").fill(PASSWORD)
    page.get_by_role("button", name="Giriş yap").click()
    expect()(page.get_by_role("heading", name="Özet")).to_be_visible()
    page.goto(f"{brand_url}/consents?status=RET")
    table = page.locator("table.table")
    expect()(table.locator("tbody tr")).to_have_count(2)
    expect()(table).to_contain_text("IYS_WEB")

    # ...and the complaint, judged from the history: the consent was rejected before.
    nav(page, "Şikâyetler")
    inbox = page.get_by_test_id("complaints-table")
    expect()(inbox.locator("tbody tr")).to_have_count(1)
    expect()(inbox).to_contain_text("Önceden reddedilmiş")
    inbox.get_by_role("link", name="+905327654321").click()
    expect()(page.get_by_text("Alıcı (portal)")).to_be_visible()
    expect()(page.get_by_test_id("complaint-evidence")).to_contain_text("IYS_WEB")


# A 1x1 PNG.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)

RECORD_COMPLAINT = """
mutation($input: RecordComplaintInput!) {
  recordComplaint(input: $input) { __typename ... on Complaint { id verdict } ... on Error { code message } }
}
"""


def test_complaint_inbox(page: Page, live_server: LiveServer) -> None:
    from datetime import UTC, datetime

    slug = "sikayet-ajans"
    sign_up(page, "Şikâyet Ajans", slug, f"ece@{slug}.com.tr")
    create_provider_and_brand(page, "Şikâyet Ticaret A.Ş.", 700030, "Şikâyet Mağazaları")
    choose_brand(page, "Şikâyet Ticaret A.Ş.")
    record_consent(page, "0533 111 22 33")
    brand_id = re.search(r"/b/([^/]+)/", page.url).group(1)  # type: ignore[union-attr]
    token = page.evaluate("JSON.parse(localStorage.getItem('izinhub.session')).accessToken")

    # A complaint about the consenting phone, through the API...
    answer = live_server.graphql(
        RECORD_COMPLAINT,
        {
            "input": {
                "brandId": brand_id,
                "recipient": "0533 111 22 33",
                "type": "MESAJ",
                "messageAt": datetime.now(UTC).isoformat(),
                "content": "Kampanya: %20 indirim",
            }
        },
        token=token,
    )
    assert answer["data"]["recordComplaint"]["__typename"] == "Complaint", answer

    # ...and one that came by phone, recorded in the browser with a screenshot.
    nav(page, "Şikâyetler")
    page.get_by_role("button", name="Yeni şikâyet kaydet").click()
    form = page.get_by_role("form", name="Şikâyet kaydet")
    form.get_by_label("Alıcı", exact=True).fill("0533 999 88 77")
    form.get_by_label("İletinin içeriği").fill("Bugüne özel fırsat")
    form.get_by_label("Ekran görüntüsü (isteğe bağlı)").set_input_files(
        {"name": "ekran.png", "mimeType": "image/png", "buffer": PNG}
    )
    screenshot(page, "34a-record-complaint")
    form.get_by_role("button", name="Şikâyeti kaydet").click()
    expect()(page.get_by_role("heading", name="Şikâyet ayrıntısı")).to_be_visible()
    page.get_by_role("button", name="Ekran görüntüsünü göster").click()
    expect()(page.get_by_role("img", name="Alıcının gönderdiği ekran görüntüsü")).to_be_visible()
    page.get_by_role("link", name="Şikâyetlere dön").click()
    table = page.get_by_test_id("complaints-table")
    expect()(table.locator("tbody tr")).to_have_count(2)
    expect()(table).to_contain_text("Geçerli izin")
    expect()(table).to_contain_text("İzin yok")
    screenshot(page, "34-complaints")

    # The one without a consent: evidence, verdict, then work it.
    table.get_by_role("link", name="+905339998877").click()
    expect()(page.get_by_role("heading", name="Şikâyet ayrıntısı")).to_be_visible()
    expect()(page.get_by_test_id("complaint-evidence")).to_contain_text("izin kaydı yoktu")
    expect()(page.get_by_text("Bugüne özel fırsat")).to_be_visible()
    page.get_by_label("Durum", exact=True).select_option("IN_REVIEW")
    page.get_by_label("Sorumlu").select_option(label="Ben (Ayşe Yılmaz)")
    page.get_by_label("Yanıt tarihi (isteğe bağlı)").fill("2026-12-31")
    page.get_by_label("Not ekle (isteğe bağlı)").fill("Gönderim listesi kontrol ediliyor.")
    page.get_by_role("button", name="Kaydet").click()
    expect()(page.get_by_role("status")).to_contain_text("Şikâyet güncellendi.")
    expect()(page.get_by_test_id("complaint-notes")).to_contain_text(
        "Gönderim listesi kontrol ediliyor."
    )
    screenshot(page, "35-complaint-detail")

    # Filtered by status, the list shows it with its assignee and due date.
    page.get_by_role("link", name="Şikâyetlere dön").click()
    page.get_by_label("Durum", exact=True).select_option("IN_REVIEW")
    expect()(page).to_have_url(re.compile(r"status=IN_REVIEW"))
    expect()(table.locator("tbody tr")).to_have_count(1)
    expect()(table).to_contain_text("Ayşe Yılmaz")
    expect()(table).to_contain_text("2026-12-31")
    page.set_viewport_size(PHONE)  # type: ignore[arg-type]
    no_horizontal_scroll(page)
    page.set_viewport_size(DESKTOP)  # type: ignore[arg-type]


def test_forgotten_password_pages(page: Page, live_server: LiveServer) -> None:
    page.goto("/signin")
    page.get_by_role("link", name="Parolamı unuttum").click()
    expect()(page).to_have_url(re.compile(r"/forgot-password$"))
    page.get_by_label("Kurum kısa adı").fill("hic-olmayan-ajans")
    page.get_by_label("E-posta").fill("kimse@ornek.com.tr")
    page.get_by_role("button", name="Bağlantı gönder").click()
    expect()(page.get_by_role("status")).to_contain_text("Hesap varsa")
    screenshot(page, "36-forgot-password")
    # The link from the e-mail, with a token that is wrong: one clear error, in words.
    page.goto("/reset-password#token=yanlis-bir-anahtar")
    page.get_by_label("Yeni parola").fill("Yepyeni-bir-parola-77")
    page.get_by_role("button", name="Parolayı kaydet ve giriş yap").click()
    alert = page.get_by_role("alert")
    expect()(alert).to_contain_text("INVALID_RESET_TOKEN")
    assert "{" not in alert.inner_text()
    expect()(page.get_by_role("link", name="Yeni bir bağlantı iste")).to_be_visible()
