"""What the benchmark scorers share: true positives against predicted and gold sizes, and
reading a predictions file (JSONL, one document per line)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

__all__ = ["PRF", "read_predictions"]

Item = TypeVar("Item")


@dataclass(slots=True)
class PRF:
    """True positives and the sizes of both sides; precision, recall and F1 follow."""

    tp: int = 0
    n_pred: int = 0
    n_gold: int = 0

    @property
    def precision(self) -> float:
        """TP / predicted, 0.0 when nothing was predicted."""
        return self.tp / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        """TP / gold, 0.0 when there is no gold item."""
        return self.tp / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall, 0.0 when both are 0."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, tp: int, n_pred: int, n_gold: int) -> None:
        """Add one article's counts."""
        self.tp += tp
        self.n_pred += n_pred
        self.n_gold += n_gold

    def to_json(self) -> dict[str, object]:
        """The counts and the three ratios."""
        return {
            "tp": self.tp,
            "n_pred": self.n_pred,
            "n_gold": self.n_gold,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }


def _from_line(
    line: str, field: str, item: str, parse: Callable[[object], Item]
) -> tuple[str, list[Item]]:
    record = json.loads(line)
    if not isinstance(record, dict):
        raise ValueError(f"expected a JSON object, got {type(record).__name__}")
    key = record.get("id")
    if not isinstance(key, str) or not key:
        raise ValueError(f"'id' must be a non-empty string, got {key!r}")
    items = record.get(field)
    if not isinstance(items, list):
        raise ValueError(f"'{field}' must be a list, got {items!r}")
    parsed = []
    for index, value in enumerate(items):
        try:
            parsed.append(parse(value))
        except ValueError as error:
            raise ValueError(f"{item} {index}: {error}") from error
    return key, parsed


def read_predictions(
    path: Path, field: str, item: str, parse: Callable[[object], Item], *, unit: str
) -> dict[str, list[Item]]:
    """Predictions from JSONL, one ``{"id": ..., field: [...]}`` per line, each element
    read by ``parse``; ``item`` and ``unit`` name an element and a document in errors.

    Blank lines are skipped. Any other bad line, or an id given twice, raises ``ValueError``
    naming the file and the line number.
    """
    predictions: dict[str, list[Item]] = {}
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                key, items = _from_line(line, field, item, parse)
            except ValueError as error:
                raise ValueError(f"{path}, line {number}: {error}") from error
            if key in predictions:
                raise ValueError(f"{path}, line {number}: {unit} {key!r} was already given")
            predictions[key] = items
    return predictions
