"""The exceptions services raise for expected failures, mapped to GraphQL errors in one place.

AppError
 ├── NotFound            the object does not exist *for this tenant* (foreign ids land here too)
 ├── ValidationFailed    an input is malformed; carries the field and a stable code
 │    └── Conflict       a uniqueness rule would break (a taken slug, a duplicate code)
 ├── PermissionDenied    the caller lacks the role or the brand scope
 ├── AuthFailed          sign-in, refresh or token problems (INVALID_CREDENTIALS, ...)
 └── Unavailable         a service we depend on (Redis) does not answer: try again shortly

Messages are not stored in the exception: ``message(lang)`` renders the code's catalogue entry
(see ``server.core.i18n``) in the caller's language.
"""

from __future__ import annotations

from server.core.i18n import DEFAULT_LANGUAGE, translate


class AppError(Exception):
    """Base of every expected failure; ``code`` is stable, the message comes from the catalogue."""

    default_code = "ERROR"

    def __init__(self, code: str | None = None, *, field: str | None = None, **params: object):
        self.code = code or self.default_code
        self.field = field
        self.params = params
        super().__init__(self.code)

    def message(self, lang: str = DEFAULT_LANGUAGE) -> str:
        return translate(self.code, lang, **self.params)


class NotFound(AppError):
    default_code = "NOT_FOUND"


class ValidationFailed(AppError):
    default_code = "VALIDATION_ERROR"


class Conflict(ValidationFailed):
    default_code = "CONFLICT"


class PermissionDenied(AppError):
    default_code = "FORBIDDEN"


class AuthFailed(AppError):
    default_code = "INVALID_CREDENTIALS"


class Unavailable(AppError):
    default_code = "TEMPORARILY_UNAVAILABLE"
