"""Keep secrets out of what reader prints and logs: URL userinfo, cookies, auth headers.

:func:`redact` rewrites one text; :func:`install_log_redaction` puts a filter on every
handler of the root logger, so each log line (httpx/httpcore debug traces included) is
redacted before it is written. The CLI and the desktop app both install it.
"""

from __future__ import annotations

import logging
import re

MASK = "[redacted]"
_SECRET_HEADERS = r"(?:set-cookie|cookie|authorization|proxy-authorization|x-api-key)"
# "Set-Cookie: a=b" / "cookie=a=b" / "'Cookie': 'a=b'" — header style, up to the line end
_HEADER_LINE = re.compile(
    rf"(?P<name>\b{_SECRET_HEADERS})(?P<sep>[\"']?\s*[:=]\s*)(?P<value>[^\r\n]+)", re.IGNORECASE
)
# httpcore's trace: (b'Set-Cookie', b'value'), and the same as str tuples or dict items
_HEADER_TUPLE = re.compile(
    rf"(?P<name>b?(?P<q1>['\"]){_SECRET_HEADERS}(?P=q1)\s*[,:]\s*b?(?P<q2>['\"]))"
    r"(?P<value>.*?)(?P=q2)",
    re.IGNORECASE,
)
_USERINFO = re.compile(r"(?P<scheme>\b[A-Za-z][A-Za-z0-9+.\-]*:)?//[^/?#@\s'\"<>]*@")


def redact(text: str) -> str:
    """``text`` with URL userinfo dropped and cookie/authorization values masked."""
    if not text:
        return text
    text = _USERINFO.sub(lambda m: f"{m.group('scheme') or ''}//", text)
    text = _HEADER_TUPLE.sub(lambda m: f"{m.group('name')}{MASK}{m.group('q2')}", text)
    return _HEADER_LINE.sub(_mask_line, text)


def _mask_line(match: re.Match[str]) -> str:
    value = match.group("value")
    if value.startswith(MASK) or value.lstrip("b'\"").startswith(MASK):
        return match.group(0)
    return f"{match.group('name')}{match.group('sep')}{MASK}"


class RedactingFilter(logging.Filter):
    """Rewrites a record's message (and traceback text) through :func:`redact`."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # a bad format string: show it raw, redacted
            message = str(record.msg)
        record.msg, record.args = redact(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


def install_log_redaction(logger: logging.Logger | None = None) -> None:
    """Put a :class:`RedactingFilter` on every handler of ``logger`` (the root by default)."""
    target = logger or logging.getLogger()
    for handler in target.handlers:
        if not any(isinstance(f, RedactingFilter) for f in handler.filters):
            handler.addFilter(RedactingFilter())
