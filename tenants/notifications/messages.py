"""The words of a notice, in Turkish (the recipient's language here) with an English line."""

from __future__ import annotations

from tenants.core.text import displayable
from tenants.notifications.models import Notice
from tenants.notifications.transports import OutgoingMessage

CHANNEL_NAMES = {"MESAJ": "SMS", "ARAMA": "arama", "EPOSTA": "e-posta"}


def render_notice(notice: Notice, brand_name: str, link: str) -> OutgoingMessage:
    """The SMS or e-mail for ``notice``. The brand's name is shown without control or format
    characters, whatever is stored (names saved before they were refused): no line break can
    reach the e-mail Subject, no direction override can reorder what the recipient reads."""
    brand_name = displayable(brand_name)
    types = set(notice.types.split(","))
    channels = ", ".join(name for type_, name in CHANNEL_NAMES.items() if type_ in types)
    if notice.channel == "SMS":
        body = (
            f"{brand_name} size {channels} ile ticari ileti gonderebilmek icin izninizi kaydetti. "
            f"Izninizi geri almak icin: {link}"
        )
        return OutgoingMessage("SMS", notice.recipient, brand_name, body)
    body = (
        f"Merhaba,\n\n{brand_name} markası, size {channels} ile ticari elektronik ileti "
        "gönderebilmek için verdiğiniz izni kaydetti.\n\n"
        f"Bu izni geri almak için tek tıklama yeterli (bağlantı 90 gün geçerlidir):\n{link}\n\n"
        f"{brand_name} recorded your consent to receive commercial messages by {channels}. "
        f"To withdraw it, open the link above.\n"
    )
    return OutgoingMessage("EPOSTA", notice.recipient, f"{brand_name}: ileti izniniz", body)
