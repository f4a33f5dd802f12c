"""Messages in Turkish (the default) and English, keyed by stable error codes.

Domains register their own catalogues at import time; the API picks the language from the
request's ``Accept-Language`` header.
"""

from __future__ import annotations

from collections.abc import Mapping

DEFAULT_LANGUAGE = "tr"
LANGUAGES = ("tr", "en")

_catalogue: dict[str, tuple[str, str]] = {}


def register(messages: Mapping[str, tuple[str, str]]) -> None:
    """Add ``code -> (turkish, english)`` entries; templates use ``str.format`` fields."""
    _catalogue.update(messages)


def translate(code: str, lang: str = DEFAULT_LANGUAGE, **params: object) -> str:
    """The message for ``code`` in ``lang``, falling back to Turkish, then to the code."""
    pair = _catalogue.get(code)
    if pair is None:
        return code
    template = pair[1] if lang == "en" else pair[0]
    try:
        return template.format(**params)
    except (KeyError, IndexError):
        return template


def pick_language(accept_language: str | None) -> str:
    """``en`` when the client prefers English over Turkish, else ``tr``."""
    best, best_q = DEFAULT_LANGUAGE, -1.0
    for part in (accept_language or "").split(",")[:20]:
        tag, _, q = part.strip().partition(";q=")
        primary = tag.split("-")[0].strip().lower()
        try:
            weight = float(q) if q else 1.0
        except ValueError:
            continue
        if primary in LANGUAGES and weight > best_q:
            best, best_q = primary, weight
    return best


register(
    {
        "NOT_FOUND": ("Kayıt bulunamadı.", "Not found."),
        "VALIDATION_ERROR": ("Geçersiz değer.", "Invalid value."),
        "CONFLICT": ("Bu değer zaten kullanılıyor.", "This value is already in use."),
        "FORBIDDEN": ("Bu işlem için yetkiniz yok.", "You are not allowed to do this."),
        "UNAUTHENTICATED": ("Oturum açmanız gerekiyor.", "You need to sign in."),
        "INTERNAL": ("Sunucu hatası.", "Internal server error"),
        "REQUIRED": ("Bu alan boş olamaz.", "This field cannot be empty."),
        "TOO_LONG": ("En fazla {max} karakter olabilir.", "At most {max} characters."),
        "INVALID_CHARACTERS": (
            "Kontrol karakterleri ve görünmeyen biçim karakterleri (örneğin yazı yönünü "
            "değiştirenler) kullanılamaz.",
            "Control characters and invisible formatting characters (such as text direction "
            "overrides) are not allowed.",
        ),
        "INVALID_PAGE_SIZE": (
            "Sayfa boyutu 0 ile {max} arasında olmalıdır.",
            "The page size must be between 0 and {max}.",
        ),
        "INVALID_CURSOR": ("Geçersiz sayfa imleci.", "Invalid page cursor."),
        # Shared by every request limit (an API key's per minute, a recipient's complaints a day).
        "RATE_LIMITED": (
            "İstek sınırı aşıldı. Lütfen daha sonra yeniden deneyin.",
            "The request limit is reached. Please try again later.",
        ),
        "INVALID_DATETIME": (
            "Geçersiz tarih ve saat; saat farkıyla ISO 8601 olmalıdır (2026-12-03T14:05:00+03:00).",
            "Invalid date and time; use ISO 8601 with an offset (2026-12-03T14:05:00+03:00).",
        ),
        "INVALID_VALUE": (
            "Bir değer beklenen türde değil.",
            "A value is not of the expected type.",
        ),
        "FILE_NOT_EXPECTED": (
            "Dosya, dosya beklemeyen bir değişkene gönderildi.",
            "A file was sent for a variable that does not take one.",
        ),
    }
)
