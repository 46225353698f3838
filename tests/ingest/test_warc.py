"""WARC files written with warcio's WARCWriter, read by both backends, then damaged byte by byte."""

from __future__ import annotations

import gzip
import io
import sys
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from onrecord import Settings
from onrecord.ingest import Rejected
from onrecord.ingest.warc import (
    Backend,
    default_backend,
    fastwarc_records,
    read_warc,
    warcio_records,
)
from onrecord.records import Article
from tests.conftest import PAGES

STRIKE = (PAGES / "harbour-strike.html").read_bytes()
FERRY = (PAGES / "ferry-inspections.html").read_bytes()
STRIKE_URL = "https://coastal.example/news/port-strike"
FERRY_URL = "https://riverside.example/local/ferry-checks"


@dataclass(frozen=True)
class Record:
    """A record to write: a response when ``status`` is set, else a request."""

    uri: str
    body: bytes
    status: str | None = "200 OK"
    headers: tuple[tuple[str, str], ...] = (("Content-Type", "text/html; charset=utf-8"),)
    type: str = "response"


CRAWL = (
    Record(STRIKE_URL, STRIKE),
    Record(
        STRIKE_URL,
        b"GET /news/port-strike HTTP/1.1\r\nHost: coastal.example\r\n\r\n",
        status=None,
        type="request",
    ),
    Record(
        "https://coastal.example/img/rally.png",
        b"\x89PNG\r\n\x1a\n\x00\x00",
        headers=(("Content-Type", "image/png"),),
    ),
    Record(
        "https://coastal.example/news/old",
        b"",
        status="301 Moved Permanently",
        headers=(("Location", STRIKE_URL),),
    ),
    Record("https://coastal.example/news/missing", b"<p>Not found</p>", status="404 Not Found"),
    Record(FERRY_URL, FERRY, headers=(("Content-Type", "application/xhtml+xml"),)),
)


@dataclass(frozen=True)
class Written:
    """A WARC file and where each record starts in it."""

    path: Path
    offsets: tuple[int, ...]

    @property
    def data(self) -> bytes:
        return self.path.read_bytes()

    def damage(self, data: bytes) -> Written:
        self.path.write_bytes(data)
        return self


