"""Bytes to text: size cap, binary sniffing and encoding detection.

Everything that reaches the pipeline went through :func:`decode`, so a PNG, a PDF, an empty
file or a file in an unknown encoding is refused here with a one-line reason.
"""

from __future__ import annotations

import codecs
import logging
from dataclasses import dataclass

from charset_normalizer import from_bytes

from onrecord.errors import BinaryInput, EmptyInput, InputTooLarge, UndecodableInput

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


@dataclass(frozen=True, slots=True)
class Decoded:
    """Decoded text and the encoding it was read with."""

    text: str
    encoding: str


def human_size(n: int) -> str:
    """``10_485_760`` → ``'10.5 MB'``."""
    size = float(n)
    for unit in ("bytes", "kB", "MB", "GB"):
        if size < 1000 or unit == "GB":
            return f"{int(size)} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1000
    raise AssertionError("unreachable")


def decode(data: bytes, *, max_bytes: int) -> Decoded:
    """Decode ``data`` as text, refusing empty, oversized, binary or undecodable input.

    Newlines are normalised to ``\\n`` and a byte-order mark is dropped; nothing else
    changes, so offsets into the result are offsets into the article.
    """
    if len(data) > max_bytes:
        raise InputTooLarge(
            f"input is {human_size(len(data))}, over the {human_size(max_bytes)} limit "
            "(raise ONRECORD_MAX_BYTES to accept it)"
        )
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise BinaryInput(f"input is {what}, not text or HTML")
    text, encoding = _decode_text(data)
    if not text.strip():
        raise EmptyInput("input is empty" if not data else "input holds only whitespace")
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    if controls > _MAX_CONTROL_SHARE * len(text):
        raise BinaryInput("input is binary data, not text or HTML")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return Decoded(text, encoding)


def _decode_text(data: bytes) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding.removesuffix("-sig")
            except UnicodeDecodeError:
                break
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:4096] and not _looks_utf16(data):
        raise BinaryInput("input is binary data, not text or HTML")
    western = _as_western(data)
    if western is not None:
        return western, "windows-1252"
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
    return text, best.encoding


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
