"""Exports for reading: one self-contained HTML file, Markdown files with YAML front matter
(Obsidian and friends), and an EPUB with a table of contents for an e-reader.

Nothing remote is ever loaded or embedded: remote images become a text placeholder, scripts,
frames and styles from pages are gone already (the versions' HTML is sanitised when saved).
"""

from __future__ import annotations

import html
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

from lxml import etree

from reader.core.errors import ReaderError
from reader.core.storage.rows import iso, utc_now

STYLE = (
    "body{max-width:42em;margin:2em auto;padding:0 1em;font:18px/1.6 Georgia,serif;color:#222}"
    "header.item{margin-top:3em;border-top:1px solid #ccc;padding-top:1em}"
    ".meta{color:#666;font-size:.85em}.flag{color:#a33}"
    ".remote-image{display:inline-block;color:#777;border:1px dashed #bbb;padding:.2em .5em;"
    "font-size:.8em}nav li{margin:.2em 0}img{max-width:100%}"
)


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """Text without the control characters XML (and so EPUB) cannot hold."""
    return _NOT_XML.sub("", text)


def best_version(record: dict[str, Any]) -> dict[str, Any] | None:
    """The version an item shows, if it has text."""
    for version in record.get("versions") or []:
        if version.get("best"):
            return dict(version)
    return None


def offline_html(fragment: str) -> str:
    """An article's HTML with nothing that would reach the network (see
    :func:`reader.core.extract.sanitize.without_remote`)."""
    from reader.core.extract.sanitize import without_remote

    return without_remote(fragment)


def _meta_line(record: dict[str, Any]) -> str:
    parts = [record.get("byline"), record.get("source") or record.get("site_name")]
    if record.get("published"):
        parts.append(str(record["published"])[:10])
    return " · ".join(html.escape(str(p)) for p in parts if p)


def _flag(record: dict[str, Any]) -> str:
    if record.get("paywall_status") != "truncated":
        return ""
    mf = record.get("missing_fraction")
    missing = f", about {round(mf * 100)}% missing" if mf else ""
    return f'<p class="flag">✂ Truncated{missing}: this is not the whole article.</p>'


def _article_html(record: dict[str, Any], anchor: str) -> str:
    title = html.escape(record.get("title") or record["url"])
    url = html.escape(record.get("original_url") or record["url"], quote=True)
    version = best_version(record)
    body = offline_html(version["html"]) if version else ""
    if not body:
        body = f'<p class="meta">No saved text: <a href="{url}">{url}</a></p>'
    return (
        f'<header class="item" id="{anchor}"><h1><a href="{url}">{title}</a></h1>'
        f'<p class="meta">{_meta_line(record)}</p>{_flag(record)}</header>'
        f"<article>{body}</article>\n"
    )


def write_html(items: Iterable[dict[str, Any]], out: TextIO) -> int:
    """One self-contained reading file: a table of contents, then every article."""
    records = list(items)
    toc = "".join(
        f'<li><a href="#item-{r["id"]}">{html.escape(r.get("title") or r["url"])}</a></li>'
        for r in records
    )
    out.write(
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8">'
        '<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"
        f"<title>reader: {len(records)} articles</title><style>{STYLE}</style></head><body>"
        f'<h1>{len(records)} articles</h1><p class="meta">Exported {iso(utc_now())[:10]}</p>'
        f"<nav><ol>{toc}</ol></nav>\n"
    )
    for r in records:
        out.write(_article_html(r, f"item-{r['id']}"))
    out.write("</body></html>\n")
    return len(records)


