"""Sentence boundaries at line breaks.

News text puts every headline, caption and paragraph on its own line, and none of them
runs across a line break; the parser alone would glue a headline to the first paragraph.
This component runs before the parser, which keeps the boundaries it sets.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

__all__ = ["LineBreaks"]


class LineBreaks:
    """Start a sentence at the first token after every line break."""

    def __call__(self, doc: Doc) -> Doc:
        """Mark sentence starts; leave the rest to the parser."""
        after_break = False
        for token in doc:
            if after_break and not token.is_space:
                token.is_sent_start = True
                after_break = False
            if "\n" in token.text or "\n" in token.whitespace_:
                after_break = True
        return doc


@Language.factory("onrecord_linebreaks", assigns=["token.is_sent_start"])
def make_linebreaks(nlp: Language, name: str) -> LineBreaks:
    """Factory for :class:`LineBreaks`."""
    return LineBreaks()
