"""Sign-up, sign-in and session failures, and their messages (Turkish first, then English)."""

from __future__ import annotations

from server.core import i18n
from server.core.errors import ValidationFailed


class WeakPassword(ValidationFailed):
    """The password breaks one or more strength rules; the message lists every broken one."""

    default_code = "WEAK_PASSWORD"

    def __init__(self, reasons: list[str], **params: object) -> None:
        super().__init__(None, field="password", **params)
        self.reasons = reasons

    def message(self, lang: str = i18n.DEFAULT_LANGUAGE) -> str:
        reasons = "; ".join(i18n.translate(code, lang, **self.params) for code in self.reasons)
        return i18n.translate(self.code, lang, reasons=reasons)


i18n.register(
    {
        "INVALID_CREDENTIALS": ("Giriş bilgileri hatalı.", "The sign-in details are wrong."),
        "TOO_MANY_ATTEMPTS": (
            "Çok fazla deneme yapıldı. Lütfen biraz sonra yeniden deneyin.",
            "Too many attempts. Please try again later.",
        ),
        "INVALID_TOKEN": (
            "Oturum geçersiz ya da süresi dolmuş. Lütfen yeniden giriş yapın.",
            "The session is invalid or has expired. Please sign in again.",
        ),
        "SLUG_TAKEN": (
            "Bu kısa ad başka bir hesap tarafından kullanılıyor.",
            "This slug is already taken.",
        ),
        "INVALID_SLUG": (
            "Kısa ad 3-63 karakter olmalı; yalnızca küçük harf, rakam ve tire içermeli, "
            "tire ile başlayıp bitmemelidir.",
            "The slug must be 3-63 characters of lower-case letters, digits and hyphens, "
            "and must not start or end with a hyphen.",
        ),
        "TENANT_NAME_NO_SLUG": (
            "Bu addan kısa ad türetilemedi: ad Latin harfi ya da rakam içermeli. Dilerseniz "
            "kısa adı kendiniz girin.",
            "No slug can be made from this name: it needs Latin letters or digits. You can also "
            "enter a slug yourself.",
        ),
        "RESERVED_SLUG": (
            "Bu kısa ad ayrılmıştır, lütfen başka bir ad seçin.",
            "This slug is reserved; please choose another.",
        ),
        "INVALID_EMAIL": ("Geçerli bir e-posta adresi girin.", "Enter a valid e-mail address."),
        "PASSWORD_TOO_LONG": (
            "Şifre en fazla {max} bayt olabilir.",
            "The password can be at most {max} bytes long.",
        ),
        "WEAK_PASSWORD": (
            "Şifre yeterince güçlü değil: {reasons}.",
            "The password is not strong enough: {reasons}.",
        ),
        "PASSWORD_TOO_SHORT": (
            "en az {min} karakter olmalı",
            "it needs at least {min} characters",
        ),
        "PASSWORD_ONE_CLASS": (
            "küçük harf, büyük harf, rakam ve işaretlerden en az ikisini içermeli",
            "it needs at least two of lower-case letters, upper-case letters, digits and symbols",
        ),
        "PASSWORD_HAS_EMAIL": (
            "e-posta adresinin @ işaretinden önceki kısmını içermemeli",
            "it must not contain the part of the e-mail address before the @",
        ),
        "PASSWORD_HAS_SLUG": (
            "hesabın kısa adını içermemeli",
            "it must not contain the tenant's slug",
        ),
        "EMAIL_TAKEN": (
            "Bu e-posta adresiyle bir kullanıcı zaten var.",
            "A user with this e-mail address already exists.",
        ),
        "INVALID_INVITATION": (
            "Davet bağlantısı geçersiz, kullanılmış ya da süresi dolmuş.",
            "The invitation link is invalid, used or expired.",
        ),
        "INVALID_RESET_TOKEN": (
            "Şifre sıfırlama bağlantısı geçersiz, kullanılmış ya da süresi dolmuş.",
            "The password reset link is invalid, used or expired.",
        ),
        "ROLE_TOO_HIGH": (
            "Kendi yetkinizden yüksek ya da ona eşit bir rolü yönetemezsiniz.",
            "You cannot manage a role at or above your own.",
        ),
        "CANNOT_CHANGE_SELF": (
            "Kendi rolünüzü, kapsamınızı ya da durumunuzu değiştiremezsiniz.",
            "You cannot change your own role, scope or status.",
        ),
        "LAST_OWNER": (
            "Hesabın son sahibi kaldırılamaz ya da rolü düşürülemez.",
            "The last owner cannot be removed or demoted.",
        ),
        "ROLE_NOT_ALLOWED": (
            "API anahtarları en fazla ADMIN rolünde olabilir.",
            "API keys can be at most ADMIN.",
        ),
        "EXPIRES_IN_PAST": (
            "Bitiş zamanı gelecekte olmalıdır.",
            "The expiry must be in the future.",
        ),
        "TOO_MANY_BRANDS": ("En fazla {max} marka seçilebilir.", "At most {max} brands."),
        "INVALID_LANGUAGE": ("Dil tr ya da en olmalıdır.", "The language must be tr or en."),
        "SLUG_MISMATCH": (
            "Onay için hesabın kısa adını aynen yazın.",
            "To confirm, type the tenant's slug exactly.",
        ),
        "PASSWORD_COMMON": (
            "çok sık kullanılan bir şifre olmamalı",
            "it must not be a commonly used password",
        ),
    }
)
