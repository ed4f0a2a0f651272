"""Errors the user sees: a stable code for the API and a Vietnamese message.

Every module raises VanthuError (or a subclass) for bad input; the web layer turns it
into a JSON body {"error": {"code", "message", "details"}} with its HTTP status, and
the CLI prints the message and exits non-zero. Nothing else should reach the user.
"""
from __future__ import annotations


class VanthuError(Exception):
    """A user-facing error: `code` is stable (API clients match on it), `message` is Vietnamese."""

    status = 400
    code = "bad_request"

    def __init__(self, message: str, *, code: str | None = None, status: int | None = None,
                 details: list | dict | None = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        if status:
            self.status = status
        self.details = details

    def to_dict(self) -> dict:
        body = {"code": self.code, "message": self.message}
        if self.details is not None:
            body["details"] = self.details
        return {"error": body}


class ValidationError(VanthuError):
    """Input that does not match its schema; details = [{"field", "message"}]."""

    status = 422
    code = "validation_failed"


class NotFound(VanthuError):
    status = 404
    code = "not_found"


class UnreadableFile(VanthuError):
    """A file that cannot be read: not the claimed format, corrupt, encrypted, too big, malicious."""

    status = 422
    code = "unreadable_file"


class Forbidden(VanthuError):
    status = 403
    code = "forbidden"


class Conflict(VanthuError):
    status = 409
    code = "conflict"


class Unavailable(VanthuError):
    """A optional tool (LibreOffice, Tesseract, Redis) is not installed or not reachable."""

    status = 503
    code = "unavailable"
