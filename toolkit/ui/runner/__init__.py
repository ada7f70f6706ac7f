"""Collecting answers: one window, one view per way of collecting (see toolkit/runner.py)."""
