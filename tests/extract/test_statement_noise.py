"""What the statement model must not show as a statement, and what it must read right.

The sentences are our own, one class of past mistakes per test: verbs that are not speech,
titles in quotation marks, passive headlines, private states and refusals, dates inside
the content, closing attributions and wire datelines. Each runs through the whole pipeline
in both statement modes: ``rules`` (the default) and ``model``, where the tagger draws the
statements and the rules' vetoes still hold. A statement is *shown* when its confidence
reaches the mode's display threshold; below it, a reading stays in the record, marked as
doubtful, and `onrecord read` folds it away.
"""

from __future__ import annotations

import pytest

from onrecord import Reader, Settings
from onrecord.records import Record, Statement

PUBLISHED = "2026-03-12"  # a Thursday


@pytest.fixture(scope="module", params=["rules", "model"])
def reader(request: pytest.FixtureRequest) -> Reader:
    """A reader in each statement mode."""
    return Reader(Settings.from_env({}, statements=request.param))


def statements(reader: Reader, text: str) -> tuple[Statement, ...]:
    record: Record = reader.read_text(text, published=PUBLISHED)
    return record.statements


def shown(reader: Reader, text: str) -> list[Statement]:
    """The statements confident enough to be shown."""
    threshold = reader.confidence_threshold
    assert threshold > 0
    found = statements(reader, text)
    assert all(s.confidence is not None for s in found)
    return [s for s in found if s.confidence is not None and s.confidence >= threshold]


@pytest.mark.parametrize(
    ("text", "verb"),
    [
        ("Police have not officially identified the driver, who died at the scene.", "identified"),
        ("Responding officers found two men with stab wounds outside the bar.", "found"),
        ("Smoke from the fires threatens vineyards across the valley.", "threatens"),
        ("The ministry gave the contractors 30 days to sign the new grain deal.", "gave"),
    ],
)
def test_verbs_that_are_not_speech_make_no_statement(reader: Reader, text: str, verb: str) -> None:
    cues = [s.cue.text for s in shown(reader, text) if verb in s.cue.text]
    if cues and reader.settings.statements == "model" and verb == "gave":
        # Known: the tagger retrained on 2026-12-03 marks "gave the contractors 30 days to
        # sign" as one cue and the model mode shows it (the rules read the same words as
        # "to sign"). A veto for deadlines changes the rules' roles, so it waits for the
        # next `make train`.
        pytest.xfail("model mode shows the deadline 'gave … 30 days to sign' as a statement")
    assert cues == []


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (
            "Her film “Quiet Harbour” opened in 40 cinemas across the country on Friday.",
            "Quiet Harbour",
        ),
        (
            "The “Night Shift” author will read from her new novel at the library next week.",
            "Night Shift",
        ),
        (
            "Fans queued for hours to see “The Long Winter” at the festival in Leeds.",
            "The Long Winter",
        ),
        (
            "Tickets for “Harbour Lights: The Return (2019)” sold out within an hour.",
            "Harbour Lights: The Return (2019)",
        ),
        (
            "The sequel “Night Shift 2” drew bigger crowds than the original.",
            "Night Shift 2",
        ),
    ],
)
def test_a_title_in_quotation_marks_is_no_quotation(reader: Reader, text: str, title: str) -> None:
    for statement in shown(reader, text):
        assert title not in statement.content.text
        assert statement.speaker is None or title not in statement.speaker.text


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Senator Hale accused of hiding campaign donations from auditors", "Hale"),
        ("Mayor Ortiz criticised over slow flood response in the east", "Ortiz"),
        ("Coach Brandt blamed for early cup exit after defensive errors", "Brandt"),
    ],
)
def test_the_subject_of_a_passive_headline_is_not_the_accuser(
    reader: Reader, text: str, name: str
) -> None:
    for statement in shown(reader, text):
        assert statement.speaker is None or name not in statement.speaker.text


@pytest.mark.parametrize(
    "text",
    [
        "A spokesman for the airline declined to comment.",
        "The company declined to comment on the report when reached on Wednesday.",
        "Lawyers for the family declined to comment.",
    ],
)
def test_declining_to_comment_is_no_statement(reader: Reader, text: str) -> None:
    assert [s.cue.text for s in shown(reader, text) if "declin" in s.cue.text] == []


@pytest.mark.parametrize(
    ("text", "act"),
    [
        ("The union wants a new contract signed before the end of March.", "intention"),
        ("The minister plans to visit the flooded districts next week.", "intention"),
        ("Residents fear the old dam could fail if the rain continues.", "thought"),
        ("Local officials believe the fire was started deliberately.", "thought"),
    ],
)
def test_private_states_are_not_shown_as_speech(reader: Reader, text: str, act: str) -> None:
    found = statements(reader, text)
    assert all(s.act == act for s in found), [(s.cue.text, s.act) for s in found]


@pytest.mark.parametrize(
    ("text", "cue", "day"),
    [
        (
            "The ministry said on Tuesday it aims to finish the pipeline by June.",
            "said",
            "2026-03-10",
        ),
        ("The coach said on Monday that the team would appeal the ban.", "said", "2026-03-09"),
        (
            "Officials told reporters on Wednesday the border would stay closed.",
            "told",
            "2026-03-11",
        ),
    ],
)
def test_the_day_it_was_said_stays_out_of_the_content(
    reader: Reader, text: str, cue: str, day: str
) -> None:
    found = [s for s in shown(reader, text) if s.cue.text == cue]
    assert len(found) == 1
    statement = found[0]
    assert " on " not in statement.content.text[:4]
    assert "day" not in statement.content.text.split()[0]
    assert statement.said_on is not None and statement.said_on.value == day
    assert statement.act == "speech"
    assert statement.confidence is not None and 0.0 <= statement.confidence <= 1.0


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (
            "Tickets for “Harbour Lights: The Return (2019)” sold out, the cinema said.",
            "Harbour Lights: The Return (2019)",
        ),
        (
            "The sequel “Night Shift 2” drew bigger crowds than the original, he said.",
            "Night Shift 2",
        ),
        ("“Harbour Lights: The Return” is a triumph, the critic wrote.", "Harbour Lights"),
    ],
)
def test_a_reported_title_does_not_make_a_quotation(reader: Reader, text: str, title: str) -> None:
    (statement,) = statements(reader, text)
    assert title in statement.content.text
    assert statement.kind == "indirect"
    assert statement.content.text.count("“") == statement.content.text.count("”")


