"""Sentence boundaries at line breaks.

News text puts every headline, caption and paragraph on its own line, and the parser alone
glues a headline to the first paragraph. This component runs before the parser, which
keeps the boundaries it sets:

- a blank line always ends a sentence;
- in text with one paragraph per line (long lines), every line break does;
- in hard-wrapped text (short lines), a single line break ends a sentence only after
  sentence-final punctuation, so "Vladimir\\nPutin" stays one name;
- every region the ingester labelled (headline, byline, caption, ...) starts and ends
  sentences, so a byline never joins the first sentence of the story.
"""

from __future__ import annotations

import statistics

from spacy.language import Language
from spacy.tokens import Doc

from onrecord.extract.extensions import text_of

__all__ = ["LineBreaks", "unwrapped"]

# Median line length above which a text is taken to hold one paragraph per line.
_UNWRAPPED_LINE_CHARS = 100
_FINAL = {".", "!", "?", ":", '"', "”", "’", "'", ")", "…"}


class LineBreaks:
    """Start sentences at paragraph breaks (and at line breaks in unwrapped text)."""

    def __call__(self, doc: Doc) -> Doc:
        """Mark sentence starts; leave the rest to the parser."""
        article = doc._.article if Doc.has_extension("article") else None
        edges = {e for r in article.regions for e in r.span} if article is not None else set()
        text = text_of(doc)
        one_per_line = unwrapped(text)
        # Line breaks live in whitespace tokens (a token's trailing whitespace is one space at
        # most), so the walk reads two integer columns and builds a Token only where a break
        # comes before a word: most tokens never cost a Token object.
        spaces, starts = doc.to_array(["IS_SPACE", "IDX"]).T.tolist()
        ends = [*starts[1:], len(text)]
        breaks = 0
        previous: int | None = None
        for i, space in enumerate(spaces):
            if space:
                breaks += text.count("\n", starts[i], ends[i])
                continue
            if breaks and previous is not None:
                before = doc[previous]
                paragraph = breaks >= 2 or one_per_line or before.text[-1] in _FINAL
                region = starts[i] in edges or before.idx + len(before) in edges
                if paragraph or region:
                    doc[i].is_sent_start = True
            breaks = 0
            previous = i
        return doc


def unwrapped(text: str) -> bool:
    """Whether ``text`` holds one paragraph per line rather than hard-wrapped lines."""
    lengths = [len(line) for line in text.split("\n") if line.strip()]
    return bool(lengths) and statistics.median(lengths) > _UNWRAPPED_LINE_CHARS


@Language.factory("onrecord_linebreaks", assigns=["token.is_sent_start"])
def make_linebreaks(nlp: Language, name: str) -> LineBreaks:
    """Factory for :class:`LineBreaks`."""
    return LineBreaks()
