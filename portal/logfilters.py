"""Logging filters (LOGGING in portal/settings.py)."""

import logging


class ForbiddenWithoutTraceback(logging.Filter):
    """A refused request (403) is expected and logged as one line: Django's request logger attaches the
    PermissionDenied with its traceback, which buries real errors in noise."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403:
            record.exc_info = None
            record.exc_text = None
        return True
