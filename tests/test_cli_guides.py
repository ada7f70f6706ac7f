"""`toolkit guides list | search | show | pdf` from the command line."""

import json
import shutil
import subprocess
import sys

import pytest

from toolkit.cli import main


def run(args, env):
    return subprocess.run([sys.executable, "-m", "toolkit", *args], env=env,
                          capture_output=True, text=True, timeout=120)


def test_list_in_both_languages(data_dir, capsys):
    assert main(["--data-dir", str(data_dir), "guides", "list"]) == 0
    english = capsys.readouterr().out.splitlines()
    assert english[0].split("\t") == ["cswb-planning", "Guide",
                                      "What community safety and well-being planning is"]
    assert main(["--data-dir", str(data_dir), "guides", "list", "--lang", "fr",
                 "--kind", "worksheet"]) == 0
    french = capsys.readouterr().out.splitlines()
    assert len(french) == 10
    assert "action-plan\tFiche de travail\tPlan d’action" in french
    assert ("safety-walk-checklist\tFiche de travail\tListe de contrôle de la marche "
            "exploratoire") in french


def test_list_json(data_dir, capsys):
    assert main(["--data-dir", str(data_dir), "guides", "list", "--json"]) == 0
    pieces = json.loads(capsys.readouterr().out)
    assert len(pieces) >= 19 and {"slug", "title", "kind", "sections"} <= set(pieces[0])


def test_search_without_accents_finds_french_and_highlights(data_dir, capsys):
    assert main(["--data-dir", str(data_dir), "--lang", "fr", "guides", "search",
                 "securite"]) == 0
    out = capsys.readouterr().out
    assert "[sécurité]" in out
    assert out.splitlines()[0].startswith("cswb-planning\t[fr]")


def test_search_json_and_nothing_found(data_dir, capsys):
    assert main(["--data-dir", str(data_dir), "guides", "search", "logic model", "--json"]) == 0
    results = json.loads(capsys.readouterr().out)
    assert results[0]["slug"] == "logic-model" and results[0]["highlights"]
    assert main(["--data-dir", str(data_dir), "guides", "search", "zzqx"]) == 0
    assert "Nothing found" in capsys.readouterr().out


def test_show_prints_the_piece(data_dir, capsys):
    assert main(["--data-dir", str(data_dir), "guides", "show", "logic-model",
                 "--lang", "fr"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Modèle logique\n==============")
    assert "[[lines:" in out


def test_unknown_slug_is_one_clear_line(subprocess_env):
    for args in (["guides", "show", "nope"], ["--lang", "fr", "guides", "show", "nope"]):
        result = run(args, subprocess_env)
        assert result.returncode == 1
        assert "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
        assert "nope" in result.stderr
    assert "Il n’y a aucun guide" in result.stderr


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_pdf_bilingual_command(subprocess_env, tmp_path):
    out = tmp_path / "sheet.pdf"
    result = run(["guides", "pdf", "risk-and-protective-factors", "--lang", "bilingual",
                  "--out", str(out), "--paper", "a4"], subprocess_env)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    assert "Risk and protective factors" in text and "Facteurs de risque" in text


def test_pdf_of_an_unknown_slug_writes_nothing(subprocess_env, tmp_path):
    out = tmp_path / "none.pdf"
    result = run(["guides", "pdf", "nope", "--out", str(out)], subprocess_env)
    assert result.returncode == 1 and "nope" in result.stderr
    assert not out.exists()



def test_an_unknown_language_is_still_refused(subprocess_env):
    for args in (["--lang", "xx"], ["--lang", "bilingual", "guides", "list"]):
        result = run(args, subprocess_env)
        assert result.returncode == 2 and "--lang" in result.stderr
