"""Write small XLSForms for tests: sheets given as lists of rows (first row the header)."""

from pathlib import Path

import openpyxl

FORMS = Path(__file__).parent / "data" / "xlsforms"  # pyxform's own example forms

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


def with_french(source: Path, target: Path) -> Path:
    """The same form with a French column beside each English label (test words, not a
    translation), an introduction note and a settings sheet: what a partner adds."""
    workbook = openpyxl.load_workbook(source)
    for sheet in workbook.worksheets:
        if sheet.title not in ("survey", "choices"):
            continue
        header = [c.value for c in sheet[1]]
        label = next(i for i, h in enumerate(header) if h and str(h).lower().startswith("label"))
        column = len(header) + 1
        sheet.cell(1, column, "label::French (fr)")
        for row in range(2, sheet.max_row + 1):
            value = sheet.cell(row, label + 1).value
            if value:
                sheet.cell(row, column, f"FR {value}")
        if sheet.title == "survey":
            sheet.insert_rows(2)
            sheet.cell(2, 1, "note")
            sheet.cell(2, 2, "intro")
            sheet.cell(2, label + 1, "Why we ask")
            sheet.cell(2, column, "Pourquoi")
    if "settings" in workbook.sheetnames:
        del workbook["settings"]
    settings = workbook.create_sheet("settings")
    settings.append(["form_title", "form_id", "ccsc_title::French (fr)"])
    settings.append(["Title", source.stem.replace("pyxform-", "").replace("_", "-"), "Titre"])
    workbook.save(target)
    return target


SCALE = [("1", "Strongly disagree", "Fortement en désaccord"), ("2", "Disagree", "En désaccord"),
         ("3", "Neither", "Ni l’un ni l’autre"), ("4", "Agree", "D’accord"),
         ("5", "Strongly agree", "Fortement d’accord"), ("dk", "Don't know", "Je ne sais pas")]


def partner_form(target: Path, roles: bool = True) -> Path:
    """pyxform's real `specify_other` form (one select_one with "specify other") as a partner
    adapts it: French beside each label, an introduction, settings (id `specify-other`); then
    safety statements on the agreement scale, a trust and a concern statement and a ranking
    of priorities, with a `ccsc_role` column when `roles` (the question `sex` breaks down)."""
    path = with_french(FORMS / "pyxform-specify_other.xlsx", target)
    workbook = openpyxl.load_workbook(path)
    survey, choices = workbook["survey"], workbook["choices"]
    role_column = survey.max_column + 1
    if roles:
        survey.cell(1, role_column, "ccsc_role")
        survey.cell(3, role_column, "breakdown")  # the form's own question, `sex`
    added = [
        ("select_one scale", "feel_safe_day", "I feel safe here by day.",
         "Je me sens en sécurité ici le jour.", "safety_day"),
        ("select_one scale", "feel_safe_night", "I feel safe here at night.",
         "Je me sens en sécurité ici la nuit.", "safety_night"),
        ("select_one scale", "trust_council", "I trust the council.",
         "Je fais confiance au conseil.", "trust"),
        ("select_one scale", "worry_roads", "Speeding worries me.",
         "La vitesse m’inquiète.", "concern"),
        ("rank actions", "first_actions", "Rank what to do first.",
         "Classez ce qu’il faut faire d’abord.", "priorities"),
    ]
    for qtype, name, en, fr, role in added:
        survey.append([qtype, name, en, fr] + ([role] if roles else []))
    for name, en, fr in SCALE:
        choices.append(["scale", name, en, fr])
    for name, en, fr in (("lights", "Street lights", "Éclairage"),
                         ("patrols", "Foot patrols", "Patrouilles à pied"),
                         ("youth", "Youth drop-in", "Halte-jeunes")):
        choices.append(["actions", name, en, fr])
    workbook.save(path)
    return path
