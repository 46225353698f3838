"""Lines that start with "By" near the top of a text, as copied from a page or left by
trafilatura: the byline, its job title and outlet aside."""

from __future__ import annotations

import pytest

from onrecord.ingest.text import is_role, read_layout

STORY = "Firefighters battled the blaze for five hours on Monday night, officials said."


@pytest.mark.parametrize(
    ("byline", "authors"),
    [
        ("By Jane Doe", ("Jane Doe",)),
        ("By DESMOND THURSTON / Tribune Staff Reporter", ("DESMOND THURSTON",)),
        ("By Jane Doe | Reuters", ("Jane Doe",)),
        ("By Priya Natarajan, Transport Correspondent", ("Priya Natarajan",)),
        ("By Jane Doe and John Roe", ("Jane Doe", "John Roe")),
    ],
)
def test_a_by_line_under_the_headline_is_a_byline(byline: str, authors: tuple[str, ...]) -> None:
    text = f"Fire guts warehouse\n{byline}\n{STORY}\n"
    layout = read_layout(text)
    assert layout.authors == authors
    assert [(r.kind, text[slice(*r.span)]) for r in layout.regions] == [
        ("headline", "Fire guts warehouse"),
        ("byline", byline),
    ]


def test_a_by_line_below_a_standfirst_is_a_byline_too() -> None:
    text = (
        "Fire guts warehouse\nOwner says thirty years of work lost in one night\n"
        f"By Jane Doe\n{STORY}\n"
    )
    layout = read_layout(text)
    assert layout.authors == ("Jane Doe",)
    assert [r.kind for r in layout.regions] == ["headline", "standfirst", "byline"]


@pytest.mark.parametrize(
    "line",
    [
        "By the time crews arrived, the roof had collapsed.",
        "By Monday",
        f"{STORY} By Jane Doe",
    ],
)
def test_sentences_that_start_with_by_are_story(line: str) -> None:
    layout = read_layout(f"Fire guts warehouse\n{line}\n{STORY}\n")
    assert layout.authors == ()
    assert [r.kind for r in layout.regions] == ["headline"]


def test_a_by_line_deep_in_the_story_is_not_a_byline() -> None:
    paragraphs = "\n".join(f"{STORY} ({i})" for i in range(5))
    layout = read_layout(f"Fire guts warehouse\n{paragraphs}\nBy Jane Doe\n")
    assert layout.authors == ()


@pytest.mark.parametrize(
    ("name", "role"),
    [
        ("Tribune Staff Reporter", True),
        ("Senior Political Correspondent", True),
        ("Web Desk", True),
        ("Jane Doe", False),
        ("Edward Said", False),
    ],
)
def test_job_titles(name: str, role: bool) -> None:
    assert is_role(name) is role
