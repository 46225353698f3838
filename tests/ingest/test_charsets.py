"""Encodings as web pages and servers declare them, and UTF-8 with a few damaged bytes."""

from __future__ import annotations

import codecs

import pytest
from pytest_httpserver import HTTPServer

from onrecord import Settings
from onrecord.ingest import from_bytes, from_fetched, load
from onrecord.ingest.decode import decode
from onrecord.ingest.fetch import Fetched, fetch
from onrecord.lexicons import shipped

TITLE = "国务院常务会议部署稳就业措施"
STORY = (
    "国务院总理周三主持召开国务院常务会议，部署进一步稳定就业的措施。会议指出，今年以来就业形势"
    "总体稳定，但部分行业用工需求下降，高校毕业生就业压力较大。",
    "会议决定，延续实施阶段性降低失业保险费率政策，并对吸纳高校毕业生的中小企业给予补贴。"
    "一位与会官员表示：“我们有信心完成全年就业目标。”",
    "会议还研究了促进消费的政策措施，要求各地尽快落实。有关部门负责人在会后表示，将加强对政策执行"
    "情况的督查，确保各项措施落到实处，让企业和群众真正受益。",
    "分析人士认为，下半年经济仍面临外部需求放缓等挑战，但宏观政策空间依然充足，就业形势有望保持"
    "基本稳定。",
)


def gb_page(declaration: str = '<meta charset="gb2312">') -> str:
    """A news page in the style of a Chinese portal, with ``declaration`` in its head."""
    paragraphs = "".join(f"<p>{p}</p>" for p in STORY)
    return (
        '<!DOCTYPE html><html lang="zh-CN"><head>'
        f"{declaration}<title>{TITLE}_新闻中心</title>"
        '<meta name="keywords" content="国务院,就业"></head><body>'
        '<div class="nav"><a href="/">首页</a> <a href="/china/">国内</a></div>'
        f'<div class="article"><h1>{TITLE}</h1>{paragraphs}</div>'
        "</body></html>"
    )


def test_a_meta_charset_gb2312_page_is_read_as_gb18030(settings: Settings) -> None:
    data = gb_page().encode("gb2312")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    decoded = decode(data, max_bytes=settings.max_bytes)
    assert (decoded.encoding, decoded.declared_by, decoded.guessed) == ("gb18030", "page", False)
    article = from_bytes(data, settings, source="page.html", html=True)
    assert article.title == TITLE
    assert STORY[1] in article.text
    # Declared, not guessed: nothing to warn about.
    assert not any("UTF-8" in w for w in article.warnings)


def test_an_http_equiv_declaration_is_honoured(settings: Settings) -> None:
    page = gb_page('<meta http-equiv="Content-Type" content="text/html; charset=GBK">')
    decoded = decode(page.encode("gbk"), max_bytes=settings.max_bytes)
    assert (decoded.encoding, decoded.declared_by) == ("gb18030", "page")
    assert STORY[0] in decoded.text


def test_an_xml_declaration_is_honoured(settings: Settings) -> None:
    text = "Президент заявил, что переговоры продолжатся на следующей неделе."
    page = f'<?xml version="1.0" encoding="windows-1251"?>\n<html><body><p>{text}</p></body></html>'
    decoded = decode(page.encode("cp1251"), max_bytes=settings.max_bytes)
    assert (decoded.encoding, decoded.declared_by) == ("cp1251", "page")
    assert text in decoded.text


def test_the_header_charset_reaches_the_decoder_through_fetched(settings: Settings) -> None:
    data = gb_page(declaration="").encode("gb2312")
    fetched = Fetched(data, "https://news.example.cn/2024/0612/jobs.html", "text/html", "gb2312")
    article = from_fetched(fetched, settings, source=fetched.url)
    assert article.title == TITLE
    assert STORY[2] in article.text
    assert article.url == fetched.url
    # The header settled the encoding: no guess to warn about.
    assert not any("UTF-8" in w for w in article.warnings)


def test_a_fetched_page_keeps_its_header_charset(
    httpserver: HTTPServer, settings: Settings
) -> None:
    data = gb_page(declaration="").encode("gb2312")
    httpserver.expect_request("/jobs.html").respond_with_data(
        data, content_type="text/html; charset=GB2312"
    )
    url = httpserver.url_for("/jobs.html")
    fetched = fetch(url, settings)
    assert (fetched.content_type, fetched.charset) == ("text/html", "gb2312")
    article = load(url, settings)
    assert article.title == TITLE
    assert STORY[0] in article.text
    assert not any("UTF-8" in w for w in article.warnings)


def test_the_header_comes_before_the_page(settings: Settings) -> None:
    # KOI8-R decodes any bytes, so only the order decides: the header's windows-1251 wins.
    text = "Министр заявил журналистам, что решение будет принято в понедельник."
    page = f'<html><head><meta charset="koi8-r"></head><body><p>{text}</p></body></html>'
    decoded = decode(page.encode("cp1251"), max_bytes=10_000, declared="windows-1251")
    assert (decoded.encoding, decoded.declared_by) == ("cp1251", "http-header")
    assert text in decoded.text


def test_a_declared_charset_that_does_not_fit_gives_way(settings: Settings) -> None:
    # ISO-2022-JP is 7-bit: these bytes cannot be it, so the page's declaration is next.
    text = "Министр заявил журналистам, что решение будет принято в понедельник."
    page = f'<html><head><meta charset="windows-1251"></head><body><p>{text}</p></body></html>'
    decoded = decode(page.encode("cp1251"), max_bytes=10_000, declared="iso-2022-jp")
    assert (decoded.encoding, decoded.declared_by) == ("cp1251", "page")


