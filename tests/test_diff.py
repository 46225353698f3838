"""What changed between two versions of an article, on texts written for these tests."""

from __future__ import annotations

from onrecord.diff import compare, text_diff

OLD = (
    "Ferry fares to rise by a third\n\n"
    "The island council said on Friday that fares would rise by a third in June.\n\n"
    "“We have no other choice,” said Mara Quist, the council's treasurer.\n"
)
NEW = (
    "Ferry fares to rise by a fifth\n\n"
    "The island council said on Friday that fares would rise by a fifth in July.\n\n"
    "“We have no other choice,” said Mara Quist, the council's treasurer.\n\n"
    "Ferry users called the rise unfair.\n"
)


def _sides(old: str, new: str) -> tuple[str, str]:
    pieces = text_diff(old, new)
    return (
        "".join(p.text for p in pieces if p.kind != "added"),
        "".join(p.text for p in pieces if p.kind != "removed"),
    )


def test_the_pieces_give_back_both_texts() -> None:
    assert _sides(OLD, NEW) == (OLD, NEW)
    assert _sides("", NEW) == ("", NEW)
    assert _sides(OLD, "") == (OLD, "")
    assert [p.kind for p in text_diff(OLD, OLD)] == ["same"]


def test_changes_are_words_in_their_paragraph() -> None:
    changed = [(p.kind, p.text) for p in text_diff(OLD, NEW) if p.kind != "same"]
    assert changed == [
        ("removed", "third"),
        ("added", "fifth"),
        ("removed", "third in June"),
        ("added", "fifth in July"),
        ("added", "\nFerry users called the rise unfair.\n"),
    ]


def _statement(speaker: str | None, words: str, entity: str | None = None) -> dict[str, object]:
    party = {"text": speaker, "entity": entity} if speaker else None
    return {"speaker": party, "content": {"text": words}}


def test_statements_are_kept_reworded_added_or_removed() -> None:
    quist = _statement("Mara Quist", "“We have no other choice,”", "7")
    she = _statement("she", "fares would rise by a third in June", "7")
    old = {"title": "A", "text": OLD, "version": 1, "statements": [quist, she]}
    new = {
        "title": "B",
        "text": NEW,
        "version": {"number": 2},
        "statements": [
            # The same words of the same entity, named otherwise: the same statement.
            _statement("Quist", "“We have no other choice,”", "7"),
            _statement("she", "fares would rise by a fifth in July", "7"),
            _statement("Ferry users", "the rise unfair"),
        ],
    }
    diff = compare(old, new)
    assert (diff.old, diff.new, diff.kept) == (1, 2, 1)
    assert [(c.field, c.old, c.new) for c in diff.fields] == [("title", "A", "B")]
    [reworded] = diff.reworded
    assert reworded.old is she and 0.5 <= reworded.similarity < 1
    assert [s["content"]["text"] for s in diff.added] == ["the rise unfair"]
    assert diff.removed == ()
    # Another speaker's words are never a rewording of hers.
    other = {**new, "statements": [_statement("Ferry users", "fares would rise by a third")]}
    diff = compare(old, other)
    assert diff.reworded == () and len(diff.removed) == 2 and len(diff.added) == 1
    assert diff.to_json()["statements"]["kept"] == 0
    # Nor are two quotations nobody is named for.
    nobody = {**new, "statements": [_statement(None, "fares would rise by a fifth in July")]}
    unattributed = {**old, "statements": [_statement(None, "fares would rise by a third in June")]}
    assert compare(unattributed, nobody).reworded == ()


def test_a_huge_rewrite_is_shown_whole() -> None:
    """A page anyone may ask for must not hold the server: past MAX_PAIRS a changed block
    is removed and added whole instead of matched word by word."""
    old = " ".join(f"word{i % 97} and the pilots" for i in range(20_000))
    new = old.replace("word5 ", "term5 ")
    pieces = text_diff(old, new)
    assert [p.kind for p in pieces] == ["removed", "added"]
    assert _sides(old, new) == (old, new)


def test_punctuation_is_not_counted_as_words() -> None:
    diff = compare(
        {"text": "The mayor resigned, aides said.", "statements": []},
        {"text": "The mayor stayed.", "statements": []},
    )
    assert (diff.words_removed, diff.words_added) == (3, 1)
