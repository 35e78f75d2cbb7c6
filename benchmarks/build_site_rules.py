"""Compile an ftr-site-config checkout into resources/sites/ftr-site-config.json.gz.

    python benchmarks/build_site_rules.py [CHECKOUT] [--out FILE]

Prints a table: files read, sites kept, and the lines dropped because they would disguise
us (http_header, user agents, cookies, crawler identities), against the checkout's total.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from reader.core import site_rules

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SRC = ROOT.parent / "shared" / "sites" / "ftr-site-config"


def main() -> int:
    """Build the compiled file and print what went in."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("checkout", nargs="?", type=Path, default=DEFAULT_SRC)
    ap.add_argument(
        "--out", type=Path, default=ROOT / "resources" / "sites" / site_rules.COMPILED_NAME
    )
    args = ap.parse_args()
    if not args.checkout.is_dir():
        print(f"no ftr-site-config checkout at {args.checkout}", file=sys.stderr)
        return 2
    files = sorted(p for p in args.checkout.iterdir() if p.name.endswith(".txt"))
    lines = spoof = 0
    for p in files:
        for line in p.read_text(encoding="utf-8", errors="replace").splitlines():
            line = line.strip()
            if line and not line.startswith("#") and ":" in line:
                lines += 1
                spoof += site_rules.is_spoofing(line)
    start = time.perf_counter()
    data = site_rules.compile_dir(args.checkout)
    seconds = time.perf_counter() - start
    site_rules.write_compiled(data, args.out)
    raw = sum(p.stat().st_size for p in files)
    size = args.out.stat().st_size
    print(f"{'':<28}{'count':>10}")
    print(f"{'rule files':<28}{len(files):>10}")
    print(f"{'sites kept':<28}{len(data['rules']):>10}")
    print(f"{'rule lines':<28}{lines:>10}")
    print(f"{'spoofing lines dropped':<28}{spoof:>10}")
    print(
        f"size {raw / 1024:.0f} KiB of text → {size / 1024:.0f} KiB compiled "
        f"(ratio {size / raw:.2f}), compiled in {seconds:.2f} s → {args.out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
