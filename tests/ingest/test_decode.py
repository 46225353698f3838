from __future__ import annotations

import pytest

from onrecord.errors import BinaryInput, EmptyInput, InputTooLarge
from onrecord.ingest.decode import decode, human_size

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02"


def test_utf8_passes_through_with_newlines_normalised() -> None:
    decoded = decode("Zelenskyy’s reply\r\ncame “later”.".encode(), max_bytes=1000)
    assert decoded.text == "Zelenskyy’s reply\ncame “later”."
    assert decoded.encoding == "utf-8"


def test_bom_is_dropped() -> None:
    assert decode(b"\xef\xbb\xbfMinister resigns", max_bytes=100).text == "Minister resigns"


def test_utf16_with_bom() -> None:
    decoded = decode("Le ministre a démissionné.".encode("utf-16"), max_bytes=1000)
    assert decoded.text == "Le ministre a démissionné."


def test_windows_1252_is_detected() -> None:
    text = "The minister’s spokesman said the talks were “constructive” and would resume soon. " * 3
    decoded = decode(text.encode("cp1252"), max_bytes=10_000)
    assert decoded.text == text
    assert decoded.encoding != "utf-8"


@pytest.mark.parametrize("data", [b"", b"   \n\t  \n"])
def test_empty_input_is_refused(data: bytes) -> None:
    with pytest.raises(EmptyInput):
        decode(data, max_bytes=100)


@pytest.mark.parametrize(
    ("data", "what"),
    [(PNG, "PNG"), (b"%PDF-1.7\n%\xe2\xe3", "PDF"), (b"PK\x03\x04\x14\x00", "ZIP")],
)
def test_binary_formats_are_named(data: bytes, what: str) -> None:
    with pytest.raises(BinaryInput, match=what):
        decode(data, max_bytes=1000)


def test_unknown_binary_is_refused() -> None:
    noise = bytes(range(256)) * 20
    with pytest.raises(BinaryInput):
        decode(noise, max_bytes=100_000)


def test_size_cap() -> None:
    with pytest.raises(InputTooLarge, match=r"over the 1\.0 kB limit"):
        decode(b"a" * 1001, max_bytes=1000)


def test_human_size() -> None:
    assert human_size(512) == "512 bytes"
    assert human_size(52_428_800) == "52.4 MB"


def test_cyrillic_single_byte_text_is_not_read_as_western() -> None:
    text = "Президент заявил, что переговоры продолжатся на следующей неделе. " * 3
    decoded = decode(text.encode("cp1251"), max_bytes=10_000)
    assert decoded.text == text
