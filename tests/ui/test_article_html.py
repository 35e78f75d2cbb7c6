"""The reader pane's document: blocked remote images become a quiet text mark."""

from __future__ import annotations

from reader.ui.article_html import blocked_images


def test_remote_images_become_marks_with_their_alt_text() -> None:
    body = (
        '<p>Before.</p><img src="https://cdn.example/a.jpg" alt="Cash &amp; cards seized">'
        '<img src="http://cdn.example/b.png"><img src="data:image/png;base64,AAAA" alt="d">'
        f'<img alt="{"long " * 40}" src="https://cdn.example/c.jpg"><p>After.</p>'
    )
    out = blocked_images(body)
    assert '<span class="remote-image">[image: Cash &amp; cards seized]</span>' in out
    assert '<span class="remote-image">[image]</span>' in out
    assert 'src="data:image/png;base64,AAAA"' in out  # an inline image needs no fetch
    assert "cdn.example" not in out
    long_mark = out.split('<span class="remote-image">')[-1]
    assert long_mark.startswith("[image: long long") and "…]" in long_mark
    assert out.startswith("<p>Before.</p>") and out.endswith("<p>After.</p>")
