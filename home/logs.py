"""One JSON object per log line (LOG_FORMAT=json), for log shippers and their queries.

python-json-logger does the encoding. This subclass only names the fields once for both
the app's records and gunicorn's access log (gunicorn.conf.py uses it too), and turns the
request Django attaches to `django.request` records into its method, path and client
address: the request object itself is not JSON. It must not import Django at import time:
gunicorn's master loads it first.
"""

import logging
from typing import Any

from pythonjsonlogger.json import JsonFormatter as BaseJsonFormatter

RENAMED = {"levelname": "level", "name": "logger", "exc_info": "exception"}


def _client(request: Any) -> str | None:
    """The reader's address behind our proxies (REMOTE_ADDR is the proxy's), or None.

    Imported here: only Django's own records carry a request, so Django is loaded by then.
    A misconfigured proxy setting may be the very error being logged: it must not lose it.
    """
    from django.core.exceptions import ImproperlyConfigured

    from site_pages.client_address import client_ip

    try:
        return client_ip(request)
    except ImproperlyConfigured:
        return None


class JsonFormatter(BaseJsonFormatter):
    """timestamp, level, logger, message; method, path, client, status with a request."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("fmt", ["levelname", "name", "message"])
        kwargs.setdefault("rename_fields", RENAMED)
        kwargs.setdefault("timestamp", True)
        super().__init__(*args, **kwargs)

    def add_fields(
        self, log_data: dict[str, Any], record: logging.LogRecord, message_dict: dict[str, Any]
    ) -> None:
        super().add_fields(log_data, record, message_dict)
        # Timestamp first, for people reading the raw lines.
        ordered = {"timestamp": log_data.pop("timestamp", None), **log_data}
        log_data.clear()
        log_data.update(ordered)
        request = log_data.pop("request", None)
        # django.request passes the HttpRequest; runserver's django.server passes a socket.
        if hasattr(request, "method") and hasattr(request, "path"):
            log_data.update(method=request.method, path=request.path)
            if hasattr(request, "META"):
                log_data["client"] = _client(request)
        if "status_code" in log_data:
            log_data["status"] = log_data.pop("status_code")
        if record.name == "gunicorn.access" and isinstance(record.args, dict):
            atoms = record.args  # gunicorn's access-log atoms, see gunicorn.glogging
            log_data.update(
                method=atoms.get("m"),
                path=atoms.get("U"),
                status=int(atoms["s"]) if str(atoms.get("s", "")).isdigit() else None,
                duration_ms=atoms.get("M"),
                remote_addr=atoms.get("h"),
                user_agent=atoms.get("a"),
            )
