"""Computations over assessments (what-if, uncertainty, timeline, portfolio, diff, review, lint)."""
