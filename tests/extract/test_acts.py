"""A statement's act (speech, writing, thought, intention) from ``data/acts.tsv``."""

from __future__ import annotations

from pathlib import Path

import pytest

from onrecord import Reader, lexicons
from onrecord.errors import LexiconError
from onrecord.extract.quotes import Acts, StatementFinder

HEADER = "# version: 1\nlemma\trelation\tact\n"


def acts_of(reader: Reader, text: str, acts: Acts) -> list[tuple[str, str]]:
    """(cue, act) of each statement the rules read in ``text``."""
    doc = reader.nlp(text)
    finder = reader.nlp.get_pipe("onrecord_statements")
    assert isinstance(finder, StatementFinder)
    drafts, _ = finder.drafts(doc)
    return [(" ".join(t.text for t in d.cue), acts.of(d)) for d in drafts]


def test_the_construction_decides_between_thought_and_intention(reader: Reader) -> None:
    acts = Acts(lexicons.load())
    assert acts_of(reader, "The mayor said the bridge would reopen in May.", acts) == [
        ("said", "speech")
    ]
    assert acts_of(reader, "The mayor hopes that the bridge will reopen in May.", acts) == [
        ("hopes", "thought")
    ]
    assert acts_of(reader, "The mayor hopes to reopen the bridge in May.", acts) == [
        ("hopes", "intention")
    ]
    assert acts_of(reader, "The mayor wrote that the bridge would reopen in May.", acts) == [
        ("wrote", "writing")
    ]


def test_an_overlay_changes_an_act(reader: Reader, tmp_path: Path) -> None:
    text = "The mayor believes that the bridge will reopen in May."
    assert acts_of(reader, text, Acts(lexicons.load())) == [("believes", "thought")]
    (tmp_path / "acts.tsv").write_text(HEADER + "-believe\nbelieve\t*\tspeech\n", "utf-8")
    acts = Acts(lexicons.load([tmp_path]))
    assert acts_of(reader, text, acts) == [("believes", "speech")]


def test_an_unknown_act_is_a_lexicon_error(tmp_path: Path) -> None:
    (tmp_path / "acts.tsv").write_text(HEADER + "mutter\t*\tgrumbling\n", "utf-8")
    with pytest.raises(LexiconError, match=r"acts.tsv line 3: act must be one of"):
        Acts(lexicons.load([tmp_path]))
