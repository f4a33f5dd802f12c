"""Messages for complaint failures."""

from server.core import i18n

i18n.register(
    {
        "INVALID_RECIPIENT": (
            "Alıcı okunamadı ya da kanalla uyumlu değil.",
            "The recipient could not be read or does not fit the channel.",
        ),
        "MESSAGE_IN_FUTURE": (
            "İletinin geldiği zaman ileri bir tarih olamaz.",
            "The time the message arrived cannot be in the future.",
        ),
        "CONTENT_REQUIRED": (
            "İletinin içeriğini yazın.",
            "Write what the message said.",
        ),
        "CONTENT_TOO_LONG": (
            "İçerik en fazla {max} karakter olabilir.",
            "The content can be at most {max} characters.",
        ),
        "NOTE_TOO_LONG": (
            "Not en fazla {max} karakter olabilir.",
            "A note can be at most {max} characters.",
        ),
        "INVALID_TRANSITION": (
            "Şikâyet bu duruma geçirilemez.",
            "The complaint cannot move to this status.",
        ),
        "INVALID_ASSIGNEE": (
            "Atanan kişi bu hesabın etkin bir kullanıcısı olmalıdır.",
            "The assignee must be an active user of this account.",
        ),
        "SCREENSHOT_TOO_LARGE": (
            "Ekran görüntüsü en fazla {max} bayt olabilir.",
            "The screenshot can be at most {max} bytes.",
        ),
        "SCREENSHOT_FORMAT": (
            "Ekran görüntüsü PNG, JPEG ya da WebP olmalıdır.",
            "The screenshot must be a PNG, JPEG or WebP image.",
        ),
    }
)
