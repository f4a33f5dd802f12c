"""Messages for webhook failures."""

from server.core import i18n

i18n.register(
    {
        "INVALID_WEBHOOK_URL": (
            "Web kancası adresi https:// ile başlayan geçerli bir adres olmalıdır.",
            "The webhook URL must be a valid https:// address.",
        ),
        "WEBHOOK_PRIVATE_ADDRESS": (
            "Web kancası özel, yerel ya da bağlantı-yerel bir adrese yönelemez.",
            "A webhook cannot point at a private, loopback or link-local address.",
        ),
        "WEBHOOK_UNREACHABLE": (
            "Web kancası adresinin sunucusu bulunamadı.",
            "The webhook URL's host could not be resolved.",
        ),
        "TOO_MANY_WEBHOOKS": (
            "Bir marka için en fazla {max} web kancası olabilir.",
            "A brand can have at most {max} webhooks.",
        ),
    }
)
