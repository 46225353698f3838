"""WARC crawl files (``.warc``, ``.warc.gz``): every HTML page a crawl fetched becomes an article.

Only ``response`` records with HTTP status 200 and an HTML content type are read; requests,
metadata, images, redirects and errors are passed over. fastwarc frames the records, or
warcio when fastwarc cannot be imported. The HTTP head of each response is parsed here,
strictly, because both libraries drop malformed header lines without a word and neither
says how many bytes a head took: both backends then read a file alike.

A damaged file is read as far as it can be. A record with a malformed HTTP head, or a page
over the size cap, is rejected alone. When the stream itself breaks (garbage between
records, a block shorter or longer than its Content-Length, corrupt or truncated gzip), the
bytes are examined to tell which record or stretch is at fault, and reading goes on at the
next record start found after it (the next gzip member, for ``.warc.gz``); when there is
none, one :class:`~onrecord.ingest.Rejected` stands for the rest of the file.
"""

from __future__ import annotations

import contextlib
import io
import mmap
import os
import re
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from email.message import Message
from typing import BinaryIO

from onrecord.errors import IngestError
from onrecord.ingest import Hints, Rejected, from_bytes
from onrecord.ingest.decode import human_size
from onrecord.records import Article
from onrecord.settings import Settings

__all__ = [
    "Backend",
    "StreamBroken",
    "WarcEntry",
    "default_backend",
    "fastwarc_records",
    "read_warc",
    "warcio_records",
]

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_GZIP_MAGIC = b"\x1f\x8b\x08"
# Longest WARC or HTTP header block looked for; real ones are a few hundred bytes.
_MAX_HEAD = 64 * 1024
_CHUNK = 1024 * 1024
_UNREAD = "the WARC reader stopped here"
_CONTENT_LENGTH = re.compile(rb"^content-length:[ \t]*(\d+)[ \t]*\r?$", re.I | re.M)
_HEAD_END = re.compile(rb"\r?\n\r?\n")
_LINE_END = re.compile(rb"\r?\n")
_STATUS_LINE = re.compile(rb"HTTP/\d(?:\.\d)? ([1-5]\d\d)(?: [^\r\n]*)?")
_HEADER_NAME = re.compile(rb"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
_CHUNK_SIZE = re.compile(rb"[0-9A-Fa-f]{1,16}")


@dataclass(frozen=True, slots=True)
class WarcEntry:
    """One record as a backend frames it; its block is read on demand."""

    #: Where the record starts in the file (where its gzip member starts, for .warc.gz).
    offset: int
    #: The WARC-Type: ``response``, ``request``, ``metadata``, ...
    type: str
    target_uri: str | None
    #: Bytes in the block, from the WARC Content-Length.
    length: int
    #: Reads up to ``n`` more bytes of the block; fewer only at its end or the file's.
    read: Callable[[int], bytes]


#: Frames the records of a WARC file from the stream's position on, raising
#: :class:`StreamBroken` where it cannot go on.
Backend = Callable[[BinaryIO], Iterator[WarcEntry]]


class StreamBroken(Exception):
    """The backend cannot frame a record here; its message is the library's reason."""


class _BadRecord(Exception):
    """A framed response record that is not a readable page; the message says why."""


def read_warc(
    stream: BinaryIO,
    name: str,
    settings: Settings,
    hints: Hints = Hints(),  # noqa: B008 (a frozen dataclass)
    *,
    backend: Backend | None = None,
) -> Iterator[Article | Rejected]:
    """The HTML pages in the WARC file open as ``stream`` (a real, seekable file), in order.

    Each article's source is ``NAME#record N URI`` (N counts the records read, from 1), its
    URL the record's target URI. Damage is reported as a :class:`Rejected` with ``NAME#record
    N URI`` for a bad record, ``NAME#byte OFFSET`` for a stretch that is no record, and
    ``NAME#after record N`` for a break inside a gzip member holding several records.
    """
    yield from _WarcReader(stream, name, settings, hints, backend or default_backend()).read()


def default_backend() -> Backend:
    """fastwarc, which is the faster, else warcio."""
    try:
        import fastwarc.warc  # noqa: F401
    except ImportError:
        return warcio_records
    return fastwarc_records


def fastwarc_records(stream: BinaryIO) -> Iterator[WarcEntry]:
    """The records of ``stream`` as fastwarc frames them."""
    from fastwarc.warc import ArchiveIterator

    # HTTP heads are parsed by _http_head: fastwarc's parser cannot say what it dropped.
    records = iter(ArchiveIterator(stream, parse_http=False))
    while True:
        try:
            record = next(records, None)
        except Exception as exc:  # whatever it raises on damaged bytes means the same here
            raise StreamBroken(_one_line(exc)) from None
        if record is None:
            return
        headers = record.headers
        yield _entry(
            record.stream_pos,
            headers.get("WARC-Type"),
            headers.get("WARC-Target-URI"),
            headers.get("Content-Length"),
            record.reader.read,
        )


def warcio_records(stream: BinaryIO) -> Iterator[WarcEntry]:
    """The records of ``stream`` as warcio frames them."""
    from warcio.archiveiterator import ArchiveIterator

    records = ArchiveIterator(stream, no_record_parse=True)
    while True:
        try:
            # warcio writes its own warnings to stderr; the Rejected we yield says it better.
            with contextlib.redirect_stderr(io.StringIO()):
                record = next(records, None)
        except Exception as exc:  # ArchiveLoadFailed, EOFError, zlib.error, AttributeError...
            raise StreamBroken(_one_line(exc)) from None
        if record is None:
            return
        headers = record.rec_headers
        yield _entry(
            records.offset,
            headers.get_header("WARC-Type"),
            headers.get_header("WARC-Target-URI"),
            headers.get_header("Content-Length"),
            record.raw_stream.read,
        )


def _entry(
    offset: int,
    warc_type: str | None,
    uri: str | None,
    length: str | None,
    read: Callable[[int], bytes],
) -> WarcEntry:
    # Both libraries accept a header block cut short by the end of the file.
    if length is None or not length.strip().isdigit():
        raise StreamBroken("the WARC header has no valid Content-Length")

    def guarded(n: int) -> bytes:
        try:
            return read(n)
        except Exception as exc:  # the block's bytes are damaged: gzip or I/O errors
            raise StreamBroken(_one_line(exc)) from None

    # WARC/1.0 allowed the URI in angle brackets.
    target = uri.strip().strip("<>") if uri else None
    return WarcEntry(offset, (warc_type or "").strip().lower(), target, int(length), guarded)


class _WarcReader:
    """Reads one WARC file, restarting the backend after each break."""

    def __init__(
        self, stream: BinaryIO, name: str, settings: Settings, hints: Hints, backend: Backend
    ) -> None:
        self.stream = stream
        self.name = name
        self.settings = settings
        self.hints = hints
        self.backend = backend
        self.number = 0
        stream.seek(0)
        self.gz = stream.read(len(_GZIP_MAGIC)) == _GZIP_MAGIC

    def read(self) -> Iterator[Article | Rejected]:
        start: int | None = 0
        while start is not None:
            self.stream.seek(start)
            # The outcome of the last record waits until the next one is framed: a break
            # right after it may show that its block overran its end.
            pending: list[Article | Rejected] = []
            last: WarcEntry | None = None
            complete = True
            why: str | None = None
            try:
                for entry in self.backend(self.stream):
                    yield from pending
                    pending = []
                    self.number += 1
                    last, complete = entry, False
                    outcome = self._outcome(entry)
                    pending = [] if outcome is None else [outcome]
                    complete = True
            except StreamBroken as exc:
                why = str(exc)
            outcomes, start = self._settle(start, last, complete, pending, why)
            yield from outcomes

    def _where(self, entry: WarcEntry) -> str:
        uri = f" {entry.target_uri}" if entry.target_uri else ""
        return f"{self.name}#record {self.number}{uri}"

    def _outcome(self, entry: WarcEntry) -> Article | Rejected | None:
        """The article in a response record, a Rejected, or None for any other record."""
        if entry.type != "response":
            return None
        where = self._where(entry)
        head = _read_exactly(entry.read, min(entry.length, _MAX_HEAD))
        try:
            status, headers, body_start = _http_head(head)
            media_type = headers.get("content-type", "").split(";")[0].strip().lower()
            if status != 200 or media_type not in _HTML_TYPES:
                return None
            size = entry.length - body_start
            if size > self.settings.max_bytes:
                return Rejected(
                    where,
                    f"page is {human_size(size)}, over the "
                    f"{human_size(self.settings.max_bytes)} limit "
                    "(raise ONRECORD_MAX_BYTES to accept it)",
                )
            body = head[body_start:] + _read_exactly(entry.read, entry.length - len(head))
            body = _decoded(body, headers, self.settings.max_bytes)
            hints = replace(self.hints, url=entry.target_uri)
            charset = _charset(headers.get("content-type", ""))
            return from_bytes(body, self.settings, hints, source=where, html=True, charset=charset)
        except _BadRecord as exc:
            return Rejected(where, str(exc))
        except IngestError as exc:
            return Rejected.from_error(where, exc)

    def _settle(
        self,
        start: int,
        last: WarcEntry | None,
        complete: bool,
        pending: list[Article | Rejected],
        why: str | None,
    ) -> tuple[list[Article | Rejected], int | None]:
        """What to report when the backend stops after ``last``, having read from ``start``,
        because of ``why`` (None: it saw the end); and where to read on (None: nowhere).

        Both libraries can stop without a word where a gzip member is cut short, so a stop
        short of the end of the file counts as a break.
        """
        if os.fstat(self.stream.fileno()).st_size == 0:  # which mmap refuses to map
            return pending, None
        with mmap.mmap(self.stream.fileno(), 0, access=mmap.ACCESS_READ) as data:
            gap = start
            if last is not None:
                at_member = not self.gz or data[last.offset : last.offset + 3] == _GZIP_MAGIC
                end = self._check(data, last.offset) if at_member else None
                if isinstance(end, str) or not complete:
                    # The record itself is damaged: it is reported instead of what was read
                    # of it, and the next record may start inside what it swallowed.
                    resume = self._next_start(data, last.offset + 1)
                    reason = end if isinstance(end, str) else why or _UNREAD
                    if resume is None:
                        reason += "; nothing after it can be read"
                    return [Rejected(self._where(last), reason)], resume
                if end is None:
                    # In a gzip member of several records, which cannot be entered midway.
                    if why is None:
                        return pending, None
                    resume = self._next_start(data, last.offset + 1)
                    where = f"{self.name}#after record {self.number}"
                    return [*pending, Rejected(where, _rest(why, data, None, resume))], resume
                gap = end
            if len(data) - gap <= _MAX_HEAD and not data[gap:].strip():
                return pending, None
            problem = self._check(data, gap)
            # The backend failed at `gap`: whatever is there is not read again.
            resume = self._next_start(data, gap + 1)
            reason = _rest(
                problem if isinstance(problem, str) else why or _UNREAD, data, gap, resume
            )
            return [*pending, Rejected(f"{self.name}#byte {gap}", reason)], resume

    def _check(self, data: mmap.mmap, pos: int) -> int | str | None:
        """Where the record at ``pos`` ends (the next may start there), what is wrong with
        it, or None when that cannot be told: in a gzip member holding several records."""
        if not self.gz:
            return _framed(data, pos)
        member = _gunzip_member(data, pos)
        if isinstance(member, str):
            return member
        head, size, tail, member_end = member
        extent = _extent(head)
        if isinstance(extent, str):
            return extent
        block_start, length = extent
        # The blank lines closing a record are in its member, after the block.
        held = size - block_start - (4 if tail == b"\r\n\r\n" else 0)
        if held < length:
            return f"its gzip member ends inside the record ({held} of its {length} bytes)"
        if held > length:
            return None
        if tail != b"\r\n\r\n":
            return "the record has no blank lines after its block"
        return member_end

    def _next_start(self, data: mmap.mmap, pos: int) -> int | None:
        """The first offset from ``pos`` on where a record seems to start."""
        magic = _GZIP_MAGIC if self.gz else b"WARC/1."
        while (pos := data.find(magic, pos)) >= 0:
            if self.gz:
                with contextlib.suppress(zlib.error):
                    if zlib.decompressobj(31).decompress(data[pos : pos + 1024], 5) == b"WARC/":
                        return pos
            elif pos == 0 or data[pos - 1] == ord("\n"):
                return pos
            pos += 1
        return None


def _framed(data: mmap.mmap, pos: int) -> int | str:
    """Where the WARC record at ``pos`` ends, after its blank lines, or what is wrong."""
    extent = _extent(data[pos : pos + _MAX_HEAD])
    if isinstance(extent, str):
        return extent
    block_start, length = extent
    end = pos + block_start + length
    if end > len(data):
        held = len(data) - pos - block_start
        return f"the file ends inside the record ({held} of its {length} bytes)"
    if data[end : end + 4] != b"\r\n\r\n":
        return (
            f"the record does not end where its Content-Length ({length} bytes) says: "
            "its block is shorter or longer"
        )
    return end + 4


def _rest(problem: str, data: mmap.mmap, gap: int | None, resume: int | None) -> str:
    """``problem``, and what of the file after it is skipped or lost."""
    if resume is None:
        if gap is None:
            return f"{problem}; the rest of the file cannot be read"
        return f"{problem}; the rest of the file ({human_size(len(data) - gap)}) cannot be read"
    if gap is None:
        return f"{problem}; reading goes on at the next gzip member, at byte {resume}"
    return f"{problem}; skipped {human_size(resume - gap)} to the next record"


def _extent(head: bytes) -> tuple[int, int] | str:
    """Where the block starts in a record beginning with ``head``, and its length."""
    if not head.startswith(b"WARC/"):
        return "not a WARC record"
    head_end = head.find(b"\r\n\r\n")
    if head_end < 0:
        return "the WARC header has no end"
    declared = _CONTENT_LENGTH.search(head, 0, head_end)
    if declared is None:
        return "the WARC header has no valid Content-Length"
    return head_end + 4, int(declared[1])


def _gunzip_member(data: mmap.mmap, pos: int) -> tuple[bytes, int, bytes, int] | str:
    """The first bytes, size and last four bytes of the content of the gzip member at
    ``pos``, and where the member ends; or what is wrong with it."""
    if data[pos : pos + len(_GZIP_MAGIC)] != _GZIP_MAGIC:
        return "not a gzip member"
    inflater = zlib.decompressobj(31)
    head = b""
    tail = b""
    size = 0
    read = pos
    try:
        while not inflater.eof:
            if inflater.unconsumed_tail:
                piece = inflater.unconsumed_tail
            elif read < len(data):
                piece = data[read : read + _CHUNK]
                read += len(piece)
            else:
                return "the file ends inside a gzip member (it is truncated)"
            out = inflater.decompress(piece, _CHUNK)
            if len(head) < _MAX_HEAD:
                head += out[: _MAX_HEAD - len(head)]
            tail = (tail + out)[-4:]
            size += len(out)
    except zlib.error as exc:
        return f"corrupt gzip data ({exc})"
    return head, size, tail, read - len(inflater.unused_data)


def _one_line(exc: Exception) -> str:
    # warcio explains some errors in a paragraph; its first sentence says what happened.
    return " ".join(str(exc).split()).split(". ")[0] or type(exc).__name__


def _charset(content_type: str) -> str | None:
    """The ``charset`` parameter of a ``Content-Type`` header value, if it has one."""
    header = Message()
    header["content-type"] = content_type
    return header.get_content_charset()


def _read_exactly(read: Callable[[int], bytes], n: int) -> bytes:
    parts: list[bytes] = []
    while n > 0 and (part := read(n)):
        parts.append(part)
        n -= len(part)
    if n > 0:
        raise StreamBroken("the record is cut short")
    return b"".join(parts)


def _http_head(block: bytes) -> tuple[int, dict[str, str], int]:
    """Status, headers (names lower-cased) and body offset of an HTTP response block."""
    end = _HEAD_END.search(block)
    if end is None:
        raise _BadRecord("the HTTP header block has no end (no blank line before the body)")
    status_line, *lines = _LINE_END.split(block[: end.start()])
    status = _STATUS_LINE.fullmatch(status_line)
    if status is None:
        raise _BadRecord(f"the HTTP status line is malformed: {_shown(status_line)}")
    headers: dict[str, str] = {}
    name = ""
    for line in lines:
        if line[:1] in (b" ", b"\t") and name:  # a folded continuation line
            headers[name] += " " + line.strip().decode("latin-1")
            continue
        raw_name, colon, value = line.partition(b":")
        if not colon or not _HEADER_NAME.fullmatch(raw_name):
            raise _BadRecord(f"an HTTP header line is malformed: {_shown(line)}")
        name = raw_name.decode("ascii").lower()
        headers[name] = value.strip().decode("latin-1")
    return int(status[1]), headers, end.end()


def _shown(line: bytes) -> str:
    return repr(line[:60].decode("latin-1"))


def _decoded(body: bytes, headers: dict[str, str], max_bytes: int) -> bytes:
    """``body`` without its transfer and content codings (applied in the order listed)."""
    codings = [
        coding.strip().lower()
        for header in ("content-encoding", "transfer-encoding")
        for coding in headers.get(header, "").split(",")
        if coding.strip()
    ]
    for coding in reversed(codings):
        if coding == "chunked":
            body = _dechunked(body)
        elif coding in {"gzip", "x-gzip", "deflate"}:
            body = _inflated(body, coding, max_bytes)
        elif coding != "identity":
            raise _BadRecord(f"content coding {coding!r} is not supported")
    return body


def _dechunked(body: bytes) -> bytes:
    parts: list[bytes] = []
    pos = 0
    while True:
        eol = body.find(b"\r\n", pos)
        size = _CHUNK_SIZE.fullmatch(body[pos:eol].split(b";")[0].strip()) if eol >= 0 else None
        if size is None:
            raise _BadRecord("the chunked body is malformed")
        n = int(size[0], 16)
        if n == 0:
            return b"".join(parts)
        if eol + 2 + n > len(body):
            raise _BadRecord("the chunked body is cut short")
        parts.append(body[eol + 2 : eol + 2 + n])
        pos = eol + 2 + n + 2


def _inflated(body: bytes, coding: str, max_bytes: int) -> bytes:
    # "deflate" is meant to be zlib-wrapped; some servers send it raw.
    wbits = 31 if coding != "deflate" else (15 if body[:1] == b"\x78" else -15)
    inflater = zlib.decompressobj(wbits)
    try:
        out = inflater.decompress(body, max_bytes + 1)
    except zlib.error as exc:
        raise _BadRecord(f"the {coding} body is corrupt ({exc})") from None
    if len(out) > max_bytes:
        raise _BadRecord(f"page is over the {human_size(max_bytes)} limit once decompressed")
    if not inflater.eof:
        raise _BadRecord(f"the {coding} body is cut short")
    return out