def test_latin1_is_read_as_windows_1252() -> None:
    page = '<html><head><meta charset="ISO-8859-1"></head><body><p>“Non”, a-t-il dit.</p>'
    decoded = decode(page.encode("cp1252"), max_bytes=10_000)
    assert decoded.encoding == "cp1252"
    assert "“Non”" in decoded.text


def test_utf8_labelled_latin1_by_the_server_is_still_utf8(settings: Settings) -> None:
    text = "Le ministre a démissionné mardi – « je ne regrette rien », a-t-il dit."
    article = from_bytes(text.encode(), settings, html=False, charset="iso-8859-1")
    assert article.text == text
    assert not any("UTF-8" in w for w in article.warnings)


def test_an_unknown_label_is_ignored() -> None:
    page = '<html><head><meta charset="x-no-such-thing"></head><body><p>Plain words.</p>'
    decoded = decode(page.encode(), max_bytes=10_000)
    assert (decoded.encoding, decoded.declared_by) == ("utf-8", None)


ARTICLE = (
    "Talks on the port strike resume\n\n"
    "The union’s leader, Dafydd Rees, said on Monday that talks would resume “within days” — "
    "after a week in which the employers’ offer was called “an insult”.\n"
    "Rees said the strike could still go ahead.\n"
)


def test_utf8_text_with_one_stray_byte_is_read_with_a_warning(settings: Settings) -> None:
    data = ARTICLE.encode()
    cut = data.index(b"Rees said")
    damaged = data[:cut] + b"\xff" + data[cut:]
    article = from_bytes(damaged, settings, source="strike.txt", html=False)
    assert (
        article.text
        == ARTICLE[: ARTICLE.index("Rees said")]
        + "\ufffd"
        + "Rees said"
        + (ARTICLE[ARTICLE.index("Rees said") + len("Rees said") :])
    )
    assert article.title == "Talks on the port strike resume"
    assert "input is not valid UTF-8: 1 byte replaced with U+FFFD" in article.warnings
    assert not any("decoded as" in w for w in article.warnings)


def test_a_utf8_page_with_one_broken_character_is_not_read_as_mac_latin2(
    settings: Settings,
) -> None:
    paragraphs = [
        "Seria ataków na przejściach granicznych trwała przez cały weekend, poinformowała "
        "w poniedziałek Straż Graniczna.",
        "„Nie będzie żadnych ustępstw”, powiedział dziennikarzom minister spraw wewnętrznych, "
        "zapowiadając wzmocnienie patroli na całej długości granicy.",
        "Opozycja zarzuciła rządowi, że zbyt późno zareagował na sygnały ze służb.",
    ]
    page = (
        '<!DOCTYPE html><html lang="pl"><head><meta charset="utf-8">'
        "<title>Seria ataków na granicy | Kurier Nadmorski</title></head><body><article>"
        "<h1>Seria ataków na granicy</h1>" + "".join(f"<p>{p}</p>" for p in paragraphs)
    ) + "</article></body></html>"
    data = page.encode()
    # The second byte of the "ó" in the story's first "ataków" is lost.
    at = data.index("ataków na przejściach".encode()) + len("atak")
    damaged = data[: at + 1] + data[at + 2 :]
    decoded = decode(damaged, max_bytes=settings.max_bytes)
    assert (decoded.encoding, decoded.replaced) == ("utf-8", 1)
    article = from_bytes(damaged, settings, source="granica.html", html=True)
    assert "atak\ufffdw na przejściach" in article.text
    assert "powiedział dziennikarzom" in article.text
    assert "input is not valid UTF-8: 1 byte replaced with U+FFFD" in article.warnings


def test_legacy_text_is_not_taken_for_damaged_utf8(settings: Settings) -> None:
    text = "Le ministre a démissionné mardi, a déclaré son équipe à la presse.\n"
    article = from_bytes(text.encode("cp1252"), settings, html=False)
    assert article.text == text
    assert "input is not UTF-8; decoded as windows-1252" in article.warnings
    assert not any("replaced" in w for w in article.warnings)


def test_much_damage_is_not_passed_off_as_utf8() -> None:
    # Three of the five multibyte characters are cut short: this is no UTF-8 with a stray
    # byte, and it is left to the guess as before.
    data = "“Não”, disse ele — ontem, à noite, no Porto.".encode()
    cuts = {
        data.index("“".encode()) + 2,
        data.index("ã".encode()) + 1,
        data.index("”".encode()) + 2,
    }
    decoded = decode(bytes(b for i, b in enumerate(data) if i not in cuts), max_bytes=1000)
    assert decoded.guessed
    assert (decoded.encoding == "utf-8", decoded.replaced) == (False, 0)


def test_every_codec_of_the_charset_table_exists() -> None:
    for label, codec in shipped("charsets.tsv"):
        assert label == label.lower(), label
        codecs.lookup(codec)


@pytest.mark.parametrize(
    "label", ["base64", "hex", "zlib", "rot13", "quopri", "undefined", "unicode_escape", "cp037"]
)
def test_a_declared_charset_that_is_no_text_encoding_is_ignored(
    settings: Settings, label: str
) -> None:
    story = "Le capitaine a déclaré que le port rouvrirait lundi, selon la mairie. " * 4
    page = f'<html><head><meta charset="{label}"></head><body><p>{story}</p></body></html>'
    decoded = decode(page.encode("cp1252"), max_bytes=settings.max_bytes)
    assert story in decoded.text
