"""A small paywalled news site on loopback, for the retrieval tests.

Without the session cookie ``/story``, ``/story2`` and ``/story3`` are teasers that end in
"The rest is for subscribers only"; with it, the whole article. ``/login`` is a form with a
CSRF field; the right POST sets the session cookie. ``/elsewhere`` redirects to the same server
under another host name (localhost), which must never receive the cookie. ``/wayback/available``
speaks the Wayback availability API; ``/web/<ts>id_/<url>`` serves a snapshot: whole for
/story3, a teaser for the others. ``/search?q=`` and ``/feed.xml`` list the stories.
"""

from __future__ import annotations

import json
import random
import secrets
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

SENTENCES = (
    "The council met on Tuesday evening to vote on the harbour budget for next year.",
    "Several farmers came down from the hills to ask about the new bridge over the river.",
    "The mayor said the railway station would be repaired before the winter festival.",
    "A teacher from the village school asked why the library closes so early on Saturdays.",
    "Nobody could remember a meeting that lasted as long as this one did.",
    "The museum wants a larger share of the money to open its new gallery in the spring.",
    "After the storm last autumn, the hospital asked for a second road to the coast.",
    "Most people in the hall agreed that the old tunnel should be kept open for walkers.",
    "The court will hear the complaint about the market square early next month.",
    "Some of the older residents were worried about the price of the theatre tickets.",
    "The harbour master explained how the new quay would change the fishing season.",
    "In the end the vote was close, and the result was announced just before midnight.",
)
TITLES = {"/story": "The harbour budget vote", "/story2": "A tunnel under the river",
          "/story3": "Winter at the museum"}  # fmt: skip


def paragraphs(seed: int, n: int = 24) -> list[str]:
    """``n`` paragraphs of about 55 words of plain English (the same for the same seed)."""
    rnd = random.Random(seed)
    return [" ".join(rnd.sample(SENTENCES, 4)) for _ in range(n)]


def page(title: str, paras: list[str], notice: str = "") -> bytes:
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": title,
          "isAccessibleForFree": False, "wordCount": 55 * 24,
          "hasPart": {"@type": "WebPageElement", "isAccessibleForFree": False,
                      "cssSelector": ".paywall"}}  # fmt: skip
    body = "".join(f"<p>{p}</p>" for p in paras[:3])
    rest = "".join(f"<p>{p}</p>" for p in paras[3:])
    paid = f'<div class="paywall">{rest}</div>' if rest else ""
    return (
        f"<!doctype html><html lang=en><head><meta charset=utf-8><title>{title}</title>"
        f'<script type="application/ld+json">{json.dumps(ld)}</script></head><body>'
        f"<nav>Home News Subscribe</nav><article><h1>{title}</h1><p class=byline>By A. Reporter"
        f"</p>{body}{paid}{notice}</article><footer>Subscribe for full access</footer>"
        "</body></html>"
    ).encode()


class PaySite:
    """The site's state: what it saw (logins, cookies that leaked, archive questions)."""

    username, password = "reader@example.org", "pa55-w0rd-for-tests"

    def __init__(self) -> None:
        self.session = "s3cr3t-" + secrets.token_hex(6)
        self.csrf = secrets.token_hex(8)
        self.leaks: list[str] = []
        self.logins: list[tuple[bool, list[str]]] = []
        self.archive_asked: list[str] = []
        self.requests: list[tuple[str, str, str]] = []  # (host, path, cookie header)
        self._httpd: ThreadingHTTPServer | None = None

    # ---- lifecycle -----------------------------------------------------------------
    def __enter__(self) -> PaySite:
        site = self

        class Handler(_Handler):
            owner = site

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05},
                         daemon=True).start()  # fmt: skip
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._httpd is not None
        self._httpd.shutdown()
        self._httpd.server_close()

    @property
    def port(self) -> int:
        assert self._httpd is not None
        return int(self._httpd.server_address[1])

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return self.base + path

    def recipe(self, search: bool = False) -> str:
        """An ftr-style login recipe for this site (the CSRF value read from the login page)."""
        text = (
            "requires_login: yes\n"
            f"login_uri: {self.base}/login\n"
            "login_username_field: email\n"
            "login_password_field: password\n"
            "login_extra_fields: csrf_token=@=xpath('//input[@id=\"csrf\"]/@value', "
            f"request_html('{self.base}/login'))\n"
            "not_logged_in_xpath: //p[@class='wall']\n"
        )
        return text + (f"search_url: {self.base}/search?q={{title}}\n" if search else "")


