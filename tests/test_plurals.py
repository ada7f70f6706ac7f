"""Counts go through ngettext: no "1 sessions" anywhere. Every interface string whose count
is followed by a plural noun must be a plural message, except limits that are never 1 (a
threshold, a maximum), each listed here with why."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.pofile import read_po

from toolkit import i18n
from toolkit.cli import main

POT = Path(i18n.__file__).parent / "locale" / "toolkit.pot"
COUNTED = re.compile(r"\{(n|count|total|sessions|respondents|answers|comments|people|pages|"
                     r"rows|files|done|failed)\}\s+(?:[a-z-]+\s+){0,2}?[a-z]+s\b")
NEVER_ONE = {  # message start -> why its number is never 1
    "Fewer than {n} people": "the small-group threshold, 3 or more",
    "Not counted here, because fewer than {n} people": "the threshold",
    "Prepared on {date} with the CCSC": "the threshold",
    "Privacy threshold: {n}.": "the threshold",
    "Respondent {n} is": "a respondent's number, not a count",
    "The toolkit stopped while respondent {n}": "a respondent's number",
    "There is no respondent {n}": "a respondent's number",
    "respondent {n} was changed": "a respondent's number",
    "paper form {n}": "a form's number",
    "The passphrase must have at least {n}": "the minimum length, 8",
    "This answer can hold at most {n}": "a maximum length, set in hundreds",
    "A partner's name can have at most {n}": "a maximum length, 300",
    "the text is longer than {n}": "a maximum length",
    "the translation is too long (more than {n}": "a maximum length, 10,000",
    "more than {n} rows": "a maximum number of rows, thousands",
    "the sheet has more than {n} rows": "a maximum number of rows",
    "{n} columns are not questions": "said only when more than 3 columns are unknown",
    "The workbook was not imported: {n} problems": "the error's base message; user_message() "
                                                   "says it through ngettext",
}


def singular_messages() -> list[str]:
    with POT.open("rb") as fh:
        return [m.id for m in read_po(fh) if m.id and isinstance(m.id, str)]


def test_every_count_is_a_plural_message():
    offenders = [m for m in singular_messages() if COUNTED.search(m)
                 and not any(m.startswith(start) for start in NEVER_ONE)]
    assert offenders == []


def test_the_exemptions_still_exist():
    messages = singular_messages()
    stale = [start for start in NEVER_ONE if not any(m.startswith(start) for m in messages)]
    assert stale == []


def test_one_session_in_the_cli(data_dir, capsys):
    from tests.exchange_helpers import make_session, open_kit

    kit = open_kit(data_dir)
    session = make_session(kit, people=1)
    kit.close(backup=False)
    out = data_dir / "one.ccsc"
    assert main(["--data-dir", str(data_dir), "export", session.id, "--share", "responses",
                 "--out", str(out), "--preview"]) == 0
    preview = capsys.readouterr().out
    assert "Total: 1 session, 1 respondent." in preview
    assert main(["--data-dir", str(data_dir), "export", session.id, "--share", "responses",
                 "--out", str(out)]) == 0
    said = capsys.readouterr().out
    assert ": 1 session, 1 respondent, sharing level" in said and "1 sessions" not in said
    assert main(["--data-dir", str(data_dir), "--lang", "fr", "export", session.id,
                 "--share", "responses", "--out", str(out), "--preview"]) == 0
    assert "Total\u00a0: 1 séance, 1 répondant." in capsys.readouterr().out
