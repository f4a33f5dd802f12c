"""Messages for consent failures that are ours rather than İYS's."""

from server.core import i18n

i18n.register(
    {
        "TOO_MANY_RECIPIENTS": (
            "Tek seferde en fazla {max} alıcı sorgulanabilir.",
            "At most {max} recipients can be checked at once.",
        ),
    }
)
