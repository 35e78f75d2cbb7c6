"""Evidence from outside the page: the site's own rules and what the user taught us.

- ``site_rule_wall``: the site's ftr-site-config ``not_logged_in_xpath`` matches the page,
  i.e. the community says this element is there only when the reader is not signed in.
- ``user_marked_truncated`` / ``user_marked_complete``: the user marked other pages of the
  same site, and those pages carried the same wall box or marker line as this one.

Each comes as an :class:`Evidence` with its strength in ``weight`` (0, 1]; the verdict's
model turns strengths into contributions. Plain data in, plain data out: the caller hands
over a snapshot of the marks (no database here), so this runs in a worker thread too.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reader.core.extract.site_content import matches
from reader.core.models import Evidence, UserMark
from reader.core.site_rules import SiteRule, site_label
from reader.core.verdict.features import wall_signatures
from reader.core.verdict.page import PageSignals

MARKS_FOR_FULL_STRENGTH = 3  # this many matching marks weigh 1.0; fewer weigh less


def rule_wall(doc: Any, rule: SiteRule | None) -> list[Evidence]:
    """``site_rule_wall`` when one of the site's not_logged_in_xpath rules matches."""
    if doc is None or rule is None:
        return []
    for expr in rule.not_logged_in_xpath:
        if matches(doc, expr):
            detail = f"the site rules for {rule.host.lstrip('.')} name this wall: {expr}"
            return [Evidence("site_rule_wall", detail, 1.0)]
    return []


def _plural(n: int) -> str:
    return "1 page" if n == 1 else f"{n} pages"


def user_marks(
    host: str, url: str | None, signatures: Sequence[str], marks: Sequence[UserMark]
) -> list[Evidence]:
    """Evidence from the user's marks on other pages of this host that share a signature."""
    if not host or not signatures or not marks:
        return []
    wanted = set(signatures)
    out: list[Evidence] = []
    for mark, signal in (
        ("truncated", "user_marked_truncated"),
        ("complete", "user_marked_complete"),
    ):
        shared: list[str] = []
        n = 0
        for m in marks:
            if m.mark != mark or m.host != host or (url and m.url == url):
                continue
            common = [s for s in m.signatures if s in wanted]
            if common:
                n += 1
                shared.extend(s for s in common if s not in shared)
        if n:
            what = "line" if all(s.startswith("marker:") for s in shared) else "box"
            detail = (
                f"you marked {_plural(n)} from {site_label(host)} as {mark} "
                f"when this {what} was present "
                f"({'; '.join(shared[:3])})"
            )
            out.append(Evidence(signal, detail, min(1.0, n / MARKS_FOR_FULL_STRENGTH)))
    return out


def site_evidence(
    doc: Any,
    url: str | None,
    host: str,
    signatures: Sequence[str],
    marks: Sequence[UserMark],
    rule: SiteRule | None,
) -> list[Evidence]:
    """All outside evidence for one page (``doc`` is None for a text dump).

    Marks of the same URL are skipped: re-extracting a marked page does not count its
    own mark as evidence.
    """
    return rule_wall(doc, rule) + user_marks(host, url, signatures, marks)


def add_site_evidence(
    signals: PageSignals,
    url: str | None,
    host: str,
    rule: SiteRule | None,
    marks: Sequence[UserMark],
) -> None:
    """Fill ``signals.extra`` before judging (signatures are read only when marks apply)."""
    relevant = [m for m in marks if m.host == host and m.signatures] if host else []
    signatures = wall_signatures(signals) if relevant else []
    signals.extra = site_evidence(signals.doc, url, host, signatures, relevant, rule)
