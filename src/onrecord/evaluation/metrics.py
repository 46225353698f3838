"""Counts shared by the benchmark scorers: true positives against predicted and gold sizes."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["PRF"]


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
