"""İYS enumerations and rule error codes with their Turkish and English messages.

The values are İYS's own (iys-domain.md §2 and §3.11); the GraphQL enums mirror them.
"""

from __future__ import annotations

from enum import StrEnum


class ConsentType(StrEnum):
    """The channel a consent covers."""

    ARAMA = "ARAMA"
    MESAJ = "MESAJ"
    EPOSTA = "EPOSTA"


class ConsentStatus(StrEnum):
    """ONAY allows sending; RET forbids it."""

    ONAY = "ONAY"
    RET = "RET"


class RecipientType(StrEnum):
    """An individual (the default) or a trader; one record of each may exist per address."""

    BIREYSEL = "BIREYSEL"
    TACIR = "TACIR"


class ConsentSource(StrEnum):
    """Where a consent was obtained. Tenants may send only the HS_* values."""

    HS_2015 = "HS_2015"
    HS_KARAR = "HS_KARAR"
    HS_FIZIKSEL_ORTAM = "HS_FIZIKSEL_ORTAM"
    HS_ISLAK_IMZA = "HS_ISLAK_IMZA"
    HS_ETKINLIK = "HS_ETKINLIK"
    HS_ATM = "HS_ATM"
    HS_EORTAM = "HS_EORTAM"
    HS_WEB = "HS_WEB"
    HS_MOBIL = "HS_MOBIL"
    HS_MESAJ = "HS_MESAJ"
    HS_EPOSTA = "HS_EPOSTA"
    HS_CAGRI_MERKEZI = "HS_CAGRI_MERKEZI"
    HS_SOSYAL_MEDYA = "HS_SOSYAL_MEDYA"
    IYS_KISAMESAJ = "IYS_KISAMESAJ"
    IYS_CM = "IYS_CM"
    IYS_WEB = "IYS_WEB"
    IYS_WEB_YENI = "IYS_WEB_YENI"
    IYS_MOBIL = "IYS_MOBIL"
    IYS_EPOSTA = "IYS_EPOSTA"
    IYS_AHS_HAT_KAPATMA = "IYS_AHS_HAT_KAPATMA"
    IYS_FRAME_EPOSTA = "IYS_FRAME_EPOSTA"
    IYS_FRAME_SMS = "IYS_FRAME_SMS"


HS_SOURCES: frozenset[ConsentSource] = frozenset(
    source for source in ConsentSource if source.startswith("HS_")
)
"""The sources a service provider (our tenant) may send."""


class RuleCode(StrEnum):
    """İYS error codes for the consent rules (iys-domain.md §3.11)."""

    H110 = "H110"  # status missing
    H111 = "H111"  # type missing
    H112 = "H112"  # consentDate missing
    H113 = "H113"  # source missing
    H114 = "H114"  # recipient missing
    H115 = "H115"  # bad status
    H116 = "H116"  # bad recipientType
    H117 = "H117"  # bad type
    H119 = "H119"  # bad source
    H120 = "H120"  # bad e-mail
    H121 = "H121"  # bad phone
    H155 = "H155"  # HS_2015 needs 2015-05-01 00:00:00
    H156 = "H156"  # before 2015-05-01
    H157 = "H157"  # impossible date
    H158 = "H158"  # bad date format
    H160 = "H160"  # phone longer than 15 characters
    H162 = "H162"  # future date
    H174 = "H174"  # same status again (RET after RET)
    H175 = "H175"  # first record cannot be RET
    H178 = "H178"  # not later than the stored consentDate
    H408 = "H408"  # HS_KARAR needs RET
    H462 = "H462"  # TACIR update needs consentDate
    H463 = "H463"  # TACIR update needs source
    H464 = "H464"  # recipient does not fit the type
    H467 = "H467"  # older than three business days


