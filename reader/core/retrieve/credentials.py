"""Secrets in keyring (service ``reader``): the only module of reader that uses keyring.

SQLite keeps only the host, the username and the method (see storage.retrieval). With no
usable keyring backend nothing is stored and :class:`KeyringUnavailableError` says so in one
line; there is no plain-file fallback. No message here ever contains a secret.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from reader.core.errors import InvalidSourceError, ReaderError

SERVICE = "reader"
KINDS = ("cookie", "password", "session")
_NAME_OK = re.compile(r"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$")  # an RFC 6265 token
_VALUE_BAD = re.compile(r"[;\s\x00-\x1f\x7f\"\\,]")

NO_BACKEND = (
    "no usable keyring backend (reader keeps secrets only in the system keyring, e.g. GNOME "
    "Keyring or KWallet via the Secret Service); nothing was stored"
)


class KeyringUnavailableError(ReaderError):
    """No usable keyring backend: the secret was not stored."""


def parse_cookie_line(line: str) -> dict[str, str]:
    """``name=value; name2=value2`` → dict. Errors name the cookie, never its value."""
    cookies: dict[str, str] = {}
    for part in line.strip().split(";"):
        part = part.strip()
        if not part:
            continue
        name, eq, value = part.partition("=")
        name, value = name.strip(), value.strip()
        if not eq or not _NAME_OK.match(name):
            shown = name if _NAME_OK.match(name) else "(unreadable)"
            raise InvalidSourceError(f"cookie {shown}: expected name=value; name2=value2")
        if value.startswith('"') and value.endswith('"') and len(value) >= 2:
            value = value[1:-1]
        if _VALUE_BAD.search(value):
            raise InvalidSourceError(f"cookie {name}: the value has characters a cookie cannot")
        cookies[name] = value
    if not cookies:
        raise InvalidSourceError("no cookie given: expected one line of name=value; name2=value2")
    return cookies


def cookie_line(cookies: Mapping[str, str]) -> str:
    """Inverse of :func:`parse_cookie_line`."""
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


class Keyring:
    """Secrets for reader's credentials, one keyring entry per (kind, host)."""

    def __init__(self, backend: Any | None = None) -> None:
        self._backend = backend  # None: keyring's configured backend, looked up on use

    def _kr(self) -> Any:
        if self._backend is not None:
            return self._backend
        import keyring

        return keyring.get_keyring()

    def usable(self) -> bool:
        """True when the backend can keep secrets (not the fail or null backend)."""
        try:
            kr = self._kr()
            priority = float(kr.priority)
        except Exception:  # a broken backend module is unusable, whatever it raises
            return False
        name = f"{type(kr).__module__}.{type(kr).__name__}"
        if name.startswith(("keyring.backends.fail.", "keyring.backends.null.")):
            return False
        backends = getattr(kr, "backends", None)
        if backends is not None and not backends:  # an empty chainer
            return False
        return priority > 0

    def require(self) -> None:
        """Raise :class:`KeyringUnavailableError` unless the backend is usable."""
        if not self.usable():
            raise KeyringUnavailableError(NO_BACKEND)

    @staticmethod
    def _user(kind: str, host: str) -> str:
        if kind not in KINDS:
            raise ValueError(f"unknown secret kind {kind!r}")
        return f"{kind}:{host}"

    def put(self, kind: str, host: str, secret: str) -> None:
        """Store a secret; nothing is stored when the backend cannot keep it."""
        self.require()
        from keyring.errors import KeyringError

        try:
            self._kr().set_password(SERVICE, self._user(kind, host), secret)
        except KeyringError as exc:
            raise KeyringUnavailableError(
                f"the keyring refused to store the secret ({type(exc).__name__}); "
                "nothing was stored"
            ) from None

    def get(self, kind: str, host: str) -> str | None:
        """A stored secret, or None (also when no backend is usable)."""
        if not self.usable():
            return None
        from keyring.errors import KeyringError

        try:
            value = self._kr().get_password(SERVICE, self._user(kind, host))
        except KeyringError:
            return None
        return None if value is None else str(value)

    def delete(self, kind: str, host: str) -> None:
        """Remove a secret if it is there."""
        if not self.usable():
            return
        from keyring.errors import KeyringError, PasswordDeleteError

        try:
            self._kr().delete_password(SERVICE, self._user(kind, host))
        except (PasswordDeleteError, KeyringError):
            pass

    # ---- typed helpers ---------------------------------------------------------------
    def cookies(self, host: str) -> dict[str, str] | None:
        """The cookie credential of a host, as a dict."""
        line = self.get("cookie", host)
        try:
            return parse_cookie_line(line) if line else None
        except InvalidSourceError:
            return None

    def session(self, host: str) -> dict[str, str] | None:
        """Cookies kept from the last successful login to a host."""
        raw = self.get("session", host)
        try:
            data = json.loads(raw) if raw else None
        except ValueError:
            return None
        if not isinstance(data, dict):
            return None
        return {str(k): str(v) for k, v in data.items()}

    def put_session(self, host: str, cookies: Mapping[str, str]) -> None:
        """Keep a login's session cookies (quietly skipped when no backend is usable)."""
        if cookies and self.usable():
            self.put("session", host, json.dumps(dict(cookies)))

    def forget(self, host: str) -> None:
        """Remove every secret of a host."""
        for kind in KINDS:
            self.delete(kind, host)
