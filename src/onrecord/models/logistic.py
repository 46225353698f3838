"""A logistic model over named features: the statement tagger's calibration and the
coreference scorer are both one.

:func:`fit` learns one by Newton's method with a small ridge, which converges to the same
weights on every run, so a model rebuilt from the same data is the same file.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = ["Logistic", "best_threshold", "fit"]


@dataclass(frozen=True, slots=True)
class Logistic:
    """A logistic map from named features to a chance; a missing feature counts 0."""

    names: tuple[str, ...]
    weights: tuple[float, ...]
    bias: float

    def __call__(self, features: Mapping[str, float]) -> float:
        z = self.bias + sum(
            w * features.get(n, 0.0) for n, w in zip(self.names, self.weights, strict=True)
        )
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def to_json(self) -> dict[str, Any]:
        """The model as stored beside what it scores."""
        return {"names": list(self.names), "weights": list(self.weights), "bias": self.bias}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Logistic:
        """Read :meth:`to_json`'s shape."""
        return cls(
            tuple(data["names"]), tuple(float(w) for w in data["weights"]), float(data["bias"])
        )


def fit(
    items: Sequence[tuple[Mapping[str, float], bool]], names: Sequence[str], ridge: float = 1e-3
) -> Logistic:
    """The logistic regression of ``items`` (features, right or wrong) on ``names``."""
    x = np.array([[features.get(n, 0.0) for n in names] for features, _ in items], dtype="float64")
    y = np.array([1.0 if ok else 0.0 for _, ok in items])
    x = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros(x.shape[1])
    penalty = ridge * np.eye(x.shape[1])
    penalty[-1, -1] = 0.0
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        gradient = x.T @ (p - y) + penalty @ w
        hessian = (x * (p * (1 - p))[:, None]).T @ x + penalty
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-9:
            break
    return Logistic(tuple(names), tuple(round(float(v), 6) for v in w[:-1]), round(float(w[-1]), 6))


def best_threshold(scored: Sequence[tuple[float, int, int]], gold: int) -> tuple[float, float]:
    """The threshold, in steps of 0.05 from 0 to 0.95, that maximises F1 when only what
    scores at least it is kept, with that F1. Each of ``scored`` is (chance, right,
    predicted): how many right answers and how many answers in all it gives when kept;
    ``gold`` is how many right answers there are."""
    best, best_f1 = 0.0, -1.0
    for step in range(0, 96, 5):
        threshold = step / 100
        right = sum(r for chance, r, _ in scored if chance >= threshold)
        predicted = sum(p for chance, _, p in scored if chance >= threshold)
        f1 = 2 * right / (predicted + gold) if right else 0.0
        if f1 > best_f1:
            best, best_f1 = threshold, f1
    return best, best_f1
