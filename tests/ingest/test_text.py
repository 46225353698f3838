from __future__ import annotations

from onrecord.ingest.text import read_layout
from tests.conftest import EXAMPLES

EXAMPLE = (EXAMPLES / "ceasefire-deadline.txt").read_text("utf-8")


def _regions(text: str) -> dict[str, list[str]]:
    layout = read_layout(text, lambda name: name in {"Istanbul", "New Delhi"})
    found: dict[str, list[str]] = {}
    for region in layout.regions:
        found.setdefault(region.kind, []).append(text[region.span[0] : region.span[1]])
    return found


def test_title_byline_and_dates_are_recovered() -> None:
    layout = read_layout(EXAMPLE, lambda name: name == "Istanbul")
    assert layout.title is not None and layout.title.startswith("'We will not wait forever'")
    assert layout.authors == ("Marta Kowalczyk",)
    assert layout.published == "2025-03-12T18:48+05:30"  # "First Published", not "Last Updated"
    assert layout.updated == "2025-03-12T19:05+05:30"


def test_furniture_is_marked_and_story_is_not() -> None:
    regions = _regions(EXAMPLE)
    assert regions["caption"] == ["Cargo ships wait at anchor in the Bosporus | Photo: Reuters"]
    assert regions["tags"][0] == "Grain corridor, Black Sea, Istanbul talks"
    assert "Also Read" in regions["related"]
    assert "Black Sea shipping insurers raise premiums for a third time" in regions["related"]
    assert "Next Story" in regions["related"]
    assert regions["standfirst"][0].startswith("The warning came a day after")
    story = [r for r in read_layout(EXAMPLE).regions if r.furniture]
    assert all("Turkish mediators" not in EXAMPLE[r.span[0] : r.span[1]] for r in story)


def test_without_by_a_byline_must_sit_beside_the_dateline() -> None:
    text = (
        "Minister quits over leaked memo\n"
        "Anna Berg, Lars Holm\n"
        "Cabinet sources say the memo was shared widely before the vote on Thursday.\n"
        "Updated: 2 May 2024\n"
        "The minister resigned on Thursday after a memo she wrote was leaked to reporters.\n"
    )
    layout = read_layout(text)
    assert layout.authors == ()
    assert _regions(text)["tags"] == ["Anna Berg, Lars Holm"]


def test_by_line() -> None:
    text = "Strike ends\nBy Anna Berg and Lars Holm\nPublished: 2 May 2024\nThe strike ended.\n"
    assert read_layout(text).authors == ("Anna Berg", "Lars Holm")


def test_plain_text_without_furniture_keeps_every_line() -> None:
    text = "Talks resume\n\nNegotiators met again on Monday, officials said.\n"
    layout = read_layout(text)
    assert layout.title == "Talks resume"
    assert layout.published is None
    assert [r.kind for r in layout.regions] == ["headline"]


def test_offsets_survive_no_break_spaces() -> None:
    text = "Headline here\n\u00a0\nBody line one said something.\n"
    (region,) = read_layout(text).regions
    assert text[region.span[0] : region.span[1]] == "Headline here"


def test_a_wire_dateline_opening_the_story_is_marked() -> None:
    text = (
        "Port strike talks stall\n\nBy Ana Ruiz\n\n"
        "KESTREL BAY, May 4 (Harbour Wire) — Dockworkers will walk out on Monday.\n\n"
        "WASHINGTON - a second dash later in the story is not a dateline.\n"
    )
    assert _regions(text)["dateline"] == ["KESTREL BAY, May 4 (Harbour Wire) — "]
    lead = next(r for r in read_layout(text).regions if r.kind == "dateline")
    assert not lead.furniture  # its place and date are the report's own


def test_a_story_that_opens_without_a_dateline_has_none() -> None:
    text = "Port strike talks stall\n\nNATO and the port authority met on Monday - briefly.\n"
    assert "dateline" not in _regions(text)
