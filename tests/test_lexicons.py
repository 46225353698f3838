"""Lexicons as data: one loader and its format rules, overlay folders, and the pipeline's
declared requirements."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from spacy.language import Language

from onrecord import Reader, Settings, ingest, lexicons
from onrecord.errors import ConfigError, LexiconError
from onrecord.extract import timex
from onrecord.extract.cues import load_lexicon
from onrecord.extract.hedges import load_patterns
from onrecord.extract.sourcing import load_source_words
from onrecord.pipeline import load_pipeline
from tests.conftest import Onrecord

GOOD = """\
# A lexicon of our own.
# version: 3
word\tkind

harbour\tplace
# a comment between rows
ferry\tboat
"""

#: The headers of shipped lexicons, for overlays of them.
HEDGES = "# version: 1\npattern\tscope\trelayed\n"
SOURCES = "# version: 1\nword\tkind\n"
WORDS = "# version: 1\nclass\tword\n"
TIMEWORDS = "# version: 1\nclass\tword\tvalue\n"
CURATED = "# version: 1\nlemma\tpos\trelation\tprecision\twhy\n"

#: Our own sentence, with a verb the learned cue lexicon does not hold.
GRUMBLE = "The harbour master grumbled that the new ferry timetable would strand commuters."


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_table_has_its_version_columns_and_rows_with_their_lines() -> None:
    table = lexicons.parse(GOOD, "ours.tsv")
    assert table.version == 3
    assert table.columns == ("word", "kind")
    assert [row.fields for row in table] == [("harbour", "place"), ("ferry", "boat")]
    assert [row.line for row in table] == [5, 7]
    word, kind = table.rows[1]
    assert (word, kind) == ("ferry", "boat")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("word\tkind\nharbour\tplace\n", "ours.tsv line 1: no '# version: N' line before"),
        ("# just a comment\n", "ours.tsv: no '# version: N' line"),
        ("# version: 1\n# only comments\n", "ours.tsv: no column line"),
        (
            "# version: 1\nword\tkind\nharbour\tplace\tquay\n",
            "ours.tsv line 3: 3 fields, expected 2",
        ),
        ("# version: 1\nword\tkind\n\nharbour\n", "ours.tsv line 4: 1 fields, expected 2"),
        ("# version: 1\nword\tkind\nharbour\t\n", "ours.tsv line 3: the kind field is empty"),
        ("# version: 1\nword\tword\n", "ours.tsv line 2: column names must be distinct"),
        ("# version: 1\n# version: 2\nword\tkind\n", "ours.tsv line 2: a second version line"),
    ],
)
def test_a_malformed_file_is_named_with_its_line(text: str, message: str) -> None:
    with pytest.raises(LexiconError, match=message):
        lexicons.parse(text, "ours.tsv")
    assert issubclass(LexiconError, ConfigError)


def test_every_shipped_lexicon_reads_and_its_readers_accept_it() -> None:
    shipped = lexicons.load()
    for name in lexicons.names():
        table = shipped.table(name)
        assert table.version >= 1 and table.columns, name
    assert len(load_lexicon(shipped)) > 1000
    assert {p.scope for p in load_patterns(shipped)} >= {"adverb", "cue"}
    assert load_source_words(shipped)["official"] == "anonymous"
    assert "tell" in shipped.words("addressing_verb")
    they, them = shipped.pronoun("they"), shipped.pronoun("them")
    assert they is not None and (they.person, they.subject, they.refers) == (3, True, "either")
    assert them is not None and not them.subject
    # Derived data is built once per set of lexicons.
    assert timex.rules_for(shipped) is timex.rules_for(shipped)


def test_an_overlay_adds_and_removes_rows(tmp_path: Path) -> None:
    write(tmp_path, "hedges.tsv", HEDGES + "-reportedly\nby all accounts\tadverb\tyes\n")
    write(tmp_path, "words.tsv", WORDS + "-addressing_verb\ttell\n")
    overlaid = lexicons.load([tmp_path])
    patterns = {p.pattern: p for p in load_patterns(overlaid)}
    assert "reportedly" not in patterns
    assert patterns["by all accounts"].relayed
    assert "allegedly" in patterns  # the shipped rows stay
    assert "tell" not in overlaid.words("addressing_verb")
    assert "ask" in overlaid.words("addressing_verb")
    # The shipped lexicons are untouched.
    assert "reportedly" in {p.pattern for p in load_patterns(lexicons.load())}


def test_folders_layer_in_order(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    write(first, "sources.tsv", SOURCES + "harbourmaster\tanonymous\n")
    write(second, "sources.tsv", SOURCES + "-harbourmaster\nharbourmaster\tdocument\n")
    assert load_source_words(lexicons.load([first]))["harbourmaster"] == "anonymous"
    assert load_source_words(lexicons.load([first, second]))["harbourmaster"] == "document"


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("hedges.tsv", HEDGES.replace("1", "2"), "line 1: version 2, but .* is version 1"),
        ("hedges.tsv", "# version: 1\npattern\tscope\n", "line 2: columns pattern, scope, but"),
        ("hedges.tsv", HEDGES + "-harbourly\n", "line 3: removes nothing"),
        ("hedges.tsv", HEDGES + "surely\tmaybe\tno\n", "line 3: scope 'maybe'"),
        ("words.tsv", WORDS + "boat_word\tferry\n", "line 3: no word class 'boat_word'"),
        ("harbour.tsv", "# version: 1\nword\n", "harbour.tsv: onrecord has no lexicon of that"),
        ("cues-curated.tsv", CURATED + "grumble\tVERB\tccomp\t0.9\tours\n", "line 3: no '\\*' row"),
        ("cues-curated.tsv", CURATED + "grumble\tVERB\t*\t9\tours\n", "line 3: precision 9.0"),
        ("timewords.tsv", TIMEWORDS + "holiday\tharbour day\t13-01\n", "line 3: '13-01'"),
    ],
)
def test_a_bad_overlay_is_named_with_its_line(
    tmp_path: Path, name: str, text: str, message: str
) -> None:
    path = write(tmp_path, name, text)
    with pytest.raises(LexiconError, match=message) as caught:
        overlaid = lexicons.load([tmp_path])
        load_lexicon(overlaid)
        load_patterns(overlaid)
        overlaid.words("relative_pronoun")
        timex.rules_for(overlaid)
    assert str(path) in str(caught.value)


def test_a_missing_overlay_folder_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"lexicon folder .*harbour does not exist"):
        lexicons.load([tmp_path / "harbour"])


def test_furniture_and_time_words_come_from_overlays_too(tmp_path: Path) -> None:
    write(tmp_path, "furniture.tsv", "# version: 1\nkind\tpattern\nfooter\t^harbour notices:\n")
    write(
        tmp_path,
        "timewords.tsv",
        TIMEWORDS + "holiday\tharbour day\t06-21\ncounted_noun\tferries\t-\n",
    )
    overlaid = lexicons.load([tmp_path])
    text = "Ferry fares rise\n\nFares rise in June.\n\nHarbour notices: berth 4 is closed.\n"
    plain = ingest.from_text(text)
    article = ingest.from_text(text, ingest.Hints(lexicons=overlaid))
    notice = text.index("Harbour notices")
    assert not any(start <= notice < end for start, end in plain.furniture)
    assert any(start <= notice < end for start, end in article.furniture)

    def values(tagger: timex.TimeTagger, words: str) -> list[str | None]:
        found = []
        for _, resolve in tagger.find(words):
            reading = resolve(timex.Context(date(2026, 7, 1), "past", None, None))
            found.append(reading.value if reading else None)
        return found

    shipped, ours = timex.TimeTagger(), timex.TimeTagger(lexicons=overlaid)
    assert values(shipped, "on Harbour Day 2026") == ["2026"]
    assert values(ours, "on Harbour Day 2026") == ["2026-06-21"]
    assert values(shipped, "the 2025 ferries") == ["2025"]
    assert values(ours, "the 2025 ferries") == []


@pytest.fixture(scope="module")
def grumbling(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An overlay folder that makes "grumble" a cue, as a user would write it."""
    folder = tmp_path_factory.mktemp("lexicons")
    write(
        folder,
        "cues-curated.tsv",
        CURATED + "grumble\tVERB\t*\t0.9\tour test: a complaint is a statement\n",
    )
    return folder


