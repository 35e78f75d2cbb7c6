"""Large and pathological pages: time and peak memory of each, reader against bare readability.

Each page of the fixed, generated set (hostile_gen.py --large: up to the 15 MB cap) runs in
a fresh process, so its peak RSS is its own: ``reader extract PAGE --format jsonl`` (the
whole pipeline: read, decode, repair, parse, extract, judge, JSON out), then bare
readability-lxml (``Document(html).summary()``) in the same run. A process that runs past
``--timeout`` is killed and reported as a hang. Required: every page in <= 10 s and
<= 400 MB with reader.

    python benchmarks/hostile_bench.py [--dir DIR] [--timeout 60] [--only NAME...]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from hostile_gen import write_large

MAX_SECONDS, MAX_MB = 10.0, 400.0
BARE = r"""
import sys, lxml.html
from readability import Document
html = open(sys.argv[1], encoding="utf-8", errors="replace").read()
text = lxml.html.fromstring(Document(html).summary()).text_content()
print(len(text.split()))
"""


def run(cmd: list[str], timeout: float) -> tuple[float, float, int | None, str]:
    """Wall seconds, peak RSS in MB, return code (None: killed at the timeout) and output."""
    started = time.perf_counter()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env)
        deadline = started + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                status = None  # type: ignore[assignment]
                break
            time.sleep(0.02)
        seconds = time.perf_counter() - started
        proc.returncode = 0  # reaped by wait4; keep Popen from waiting again
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    code = None if status is None else os.waitstatus_to_exitcode(status)
    return seconds, usage.ru_maxrss / 1024, code, text


def outcome_reader(code: int | None, output: str) -> str:
    if code is None:
        return "HANG"
    if "Traceback" in output:
        return "TRACEBACK"
    lines = [line for line in output.splitlines() if line.startswith("{")]
    if not lines:
        return f"rc {code}: {output.strip()[-60:]}"
    record = json.loads(lines[-1])
    if "error" in record:
        return f"error: {record['error'][:50]}"
    return f"{record['word_count']} words"


def outcome_bare(code: int | None, output: str) -> str:
    if code is None:
        return "HANG"
    if code != 0:
        return output.strip().splitlines()[-1][:40] if output.strip() else f"rc {code}"
    return f"{output.strip()} words"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default = Path(tempfile.gettempdir()) / "reader-hostile-large"
    parser.add_argument("--dir", type=Path, default=default, help="where the pages are written")
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--only", nargs="*", help="run only these pages")
    args = parser.parse_args()
    reader = str(Path(sys.executable).with_name("reader"))
    pages = [p for p in write_large(args.dir) if not args.only or p[0] in args.only]
    print(f"{'page':24} {'MB':>5} | {'reader s':>8} {'MB':>6}  {'outcome':34} | "
          f"{'bare s':>7} {'MB':>6}  outcome")  # fmt: skip
    worst_s = worst_mb = 0.0
    failures, reader_total, bare_total = [], 0.0, 0.0
    for name, _what, path in pages:
        cmd = [reader, "extract", str(path), "--format", "jsonl"]
        rs, rmb, rcode, rout = run(cmd, args.timeout)
        bs, bmb, bcode, bout = run([sys.executable, "-c", BARE, str(path)], args.timeout)
        r_outcome, b_outcome = outcome_reader(rcode, rout), outcome_bare(bcode, bout)
        size = path.stat().st_size / 2**20
        print(f"{name:24} {size:5.1f} | {rs:8.2f} {rmb:6.0f}  {r_outcome:34.34} | "
              f"{bs:7.2f} {bmb:6.0f}  {b_outcome[:30]}", flush=True)  # fmt: skip
        worst_s, worst_mb = max(worst_s, rs), max(worst_mb, rmb)
        if rs > MAX_SECONDS or rmb > MAX_MB or r_outcome in ("HANG", "TRACEBACK"):
            failures.append(name)
        if bcode == 0:
            reader_total, bare_total = reader_total + rs, bare_total + bs
    over = ", ".join(failures) or "none"
    print(
        f"\nreader: slowest {worst_s:.2f} s, highest peak RSS {worst_mb:.0f} MB over "
        f"{len(pages)} pages (limits {MAX_SECONDS:g} s, {MAX_MB:g} MB); over limit: {over}"
    )
    if bare_total:
        print(
            f"time ratio reader/bare over the pages bare readability finished: "
            f"{reader_total / bare_total:.2f} ({reader_total:.1f} s vs {bare_total:.1f} s)"
        )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
