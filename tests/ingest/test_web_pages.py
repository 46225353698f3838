"""Real web pages: bylines in the body, messy authors, outlets, titles, dates, languages and
pages that are no article. The pages under ``pages/`` are ours, written in the style of
real news sites."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from onrecord import Settings
from onrecord.errors import NotAnArticle
from onrecord.ingest import Hints, from_bytes, from_html
from onrecord.ingest.html import HtmlArticle, read_html
from onrecord.kb import KnowledgeBase
from onrecord.lexicons import shipped
from onrecord.names import norm

PAGES = Path(__file__).resolve().parent / "pages"
STORY = "".join(
    f"<p>{p}</p>"
    for p in (
        "Firefighters spent more than five hours battling a blaze that gutted a furniture "
        "warehouse on Monday night, fire officials said on Tuesday.",
        "“Thirty years of work, gone in one night,” the owner told reporters as smoke still "
        "rose from the building.",
        "The fire chief said the cause of the fire was under investigation and urged "
        "residents to report any suspicious activity.",
    )
)


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.load()


def read(name: str, kb: KnowledgeBase | None = None, url: str | None = None) -> HtmlArticle:
    html = (PAGES / name).read_text("utf-8")
    if kb is None:
        return read_html(html, url)
    return read_html(html, url, is_place=kb.is_place, outlet_named=kb.outlet_named)


def page(head: str, body: str = STORY, lang: str = "en") -> str:
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">{head}</head>'
        f"<body><nav><a href='/'>Home</a></nav><article>{body}</article></body></html>"
    )


def spans(article: HtmlArticle) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for region in article.regions:
        found.setdefault(region.kind, []).append(article.text[slice(*region.span)])
    return found


def test_a_byline_in_the_body_gives_the_author(kb: KnowledgeBase) -> None:
    article = read("tribune-byline.html", kb)
    assert article.authors == ("Desmond Thurston",)
    marked = spans(article)
    assert marked["byline"] == ["By DESMOND THURSTON / Tribune Staff Reporter"]
    assert marked["contact"] == ["dthurston@tribunemedia.net"]
    assert all(r.furniture for r in article.regions if r.kind in {"byline", "contact"})


def test_the_metadata_author_comes_before_a_byline_in_the_body() -> None:
    body = "<p>By Marcus Webb</p>" + STORY
    article = read_html(page('<title>Blaze</title><meta name="author" content="Ada Lind">', body))
    assert article.authors == ("Ada Lind",)
    assert spans(article)["byline"] == ["By Marcus Webb"]


def test_a_domain_only_outlet_is_named_by_the_table() -> None:
    # The page names no site; its canonical address is all there is.
    article = read("tribune-byline.html")
    assert article.url is not None and "tribune242.com" in article.url
    assert article.outlet == "The Tribune"


@pytest.mark.parametrize(
    "url",
    [
        "https://www.harbour-gazette.example/x",
        "https://www.harbour-gazette.example:8080/x",
        "http://10.0.0.7:8000/x",
    ],
)
def test_an_unknown_domain_is_never_the_outlet(url: str) -> None:
    article = read_html(page("<title>Blaze</title>"), url)
    assert article.outlet is None


@pytest.mark.parametrize(
    ("url", "outlet"),
    [
        ("https://www.reuters.com/world/fire-2024-05-01/", "Reuters"),
        ("https://edition.cnn.com/2024/05/01/world/fire/index.html", "CNN"),
        ("https://abcnews.go.com/US/fire/story?id=1", "ABC News"),
        ("https://www.theguardian.com/world/2024/may/01/fire", "Guardian"),
    ],
)
def test_the_domain_table_names_the_outlet(url: str, outlet: str) -> None:
    assert read_html(page("<title>Blaze</title>"), url).outlet == outlet


def test_the_outlet_table_names_outlets_not_domains(kb: KnowledgeBase) -> None:
    table = shipped("outlets.tsv")
    assert len(table) >= 300
    for domain, outlet in table:
        assert domain == domain.lower() and not domain.startswith("www."), domain
        assert not re.fullmatch(r"(?:[\w-]+\.)+[a-z]{2,}", outlet.lower()), outlet
        # Where the knowledge base knows the outlet under another spelling ("The Guardian"),
        # the table uses its canonical name ("Guardian").
        known = kb.outlet_named(outlet)
        assert known is None or known == outlet or norm(known) != norm(outlet), outlet


def test_a_site_name_with_a_slogan_gives_the_outlet_and_leaves_the_title() -> None:
    article = read("wsvn-title-suffix.html")
    assert article.title == "Crews contain brush fire near Everglades edge"
    assert article.text.startswith("Crews contain brush fire near Everglades edge\n")
    assert article.outlet == "WSVN 7News"
    assert article.published == "2024-04-18"
    # "7News Web Staff" is a desk, not a person.
    assert article.authors == ()


@pytest.mark.parametrize(
    ("title", "url", "expected"),
    [
        ("Ferry fares to rise | Reuters", "https://www.reuters.com/x", "Ferry fares to rise"),
        (
            "Biden - Xi talks end without a deal | Reuters",
            None,
            "Biden - Xi talks end without a deal",
        ),
        ("Reuters - Ferry fares to rise", "https://www.reuters.com/x", "Ferry fares to rise"),
        ("Ferry fares to rise - Tribune242", "http://www.tribune242.com/x", "Ferry fares to rise"),
        (
            "Ferry fares to rise - tribune242.com",
            "http://www.tribune242.com/x",
            "Ferry fares to rise",
        ),
        (
            "Ferry fares to rise - and so do bus fares",
            None,
            "Ferry fares to rise - and so do bus fares",
        ),
    ],
)
def test_the_site_name_is_cut_off_the_title(title: str, url: str | None, expected: str) -> None:
    head = f'<title>{title}</title><meta property="og:title" content="{title}">'
    if url is None:
        head += '<meta property="og:site_name" content="Reuters">'
    assert read_html(page(head), url).title == expected


def test_the_knowledge_base_names_the_outlet_of_a_site(kb: KnowledgeBase) -> None:
    head = '<title>Sturm</title><meta property="og:site_name" content="SPIEGEL ONLINE">'
    article = read_html(page(head), None, outlet_named=kb.outlet_named)
    assert article.outlet == "Der Spiegel"


@pytest.mark.parametrize(
    ("site", "author", "expected"),
    [
        ("CBS News", "CBS News February", ()),
        ("DER SPIEGEL", "SPIEGEL ONLINE, Hamburg, Germany", ()),
        ("新华网", "责任编辑：孔德明", ()),
        ("新华网", "记者 张伟", ("张伟",)),
        ("The Coastal Courier", "Stephangoeldi Said, On August 3", ("Stephangoeldi",)),
        ("Los Tiempos", "Hecho en Bolivia con Drupal por Smartica", ()),
        ("The Coastal Courier", "Photo: Jane Doe/AP", ()),
        (
            "The Coastal Courier",
            "By Priya Natarajan, Transport Correspondent",
            ("Priya Natarajan",),
        ),
        ("The Coastal Courier", "JANE DOE and JOHN ROE", ("Jane Doe", "John Roe")),
        ("The Coastal Courier", "The Coastal Courier", ()),
        ("The Coastal Courier", "Maria May", ("Maria May",)),
    ],
)
def test_messy_authors_are_cleaned(
    kb: KnowledgeBase, site: str, author: str, expected: tuple[str, ...]
) -> None:
    head = (
        f'<title>Blaze</title><meta property="og:site_name" content="{site}">'
        f'<meta name="author" content="{author}">'
    )
    # An editor's label stands in the page, as Chinese portals print it, not in a meta tag.
    body = f'<p class="author">{author}</p>' + STORY
    for html in (
        page(head),
        page(f'<title>Blaze</title><meta property="og:site_name" content="{site}">', body),
    ):
        article = read_html(html, is_place=kb.is_place, outlet_named=kb.outlet_named)
        assert article.authors == expected, html


def test_an_undated_page_has_no_date_not_its_copyright_year(settings: Settings) -> None:
    article = read("undated-copyright.html")
    assert (article.published, article.published_from) == (None, None)
    record = from_bytes((PAGES / "undated-copyright.html").read_bytes(), settings, html=True)
    assert record.published is None
    assert any("no publication date found" in w for w in record.warnings)


def test_a_dateline_in_the_text_dates_a_page_without_metadata() -> None:
    body = "<p>Published: March 5, 2024</p>" + STORY
    article = read_html(page("<title>Blaze</title>", body))
    assert (article.published, article.published_from) == ("2024-03-05", "dateline")


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("angular-template.html", "unrendered template"),
        ("not-found.html", "error page ('Page not found')"),
        ("section-front.html", "list of links"),
    ],
)
def test_pages_that_are_no_article_are_refused_with_the_reason(name: str, reason: str) -> None:
    with pytest.raises(NotAnArticle, match=re.escape(reason)):
        read(name)


def test_a_template_is_refused_when_its_placeholders_make_up_a_long_text() -> None:
    body = "".join(
        f"<p>{{{{ vm.article.paragraphe{i} }}}} Cette page est en cours de modification, "
        "merci de patienter quelques instants avant de la recharger.</p>"
        for i in range(4)
    )
    with pytest.raises(NotAnArticle, match="unrendered template"):
        read_html(page("<title>Portail</title>", body, lang="fr"))


@pytest.mark.parametrize(
    ("title", "heading"),
    [
        ("404 | The Coastal Courier", ""),
        ("Error 404 - Page not found", ""),
        # WordPress: the site's name in the title, the error in the heading.
        ("The Coastal Courier", "Oops! That page can’t be found."),
    ],
)
def test_error_titles(title: str, heading: str) -> None:
    body = f'<h1 class="page-title">{heading}</h1>' if heading else ""
    with pytest.raises(NotAnArticle, match="error page"):
        read_html(page(f"<title>{title}</title>", body + STORY))


def test_an_article_about_an_error_or_with_links_is_kept() -> None:
    body = (
        "<h1>Why the council website keeps showing 404 errors</h1>"
        + STORY
        + "".join(
            f'<p><a href="/{i}">Read more about the fire number {i}</a></p>' for i in range(3)
        )
    )
    article = read_html(
        page("<title>Why the council website keeps showing 404 errors</title>", body)
    )
    assert article.title == "Why the council website keeps showing 404 errors"


def test_newsletter_pitches_and_captions_are_furniture() -> None:
    article = read("newsletter-and-related.html")
    marked = spans(article)
    assert marked["footer"] == [
        "Get The Harbour Herald's Daily Briefing by email and never miss our top stories "
        "Free Sign Up"
    ]
    assert marked["caption"] == [
        "Photo: Finance Minister Avi Karmon at the Knesset (Harbour Herald)"
    ]
    # Story paragraphs above the furniture stay story: no standfirst, no labels.
    assert {r.kind for r in article.regions} <= {"headline", "footer", "related", "caption"}
    story = [
        line
        for line in article.text.splitlines()
        if not any(
            r.span[0] <= article.text.index(line) < r.span[1]
            for r in article.regions
            if r.furniture
        )
    ]
    assert not any("Budget deficit widens" in line for line in story)
    assert any("Finance Minister Avi Karmon said" in line for line in story)


def test_credit_and_sign_up_boxes_are_left_out_of_the_text() -> None:
    body = (
        STORY[: STORY.index("</p>") + 4]
        + '<p class="photo-credit">Lionel Pratt/Harbour Herald</p>'
        + '<div class="newsletter-signup-inline"><p>Sign up for our morning briefing</p></div>'
        + STORY[STORY.index("</p>") + 4 :]
    )
    article = read_html(page("<title>Blaze</title>", body))
    assert "Lionel Pratt/Harbour Herald" not in article.text
    assert "morning briefing" not in article.text
    assert "Thirty years of work" in article.text


def test_the_page_declared_language_is_a_two_letter_code(kb: KnowledgeBase) -> None:
    article = read("german-lang.html", kb)
    assert article.language == "de"
    assert article.title == "Hafenarbeiter drohen mit Streik"
    assert article.outlet == "Hafenblatt"


@pytest.mark.parametrize(
    ("html_lang", "meta", "expected"),
    [
        ("de-DE", "", "de"),
        ("", '<meta property="og:locale" content="fr_FR">', "fr"),
        ("", '<meta http-equiv="Content-Language" content="es-ES, en">', "es"),
        ("EN-gb", '<meta property="og:locale" content="fr_FR">', "en"),
        ("", "", None),
        ("x-default", "", None),
    ],
)
def test_declared_languages(html_lang: str, meta: str, expected: str | None) -> None:
    article = read_html(page(f"<title>Blaze</title>{meta}", lang=html_lang))
    assert article.language == expected


def test_from_html_takes_the_outlet_and_authors_from_the_hints(kb: KnowledgeBase) -> None:
    head = (
        "<title>Sturm | SPIEGEL ONLINE</title>"
        '<meta property="og:site_name" content="SPIEGEL ONLINE">'
        '<meta name="author" content="SPIEGEL ONLINE, Hamburg, Germany">'
    )
    hints = Hints(is_place=kb.is_place, outlet_named=kb.outlet_named)
    article = from_html(page(head, lang="de"), hints)
    assert (article.title, article.outlet, article.authors) == ("Sturm", "Der Spiegel", ())


def test_a_chinese_editor_line_is_furniture_not_an_author(kb: KnowledgeBase) -> None:
    paragraphs = (
        "国务院总理周三主持召开国务院常务会议，部署进一步稳定就业的措施。会议指出，今年以来就业"
        "形势总体稳定，但部分行业用工需求下降，高校毕业生就业压力较大。",
        "会议决定，延续实施阶段性降低失业保险费率政策，并对吸纳高校毕业生的中小企业给予补贴。"
        "有关部门负责人在会后表示，将加强对政策执行情况的督查，确保各项措施落到实处。",
        "分析人士认为，下半年经济仍面临外部需求放缓等挑战，但宏观政策空间依然充足，就业形势有望"
        "保持基本稳定。",
        "责任编辑：孔德明",
    )
    body = "<h1>国务院常务会议部署稳就业措施</h1>" + "".join(f"<p>{p}</p>" for p in paragraphs)
    head = (
        '<title>国务院常务会议部署稳就业措施</title><meta name="author" content="责任编辑：孔德明">'
    )
    article = read_html(page(head, body, lang="zh-CN"), outlet_named=kb.outlet_named)
    assert article.authors == ()
    assert spans(article)["footer"] == ["责任编辑：孔德明"]
    assert article.language == "zh"
