"""Scoring onrecord against public benchmarks."""

__all__: list[str] = []
