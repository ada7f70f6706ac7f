"""For tests of code that registers per-kind implementations (renderers, widgets, formats)."""

from toolkit.questionnaire.kinds import missing_kinds


def assert_every_kind(table: str) -> None:
    """Fail, naming them, when question kinds have no implementation in `table`."""
    missing = missing_kinds(table)
    assert not missing, f"question kinds missing from the {table!r} table: {', '.join(missing)}"
