"""Messages for provider and brand failures."""

from server.core import i18n

i18n.register(
    {
        "H243": (
            "Geçersiz VKN/TCKN: kontrol hanesi tutmuyor.",
            "Invalid VKN/TCKN: bad check digit.",
        ),
        "H244": ("Tin değeri 10 veya 11 karakter olmalıdır.", "The tin must be 10 or 11 digits."),
        "H228": ("MERSİS numarası 16 haneli olmalıdır.", "The MERSİS number must be 16 digits."),
        "INVALID_MERSIS": (
            "0 ile başlayan MERSİS numarasının sonraki 10 hanesi geçerli bir VKN olmalıdır.",
            "A MERSİS number starting with 0 must carry a valid VKN in its next 10 digits.",
        ),
        "INVALID_CODE": ("Geçersiz kod.", "Invalid code."),
        "IYS_CODE_TAKEN": (
            "Bu İYS numarası ile bir hizmet sağlayıcı zaten var.",
            "A provider with this İYS number already exists.",
        ),
        "BRAND_CODE_TAKEN": (
            "Bu marka kodu bu hizmet sağlayıcıda zaten kullanılıyor.",
            "This brand code is already used by this provider.",
        ),
        "INVALID_ID": ("Geçersiz kimlik.", "Invalid id."),
    }
)
