"""The hostile set end to end: >= 1,000 mutated pages through `reader extract` and `reader add`.

The pages come from hostile_gen.py (the fuzz test's mutations over the fixture pages, a
fifth of them cut off first). Both commands run as real processes, a batch of pages per
process (as a user would pass them), with stdout read as it comes, so each page's time is
the gap between its line and the previous one. A page with no line within ``--hang``
seconds is a hang: its process is killed and the batch goes on after it. Reported: pages,
articles, typed errors, tracebacks, errors the safety net caught (an unexpected exception
turned into 'could not be analysed'), hangs, the slowest page and the largest peak RSS of a
process. Required: 0 tracebacks, 0 hangs (and 0 caught).

    python benchmarks/hostile_run.py [--dir DIR] [--count 1000] [--seed 10] [--batch 25]
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import queue
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from hostile_gen import TRUNCATED_SHARE, write_mutated


@dataclass
class Tally:
    pages: int = 0
    articles: int = 0
    truncated: int = 0
    errors: collections.Counter[str] = field(default_factory=collections.Counter)
    tracebacks: list[str] = field(default_factory=list)
    caught: list[str] = field(default_factory=list)
    hangs: list[str] = field(default_factory=list)
    slowest: tuple[float, str] = (0.0, "")
    peak_mb: float = 0.0


def _pump(stream: object, lines: queue.Queue[tuple[float, str | None]]) -> None:
    for raw in iter(stream.readline, b""):  # type: ignore[attr-defined]
        lines.put((time.perf_counter(), raw.decode("utf-8", "replace").rstrip("\n")))
    lines.put((time.perf_counter(), None))


def _done(mode: str, line: str, path: Path) -> str | None:
    """The outcome if ``line`` is the result line of ``path``: 'ok', 'ok truncated' or an error."""
    if mode == "extract" and line.startswith("{"):
        record = json.loads(line)
        if record.get("input") != str(path):
            return None
        if "error" in record:
            return "error " + record["error"]
        return "ok truncated" if record["paywall"]["status"] == "truncated" else "ok"
    if mode == "add" and line.startswith("saved #"):
        return "ok truncated" if "✂ truncated" in line else "ok"
    if mode == "add" and line.startswith(f"reader: {path}: "):
        return "error " + line[len(f"reader: {path}: ") :]
    return None


def run_batch(mode: str, paths: list[Path], db: Path, hang: float, tally: Tally) -> list[Path]:
    """Run one process over ``paths``; the paths left after a hang (to run again)."""
    reader = str(Path(sys.executable).with_name("reader"))
    cmd = [reader, "--db", str(db), "add", *map(str, paths)]
    if mode == "extract":
        cmd = [reader, "extract", *map(str, paths), "--format", "jsonl"]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
    lines: queue.Queue[tuple[float, str | None]] = queue.Queue()
    threading.Thread(target=_pump, args=(proc.stdout, lines), daemon=True).start()
    last, index, rest = time.perf_counter(), 0, []
    while index < len(paths):
        try:
            stamp, line = lines.get(timeout=hang)
        except queue.Empty:
            tally.hangs.append(paths[index].name)
            proc.kill()
            rest = paths[index + 1 :]
            break
        if line is None:  # the process ended before every page had its line
            tally.tracebacks.append(f"{paths[index].name}: process ended early")
            rest = paths[index + 1 :]
            break
        if "Traceback (most recent call last)" in line:
            tally.tracebacks.append(paths[index].name)
        outcome = _done(mode, line, paths[index])
        if outcome is None:
            continue
        seconds, last = stamp - last, stamp
        tally.pages += 1
        tally.slowest = max(tally.slowest, (seconds, paths[index].name))
        if outcome.startswith("ok"):
            tally.articles += 1
            tally.truncated += outcome == "ok truncated"
        else:
            message = outcome[6:]
            if "could not be analysed (" in message:
                tally.caught.append(f"{paths[index].name}: {message[:120]}")
            tally.errors[message.split(":")[0][:60]] += 1
        index += 1
    _, _, usage = os.wait4(proc.pid, 0)
    proc.returncode = 0  # reaped by wait4
    tally.peak_mb = max(tally.peak_mb, usage.ru_maxrss / 1024)
    return rest


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()) / "reader-hostile")
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=10)
    parser.add_argument("--batch", type=int, default=25)
    parser.add_argument("--hang", type=float, default=60.0, help="seconds without output")
    args = parser.parse_args()
    started = time.perf_counter()
    paths = write_mutated(args.dir, args.count, args.seed)
    print(
        f"{len(paths)} pages (seed {args.seed}, {TRUNCATED_SHARE:.0%} cut off first) in {args.dir}"
    )
    failed = False
    with tempfile.TemporaryDirectory() as work:
        for mode in ("extract", "add"):
            tally = Tally()
            todo = list(paths)
            while todo:
                batch, todo = todo[: args.batch], todo[args.batch :]
                todo = run_batch(mode, batch, Path(work) / "library.db", args.hang, tally) + todo
            seconds, slow_page = tally.slowest
            errors = sum(tally.errors.values())
            print(f"\nreader {mode}: {tally.pages} pages, {tally.articles} articles "
                  f"({tally.truncated} flagged truncated), {errors} typed errors; "
                  f"tracebacks {len(tally.tracebacks)}, caught {len(tally.caught)}, hangs "
                  f"{len(tally.hangs)}; slowest page {seconds:.2f} s ({slow_page}), "
                  f"largest process peak RSS {tally.peak_mb:.0f} MB")  # fmt: skip
            for message, count in tally.errors.most_common(8):
                print(f"    {count:4d}  {message}")
            for name in tally.tracebacks + tally.caught + tally.hangs:
                print(f"    ! {name}")
            failed = failed or bool(tally.tracebacks or tally.caught or tally.hangs)
    print(
        f"\n{'FAILED' if failed else 'held'}: 0 tracebacks and 0 hangs required "
        f"({time.perf_counter() - started:.0f} s in all)"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
