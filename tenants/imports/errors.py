"""Messages and exceptions of bulk imports.

Whole-file problems found at upload are refused with the reader's own wording (it names the
line or the missing columns); the same codes found later by the background job become the
job's ``failureCode`` with the generic messages below. Row errors use İYS's rule messages.
"""

from __future__ import annotations

from server.core import i18n
from server.core.errors import ValidationFailed
from tenants.consents.codes import RuleCode, message_for
from tenants.imports.readers import FileFormatError


class FileRejected(ValidationFailed):
    """An upload that cannot be read as a consent file, worded by the reader."""

    def __init__(self, error: FileFormatError) -> None:
        super().__init__(error.code, field="file")
        self._turkish = error.message_tr
        self._english = error.message

    def message(self, lang: str = i18n.DEFAULT_LANGUAGE) -> str:
        return self._english if lang == "en" else self._turkish


def row_error_message(code: str, lang: str) -> str:
    """The message of a rejected row: İYS's wording for a rule code, the catalogue otherwise."""
    if code in RuleCode.__members__:
        return message_for(RuleCode(code), lang)
    return i18n.translate(code, lang)


i18n.register(
    {
        "FILE_TOO_LARGE": (
            "Dosya çok büyük: en fazla {limit} yüklenebilir.",
            "The file is too large: at most {limit} can be uploaded.",
        ),
        "INVALID_UPLOAD": (
            "Dosya, çok parçalı (multipart) bir istekle yüklenmelidir.",
            "The file must be uploaded with a multipart request.",
        ),
        "FILE_MISSING": (
            "Yüklenen dosya sunucuda bulunamadı; dosyayı yeniden yükleyin.",
            "The uploaded file is no longer on the server; upload it again.",
        ),
        "INTERNAL_ERROR": (
            "İçe aktarma beklenmeyen bir hata nedeniyle durdu; kaydedilen satırlar geçerlidir.",
            "The import stopped on an unexpected error; the rows saved so far stand.",
        ),
        "CANCELLED": (
            "İçe aktarma durduruldu; kaydedilen satırlar geçerlidir.",
            "The import was stopped; the rows saved so far stand.",
        ),
        "TENANT_NOT_FOUND": ("Bu kısa adla bir hesap yok.", "No tenant has this slug."),
        "BRAND_NOT_FOUND": ("Bu kodla bir marka yok.", "No brand has this code."),
        "AMBIGUOUS_BRAND": (
            "Bu marka kodu birden fazla hizmet sağlayıcıda var: hizmet sağlayıcıyı da belirtin.",
            "Several providers have a brand with this code: name the provider as well.",
        ),
        # The reader's codes, for a job that meets them after the upload was accepted.
        "UNSUPPORTED_FILE": (
            "Dosya CSV ya da Excel (.xlsx) dosyası değil.",
            "The file is not a CSV or Excel (.xlsx) file.",
        ),
        "CORRUPT_XLSX": (
            "Excel dosyası bozuk ve okunamıyor.",
            "The Excel workbook is damaged and cannot be read.",
        ),
        "XLSX_TOO_LARGE": (
            "Excel dosyası açıldığında olağan dışı büyüyor; dosyayı CSV olarak yükleyin.",
            "The Excel workbook unpacks to far more data than it holds; upload it as CSV.",
        ),
        "BAD_ENCODING": (
            "Dosyanın metni UTF-8 ya da Windows-1254 (Türkçe) değil.",
            "The file's text is neither UTF-8 nor Windows-1254 (Turkish).",
        ),
        "EMPTY_FILE": ("Dosya boş: başlık satırı yok.", "The file is empty: it has no header row."),
        "MISSING_COLUMNS": (
            "Başlıkta zorunlu sütunlar eksik.",
            "Required columns are missing from the header.",
        ),
        "DUPLICATE_COLUMNS": (
            "Bir sütun başlıkta birden fazla kez geçiyor.",
            "A column appears more than once in the header.",
        ),
        "TOO_MANY_COLUMNS": ("Başlıkta çok fazla sütun var.", "The header has too many columns."),
        "LINE_TOO_LONG": (
            "Dosyada çok uzun bir satır var; büyük olasılıkla bir tırnak işareti açık kalmış.",
            "A line of the file is too long; a quotation mark is probably not closed.",
        ),
    }
)
