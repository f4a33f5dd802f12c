"""Messages for the recipient side."""

from server.core import i18n

i18n.register(
    {
        "INVALID_ADDRESS": (
            "Geçerli bir cep telefonu numarası ya da e-posta adresi girin.",
            "Enter a valid mobile phone number or e-mail address.",
        ),
        "CODE_RECENTLY_SENT": (
            "Yeni bir kod istemeden önce 3 dakika bekleyin.",
            "Wait 3 minutes before asking for a new code.",
        ),
        "TOO_MANY_ATTEMPTS": (
            "Çok fazla deneme yapıldı; lütfen daha sonra tekrar deneyin.",
            "Too many attempts; please try again later.",
        ),
        "INVALID_CODE": ("Kod hatalı.", "The code is wrong."),
        "CODE_EXPIRED": (
            "Kodun süresi doldu ya da çok fazla hatalı deneme yapıldı; yeni bir kod isteyin.",
            "The code expired or was entered wrongly too often; ask for a new one.",
        ),
        "CODE_DELIVERY_FAILED": (
            "Kod gönderilemedi; lütfen biraz sonra tekrar deneyin.",
            "The code could not be sent; please try again shortly.",
        ),
    }
)
