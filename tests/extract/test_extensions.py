"""The per-Doc text caches the components share."""

from __future__ import annotations

from onrecord import Reader, ingest
from onrecord.extract.extensions import text_of, words_of
from onrecord.pipeline import make_doc


def test_words_are_the_token_texts(reader: Reader) -> None:
    doc = reader.nlp.make_doc("Zelenskyy’s aide said:\n\n  “We’ll see.” Kyiv — 14 July\t2025 ")
    assert words_of(doc) == [t.text for t in doc]
    assert text_of(doc) == doc.text


def test_a_pipeline_doc_keeps_its_article_text(reader: Reader) -> None:
    article = ingest.from_text("Port reopens\n\nThe port reopened on Monday, officials said.\n")
    doc = make_doc(reader.nlp, article)
    assert doc._.article is article
    assert text_of(doc) is article.text
    assert doc.text == article.text
