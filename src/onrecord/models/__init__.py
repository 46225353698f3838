"""The trained models shipped with onrecord.

``statements.crfsuite`` is the statement tagger (see :mod:`onrecord.extract.tagger`) and
``statements.json`` its calibration, its display threshold and how it was trained. Both
are rebuilt from PolNeAR train by ``make train`` (``scripts/train_statements.py``). This
module reads the JSON only, so the web app can know the threshold without loading spaCy.
``coref.json`` is the coreference model (see :mod:`onrecord.extract.coref`), rebuilt from
GAP development by ``make train-coref`` (``scripts/train_coref.py``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from onrecord.errors import ConfigError
from onrecord.settings import Settings

__all__ = ["COREF", "STATEMENTS", "display_threshold", "statement_model", "statement_model_meta"]

#: The coreference model shipped with the package (see onrecord.extract.coref).
COREF = Path(__file__).resolve().parent / "coref.json"
#: The statement tagger shipped with the package.
STATEMENTS = Path(__file__).resolve().parent / "statements.crfsuite"


def statement_model(settings: Settings) -> Path:
    """The statement tagger ``settings`` name: its ``statement_model``, else the shipped one."""
    return Path(settings.statement_model) if settings.statement_model else STATEMENTS


def statement_model_meta(path: Path) -> dict[str, Any]:
    """What ``statements.json`` beside the tagger at ``path`` says; empty when there is none."""
    meta = path.with_suffix(".json")
    if not meta.is_file():
        return {}
    try:
        data = json.loads(meta.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"{meta}: not a statement model description: {exc}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{meta}: not a statement model description: not a JSON object")
    return data


def display_threshold(settings: Settings) -> float:
    """The confidence below which statements are shown apart: the one chosen on train for
    the statement mode of ``settings``."""
    thresholds = statement_model_meta(statement_model(settings)).get("threshold", {})
    return float(thresholds.get(settings.statements, 0.0)) if isinstance(thresholds, dict) else 0.0
