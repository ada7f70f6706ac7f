"""Plurals go through ngettext: no message puts a count before a plural noun by hand
("1 sessions"), and the places that printed one say "1 session" now."""

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir

import toolkit

ROOT = Path(toolkit.__file__).parent
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "translate": (2,)}
NOUNS = ("sessions|respondents|people|persons|questions|pages|comments|answers|groups|"
         "communities|votes|points|boxes|rows|files|results|days|texts|members|backups|"
         "packages|rounds|choices|strings|entries|errors|languages")
# a count placeholder (not a name), then a plural noun, maybe after one word (question results)
COUNTED = re.compile(r"\{(?!name\b|title\b|community\b|path\b|file\b)(\w+)\} (?:\w+ )?(?:"
                     + NOUNS + r")\b")
# A bound, never 1: the privacy threshold (3 or more), limits such as "more than {n} rows".
BOUND = re.compile(r"(?:fewer than|at least|more than|under|up to|from) \{\w+\}"
                   r"|\{twice\}|\{four\}|\{lo\}|\{hi\}", re.IGNORECASE)


def singular_messages() -> list[tuple[str, int, str]]:
    """(file, line, message) of every message that is not a plural pair."""
    out = []
    for file, line, message, _comments, _ctx in extract_from_dir(
            str(ROOT), method_map=[("**.py", "python")], keywords=KEYWORDS):
        if isinstance(message, str):
            out.append((file, line, message))
    return out


def test_no_message_counts_a_plural_noun_by_hand():
    found = []
    for file, line, message in singular_messages():
        for hit in COUNTED.finditer(message):
            before = message[max(0, hit.start() - 12):hit.start() + len(hit.group(1)) + 2]
            if not BOUND.search(before):
                found.append(f"{file}:{line}: {message[:80]}")
    assert found == []


def test_the_check_finds_a_hand_made_plural():
    assert COUNTED.search("Total: {sessions} sessions, {respondents} respondents.")
    assert not BOUND.search("Total: {n} sess")
    assert BOUND.search("fewer than {n} pe")
    assert not COUNTED.search("the imported session {name} lost respondents")
    assert COUNTED.search("{n} question results are hidden")


def test_one_session_one_respondent_read_in_the_singular(data_dir, tmp_path, capsys):
    from tests.exchange_helpers import open_kit
    from toolkit.cli import main
    from toolkit.sessions import SessionService

    kit = open_kit(data_dir)
    service = SessionService(kit.store)
    session = service.create_session("Birch Lake", "local-diagnosis", "2026-11-02")
    respondent = service.add_respondent(session.id)
    service.save_answer(respondent.id, "best_idea", "More light on the path")
    service.complete(respondent.id)
    kit.close()
    out = tmp_path / "one.ccsc"
    for extra in (["--preview"], []):
        code = main(["--data-dir", str(data_dir), "export", "--share", "responses",
                     "--out", str(out), session.id, *extra])
        text = capsys.readouterr().out
        assert code == 0
        assert "1 session," in text and "1 respondent" in text, text
        assert "1 sessions" not in text and "1 respondents" not in text
    assert "1 free-text answer stayed on this computer." in text