class _Handler(BaseHTTPRequestHandler):
    owner: PaySite

    def log_message(self, *args: Any) -> None:
        pass

    def _send(self, code: int, body: bytes = b"", headers: Any = (), ctype: str = "") -> None:
        self.send_response(code)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Type", ctype or "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _story(self, path: str, full: bool) -> bytes:
        path = path.split("?")[0]
        seed = {"/story": 7, "/story2": 8, "/story3": 9}.get(path, 7)
        paras, title = paragraphs(seed), TITLES.get(path, TITLES["/story"])
        if full:
            return page(title, paras)
        notice = ("<p class=wall>The rest is for subscribers only. Already a subscriber? "
                  "<a href=/login>Log in</a></p>")  # fmt: skip
        return page(title, paras[:3], notice)

    def do_GET(self) -> None:
        site = self.owner
        cookie = self.headers.get("Cookie") or ""
        host = (self.headers.get("Host") or "").split(":")[0]
        site.requests.append((host, self.path, cookie))
        if host != "127.0.0.1" and (site.session in cookie or site.password in cookie):
            site.leaks.append(self.path)
        port = self.server.server_address[1]
        if self.path.startswith("/story"):
            self._send(200, self._story(self.path, site.session in cookie))
        elif self.path.startswith("/login"):
            form = (f'<html><body><form method=post action=/login><input type=hidden id=csrf '
                    f'name=csrf_token value="{site.csrf}"><input name=email>'
                    '<input type=password name=password><button>Log in</button></form>'
                    '</body></html>')  # fmt: skip
            self._send(200, form.encode())
        elif self.path.startswith("/wayback/available"):
            q = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
            url = (q.get("url") or [""])[0]
            site.archive_asked.append(url)
            snap = {}
            if "/story" in url:
                snap = {
                    "closest": {
                        "available": True,
                        "status": "200",
                        "timestamp": "20231103120000",
                        "url": f"http://127.0.0.1:{port}/web/20231103120000/{url}",
                    }
                }
            body = json.dumps({"url": url, "archived_snapshots": snap}).encode()
            self._send(200, body, ctype="application/json")
        elif self.path.startswith("/web/"):
            target = self.path.split("/", 3)[3] if self.path.count("/") >= 3 else ""
            path = urllib.parse.urlsplit(target).path or "/story"
            self._send(200, self._story(path, path == "/story3"))
        elif self.path.startswith("/search"):
            links = "".join(
                f'<li><a href="/story{n}">{t}</a></li>'
                for n, t in (("", TITLES["/story"]), ("2", TITLES["/story2"]))
            )
            self._send(200, f"<html><body><ul>{links}</ul></body></html>".encode())
        elif self.path.startswith("/elsewhere"):
            self._send(302, headers=[("Location", f"http://localhost:{port}/story")])
        elif self.path == "/":
            self._send(200, b"<html><body><h1>The Harbour Herald</h1></body></html>")
        else:
            self._send(404, b"<html><body>not found</body></html>")

    def do_POST(self) -> None:
        site = self.owner
        if not self.path.startswith("/login"):
            return self._send(404)
        n = int(self.headers.get("Content-Length") or 0)
        fields = {k: v[0] for k, v in urllib.parse.parse_qs(self.rfile.read(n).decode()).items()}
        ok = (fields.get("csrf_token") == site.csrf and fields.get("email") == site.username
              and fields.get("password") == site.password)  # fmt: skip
        site.logins.append((ok, sorted(fields)))
        if ok:
            self._send(302, headers=[("Set-Cookie", f"session={site.session}; Path=/; HttpOnly"),
                                     ("Location", "/")])  # fmt: skip
        else:
            self._send(403, b"<html><body>wrong login</body></html>")
        return None
