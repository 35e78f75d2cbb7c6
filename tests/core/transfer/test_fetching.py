"""Background fetching of imported links: politeness per host, outcomes, resuming."""

from __future__ import annotations

from pathlib import Path

from support.server import LoopbackServer

from reader.core.service import Library
from reader.core.transfer import fetching, importer
from reader.core.transfer.fetching import HostPacer, Job

PAGE = (
    "<html><head><title>{t}</title></head><body><article><h1>{t}</h1>"
    + "<p>A paragraph about harbours, tides and the ships that use them every day.</p>" * 12
    + "</article></body></html>"
)
PAYWALLED = (
    "<html><head><title>Cut</title></head><body><article><h1>Cut</h1>"
    "<p>The first paragraph of a story that the publisher keeps for subscribers.</p>"
    "<p>Subscribe to continue reading. You have 85% of this article left to read.</p>"
    "</article></body></html>"
)


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_one_request_per_host_at_a_time_and_an_interval_between() -> None:
    clock = Clock()
    jobs = [Job(1, "a1", "a"), Job(2, "a2", "a"), Job(3, "b1", "b")]
    pacer = HostPacer(jobs, interval=2.0, clock=clock)
    first, second = pacer.take(), pacer.take()
    assert (first and first.host, second and second.host) == ("a", "b")
    assert pacer.take() is None  # both hosts are busy
    pacer.done(first)  # type: ignore[arg-type]
    assert pacer.take() is None and pacer.wait_time() == 2.0  # host a: too soon
    clock.now = 2.0
    third = pacer.take()
    assert third is not None and third.url == "a2"
    assert len(pacer) == 0


def _csv(tmp_path: Path, urls: list[str]) -> Path:
    lines = ["title,url,time_added,tags,status"]
    lines += [f"Imported {n},{u},170000000{n},old,unread" for n, u in enumerate(urls)]
    path = tmp_path / "pocket.csv"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_fetch_outcomes_and_report(
    library: Library, http_server: LoopbackServer, tmp_path: Path
) -> None:
    ok = http_server.add_route("/ok", (200, {"Content-Type": "text/html"}, PAGE.format(t="Tides")))
    cut = http_server.add_route("/cut", (200, {"Content-Type": "text/html"}, PAYWALLED))
    urls = [ok, cut, http_server.url("/status/404"), http_server.url("/status/410"),
            http_server.url("/status/500")]  # fmt: skip
    job, _ = importer.import_parsed(library.storage, importer.parse_all([_csv(tmp_path, urls)]))
    seen: list[str] = []
    counts = fetching.run_queue(
        library,
        fetching.queued_jobs(library),
        interval=0.0,
        on_done=lambda done, total, j, outcome: seen.append(outcome),
    )
    assert counts == {"fetched": 1, "truncated": 1, "gone": 2, "failed": 1}
    assert len(seen) == 5
    report = library.storage.fetch_report(job)
    assert (report["fetched"], report["gone"], report["pending"]) == (1, 2, 0)
    got = {i.original_url: i for i in library.list_items()}
    tides = got[ok]
    assert tides.title == "Tides" and tides.tags == ["old"] and tides.status == "ready"
    assert tides.added_at.startswith("2023-11-14")  # the file's time, not the fetch's
    assert got[cut].needs_full_text
    gone = got[http_server.url("/status/404")]
    assert gone.status == "failed" and "404" in (gone.error or "")  # kept, with the reason
    assert fetching.queued_jobs(library) == []


def test_an_interrupted_queue_resumes(
    library: Library, http_server: LoopbackServer, tmp_path: Path
) -> None:
    urls = [
        http_server.add_route(f"/p{n}", (200, {}, PAGE.format(t=f"Page {n}"))) for n in range(3)
    ]
    importer.import_parsed(library.storage, importer.parse_all([_csv(tmp_path, urls)]))
    jobs = fetching.queued_jobs(library)
    fetching.run_queue(library, jobs[:1], interval=0.0)  # "quit" after one page
    path = library.storage.path
    library.close()
    again = Library(type(library.storage)(path))
    try:
        left = fetching.queued_jobs(again)
        assert [j.url for j in left] == urls[1:]
        assert fetching.run_queue(again, left, interval=0.0)["fetched"] == 2
        assert fetching.queued_jobs(again) == []
        assert len(again.list_ids()) == 3
    finally:
        again.close()
