"""The per-domain ledger: items saved, share truncated, credentials, the route that worked."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from reader.core.errors import InvalidSourceError
from reader.core.retrieve.domains import host_of, site_of

if TYPE_CHECKING:
    from reader.core.models import UserMark
    from reader.core.storage.retrieval import CredentialInfo, LedgerEntry


@dataclass
class DomainRow:
    """One line of ``reader domains`` and the Sites view."""

    domain: str
    items: int
    truncated: int
    credentials: str | None  # the method (cookie | password | browser) when the user has one
    worked_route: str | None
    last_route: str | None
    last_result: str | None
    marked_truncated: int = 0  # the user's own marks on this site's items
    marked_complete: int = 0

    @property
    def share_truncated(self) -> float:
        """Truncated items / items saved (0 when none)."""
        return self.truncated / self.items if self.items else 0.0

    def to_json(self) -> dict[str, Any]:
        """The record ``reader domains --json`` prints."""
        return {**asdict(self), "share_truncated": round(self.share_truncated, 3)}


def _domain(url: str) -> str | None:
    if not url.startswith(("http://", "https://")):
        return None
    try:
        return site_of(host_of(url))
    except InvalidSourceError:
        return None


def domain_rows(
    items: Sequence[tuple[str, str, int]],
    ledger: Mapping[str, LedgerEntry],
    credentials: Sequence[CredentialInfo],
    marks: Sequence[UserMark] = (),
) -> list[DomainRow]:
    """Group the library's items by registrable domain; join the ledger, credentials, marks."""
    counts: dict[str, list[int]] = {}
    for url, original, truncated in items:
        domain = _domain(original) or _domain(url)
        if domain is None:
            continue
        n = counts.setdefault(domain, [0, 0])
        n[0] += 1
        n[1] += truncated
    creds: dict[str, str] = {}
    for c in credentials:
        try:
            creds.setdefault(site_of(c.host), c.method)
        except InvalidSourceError:
            continue
    marked: dict[str, list[int]] = {}
    for m in marks:
        if not m.host or m.host.startswith("name:"):
            continue
        try:
            n = marked.setdefault(site_of(m.host), [0, 0])
        except InvalidSourceError:
            continue
        n[0 if m.mark == "truncated" else 1] += 1
    rows = []
    for domain in sorted(set(counts) | set(ledger) | set(creds) | set(marked)):
        saved, cut = counts.get(domain, [0, 0])
        entry = ledger.get(domain)
        rows.append(
            DomainRow(
                domain,
                saved,
                cut,
                creds.get(domain),
                entry.worked_route if entry else None,
                entry.last_route if entry else None,
                entry.last_result if entry else None,
                *marked.get(domain, [0, 0]),
            )
        )
    rows.sort(key=lambda r: (-r.items, r.domain))
    return rows