# (Turkish, English). Turkish follows İYS's wording where the spec quotes it.
_MESSAGES: dict[RuleCode, tuple[str, str]] = {
    RuleCode.H110: (
        "İzin durumu (status) girilmelidir.",
        "Consent status (status) is required.",
    ),
    RuleCode.H111: (
        "İzin türü (type) girilmelidir.",
        "Consent type (type) is required.",
    ),
    RuleCode.H112: (
        "İzin tarihi (consentDate) girilmelidir.",
        "Consent date (consentDate) is required.",
    ),
    RuleCode.H113: (
        "İzin kaynağı (source) girilmelidir.",
        "Consent source (source) is required.",
    ),
    RuleCode.H114: (
        "Alıcı (recipient) girilmelidir.",
        "Recipient (recipient) is required.",
    ),
    RuleCode.H115: (
        "Geçersiz izin durumu. Geçerli değerler: ONAY, RET.",
        "Invalid consent status. Allowed values: ONAY, RET.",
    ),
    RuleCode.H116: (
        "Geçersiz alıcı tipi. Geçerli değerler: BIREYSEL, TACIR.",
        "Invalid recipient type. Allowed values: BIREYSEL, TACIR.",
    ),
    RuleCode.H117: (
        "Geçersiz izin türü. Geçerli değerler: ARAMA, MESAJ, EPOSTA.",
        "Invalid consent type. Allowed values: ARAMA, MESAJ, EPOSTA.",
    ),
    RuleCode.H119: (
        "Geçersiz izin kaynağı. Hizmet sağlayıcılar yalnızca HS_ ile başlayan kaynakları "
        "gönderebilir.",
        "Invalid consent source. Service providers may send only the HS_ sources.",
    ),
    RuleCode.H120: (
        "Geçersiz e-posta adresi.",
        "Invalid e-mail address.",
    ),
    RuleCode.H121: (
        "Geçersiz telefon numarası. Numara E.164 biçiminde olmalıdır, örn. +905992000000.",
        "Invalid phone number. Use the E.164 format, e.g. +905992000000.",
    ),
    RuleCode.H155: (
        "HS_2015 kaynaklı izinlerin tarihi 2015-05-01 00:00:00 olmalıdır.",
        "Consents with source HS_2015 must be dated 2015-05-01 00:00:00.",
    ),
    RuleCode.H156: (
        "İzin tarihi 2015-05-01 00:00:00 tarihinden önce olamaz.",
        "The consent date cannot be before 2015-05-01 00:00:00.",
    ),
    RuleCode.H157: (
        "Geçersiz izin tarihi.",
        "Invalid consent date.",
    ),
    RuleCode.H158: (
        "İzin tarihi biçimi hatalı. Beklenen biçim: YYYY-MM-DD HH:mm:ss.",
        "Invalid consent date format. Expected: YYYY-MM-DD HH:mm:ss.",
    ),
    RuleCode.H160: (
        "Telefon numarası en fazla 15 karakter olabilir.",
        "A phone number can be at most 15 characters long.",
    ),
    RuleCode.H162: (
        "İzin tarihi ileri bir tarih olamaz.",
        "The consent date cannot be in the future.",
    ),
    RuleCode.H174: (
        "İzin durumu güncellemesi için farklı bir durum girilmelidir. İzin durumu: RET",
        "A status update needs a different status. Current status: RET",
    ),
    RuleCode.H175: (
        "İlk defa kaydedilen bir iznin durum bilgisi RET olmamalıdır",
        "The status of a consent recorded for the first time cannot be RET",
    ),
    RuleCode.H178: (
        "Sistemdeki iznin tarihinden önceki tarihli izinlerle güncelleme yapılamaz",
        "A consent cannot be updated with a consent date that is not later than the stored one",
    ),
    RuleCode.H408: (
        "HS_KARAR kaynağı yalnızca RET durumuyla kullanılabilir.",
        "The source HS_KARAR can be used only with status RET.",
    ),
    RuleCode.H462: (
        "Tacir izinlerinin güncellenmesinde izin tarihi (consentDate) zorunludur.",
        "Updating a TACIR consent requires a consent date (consentDate).",
    ),
    RuleCode.H463: (
        "Tacir izinlerinin güncellenmesinde izin kaynağı (source) zorunludur.",
        "Updating a TACIR consent requires a source (source).",
    ),
    RuleCode.H464: (
        "Alıcı, izin türüyle uyumlu değil: ARAMA ve MESAJ için telefon numarası, EPOSTA için "
        "e-posta adresi girilmelidir.",
        "The recipient does not match the consent type: ARAMA and MESAJ need a phone number, "
        "EPOSTA an e-mail address.",
    ),
    RuleCode.H467: (
        "Üç iş günü öncesinde alınan izinler kaydedilemez",
        "Consents obtained more than three business days ago cannot be recorded",
    ),
}


def message_for(code: RuleCode, lang: str = "tr") -> str:
    """The message for `code`: English for an `en` language tag, Turkish otherwise."""
    turkish, english = _MESSAGES[code]
    return english if lang[:2].lower() == "en" else turkish


class RuleViolation(Exception):
    """A consent broke an İYS rule. `field` names the offending input field, if any.

    Defined here rather than in rules.py so that recipients.py and dates.py can raise it without
    an import cycle; rules.py re-exports it.
    """

    def __init__(self, code: RuleCode, field: str | None = None) -> None:
        super().__init__(code, field)
        self.code = code
        self.field = field

    def message(self, lang: str = "tr") -> str:
        """The user-facing message in `lang` (see `message_for`)."""
        return message_for(self.code, lang)

    def __str__(self) -> str:
        return f"{self.code}: {message_for(self.code, 'en')}"
