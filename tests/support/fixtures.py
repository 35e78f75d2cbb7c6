"""Small real pages copied from ``../shared/corpus`` into ``tests/fixtures/``, so that the suite
passes on a fresh clone. Only corpus-wide tests use ``CORPUS_DIR`` (and skip when it is absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
FIXTURES_DIR = REPO / "tests" / "fixtures"
CORPUS_DIR = REPO.parent / "shared" / "corpus"
NO_CORPUS_REASON = "corpus-wide test: the shared corpus is not checked out at"
NO_CORPUS = f"{NO_CORPUS_REASON} {CORPUS_DIR}"

SEED = FIXTURES_DIR / "americaone-lemonde-syndicated.txt"  # text dump, truncated, 85 % missing
FREE = FIXTURES_DIR / "free-al.com.html"  # English, free
TRUNCATED = FIXTURES_DIR / "truncated-aoc.media.fr.html"  # French, paywalled teaser
PAYWALLED_FULL = FIXTURES_DIR / "paywalled-full-die-tagespost.de.html"  # German, full text
NON_ENGLISH = FIXTURES_DIR / "lemonde-1.fr.html"  # French, free (readability-pages/lemonde-1)
SMALL_PAGE = FIXTURES_DIR / "readability-001.html"  # English, free (readability-pages/001)
BBC_PAGE = FIXTURES_DIR / "bbc-1.noscript.html"  # readability-pages/bbc-1, scripts and styles cut


def corpus() -> Path:
    """The shared corpus, or skip the calling test with one clear reason."""
    if not CORPUS_DIR.is_dir():
        pytest.skip(NO_CORPUS)
    return CORPUS_DIR