def write_warc(path: Path, records: tuple[Record, ...] = CRAWL) -> Written:
    """Write ``records`` to ``path``, gzipped per record when it ends in ``.gz``."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=path.suffix == ".gz")
    offsets = []
    for record in records:
        offsets.append(out.tell())
        http = None
        if record.status is not None:
            http = StatusAndHeaders(record.status, list(record.headers), protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                record.uri, record.type, payload=io.BytesIO(record.body), http_headers=http
            )
        )
    path.write_bytes(out.getvalue())
    return Written(path, tuple(offsets))


@pytest.fixture(params=[fastwarc_records, warcio_records], ids=["fastwarc", "warcio"])
def backend(request: pytest.FixtureRequest) -> Backend:
    backend: Backend = request.param
    return backend


def read(path: Path, settings: Settings, backend: Backend) -> list[Article | Rejected]:
    with path.open("rb") as stream:
        return list(read_warc(stream, path.name, settings, backend=backend))


def summary(items: list[Article | Rejected]) -> list[tuple[str, str | None]]:
    """(source, title) of each article, (source, reason) of each rejection."""
    return [
        (item.source, item.reason)
        if isinstance(item, Rejected)
        else (item.source or "", item.title)
        for item in items
    ]


STRIKE_TITLE = "Port workers threaten strike over pay as talks stall"
FERRY_TITLE = "Waterways ministry orders safety checks on all river ferries"


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_html_pages_become_articles_and_other_records_are_passed_over(
    tmp_path: Path, settings: Settings, backend: Backend, name: str
) -> None:
    items = read(write_warc(tmp_path / name).path, settings, backend)
    assert summary(items) == [
        (f"{name}#record 1 {STRIKE_URL}", STRIKE_TITLE),
        (f"{name}#record 6 {FERRY_URL}", FERRY_TITLE),
    ]
    strike, ferry = items
    assert isinstance(strike, Article) and isinstance(ferry, Article)
    assert (strike.url, strike.published, strike.outlet) == (
        STRIKE_URL,
        "2024-05-21",
        "The Coastal Courier",
    )
    assert (ferry.url, ferry.published) == (FERRY_URL, "2023-11-08")


def test_fastwarc_is_preferred_and_warcio_is_the_fallback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert default_backend() is fastwarc_records
    monkeypatch.setitem(sys.modules, "fastwarc.warc", None)  # makes the import fail
    assert default_backend() is warcio_records


@pytest.mark.parametrize(
    ("old", "new", "reason"),
    [
        (
            b"HTTP/1.1 200 OK",
            b"HTTP/1.1 2OO OK",
            "the HTTP status line is malformed: 'HTTP/1.1 2OO OK'",
        ),
        (
            b"Content-Type: text/html",
            b"Content-Type  text/html",
            "an HTTP header line is malformed: 'Content-Type  text/html; charset=utf-8'",
        ),
        (
            b"charset=utf-8\r\n\r\n",
            b"charset=utf-8\r\nX:",
            "the HTTP header block has no end (no blank line before the body)",
        ),
    ],
)
def test_malformed_http_head_rejects_its_record_only(
    tmp_path: Path, settings: Settings, backend: Backend, old: bytes, new: bytes, reason: str
) -> None:
    # The same length, so that the WARC framing stays intact.
    assert len(old) == len(new)
    written = write_warc(tmp_path / "crawl.warc")
    written.damage(written.data.replace(old, new, 1))
    assert summary(read(written.path, settings, backend)) == [
        (f"crawl.warc#record 1 {STRIKE_URL}", reason),
        (f"crawl.warc#record 6 {FERRY_URL}", FERRY_TITLE),
    ]


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_garbage_between_records_is_skipped(
    tmp_path: Path, settings: Settings, backend: Backend, name: str
) -> None:
    written = write_warc(tmp_path / name)
    at = written.offsets[1]
    garbage = b"<html>stray bytes from a broken upload</html>\r\n"
    written.damage(written.data[:at] + garbage + written.data[at:])
    what = "not a gzip member" if name.endswith(".gz") else "not a WARC record"
    assert summary(read(written.path, settings, backend)) == [
        (f"{name}#record 1 {STRIKE_URL}", STRIKE_TITLE),
        (f"{name}#byte {at}", f"{what}; skipped {len(garbage)} bytes to the next record"),
        (f"{name}#record 6 {FERRY_URL}", FERRY_TITLE),
    ]


def test_body_shorter_than_its_content_length(
    tmp_path: Path, settings: Settings, backend: Backend
) -> None:
    written = write_warc(tmp_path / "crawl.warc")
    cut = written.data.index(b"<footer>")
    # The record now runs into the next one; reading goes on from that one's start.
    written.damage(written.data[:cut] + written.data[cut + 30 :])
    length = len(STRIKE) + len(b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n")
    assert summary(read(written.path, settings, backend)) == [
        (
            f"crawl.warc#record 1 {STRIKE_URL}",
            f"the record does not end where its Content-Length ({length} bytes) says: "
            "its block is shorter or longer",
        ),
        (f"crawl.warc#record 6 {FERRY_URL}", FERRY_TITLE),
    ]


def test_gzip_member_shorter_than_its_content_length(
    tmp_path: Path, settings: Settings, backend: Backend
) -> None:
    written = write_warc(tmp_path / "crawl.warc.gz")
    data = written.data
    first = gzip.decompress(data[: written.offsets[1]])
    short = first.replace(b"<footer>", b"", 1)
    written.damage(gzip.compress(short) + data[written.offsets[1] :])
    body = len(first) - first.index(b"\r\n\r\n") - 8  # less the header and closing lines
    assert summary(read(written.path, settings, backend)) == [
        (
            f"crawl.warc.gz#record 1 {STRIKE_URL}",
            f"its gzip member ends inside the record ({body - 8} of its {body} bytes)",
        ),
        (f"crawl.warc.gz#record 6 {FERRY_URL}", FERRY_TITLE),
    ]


def test_truncated_gzip_keeps_the_records_before(
    tmp_path: Path, settings: Settings, backend: Backend
) -> None:
    written = write_warc(tmp_path / "crawl.warc.gz")
    at = written.offsets[3]
    written.damage(written.data[: at + 40])
    assert summary(read(written.path, settings, backend)) == [
        (f"crawl.warc.gz#record 1 {STRIKE_URL}", STRIKE_TITLE),
        (
            f"crawl.warc.gz#byte {at}",
            "the file ends inside a gzip member (it is truncated); "
            "the rest of the file (40 bytes) cannot be read",
        ),
    ]


def test_corrupt_gzip_member_is_skipped(
    tmp_path: Path, settings: Settings, backend: Backend
) -> None:
    written = write_warc(tmp_path / "crawl.warc.gz")
    data = bytearray(written.data)
    start, end = written.offsets[1], written.offsets[2]
    data[start + 20 : start + 40] = bytes(20)  # inside the compressed request record
    written.damage(bytes(data))
    items = summary(read(written.path, settings, backend))
    assert items[0] == (f"crawl.warc.gz#record 1 {STRIKE_URL}", STRIKE_TITLE)
    source, reason = items[1]
    assert source == f"crawl.warc.gz#byte {start}"
    assert reason.startswith("corrupt gzip data (Error -3 while decompressing data")
    assert reason.endswith(f"; skipped {end - start} bytes to the next record")
    # Records are counted as read: the corrupt one is not.
    assert items[2:] == [(f"crawl.warc.gz#record 5 {FERRY_URL}", FERRY_TITLE)]


def test_file_ending_inside_a_record(tmp_path: Path, settings: Settings, backend: Backend) -> None:
    written = write_warc(tmp_path / "crawl.warc")
    written.damage(written.data[:-500])
    length = len(FERRY) + len(b"HTTP/1.1 200 OK\r\nContent-Type: application/xhtml+xml\r\n\r\n")
    assert summary(read(written.path, settings, backend)) == [
        (f"crawl.warc#record 1 {STRIKE_URL}", STRIKE_TITLE),
        (
            f"crawl.warc#record 6 {FERRY_URL}",
            f"the file ends inside the record ({length - 496} of its {length} bytes); "
            "nothing after it can be read",
        ),
    ]


def test_not_a_warc_file(tmp_path: Path, settings: Settings, backend: Backend) -> None:
    path = tmp_path / "notes.warc"
    path.write_bytes(b"Minutes of the harbour board meeting\n" * 3)
    assert summary(read(path, settings, backend)) == [
        ("notes.warc#byte 0", "not a WARC record; the rest of the file (111 bytes) cannot be read")
    ]


def test_page_over_the_size_cap(tmp_path: Path, settings: Settings, backend: Backend) -> None:
    written = write_warc(tmp_path / "crawl.warc.gz")
    items = read(written.path, replace(settings, max_bytes=2000), backend)
    assert summary(items) == [
        (
            f"crawl.warc.gz#record 1 {STRIKE_URL}",
            "page is 2.3 kB, over the 2.0 kB limit (raise ONRECORD_MAX_BYTES to accept it)",
        ),
        (f"crawl.warc.gz#record 6 {FERRY_URL}", FERRY_TITLE),
    ]


def _chunked(data: bytes, size: int) -> Iterator[bytes]:
    for start in range(0, len(data), size):
        piece = data[start : start + size]
        yield b"%x\r\n%s\r\n" % (len(piece), piece)
    yield b"0\r\n\r\n"


def test_chunked_gzip_body_is_decoded(tmp_path: Path, settings: Settings, backend: Backend) -> None:
    body = b"".join(_chunked(gzip.compress(FERRY), 500))
    headers = (
        ("Content-Type", "text/html"),
        ("Content-Encoding", "gzip"),
        ("Transfer-Encoding", "chunked"),
    )
    broken = zlib.compress(FERRY)[:-20]
    html = (("Content-Type", "text/html"),)
    records = (
        Record(FERRY_URL, body, headers=headers),
        Record(STRIKE_URL, broken, headers=(*html, ("Content-Encoding", "deflate"))),
        Record(STRIKE_URL, STRIKE, headers=(*html, ("Content-Encoding", "br"))),
    )
    written = write_warc(tmp_path / "encoded.warc", records)
    items = read(written.path, settings, backend)
    assert summary(items) == [
        (f"encoded.warc#record 1 {FERRY_URL}", FERRY_TITLE),
        (f"encoded.warc#record 2 {STRIKE_URL}", "the deflate body is cut short"),
        (f"encoded.warc#record 3 {STRIKE_URL}", "content coding 'br' is not supported"),
    ]


def test_one_gzip_member_for_the_whole_file(
    tmp_path: Path, settings: Settings, backend: Backend
) -> None:
    plain = write_warc(tmp_path / "crawl.warc").data
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(gzip.compress(plain))
    items = summary(read(path, settings, backend))
    assert items[0] == (f"crawl.warc.gz#record 1 {STRIKE_URL}", STRIKE_TITLE)
    if backend is fastwarc_records:
        assert items[1:] == [(f"crawl.warc.gz#record 6 {FERRY_URL}", FERRY_TITLE)]
    else:  # warcio needs one member per record, as the WARC standard recommends
        assert items[1:] == [
            (
                "crawl.warc.gz#after record 1",
                "ERROR: non-chunked gzip file detected, gzip block continues beyond single "
                "record; the rest of the file cannot be read",
            )
        ]


def test_the_charset_of_a_records_http_header_is_honoured(
    tmp_path: Path, settings: Settings, backend: Backend
) -> None:
    # A Polish page with no charset of its own: guessed, it reads as Windows-1252
    # ("przeprowadzi³o"); the record's HTTP header says ISO-8859-2.
    story = (
        "Wojsko przeprowadziło w nocy serię ataków na magazyny paliwa, poinformował rzecznik "
        "ministerstwa obrony. Żołnierze wrócili do bazy przed świtem. "
    ) * 3
    body = f"<html><head><title>Nocne ataki</title></head><body><p>{story}</p></body></html>"
    page = Record(
        "https://wiadomosci.example.pl/kraj/ataki",
        body.encode("iso-8859-2"),
        headers=(("Content-Type", "text/html; charset=ISO-8859-2"),),
    )
    [article] = read(write_warc(tmp_path / "pl.warc", (page,)).path, settings, backend)
    assert isinstance(article, Article)
    assert "przeprowadziło w nocy serię ataków" in article.text
