"""The ``Doc._`` extensions onrecord's components read and write, declared once.

Values are records with character offsets (``onrecord.records``), so they stay valid
outside the ``Doc``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc

from onrecord.extract.quotemarks import Quotation, find_quotations

__all__ = [
    "Sentences",
    "keep_text",
    "lemmas_of",
    "pos_of",
    "quotations_of",
    "register_extensions",
    "sentences_of",
    "starts_of",
    "text_of",
    "words_of",
]

_TEXT_KEY = "onrecord.text"
_WORDS_KEY = "onrecord.words"
_LEMMAS_KEY = "onrecord.lemmas"
_POS_KEY = "onrecord.pos"
_STARTS_KEY = "onrecord.starts"
_QUOTATIONS_KEY = "onrecord.quotations"
_SENTENCES_KEY = "onrecord.sentences"

_DOC_EXTENSIONS: dict[str, object] = {
    # The ingested Article (metadata, furniture regions), set by onrecord.pipeline; None when
    # a user runs the components on bare text.
    "article": None,
    # list[onrecord.records.Entity], set by onrecord_entities.
    "entities": None,
    # list[onrecord.records.Statement], set by onrecord_statements; onrecord_sourcing fills
    # in their sources, hedges and certainty.
    "statements": None,
    # onrecord.records.SourcingProfile, set by onrecord_sourcing.
    "sourcing": None,
    # list[onrecord.records.Time] in text order, set by onrecord_times.
    "times": None,
    # list[onrecord.records.Event] in text order, set by onrecord_events.
    "events": None,
    # list[onrecord.records.Commitment] in text order, set by onrecord_commitments.
    "commitments": None,
    # list[onrecord.records.Update] in text order, set by onrecord_updates.
    "updates": None,
}


def register_extensions() -> None:
    """Declare every extension that is not declared yet (safe to call repeatedly)."""
    for name, default in _DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


def text_of(doc: Doc) -> str:
    """The text of ``doc``, built once: ``Doc.text`` joins every token each time it is read,
    which six components reading it cost the pipeline a tenth of its speed."""
    text = doc.user_data.get(_TEXT_KEY)
    if not isinstance(text, str):
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


def quotations_of(doc: Doc) -> list[Quotation]:
    """The quotations of ``doc``'s text, paired once: coreference and the statements both
    read them."""
    found = doc.user_data.get(_QUOTATIONS_KEY)
    if not isinstance(found, list):
        found = doc.user_data[_QUOTATIONS_KEY] = find_quotations(text_of(doc))
    return found


def words_of(doc: Doc) -> list[str]:
    """The text of every token of ``doc``, built once and cut from :func:`text_of` by two
    integer columns: a loop over ``token.text`` builds a Token object per token."""
    words = doc.user_data.get(_WORDS_KEY)
    if not isinstance(words, list):
        text = text_of(doc)
        starts, lengths = doc.to_array(["IDX", "LENGTH"]).T.tolist()
        words = doc.user_data[_WORDS_KEY] = [
            text[start : start + length] for start, length in zip(starts, lengths, strict=True)
        ]
    return words


# Components that look at every token for a few words read these columns, built once per
# Doc from spaCy's integer arrays, and make a Token only for the tokens they keep: a loop
# over the Doc builds a Token object per token, which cost more than the tests themselves.


def lemmas_of(doc: Doc) -> list[str]:
    """Every token's lemma in lower case (``token.lemma_.lower()``), built once."""
    lemmas = doc.user_data.get(_LEMMAS_KEY)
    if not isinstance(lemmas, list):
        lemmas = doc.user_data[_LEMMAS_KEY] = _names(doc, "LEMMA", str.lower)
    return lemmas


def pos_of(doc: Doc) -> list[str]:
    """Every token's coarse part of speech (``token.pos_``), built once."""
    tags = doc.user_data.get(_POS_KEY)
    if not isinstance(tags, list):
        tags = doc.user_data[_POS_KEY] = _names(doc, "POS", str)
    return tags


def starts_of(doc: Doc) -> list[int]:
    """Every token's character offset (``token.idx``), built once."""
    starts = doc.user_data.get(_STARTS_KEY)
    if not isinstance(starts, list):
        starts = doc.user_data[_STARTS_KEY] = doc.to_array("IDX").tolist()
    return starts


@dataclass(frozen=True, slots=True)
class Sentences:
    """The sentences of a parsed Doc as token numbers: ``Token.sent`` walks the parse on
    every call, which is slow in a long sentence and quadratic over its tokens."""

    #: Each token's sentence, counted from 0.
    of: list[int]
    #: Each sentence's first token.
    starts: list[int]
    size: int

    def bounds(self, i: int) -> tuple[int, int]:
        """The first token of token ``i``'s sentence and the one after its last."""
        n = self.of[i]
        return self.starts[n], self.starts[n + 1] if n + 1 < len(self.starts) else self.size


def sentences_of(doc: Doc) -> Sentences:
    """The sentences of ``doc`` (parsed), found once."""
    found = doc.user_data.get(_SENTENCES_KEY)
    if not isinstance(found, Sentences):
        of: list[int] = []
        starts: list[int] = []
        for i, start in enumerate(doc.to_array("SENT_START").tolist()):
            if start == 1 or i == 0:
                starts.append(i)
            of.append(len(starts) - 1)
        found = doc.user_data[_SENTENCES_KEY] = Sentences(of, starts, len(doc))
    return found


def _names(doc: Doc, attribute: str, form: Callable[[str], str]) -> list[str]:
    strings = doc.vocab.strings
    names: dict[int, str] = {}
    column: list[str] = []
    for key in doc.to_array(attribute).tolist():
        name = names.get(key)
        if name is None:
            name = names[key] = form(strings[key])
        column.append(name)
    return column


def keep_text(doc: Doc, text: str) -> None:
    """Give :func:`text_of` the ``text`` that ``doc`` was made from, so it never rebuilds it:
    spaCy's tokenizer keeps every character, so the two are equal."""
    doc.user_data[_TEXT_KEY] = text


register_extensions()
