"""Retrieval queue throughput: 200 queued items across 20 loopback hosts with 50 ms latency.

Each host is its own server on 127.0.0.N (all loopback) that answers after 50 ms: a teaser
without the session cookie, the whole article with it. The library saves the 200 teasers,
gets a cookie credential per host (in an in-memory keyring backend), queues everything and
retrieves. Reported: wall time against the per-host rate limit's floor (hosts in parallel:
(items per host - 1) x interval + one request), the same fetches done one by one with bare
httpx (no limit, no parsing), and peak RSS.

    python benchmarks/retrieve_bench.py [--hosts 20] [--items 200] [--interval 0.5]
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import keyring

from reader.core.service import open_library

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from support.memkeyring import MemoryKeyring

LATENCY = 0.05
SESSION = "bench-session"
SENTENCES = (
    "The council met on Tuesday evening to vote on the harbour budget for next year.",
    "Several farmers came down from the hills to ask about the new bridge over the river.",
    "The mayor said the railway station would be repaired before the winter festival.",
    "A teacher from the village school asked why the library closes so early on Saturdays.",
    "The museum wants a larger share of the money to open its new gallery in the spring.",
    "After the storm last autumn, the hospital asked for a second road to the coast.",
)


def page(n: int, full: bool) -> bytes:
    paras = [" ".join(SENTENCES[(n + i + j) % len(SENTENCES)] for j in range(4)) for i in range(24)]
    shown = paras if full else paras[:3]
    ld = {"@type": "NewsArticle", "isAccessibleForFree": False, "wordCount": 1400}
    wall = "" if full else "<p class=wall>The rest is for subscribers only. Log in.</p>"
    body = "".join(f"<p>{p}</p>" for p in shown)
    return (
        f"<!doctype html><html lang=en><head><title>Story {n}</title><script "
        f'type="application/ld+json">{json.dumps(ld)}</script></head><body><article>'
        f"<h1>Story {n}</h1>{body}{wall}</article></body></html>"
    ).encode()


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        time.sleep(LATENCY)
        n = int(self.path.rsplit("/", 1)[-1] or 0)
        body = page(n, SESSION in (self.headers.get("Cookie") or ""))
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def serve(hosts: int) -> list[ThreadingHTTPServer]:
    servers = []
    for i in range(hosts):
        httpd = ThreadingHTTPServer((f"127.0.0.{i + 2}", 0), Handler)
        httpd.daemon_threads = True
        threading.Thread(
            target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()
        servers.append(httpd)
    return servers


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--hosts", type=int, default=20)
    ap.add_argument("--items", type=int, default=200)
    ap.add_argument(
        "--interval", type=float, default=0.5, help="seconds between requests to a host"
    )
    args = ap.parse_args()
    keyring.set_keyring(MemoryKeyring())
    servers = serve(args.hosts)
    urls = []
    for n in range(args.items):
        host, port = servers[n % args.hosts].server_address[:2]
        urls.append(f"http://{host}:{port}/story/{n}")

    with tempfile.TemporaryDirectory() as tmp:
        lib = open_library(Path(tmp) / "bench.db")
        t0 = time.perf_counter()
        ids = [lib.add(url).item.id for url in urls]
        save_s = time.perf_counter() - t0
        truncated = sum(i.needs_full_text for i in lib.get_items(ids))
        for server in servers:
            lib.retrieval.set_cookie(str(server.server_address[0]), f"session={SESSION}")
        lib.retrieval.interval = args.interval
        lib.retrieval.enqueue(ids)

        t0 = time.perf_counter()
        reports = list(lib.retrieval.retrieve(ids))
        ours = time.perf_counter() - t0
        complete = sum(r.outcome == "complete" for r in reports)
        still_flagged = lib.counts()["needs_full_text"]
        lib.close()

    t0 = time.perf_counter()
    with httpx.Client() as client:
        for url in urls:
            client.get(url, headers={"Cookie": f"session={SESSION}"})
    bare = time.perf_counter() - t0
    per_host = -(-args.items // args.hosts)
    floor = (per_host - 1) * args.interval + LATENCY
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    for server in servers:
        server.shutdown()

    print(
        f"{args.items} items on {args.hosts} loopback hosts, {LATENCY * 1000:.0f} ms latency, "
        f"{args.interval:g} s between requests to one host"
    )
    print(f"saved first: {truncated} of {args.items} flagged truncated ({save_s:.1f} s)")
    print()
    print(f"{'run':<44} {'wall s':>8}")
    print(f"{'rate-limit floor (hosts in parallel)':<44} {floor:>8.2f}")
    print(f"{'reader retrieve (queue, limit, parse, store)':<44} {ours:>8.2f}")
    print(f"{'bare httpx, one by one, no limit, no parse':<44} {bare:>8.2f}")
    print(f"{'one host after another at the limit':<44} {args.items * args.interval:>8.2f}")
    print()
    print(f"complete: {complete}/{len(reports)}; still flagged: {still_flagged}")
    print(f"ratio reader / floor: {ours / floor:.2f}; reader / bare httpx: {ours / bare:.2f}")
    print(f"peak RSS: {rss:.0f} MB")


if __name__ == "__main__":
    main()
