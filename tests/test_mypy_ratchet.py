"""tools/mypy_ratchet.py: fails when mypy finds more errors than recorded, asks for the lower
count when it finds fewer, and refuses to pass when mypy did not finish."""

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import mypy_ratchet  # noqa: E402


def found(n: int) -> str:
    return (f"toolkit/x.py:1: error: bad  [misc]\nFound {n} errors in 1 file "
            "(checked 75 source files)\n")


@pytest.fixture
def baseline(tmp_path):
    path = tmp_path / "mypy-baseline.txt"
    mypy_ratchet.write_baseline(10, path)
    return path


def run(monkeypatch, baseline, output, *args):
    monkeypatch.setattr(mypy_ratchet, "run_mypy", lambda extra: output)
    return mypy_ratchet.main(["--baseline", str(baseline), *args])


def test_counts_mypy_summaries():
    assert mypy_ratchet.count_errors(found(241)) == 241
    assert mypy_ratchet.count_errors("Found 1 error in 1 file (checked 3 source files)") == 1
    assert mypy_ratchet.count_errors("Success: no issues found in 75 source files\n") == 0
    with pytest.raises(ValueError):
        mypy_ratchet.count_errors("mypy: error: unrecognized arguments\n")


def test_more_errors_than_recorded_fail(monkeypatch, baseline, capsys):
    assert run(monkeypatch, baseline, found(11)) == 1
    captured = capsys.readouterr()
    assert "toolkit/x.py:1" in captured.out and "more than the 10" in captured.err
    assert mypy_ratchet.read_baseline(baseline) == 10


def test_as_many_as_recorded_pass(monkeypatch, baseline, capsys):
    assert run(monkeypatch, baseline, found(10)) == 0
    assert "as recorded" in capsys.readouterr().out


def test_fewer_errors_pass_and_say_how_to_lower(monkeypatch, baseline, capsys):
    assert run(monkeypatch, baseline, found(7)) == 0
    assert "--record" in capsys.readouterr().out
    assert mypy_ratchet.read_baseline(baseline) == 10  # checking never writes


def test_record_writes_the_count(monkeypatch, baseline):
    assert run(monkeypatch, baseline, found(7), "--record") == 0
    assert mypy_ratchet.read_baseline(baseline) == 7
    assert run(monkeypatch, baseline, found(8)) == 1


def test_mypy_that_did_not_finish_fails(monkeypatch, baseline):
    assert run(monkeypatch, baseline, "mypy: can't read file 'x'\n") == 2
    assert run(monkeypatch, baseline, "mypy: can't read file 'x'\n", "--record") == 2
    assert mypy_ratchet.read_baseline(baseline) == 10


def test_committed_baseline_is_a_count():
    assert mypy_ratchet.read_baseline() >= 0
