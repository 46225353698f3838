"""Bytes to text: size cap, binary sniffing and the choice of encoding.

Everything that reaches the pipeline went through :func:`decode`, so a PNG, a PDF, an empty
file or a file in an unknown encoding is refused here with a one-line reason.

The encoding is, in order: the byte-order mark; UTF-8, when the bytes are UTF-8 but for a
few damaged bytes (replaced with U+FFFD, and counted); the charset the HTTP header
declares; the one the page declares (``<meta charset>``, ``<meta http-equiv>``, an XML
declaration); only then a guess. Declared labels are read as browsers read them
(``data/charsets.tsv``).
"""

from __future__ import annotations

import codecs
import logging
import re
from dataclasses import dataclass, replace

from charset_normalizer import from_bytes

from onrecord.errors import BinaryInput, EmptyInput, InputTooLarge, UndecodableInput
from onrecord.lexicons import Lexicons, current

__all__ = ["Decoded", "decode", "human_size"]

LOGGER = logging.getLogger(__name__)

# Leading bytes of formats people feed by mistake.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or a .docx/.xlsx/.epub file)"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"BZh", "bzip2-compressed data"),
    (b"\xfd7zXZ\x00", "xz-compressed data"),
    (b"\x7fELF", "an executable"),
    (b"MZ", "a Windows executable"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"OggS", "an Ogg media file"),
    (b"ID3", "an MP3 file"),
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Share of control characters above which decoded "text" is really binary.
_MAX_CONTROL_SHARE = 0.01
# Share of accented letters above which text is not Western European (see _as_western).
_MAX_ACCENTED_SHARE = 0.15
# Share of the non-ASCII bytes that may be invalid in text still read as UTF-8. Text in a
# legacy encoding, read as UTF-8, gets nearly all its non-ASCII bytes wrong: every one in the
# single-byte code pages (a letter byte followed by ASCII is never valid), over half in
# GB2312, Big5, Shift_JIS, EUC-KR or TIS-620 paragraphs, a fifth in the worst five-letter
# snippets we tried. UTF-8 damaged in transit or by a careless edit (a stray \xff, a
# multibyte character cut short) gets a handful of bytes wrong among many right ones.
_MAX_INVALID_SHARE = 0.1
_ASCII = bytes(range(128))
_REPLACEMENT = "\ufffd"
# How much of a page is searched for its declared charset: the head, before <body>. The
# WHATWG prescan stops at 1024 bytes; pages that open with long scripts declare it later.
_PRESCAN = 16_384
_BODY = re.compile(rb"<body\b", re.I)
_XML_DECLARATION = re.compile(rb"^\s*<\?xml\s[^>]*?encoding\s*=\s*[\"']([\w.:-]+)", re.I)
# Both <meta charset="x"> and <meta http-equiv="Content-Type" content="...; charset=x">.
_META_CHARSET = re.compile(rb"<meta\s[^>]*?charset\s*=\s*[\"']?\s*([\w.:-]+)", re.I)
_UTF16 = ("utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be")


@dataclass(frozen=True, slots=True)
class Decoded:
    """Decoded text, the encoding it was read with and how that was settled."""

    text: str
    encoding: str
    #: Who named the encoding: ``byte-order mark``, ``http-header`` or ``page``; None when
    #: the bytes showed it (UTF-8, ASCII) or it was guessed.
    declared_by: str | None = None
    #: Bytes that were not UTF-8 in text otherwise UTF-8, each replaced with U+FFFD.
    replaced: int = 0
    #: True when nothing declared the encoding and the bytes are not UTF-8: a guess.
    guessed: bool = False


def human_size(n: int) -> str:
    """``10_485_760`` → ``'10.5 MB'``."""
    size = float(n)
    for unit in ("bytes", "kB", "MB", "GB"):
        if size < 1000 or unit == "GB":
            return f"{int(size)} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1000
    raise AssertionError("unreachable")


def decode(data: bytes, *, max_bytes: int, declared: str | None = None) -> Decoded:
    """Decode ``data`` as text, refusing empty, oversized, binary or undecodable input.

    ``declared`` is the charset the transport gave with the bytes (the ``charset`` of an
    HTTP ``Content-Type``); the page's own declaration is read from ``data``. Newlines are
    normalised to ``\\n`` and a byte-order mark is dropped; nothing else changes, so
    offsets into the result are offsets into the article.
    """
    if len(data) > max_bytes:
        raise InputTooLarge(
            f"input is {human_size(len(data))}, over the {human_size(max_bytes)} limit "
            "(raise ONRECORD_MAX_BYTES to accept it)"
        )
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise BinaryInput(f"input is {what}, not text or HTML")
    decoded = _decode_text(data, declared)
    text = decoded.text
    if not text.strip():
        raise EmptyInput("input is empty" if not data else "input holds only whitespace")
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    if controls > _MAX_CONTROL_SHARE * len(text):
        raise BinaryInput("input is binary data, not text or HTML")
    return replace(decoded, text=text.replace("\r\n", "\n").replace("\r", "\n"))