# ---- Markdown --------------------------------------------------------------------------
def slug(text: str, limit: int = 60) -> str:
    """A file-name-safe slug ('Café culture, Lyon' → 'cafe-culture-lyon')."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-").lower()
    return words[:limit].rstrip("-") or "article"


def front_matter(record: dict[str, Any]) -> dict[str, Any]:
    """The YAML front matter of one article."""
    version = best_version(record) or {}
    highlights = (version.get("meta") or {}).get("highlights") or []
    data = {
        "title": record.get("title") or record["url"],
        "url": record.get("original_url") or record["url"],
        "canonical_url": record.get("canonical_url"),
        "author": record.get("byline"),
        "site": record.get("site_name"),
        "source": record.get("source"),
        "published": record.get("published"),
        "added": record.get("added_at"),
        "state": record.get("state"),
        "favourite": bool(record.get("favourite")),
        "tags": list(record.get("tags") or []),
        "progress": round(float((record.get("progress") or {}).get("fraction") or 0), 4),
        "paywall": record.get("paywall_status"),
        "missing_fraction": record.get("missing_fraction"),
        "words": record.get("word_count"),
        "highlights": highlights or None,
    }
    return {k: v for k, v in data.items() if v is not None}


def markdown_article(record: dict[str, Any]) -> str:
    """One article as Markdown: YAML front matter, the text, its highlights."""
    import yaml
    from markdownify import markdownify

    version = best_version(record)
    meta = front_matter(record)
    body = markdownify(offline_html(version["html"]), heading_style="ATX") if version else ""
    parts = [
        "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n",
        f"# {meta['title']}\n",
    ]
    if record.get("paywall_status") == "truncated":
        parts.append("> ✂ Truncated: this is not the whole article.\n")
    parts.append(body.strip() + "\n" if body.strip() else f"<{meta['url']}>\n")
    if meta.get("highlights"):
        parts.append("## Highlights\n")
        parts.extend(
            f"> {h.get('quote') or ''}\n" + (f"\n{h['note']}\n" if h.get("note") else "")
            for h in meta["highlights"]
        )
    return "\n".join(parts)


def write_markdown_dir(items: Iterable[dict[str, Any]], folder: Path) -> int:
    """One .md file per article in ``folder`` (created; existing files are not touched)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ReaderError(f"cannot create {folder}: {exc.strerror or exc}") from None
    n = 0
    for record in items:
        name = f"{slug(record.get('title') or record['url'])}-{record['id']}.md"
        _atomic_write(folder / name, markdown_article(record).encode("utf-8"))
        n += 1
    return n


def _atomic_write(path: Path, data: bytes) -> None:
    try:
        fd, tmp = tempfile.mkstemp(prefix=".export-", dir=path.parent)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    except OSError as exc:
        raise ReaderError(f"cannot write {path}: {exc.strerror or exc}") from None


# ---- EPUB ------------------------------------------------------------------------------
def write_epub(items: Iterable[dict[str, Any]], path: Path) -> int:
    """The articles with text as one e-book: a chapter each, a table of contents."""
    from ebooklib import epub

    book = epub.EpubBook()
    stamp = iso(utc_now())
    book.set_identifier(f"reader-export-{stamp}")
    book.set_language("en")
    book.add_author("reader")
    css = epub.EpubItem(
        uid="style", file_name="style.css", media_type="text/css", content=STYLE.encode()
    )
    book.add_item(css)
    chapters: list[Any] = []
    for record in items:
        if best_version(record) is None:
            continue
        n = len(chapters) + 1
        title = xml_safe(record.get("title") or record["url"])
        chapter = epub.EpubHtml(
            title=title, file_name=f"article-{n:05d}.xhtml", lang=record.get("language") or "en"
        )
        chapter.content = xml_safe(_article_html(record, f"a{n}"))
        chapter.add_item(css)
        book.add_item(chapter)
        chapters.append(chapter)
    if not chapters:
        raise ReaderError("none of these items has saved text to put in a book")
    book.set_title(f"reader: {len(chapters)} articles ({stamp[:10]})")
    book.toc = chapters
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    book.spine = ["nav", *chapters]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".export-", suffix=".epub", dir=path.parent)
        os.close(fd)
        epub.write_epub(tmp, book)
        os.replace(tmp, path)
    except OSError as exc:
        raise ReaderError(f"cannot write {path}: {exc.strerror or exc}") from None
    except (ValueError, etree.LxmlError) as exc:  # an article ebooklib's XHTML cannot hold
        Path(tmp).unlink(missing_ok=True)
        raise ReaderError(f"the e-book could not be written: {exc}") from None
    return len(chapters)
