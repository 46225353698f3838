"""Spark scale-out: articles/s of ``onrecord spark run`` at local[1] and local[2] against
``onrecord ingest --workers 1/2`` on the same WARC file, peak memory per Python worker,
and ``onrecord load``'s articles/s into PostgreSQL.

The input is PolNeAR dev (84 articles) packed into one WARC file as HTML pages, when
``../shared`` is there; else copies of our own test articles. Every command runs as its
own process, timed from start to exit (so Spark's figures include starting the JVM and the
workers' pipelines), and ``onrecord spark run`` also reports the time inside the run.

    .venv/bin/python bench/spark.py [--copies N] [--pg postgresql://postgres@127.0.0.1/test]
"""

from __future__ import annotations

import argparse
import html
import io
import re
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

from rich.table import Table
from synthetic import console, postgres_database
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

ROOT = Path(__file__).resolve().parent.parent
POLNEAR_DEV = ROOT.parent / "shared" / "data" / "polnear" / "dev" / "text"
ONRECORD = [sys.executable, "-m", "onrecord"]


def texts(copies: int) -> tuple[str, list[str]]:
    """The articles to pack, and what they are."""
    if POLNEAR_DEV.is_dir():
        found = [p.read_text(encoding="utf-8") for p in sorted(POLNEAR_DEV.glob("*.txt"))]
        return f"PolNeAR dev ({len(found)} articles)", found * copies
    found = [
        p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "articles").glob("*.txt"))
    ]
    return f"our test articles ({len(found)} × 20)", found * 20 * copies


def pack(articles: list[str], path: Path) -> None:
    """Write ``articles`` to ``path`` as a gzipped WARC file of HTML responses."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    for n, text in enumerate(articles):
        title, _, body = text.strip().partition("\n")
        paragraphs = "".join(
            f"<p>{html.escape(p)}</p>" for p in re.split(r"\n\s*\n", body) if p.strip()
        )
        page = (
            f"<html><head><title>{html.escape(title)}</title></head><body><article>"
            f"<h1>{html.escape(title)}</h1>{paragraphs}</article></body></html>"
        ).encode()
        headers = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        )
        record = writer.create_warc_record(
            f"https://bench.example/{n}", "response", payload=io.BytesIO(page), http_headers=headers
        )
        writer.write_record(record)
    path.write_bytes(out.getvalue())


class Peak:
    """The peak resident memory of every process whose command line holds ``marker``,
    read from /proc while a command runs (VmHWM: each process's own high-water mark)."""

    def __init__(self, marker: str) -> None:
        self.marker = marker
        self.peaks: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def __enter__(self) -> Peak:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def _watch(self) -> None:
        while not self._stop.wait(0.2):
            for proc in Path("/proc").glob("[0-9]*"):
                try:
                    if self.marker not in (proc / "cmdline").read_bytes().decode(errors="replace"):
                        continue
                    status = (proc / "status").read_text()
                except OSError:
                    continue
                found = re.search(r"VmHWM:\s+(\d+) kB", status)
                if found:
                    pid = int(proc.name)
                    self.peaks[pid] = max(self.peaks.get(pid, 0), int(found[1]) // 1024)


def timed(command: list[str]) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr[-3000:]}")
    return seconds, done.stderr


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=1, help="Times each article is packed.")
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1/test")
    args = parser.parse_args()
    corpus, articles = texts(args.copies)
    table = Table(title=f"Spark scale-out, {corpus}, {date.today().isoformat()}")
    for column in ("run", "articles/s", "wall s", "inside run s", "peak MB per Python worker"):
        table.add_column(column, justify="right" if column != "run" else "left")
    rates: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as work_dir:
        work = Path(work_dir)
        warc = work / "articles.warc.gz"
        pack(articles, warc)
        n = len(articles)
        for workers in (1, 2):
            seconds, _ = timed(
                [
                    *ONRECORD,
                    "ingest",
                    str(warc),
                    "--db",
                    str(work / f"ingest-{workers}.db"),
                    "--workers",
                    str(workers),
                ]
            )
            rates[f"ingest {workers}"] = n / seconds
            table.add_row(
                f"onrecord ingest --workers {workers}",
                f"{n / seconds:.2f}",
                f"{seconds:.1f}",
                "",
                "",
            )
        for cores in (1, 2):
            out = work / f"spark-{cores}"
            with Peak("pyspark.daemon") as peak:
                seconds, report = timed(
                    [
                        *ONRECORD,
                        "spark",
                        "run",
                        str(warc),
                        "--out",
                        str(out),
                        "--master",
                        f"local[{cores}]",
                    ]
                )
            inside = re.search(r" in ([\d.]+) s", report)
            workers = [mb for pid, mb in peak.peaks.items() if mb > 200]
            rates[f"spark {cores}"] = n / seconds
            table.add_row(
                f"onrecord spark run --master local[{cores}]",
                f"{n / seconds:.2f}",
                f"{seconds:.1f}",
                inside[1] if inside else "?",
                f"{max(workers)}" if workers else "?",
            )
        with postgres_database(args.pg) as url:
            if url is not None:
                seconds, _ = timed([*ONRECORD, "load", str(work / "spark-2"), "--db", url])
                table.add_row(
                    "onrecord load into PostgreSQL", f"{n / seconds:.1f}", f"{seconds:.1f}", "", ""
                )
    console.print(table)
    console.print(
        f"scaling local[2] / local[1]: {rates['spark 2'] / rates['spark 1']:.2f}×; "
        f"Spark against ingest: {rates['spark 1'] / rates['ingest 1']:.2f}× at one core, "
        f"{rates['spark 2'] / rates['ingest 2']:.2f}× at two"
    )


if __name__ == "__main__":
    main()
