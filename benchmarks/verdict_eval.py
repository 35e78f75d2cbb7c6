"""Score the paywall verdict on the labelled corpus (confusion table, precision/recall, misses)."""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import lxml.html
from lxml import etree
from readability import Document

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from reader.core.verdict.model import PageSignals, judge  # noqa: E402

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared/corpus/paywall"
LABEL_TO_STATUS = {
    "paywalled-truncated": "truncated",
    "paywalled-full": "paywalled_full",
    "free": "free",
}
BLOCK_TAGS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre")
_BLOCK_SET = frozenset(BLOCK_TAGS)
_WS = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([\w-]+)""", re.I)
TAIL_CHARS = 3000
REPEATS = 3  # judge() runs per page; the fastest counts (the machine may be busy)


def _norm(text: str) -> str:
    """Collapse whitespace."""
    return _WS.sub(" ", text).strip()


def decode_html(raw: bytes) -> str:
    """Decode page bytes: UTF-8, else the declared charset, else a guess."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    m = _CHARSET.search(raw[:4096])
    if m:
        try:
            return raw.decode(m.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(raw).best()
        if best is not None:
            return str(best)
    except ImportError:  # pragma: no cover - dependency is declared
        pass
    return raw.decode("cp1252", errors="replace")


def _flatten_jsonld(node: Any, out: list[dict]) -> None:
    """Append every object of a JSON-LD value, expanding lists and @graph."""
    if isinstance(node, list):
        for item in node:
            _flatten_jsonld(item, out)
    elif isinstance(node, dict):
        graph = node.get("@graph")
        if graph is not None:
            rest = {k: v for k, v in node.items() if k != "@graph"}
            if len(rest) > 1 or (rest and "@context" not in rest):
                out.append(rest)
            _flatten_jsonld(graph, out)
        else:
            out.append(node)


def collect_jsonld(doc: lxml.html.HtmlElement) -> list[dict]:
    """Every JSON-LD object in the page, flattened."""
    out: list[dict] = []
    for script in doc.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        text = (script.text or "").strip()
        if not text:
            continue
        if text.startswith("<!--"):
            text = text.removeprefix("<!--").removesuffix("-->").strip()
        try:
            data = json.loads(text, strict=False)
        except ValueError:
            continue
        _flatten_jsonld(data, out)
    return out


def collect_meta(doc: lxml.html.HtmlElement) -> dict[str, str]:
    """<meta> name/property (lower-cased) -> content; the first one wins."""
    meta: dict[str, str] = {}
    for el in doc.iter("meta"):
        key = el.get("property") or el.get("name") or el.get("http-equiv")
        content = el.get("content")
        if key and content is not None:
            meta.setdefault(key.strip().lower(), content.strip())
    return meta


def guess_language(doc: lxml.html.HtmlElement, meta: dict[str, str]) -> str | None:
    """Two-letter language from <html lang>, og:locale or content-language."""
    for value in (
        doc.get("lang"),
        doc.get("xml:lang"),
        meta.get("og:locale"),
        meta.get("content-language"),
        meta.get("language"),
    ):
        if value:
            code = re.split(r"[-_]", value.strip().lower())[0]
            if 2 <= len(code) <= 3 and code.isalpha():
                return code
    return None


def summary_blocks(summary_html: str) -> list[str]:
    """Block texts of a readability summary, in order (innermost blocks only)."""
    try:
        root = lxml.html.fromstring(summary_html)
    except (etree.ParserError, ValueError):
        return []
    blocks: list[str] = []
    for el in root.iter(*BLOCK_TAGS):
        if any(child.tag in _BLOCK_SET for child in el.iterdescendants()):
            continue
        text = _norm(el.text_content())
        if text:
            blocks.append(text)
    if not blocks:
        text = _norm(root.text_content())
        if text:
            blocks = [text]
    return blocks


_BODY_TEXT = etree.XPath(
    "//body//text()[not(ancestor::script or ancestor::style or ancestor::noscript"
    " or ancestor::template)]"
)


def visible_text(doc: lxml.html.HtmlElement) -> str:
    """Whitespace-normalised page text without scripts and styles."""
    return _norm(" ".join(_BODY_TEXT(doc)))


def compute_tail(page_text: str, blocks: list[str]) -> str:
    """Text that follows the last extracted block in the page text (rough)."""
    if not blocks:
        return ""
    last = blocks[-1]
    idx = page_text.rfind(last)
    if idx >= 0:
        end = idx + len(last)
    else:
        idx = page_text.rfind(last[-80:])
        if idx >= 0:
            end = idx + len(last[-80:])
        else:
            idx = page_text.rfind(last[:80])
            if idx < 0:
                return ""
            end = idx + len(last)
    return page_text[end : end + TAIL_CHARS].strip()


def build_signals(html: str) -> PageSignals:
    """Parse a page, run readability and collect what judge() needs."""
    try:
        doc = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return PageSignals(blocks=[_norm(html)] if html.strip() else [])
    jsonld = collect_jsonld(doc)
    meta = collect_meta(doc)
    language = guess_language(doc, meta)
    try:
        summary = Document(_CONTROL.sub("", html)).summary()
    except Exception:  # readability raises assorted errors on odd pages
        summary = ""
    blocks = summary_blocks(summary) if summary else []
    tail = compute_tail(visible_text(doc), blocks)
    return PageSignals(
        blocks=blocks, doc=doc, jsonld=jsonld, meta=meta, language=language, tail_text=tail
    )


def load_labels(corpus: Path) -> list[dict[str, str]]:
    """Rows of labels.csv."""
    with (corpus / "labels.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def judge_page(html: str, raw: bytes, pipeline: bool) -> tuple[Any, int, float]:
    """(verdict, blocks removed, judge() seconds) for one page, via build_signals or the app."""
    if pipeline:
        return _judge_with_pipeline(raw)
    signals = build_signals(html)
    best = float("inf")
    for _ in range(REPEATS):
        t0 = time.perf_counter()
        verdict, kept = judge(signals)
        best = min(best, time.perf_counter() - t0)
    return verdict, len(signals.blocks) - len(kept), best


def _judge_with_pipeline(raw: bytes) -> tuple[Any, int, float]:
    """Run reader.core.extract.html on the page, timing the judge() call it makes."""
    from reader.core.extract import html as extract
    from reader.core.models import Evidence, PaywallVerdict
    from reader.core.verdict import model as paywall

    spent: list[float] = []
    removed: list[int] = []
    real = paywall.judge

    def timed(signals: PageSignals) -> tuple[PaywallVerdict, list[str]]:
        t0 = time.perf_counter()
        out = real(signals)
        spent.append(time.perf_counter() - t0)
        removed.append(len(signals.blocks) - len(out[1]))
        return out

    paywall.judge = timed  # type: ignore[assignment]
    try:
        verdict = extract.analyse_html(raw, None).paywall
    except Exception as exc:  # the app refuses some pages; count them as unknown
        verdict = PaywallVerdict("unknown", 0.0, [Evidence("error", str(exc), 0.0)])
    finally:
        paywall.judge = real  # type: ignore[assignment]
    return verdict, sum(removed), sum(spent)


def evaluate(corpus: Path, verbose: bool = False, pipeline: bool = False) -> dict[str, Any]:
    """Judge every labelled page and compute the figures."""
    rows = load_labels(corpus)
    confusion: Counter[tuple[str, str]] = Counter()
    results: list[dict[str, Any]] = []
    judge_times: list[float] = []
    for row in rows:
        raw = (corpus / row["file"]).read_bytes()
        verdict, removed, seconds = judge_page(decode_html(raw), raw, pipeline)
        judge_times.append(seconds)
        gold = LABEL_TO_STATUS[row["label"]]
        confusion[(gold, verdict.status)] += 1
        results.append({"file": row["file"], "gold": gold, "verdict": verdict, "removed": removed})
    tp = confusion[("truncated", "truncated")]
    flagged = sum(v for (g, s), v in confusion.items() if s == "truncated")
    actual = sum(v for (g, s), v in confusion.items() if g == "truncated")
    full_total = sum(v for (g, s), v in confusion.items() if g == "paywalled_full")
    full_flagged = confusion[("paywalled_full", "truncated")]
    judge_times.sort()
    return {
        "rows": len(rows),
        "confusion": confusion,
        "results": results,
        "precision": tp / flagged if flagged else 1.0,
        "recall": tp / actual if actual else 1.0,
        "free_flagged": [r for r in results if r["gold"] == "free" and _flag(r)],
        "full_flagged": [r for r in results if r["gold"] == "paywalled_full" and _flag(r)],
        "missed": [r for r in results if r["gold"] == "truncated" and not _flag(r)],
        "full_not_flagged_share": (1 - full_flagged / full_total) if full_total else 1.0,
        "judge_median_ms": judge_times[len(judge_times) // 2] * 1000 if judge_times else 0.0,
        "judge_p95_ms": judge_times[int(len(judge_times) * 0.95)] * 1000 if judge_times else 0.0,
        "verbose": verbose,
        "pipeline": pipeline,
    }


def _flag(result: dict[str, Any]) -> bool:
    """True when the page was judged truncated."""
    return result["verdict"].status == "truncated"


def _describe(result: dict[str, Any]) -> str:
    """One page's verdict and evidence on a few lines."""
    v = result["verdict"]
    frac = "" if v.missing_fraction is None else f" missing={v.missing_fraction:.2f}"
    head = (
        f"{result['file']}  gold={result['gold']}  -> {v.status} ({v.confidence:.2f})"
        f"{frac} [{v.missing_method}] removed={result['removed']}"
    )
    lines = [head]
    lines.extend(f"    {e.weight:+.2f} {e.signal}: {e.detail}" for e in v.evidence)
    return "\n".join(lines)


def report(figures: dict[str, Any]) -> str:
    """Human-readable summary of :func:`evaluate`."""
    statuses = ("truncated", "paywalled_full", "free", "unknown")
    golds = ("truncated", "paywalled_full", "free")
    source = "reader.core.extract.html" if figures["pipeline"] else "build_signals()"
    out = [
        f"pages: {figures['rows']} (signals from {source})",
        "",
        "gold \\ predicted  " + "  ".join(f"{s:>14}" for s in statuses),
    ]
    for g in golds:
        cells = "  ".join(f"{figures['confusion'][(g, s)]:>14}" for s in statuses)
        out.append(f"{g:<17} {cells}")
    out += [
        "",
        f"truncated precision: {figures['precision']:.3f}",
        f"truncated recall:    {figures['recall']:.3f}",
        f"free pages flagged truncated: {len(figures['free_flagged'])}",
        f"paywalled-full pages NOT flagged truncated: {figures['full_not_flagged_share']:.1%}",
        f"judge() time ({'one call' if figures['pipeline'] else f'best of {REPEATS}'} per page): "
        f"median {figures['judge_median_ms']:.3f} ms, "
        f"p95 {figures['judge_p95_ms']:.3f} ms",
    ]
    for title, key in (
        ("free flagged", "free_flagged"),
        ("full flagged", "full_flagged"),
        ("truncated missed", "missed"),
    ):
        out.append(f"\n{title}:")
        out.extend(_describe(r) for r in figures[key])
        if not figures[key]:
            out.append("  (none)")
    if figures["verbose"]:
        out.append("\nper page:")
        out.extend(_describe(r) for r in figures["results"])
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="corpus directory")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every page")
    parser.add_argument(
        "--pipeline",
        action="store_true",
        help="build the signals with reader.core.extract.html instead of build_signals()",
    )
    args = parser.parse_args(argv)
    figures = evaluate(args.corpus, verbose=args.verbose, pipeline=args.pipeline)
    print(report(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