@pytest.mark.parametrize(
    ("text", "speaker", "content"),
    [
        (
            "Dockworkers will walk out on Monday unless the port hires six more crane "
            "drivers, the union's leader said on Sunday.",
            "the union's leader",
            "Dockworkers will walk out on Monday unless the port hires six more crane drivers",
        ),
        (
            "The ferry will not sail until the harbour wall is repaired, a council "
            "spokeswoman said.",
            "a council spokeswoman",
            "The ferry will not sail until the harbour wall is repaired",
        ),
    ],
)
def test_a_closing_attribution_reports_the_sentence_before_it(
    reader: Reader, text: str, speaker: str, content: str
) -> None:
    found = [s for s in statements(reader, text) if s.cue.text == "said"]
    assert len(found) == 1
    assert found[0].speaker is not None and found[0].speaker.text == speaker
    assert found[0].content.text == content


def test_a_wire_dateline_is_not_part_of_what_was_said(reader: Reader) -> None:
    text = (
        "Port strike talks stall\n\n"
        "LONDON, May 4 (Harbour Wire) - Dockworkers will walk out on Monday unless the "
        "port hires six more crane drivers, the union's leader said on Sunday.\n"
    )
    record = reader.read_text(text, published=PUBLISHED)
    said = [s for s in record.statements if s.cue.text == "said"]
    assert len(said) == 1
    assert said[0].content.text.startswith("Dockworkers will walk out")
    # The dateline is the report's own: its place stays an entity.
    assert "London" in [e.name for e in record.entities]


def test_a_relative_clause_with_its_own_object_is_not_a_closing_attribution(
    reader: Reader,
) -> None:
    text = (
        "The ferry was cancelled after a storm on Monday, which the captain later "
        "described as “brutal”."
    )
    (statement,) = statements(reader, text)
    # The rules read “brutal”; the tagger, as PolNeAR marks it, "which … as “brutal”".
    assert statement.content.text.endswith("“brutal”")
    assert "ferry" not in statement.content.text
    assert statement.speaker is not None and statement.speaker.text == "the captain"


@pytest.mark.parametrize(
    "text",
    [
        # Page fields, logs, code and table rows: no one's words, whatever verbs they hold.
        "Harbour fees rise\n\nThe port raised its fees.\n\nLongitude : 7.20518\n"
        "Source: Harbour Gazette\n",
        "Outage\n\nThe site was down.\n\n2026-03-11 12:00:01 ERROR worker said: "
        "connection refused\n",
        "Outage\n\nThe site was down.\n\n[09:14:02] WARN scheduler reported: queue is full\n",
        "Page\n\nWarning: mysql_connect(): Access denied for user 'web' in /var/www/index.php on "
        "line 12\n",
        "Results\n\nCandidate | Comment | Votes\nAna Petrova | said the vote was rigged | 12,031\n",
        "Tip\n\nconsole.log(reply); // the server says hello\n",
    ],
)
def test_fields_logs_code_and_tables_are_no_statements(reader: Reader, text: str) -> None:
    assert [(s.cue.text, s.content.text) for s in statements(reader, text)] == []


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("The so-called “reform package” passed the council on Monday.", "reform package"),
        ("A self-styled “general” led the march through the old town.", "general"),
        ("Her essay, titled “Why the port must change”, ran on Sunday.", "Why the port"),
        ("The plan known as “Harbour First” passed on a narrow vote.", "Harbour First"),
    ],
)
def test_scare_quotes_and_titles_are_no_statements(reader: Reader, text: str, words: str) -> None:
    for statement in statements(reader, text):
        assert words not in statement.content.text


def test_a_quotation_a_speech_verb_governs_is_still_a_statement(reader: Reader) -> None:
    found = statements(reader, "The mayor called the plan a “masterstroke” on Monday.")
    assert [(s.cue.text, s.content.text) for s in found] == [
        ("called", "the plan a “masterstroke”")
    ]


def test_a_title_before_a_speaker_is_not_inside_the_speaker(reader: Reader) -> None:
    said = next(
        s
        for s in statements(
            reader, "“Harbour Lights” creator Nadia Perl said the award belonged to her crew."
        )
        if s.cue.text == "said"
    )
    assert said.speaker is not None and said.speaker.text.endswith("Nadia Perl")
    assert "”" not in said.speaker.text


def test_a_label_with_words_said_is_still_a_statement(reader: Reader) -> None:
    found = statements(reader, "Debate\n\nKerry: “By law, we cannot do that.”\nWeather: mild\n")
    assert [(s.cue.text, s.content.text) for s in found] == [(":", "“By law, we cannot do that.”")]


def test_a_live_blog_entry_with_its_time_is_prose(reader: Reader) -> None:
    found = statements(
        reader, "Live\n\n2026-03-11 12:05 The minister said the port would reopen.\n"
    )
    assert [s.cue.text for s in found] == ["said"]