def test_a_cue_added_in_an_overlay_is_found(reader: Reader, grumbling: Path) -> None:
    assert not reader.read_text(GRUMBLE).statements
    overlaid = Reader(Settings.from_env({}, lexicons=(grumbling,)))
    [statement] = overlaid.read_text(GRUMBLE).statements
    assert statement.cue.text == "grumbled"
    assert statement.speaker is not None and statement.speaker.text == "The harbour master"
    assert statement.content.text.startswith("that the new ferry timetable")


def test_the_lexicons_option_reaches_the_pipeline(
    onrecord: Onrecord, grumbling: Path, tmp_path: Path
) -> None:
    article = write(tmp_path, "harbour.txt", f"Harbour news\n\n{GRUMBLE}\n")
    plain = json.loads(onrecord("read", str(article), "--json").stdout)
    assert plain["statements"] == []
    found = onrecord("read", str(article), "--json", "--lexicons", str(grumbling))
    assert [s["cue"]["text"] for s in json.loads(found.stdout)["statements"]] == ["grumbled"]
    via_env = onrecord("read", str(article), "--json", env={"ONRECORD_LEXICONS": str(grumbling)})
    assert [s["cue"]["text"] for s in json.loads(via_env.stdout)["statements"]] == ["grumbled"]


def test_pipeline_order_checks_out_with_analyze_pipes() -> None:
    nlp: Language = load_pipeline(Settings.from_env({}))
    analysis = nlp.analyze_pipes(pretty=False)
    assert analysis is not None
    problems = {name: found for name, found in analysis["problems"].items() if found}
    assert problems == {}, f"components require what nothing before them assigns: {problems}"
    for name in nlp.pipe_names:
        if name.startswith("onrecord_"):
            meta = nlp.get_pipe_meta(name)
            assert meta.assigns, f"{name} declares nothing it assigns"
            # The line-break component runs before the parser and reads only the text.
            assert meta.requires or name == "onrecord_linebreaks", f"{name} requires nothing"
