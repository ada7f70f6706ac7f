"""`toolkit --self-test`: every step runs, failures are named, nothing real is touched."""

import io
import subprocess
import sys
from pathlib import Path

import pytest

from toolkit import selftest
from toolkit.questionnaire import loader
from toolkit.selftest import STEPS, Step, run

SEEN_ROOTS: list[Path] = []


def remember_root(test):
    SEEN_ROOTS.append(test.root)
    (test.folder("scratch") / "file.txt").write_text("x")


def explode(test):
    raise RuntimeError("boom")


def step(name: str, target: str) -> Step:
    return Step(name, name, target)


def test_the_cli_runs_every_step_in_french_without_touching_the_data_folder(
        subprocess_env, tmp_path):
    real = tmp_path / "real-data"
    env = dict(subprocess_env, TOOLKIT_DATA_DIR=str(real), QT_QPA_PLATFORM="")
    result = subprocess.run([sys.executable, "-m", "toolkit", "--self-test", "--lang", "fr"],
                            env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == len(STEPS) + 1
    assert all(line.endswith("\u00a0: ok") for line in lines[:-1]), lines
    assert lines[0].startswith("Ouvrir un dossier de données temporaire")
    assert lines[-1] == f"Autovérification réussie\u00a0: {len(STEPS)} étapes."
    assert not real.exists()
    assert "Traceback" not in result.stderr


def test_a_failing_step_is_named_and_the_others_still_run():
    out = io.StringIO()
    code = run([step("first", "tests.test_selftest:explode"),
                step("second", "tests.test_selftest:remember_root")], out=out)
    lines = out.getvalue().splitlines()
    assert code == 1
    assert lines[0] == "first: FAILED: RuntimeError: boom"
    assert lines[1] == "second: ok"
    assert lines[2] == "Self-test failed: 1 of 2 steps."


def test_a_step_that_cannot_be_imported_fails_with_its_reason():
    out = io.StringIO()
    assert run([step("gone", "toolkit.no_such_module:check")], out=out) == 1
    assert "FAILED: ModuleNotFoundError" in out.getvalue()


def test_the_temporary_folder_is_removed_afterwards():
    SEEN_ROOTS.clear()
    assert run([step("root", "tests.test_selftest:remember_root")], out=io.StringIO()) == 0
    assert SEEN_ROOTS and not SEEN_ROOTS[0].exists()


def test_a_guide_missing_in_one_language_is_reported(tmp_path, monkeypatch):
    for lang, slugs in (("en", ["alpha", "beta"]), ("fr", ["alpha"])):
        (tmp_path / lang).mkdir()
        for slug in slugs:
            (tmp_path / lang / f"{slug}.md").write_text(
                f'+++\ntitle = "{slug}"\n+++\n\nText.\n', encoding="utf-8")
    monkeypatch.setattr(selftest, "GUIDES_DIR", tmp_path)
    out = io.StringIO()
    assert run([step("guides", "toolkit.selftest:check_guides")], out=out) == 1
    assert "guide beta is not in both languages" in out.getvalue()


def test_a_guide_without_front_matter_is_reported(tmp_path, monkeypatch):
    for lang in ("en", "fr"):
        (tmp_path / lang).mkdir()
        (tmp_path / lang / "alpha.md").write_text("## No front matter\n", encoding="utf-8")
    monkeypatch.setattr(selftest, "GUIDES_DIR", tmp_path)
    out = io.StringIO()
    assert run([step("guides", "toolkit.selftest:check_guides")], out=out) == 1
    assert "alpha.md does not start with a +++ block" in out.getvalue()


def test_a_guide_library_problem_is_reported(tmp_path, monkeypatch):
    """The message names the problem (this step used to fail with a TypeError instead:
    fail()'s own parameter was called `problem`, like the message's placeholder)."""
    from toolkit.guides.library import Library

    monkeypatch.setattr(Library, "load", classmethod(lambda cls, folder: FakeLibrary()))
    out = io.StringIO()
    assert run([step("library", "toolkit.selftest:check_guide_library")], out=out) == 1
    assert "the guides have a problem: alpha: no fr version" in out.getvalue()
    assert "TypeError" not in out.getvalue()


class FakeLibrary:
    def all_pieces(self):
        return ["alpha"]

    def problems(self):
        return ["alpha: no fr version"]


def test_missing_questionnaires_are_reported(tmp_path, monkeypatch):
    monkeypatch.setattr(loader, "INSTRUMENTS_DIR", tmp_path)
    out = io.StringIO()
    assert run([step("q", "toolkit.selftest:check_questionnaires")], out=out) == 1
    assert f"no questionnaire found in {tmp_path}" in out.getvalue()


def test_the_demo_step_needs_the_data_folder_step_first():
    out = io.StringIO()
    assert run([step("demo", "toolkit.selftest:check_demo")], out=out) == 1
    assert "demo: FAILED: no data folder is open" in out.getvalue()


@pytest.mark.parametrize("item", STEPS, ids=[s.key for s in STEPS])
def test_every_step_names_a_function(item):
    assert callable(item.function())
