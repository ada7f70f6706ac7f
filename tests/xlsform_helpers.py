"""Write small XLSForms for tests: sheets given as lists of rows (first row the header)."""

from pathlib import Path

import openpyxl

EN, FR = "label::English (en)", "label::French (fr)"
SETTINGS = [["form_title", "form_id", "version", "ccsc_title::French (fr)"],
            ["Test form", "test-form", "2", "Formulaire d’essai"]]
INTRO = ["note", "intro", "Why we ask", "Pourquoi nous demandons"]


def write_form(path: Path, survey, choices=None, settings=SETTINGS) -> Path:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in (("survey", survey), ("choices", choices), ("settings", settings)):
        if rows is None:
            continue
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


def form(path: Path, *questions, choices=None, header=("type", "name", EN, FR)) -> Path:
    """A form with the standard intro and one group holding `questions`."""
    survey = [list(header), INTRO, ["begin group", "main", "Main", "Principal"],
              *[list(q) for q in questions], ["end group"]]
    return write_form(path, survey, choices)
