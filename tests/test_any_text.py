"""Whatever the text, every span in its record is the text it names, and the inputs that
used to take super-linear time are read (their speed is measured in bench/hostile.py)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from onrecord import Reader
from onrecord.errors import InputTooLarge
from onrecord.pipeline import tokenize
from onrecord.records import Article

# Pieces of news prose and of hostile input, joined at random: quote marks of every kind,
# unbalanced ones, runs of punctuation, colon lines, dates, line breaks.
FRAGMENTS = [
    "The minister said on Tuesday that talks would resume.",
    "“We will not wait forever,” Ana Petrova told reporters.",
    "He reportedly described the call as 'bad'.",
    "according to officials briefed on the talks",
    "Longitude : 7.20518",
    "Source: Harbour Gazette",
    "within 50 days",
    '"',
    "“",
    "”",
    "''",
    "``",
    "«",
    "…",
    "...",
    ":",
    "\n",
    "\n\n",
    " ",
    "—",
    "!!!",
]
TEXTS = st.lists(
    st.one_of(
        st.sampled_from(FRAGMENTS),
        st.text(min_size=1, max_size=12),
        st.sampled_from(['"', ".", "“", "-", "*"]).map(lambda mark: mark * 40),
    ),
    min_size=1,
    max_size=25,
).map(" ".join)


def spans_with_text(value: Any) -> list[tuple[list[int], str]]:
    """Every ``{"span": [start, end], "text": ...}`` in a record, however deep."""
    found: list[tuple[list[int], str]] = []
    if isinstance(value, dict):
        span, text = value.get("span"), value.get("text")
        if isinstance(span, list) and len(span) == 2 and isinstance(text, str):
            found.append((span, text))
        for item in value.values():
            found += spans_with_text(item)
    elif isinstance(value, list):
        for item in value:
            found += spans_with_text(item)
    return found


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(text=TEXTS)
def test_every_span_is_the_text_it_names(reader: Reader, text: str) -> None:
    if not text.strip():
        return
    record = reader.read_text(text, published="2026-03-03", language="en").to_json()
    article = record["article"]["text"]
    assert article == text.replace("\r\n", "\n").replace("\r", "\n")
    found = spans_with_text(record)
    for (start, end), words in found:
        assert 0 <= start <= end <= len(article)
        assert article[start:end] == words, (start, end, words)
    for entity in record["entities"]:
        for start, end in entity["mentions"]:
            assert 0 <= start < end <= len(article)


def test_a_long_run_of_one_mark_is_one_token(reader: Reader) -> None:
    text = 'She said "' + '"' * 5000 + ' and left. Then "fine" -------------------- end.'
    doc = tokenize(reader.nlp, text)
    assert doc.text == text
    assert [t.text for t in doc if len(t.text) > 100] == ['"' * 5001]
    assert "--------------------" in [t.text for t in doc]
    # Short runs are tokenized as spaCy does.
    assert [t.text for t in tokenize(reader.nlp, 'Wait!!! "Now".')] == [
        t.text for t in reader.nlp.make_doc('Wait!!! "Now".')
    ]


def test_twenty_thousand_quote_marks_are_read(reader: Reader) -> None:
    text = "The mayor said the fees would rise. " + '"' * 20_000 + " Officials agreed on Monday."
    record = reader.read_text(text, published="2026-03-03").to_json()
    assert record["article"]["text"] == text
    said = [s for s in record["statements"] if s["cue"]["text"] == "said"]
    assert said and said[0]["content"]["text"].startswith("the fees would rise")


def test_an_article_built_by_hand_over_the_pipeline_limit_is_refused(reader: Reader) -> None:
    limit = reader.nlp.max_length
    article = Article(text="The mayor said so. " * (limit // 19 + 1))
    with pytest.raises(InputTooLarge, match="ONRECORD_MAX_CHARS"):
        reader.read_article(article)
