"""The ``Doc._`` extensions onrecord's components read and write, declared once.

Values are records with character offsets (``onrecord.records``), so they stay valid
outside the ``Doc``.
"""

from __future__ import annotations

from spacy.tokens import Doc

__all__ = ["register_extensions", "text_of"]

_TEXT_KEY = "onrecord.text"

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


register_extensions()
