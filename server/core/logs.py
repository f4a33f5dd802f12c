"""Logging for the server process: one JSON object per line (or text), with the request id.

The request id lives in a context variable set by the HTTP middleware for the duration of a
request (server/request_telemetry.py); a filter on the handler copies it onto every record, so
every line logged while a request is handled carries it, uvicorn's access and error lines too.
"""

from __future__ import annotations

import logging
import logging.config
import re
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter

from server.core.settings import Settings

request_id_var: ContextVar[str | None] = ContextVar("izinhub_request_id", default=None)

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
# Attributes that are not part of a line: uvicorn's ANSI-coloured copy of the message, and the
# asyncio task name Python 3.12 adds to every record.
NOT_LOGGED = ("color_message", "taskName")


class RequestIdFilter(logging.Filter):
    """Puts the current request's id (``missing`` outside a request) on every record."""

    def __init__(self, missing: str | None = None) -> None:
        super().__init__()
        self.missing = missing

    def filter(self, record: logging.LogRecord) -> bool:
        request_id = request_id_var.get()
        record.request_id = self.missing if request_id is None else request_id
        return True


# Paths that carry a secret: a one-click rejection link's token rejects consents for whoever
# holds it, so it must not end up in access logs.
SECRET_PATH = re.compile(r"^(/ret/)[^/?#\s]+")


class SecretPathFilter(logging.Filter):
    """Redacts secrets in the path of uvicorn's access lines (client, method, path, version,
    status)."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if record.name == "uvicorn.access" and isinstance(args, tuple) and len(args) >= 3:
            path = str(args[2])
            redacted = SECRET_PATH.sub(r"\1[redacted]", path)
            if redacted != path:
                record.args = (*args[:2], redacted, *args[3:])
        return True


class JsonLineFormatter(JsonFormatter):
    """``{"time", "level", "logger", "message", "request_id", "exception"?, ...extra}``.

    ``time`` is ISO 8601 in UTC with milliseconds; a traceback is one string field, so a line
    is always one JSON object; fields passed with ``extra=`` follow.
    """

    def __init__(self) -> None:
        super().__init__(
            ["levelname", "name", "message", "request_id"],
            rename_fields={
                "levelname": "level",
                "name": "logger",
                "exc_info": "exception",
                "stack_info": "stack",
            },
            reserved_attrs=[*RESERVED_ATTRS, *NOT_LOGGED],
            timestamp=False,
        )

    def add_fields(
        self, log_data: dict[str, Any], record: logging.LogRecord, message_dict: dict[str, Any]
    ) -> None:
        log_data["time"] = datetime.fromtimestamp(record.created, UTC).isoformat(
            timespec="milliseconds"
        )
        super().add_fields(log_data, record, message_dict)


def logging_config(settings: Settings) -> dict[str, Any]:
    """A ``dictConfig`` for the process: the root logger and uvicorn's share one handler."""
    json_lines = settings.log_format == "json"
    formatter: dict[str, Any] = {"()": JsonLineFormatter} if json_lines else {"format": TEXT_FORMAT}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "request_id": {"()": RequestIdFilter, "missing": None if json_lines else "-"},
            "secret_paths": {"()": SecretPathFilter},
        },
        "formatters": {"line": formatter},
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stderr",
                "formatter": "line",
                "filters": ["request_id", "secret_paths"],
            }
        },
        "root": {"handlers": ["stderr"], "level": settings.log_level},
        "loggers": {
            # uvicorn's own loggers propagate to the root's handler instead of their own.
            name: {"handlers": [], "level": settings.log_level, "propagate": True}
            for name in ("uvicorn", "uvicorn.error", "uvicorn.access")
        },
    }


def configure_logging(settings: Settings) -> None:
    logging.config.dictConfig(logging_config(settings))