def _decode_text(data: bytes, declared: str | None) -> Decoded:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(
                    data.decode(encoding), encoding.removesuffix("-sig"), "byte-order mark"
                )
            except UnicodeDecodeError:
                break
    # UTF-8 goes before what is declared: legacy text is almost never valid UTF-8 by
    # chance, while servers that label every page ISO-8859-1 whatever it holds are common.
    non_ascii = len(data.translate(None, _ASCII))
    utf8 = _as_utf8(data, non_ascii) if non_ascii else None
    if utf8 is not None:
        return utf8
    for label, where in ((declared, "http-header"), (_page_charset(data), "page")):
        codec = _codec(label, data)
        if codec is None:
            continue
        try:
            return Decoded(data.decode(codec), codec, where)
        except (UnicodeError, LookupError):
            LOGGER.info("input declared as %s (%s) does not decode as it", label, where)
    if not non_ascii:
        return Decoded(data.decode("ascii"), "utf-8")
    if b"\x00" in data[:4096] and not _looks_utf16(data):
        raise BinaryInput("input is binary data, not text or HTML")
    western = _as_western(data)
    if western is not None:
        return Decoded(western, "windows-1252", guessed=True)
    best = from_bytes(data[:200_000]).best()
    if best is None or best.encoding is None:
        raise UndecodableInput("input is not text in any encoding onrecord can recognise")
    try:
        text = data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        raise UndecodableInput(
            f"input looks like {best.encoding} but does not decode as it"
        ) from None
    LOGGER.info("decoded input as %s", best.encoding)
    return Decoded(text, best.encoding, guessed=True)


def _as_utf8(data: bytes, non_ascii: int) -> Decoded | None:
    """``data`` as UTF-8 if it is UTF-8 but for a few invalid bytes (see
    ``_MAX_INVALID_SHARE``), each replaced with U+FFFD; a single bad byte is let through
    in a short text too, as long as some of its non-ASCII bytes are valid UTF-8."""
    text = data.decode("utf-8", "replace")
    added = text.count(_REPLACEMENT) - data.count(_REPLACEMENT.encode())
    if not added:
        return Decoded(text, "utf-8")
    # Each U+FFFD stands for one invalid sequence of one to three bytes; the bytes that
    # were valid are the text's UTF-8 less the replacement characters'.
    invalid = len(data) - (len(text.encode()) - added * len(_REPLACEMENT.encode()))
    if invalid >= non_ascii or invalid > max(1, _MAX_INVALID_SHARE * non_ascii):
        return None
    return Decoded(text, "utf-8", replaced=invalid)


def _page_charset(data: bytes) -> str | None:
    """The charset the page declares in its head, if any."""
    head = data[:_PRESCAN]
    body = _BODY.search(head)
    if body is not None:
        head = head[: body.start()]
    found = _XML_DECLARATION.match(head) or _META_CHARSET.search(head)
    return found.group(1).decode("ascii") if found else None


def _codec(label: str | None, data: bytes) -> str | None:
    """The Python codec for a declared ``label``, read as browsers read it; None for a
    label no codec answers to, and for UTF-16 or UTF-32 when the bytes are not (a page
    whose declaration could be read as ASCII is not in either)."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    name = current().memo(_labels).get(label, label)
    try:
        info = codecs.lookup(name)
    except LookupError:
        LOGGER.info("ignoring unknown charset %r", label)
        return None
    # Python's codec registry also answers to "base64", "rot13" or "unicode_escape",
    # which decode no page: only a codec that maps bytes to text, and keeps ASCII as
    # ASCII (EBCDIC does not, UTF-16 and UTF-32 below are the exceptions), is honoured.
    if not getattr(info, "_is_text_encoding", True) or "escape" in info.name:
        LOGGER.info("ignoring charset %r, which is not a text encoding", label)
        return None
    codec = info.name
    if codec in _UTF16:
        return codec if _looks_utf16(data) else None
    try:
        keeps_ascii = b"<html".decode(codec) == "<html"
    except (UnicodeError, LookupError):
        keeps_ascii = False
    if not keeps_ascii:
        LOGGER.info("ignoring charset %r, which does not keep ASCII", label)
        return None
    return codec


def _labels(lexicons: Lexicons) -> dict[str, str]:
    return {label: codec for label, codec in lexicons.table("charsets.tsv")}


def _as_western(data: bytes) -> str | None:
    """``data`` as Windows-1252 if it reads like a Western European language.

    Detectors hesitate between the single-byte code pages on short texts and pick cp1250
    or mac_latin2 for French; for English and Western European news cp1252 is by far the
    likeliest. It is taken only when accented letters stay rare, as they are in those
    languages (Cyrillic or Greek text read as cp1252 is nearly all accented letters).
    """
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    letters = [ch for ch in text if ch.isalpha()]
    accented = sum(1 for ch in letters if ord(ch) > 127)
    return text if letters and accented <= _MAX_ACCENTED_SHARE * len(letters) else None


def _looks_utf16(data: bytes) -> bool:
    # ASCII-heavy UTF-16 without a BOM has a NUL in every other byte.
    head = data[:4096]
    even, odd = head[0::2], head[1::2]
    return even.count(0) > 0.4 * len(even) or odd.count(0) > 0.4 * len(odd)
