"""Every real page of both development corpora goes through `reader extract` cleanly."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from support.fixtures import corpus


def _pages() -> list[str]:
    root = corpus()
    pages = sorted(str(p) for p in (root / "readability-pages").glob("*/source.html"))
    pages += sorted(str(p) for p in (root / "paywall").glob("*/*.html"))
    return pages


@pytest.mark.slow
def test_every_corpus_page_extracts_without_error() -> None:
    pages = _pages()
    assert len(pages) >= 250, "the corpus lost pages"
    out = subprocess.run(
        [sys.executable, "-m", "reader", "extract", *pages, "--format", "jsonl"],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert "Traceback" not in out.stderr, out.stderr[-3000:]
    records = [json.loads(line) for line in out.stdout.splitlines() if line.strip()]
    assert [r["input"] for r in records] == pages  # one record per source, exactly as given
    errors = {r["input"]: r["error"] for r in records if "error" in r}
    assert not errors
    for r in records:
        assert r["text"].strip(), r["input"]
        assert r["paywall"]["status"] in ("free", "truncated", "paywalled_full", "unknown")
        assert 0.0 <= r["paywall"]["confidence"] <= 1.0
        assert r["word_count"] > 0 and r["reading_minutes"] >= 1
        assert "<script" not in r["html"].lower()
