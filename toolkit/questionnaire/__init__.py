"""Questionnaires as data: the model, loading with validation, answers and skip logic."""

from toolkit.questionnaire.loader import (
    bundled_instrument,
    bundled_instrument_versions,
    bundled_instruments,
    instrument_from_definition,
    load_instrument_file,
)
from toolkit.questionnaire.model import Choice, Instrument, Question, Rule, Section

__all__ = [
    "Choice", "Instrument", "Question", "Rule", "Section", "bundled_instrument",
    "bundled_instrument_versions", "bundled_instruments", "instrument_from_definition",
    "load_instrument_file",
]
