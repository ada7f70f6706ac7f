"""The `summary` sharing level: aggregate figures from toolkit.analysis, never respondents.

Aggregation and small-group suppression belong to toolkit.analysis (the reports use the same
code, so a package never shows a figure a printed report would hide). This module only
adapts it to packages: build a session's summary for export, check one read from a package.
"""

from __future__ import annotations

from typing import Any

from toolkit import analysis
from toolkit.errors import ToolkitError
from toolkit.exchange.errors import damaged
from toolkit.i18n import N_


def build_summary(instrument, answers_by_respondent: dict[str, dict], threshold: int,
                  completed: int) -> Any:
    """The session's suppressed summary as plain JSON data (SessionSummary.to_json())."""
    summary = analysis.summarise(instrument, answers_by_respondent, threshold, completed)
    return summary.to_json()


def check_summary(raw: dict[str, Any], package, where: str, instrument_hash: str,
                  respondents: int, instrument=None) -> Any:
    """A summary read from a package: rebuilt through SessionSummary.from_json to prove it
    (toolkit.summary_format: every key, type and bound, and against its questionnaire when
    given), and consistent with its session (same questionnaire, same number of respondents)."""

    try:
        summary = analysis.SessionSummary.from_json(raw, instrument)
    except (ToolkitError, KeyError, TypeError, ValueError, AttributeError) as exc:
        raise damaged(package.name, N_("{member} is not valid at {field}."),
                      member="sessions.json", field=where) from exc
    if summary.instrument_hash != instrument_hash or summary.respondents != respondents:
        raise damaged(package.name, N_("{member} is not valid at {field}."),
                      member="sessions.json", field=where)
    return summary.to_json()
