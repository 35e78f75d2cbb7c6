"""Import benchmark: a 20,000-row Pocket CSV (links only, no fetching) into a new library.

Each run happens in a fresh process (so peak RSS is its own), interleaved with the bare
baseline on the same rows: ``csv.DictReader`` + sqlite-utils ``insert_all`` into a new file.
Ours also canonicalises every URL, dedupes, writes tags, the full-text index and the fetch
queue, in committed batches.

    python benchmarks/import_bench.py [--rows 20000] [--runs 3]

Required: >= 2,000 rows/s and within 5x of the bare insert's time.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

TARGET_ROWS_PER_S = 2000
TARGET_RATIO = 5.0

OURS = """
import json, resource, sys, time
from reader.core.storage import Storage
from reader.core.transfer import importer
csv_path, db = sys.argv[1:3]
t = time.perf_counter()
storage = Storage(db)
parsed = importer.parse_all([csv_path])
_job, reports = importer.import_parsed(storage, parsed, fetch=False)
storage.close()
elapsed = time.perf_counter() - t
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"s": elapsed, "rss": rss, "added": reports[0].count("added")}))
"""

BARE = """
import csv, json, resource, sys, time
import sqlite_utils
csv_path, db = sys.argv[1:3]
t = time.perf_counter()
with open(csv_path, newline="", encoding="utf-8") as f:
    rows = list(csv.DictReader(f))
sqlite_utils.Database(db)["items"].insert_all(rows, batch_size=500)
elapsed = time.perf_counter() - t
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"s": elapsed, "rss": rss, "added": len(rows)}))
"""


def make_csv(path: Path, n: int) -> None:
    """A Pocket export of ``n`` distinct links over 300 sites, with tags, titles and states."""
    rnd = random.Random(8)
    words = "harbour river budget city tide market story essay report school rail energy".split()
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write("title,url,time_added,cursor,tags,status\r\n")
        for i in range(n):
            site = f"site{i % 300}.example.com"
            title = " ".join(rnd.choice(words) for _ in range(6)).capitalize()
            if i % 10 == 0:
                title = f'"{title}, with a comma"'
            tags = "|".join(rnd.sample(words, rnd.randint(0, 3)))
            status = "archive" if i % 4 == 0 else "unread"
            url = f"https://{site}/{2020 + i % 5}/{i}/{title[:12].strip(chr(34)).replace(' ', '-')}"
            if i % 7 == 0:
                url += "?utm_source=pocket&id=" + str(i)
            f.write(f"{title},{url},{1600000000 + i * 60},,{tags},{status}\r\n")


def run(code: str, csv_path: Path, db: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", code, str(csv_path), str(db)],
        capture_output=True,
        text=True,
        check=True,
    )
    data: dict[str, float] = json.loads(out.stdout)
    return data


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=20000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        csv_path = work / "pocket.csv"
        make_csv(csv_path, args.rows)
        ours, bare = [], []
        for n in range(args.runs):  # interleaved, so machine load hits both alike
            ours.append(run(OURS, csv_path, work / f"ours{n}.db"))
            bare.append(run(BARE, csv_path, work / f"bare{n}.db"))
    assert all(r["added"] == args.rows for r in ours), ours
    ours_s = statistics.median(r["s"] for r in ours)
    bare_s = statistics.median(r["s"] for r in bare)
    rate = args.rows / ours_s
    ratio = ours_s / bare_s
    print(f"{args.rows} rows, median of {args.runs} runs each\n")
    print(f"{'':28}{'seconds':>9}{'rows/s':>10}{'peak RSS':>11}")
    print(
        f"{'reader import --no-fetch':28}{ours_s:9.2f}{rate:10.0f}"
        f"{max(r['rss'] for r in ours):8.0f} MB"
    )
    print(
        f"{'csv + sqlite-utils insert':28}{bare_s:9.2f}{args.rows / bare_s:10.0f}"
        f"{max(r['rss'] for r in bare):8.0f} MB"
    )
    print(f"\nratio (ours / bare time): {ratio:.2f}x")
    ok = rate >= TARGET_ROWS_PER_S and ratio <= TARGET_RATIO
    print(
        f"targets: >= {TARGET_ROWS_PER_S} rows/s and <= {TARGET_RATIO:.0f}x: "
        + ("met" if ok else "NOT met")
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
