"""Messages for consent failures that are ours rather than İYS's."""

from server.core import i18n

i18n.register(
    {
        "INVALID_DAYS": (
            "Gün sayısı 1 ile {max} arasında olmalıdır.",
            "The number of days must be between 1 and {max}.",
        ),
        "TOO_MANY_RECIPIENTS": (
            "Tek seferde en fazla {max} alıcı sorgulanabilir.",
            "At most {max} recipients can be checked at once.",
        ),
    }
)
