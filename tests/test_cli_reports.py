"""`toolkit report`, `toolkit blank-form`: files written atomically, clear errors."""

import shutil
import subprocess

import pytest

from toolkit.cli import main


def run(capsys, *args):
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def demo_dir(data_dir, capsys):
    assert main(["--data-dir", str(data_dir), "demo"]) == 0
    survey, group, _baseline = capsys.readouterr().out.split()  # the demo's three sessions
    return data_dir, survey, group


def test_report_and_community_report(demo_dir, tmp_path, capsys):
    data, survey, group = demo_dir
    d = ["--data-dir", str(data)]
    out = tmp_path / "r.pdf"
    code, text, err = run(capsys, *d, "report", survey[:8], "--lang", "bilingual", "--out",
                          str(out), "--paper", "a4", "--comments")
    assert code == 0 and err == "" and out.stat().st_size > 10_000
    assert "pages" in text
    code, text, err = run(capsys, "report", "--community", "BIRCH LAKE", "--lang", "fr",
                          "--out", str(tmp_path / "c.pdf"), *d)
    assert code == 0 and "pages" in text
    if shutil.which("pdftotext"):
        words = subprocess.run(["pdftotext", str(tmp_path / "c.pdf"), "-"], capture_output=True,
                               text=True).stdout
        assert "Rapport sommaire de la communauté" in words


@pytest.mark.parametrize("args,message", [
    (["report", "nope", "--out", "{out}"], "There is no session nope"),
    (["report", "--community", "Nowhere", "--out", "{out}"], "no sessions for the community"),
    (["report", "--out", "{out}"], "Name a session"),
    (["report", "{survey}", "--threshold", "2", "--out", "{out}"], "cannot be lower"),
    (["blank-form", "nope", "--out", "{out}"], "no questionnaire named nope"),
])
def test_bad_input_gives_one_line_and_no_file(demo_dir, tmp_path, capsys, args, message):
    data, survey, _ = demo_dir
    out = tmp_path / "x.pdf"
    filled = [a.format(out=out, survey=survey) for a in args]
    code, text, err = run(capsys, "--data-dir", str(data), *filled)
    assert code == 1 and message in err and len(err.strip().splitlines()) == 1
    assert not out.exists()


def test_blank_form_in_french(data_dir, tmp_path, capsys):
    out = tmp_path / "f.pdf"
    code, text, _ = run(capsys, "--data-dir", str(data_dir), "blank-form", "--lang", "fr",
                        "--out", str(out))
    assert code == 0 and out.exists() and "pages" in text
    with pytest.raises(SystemExit):  # a usage error: --out is required
        main(["--data-dir", str(data_dir), "report", "--lang", "bilingual"])


def test_reportlab_is_not_imported_at_start_up():
    import sys

    code = ("import sys, toolkit.cli, toolkit.ui.app, toolkit.ui.main_window; "
            "print('reportlab' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={"QT_QPA_PLATFORM": "offscreen", "PATH": ""})
    assert out.stdout.strip() == "False", out.stderr


def test_blank_form_in_large_print(data_dir, tmp_path, capsys):
    from tests.test_reports import font_sizes

    out = tmp_path / "large.pdf"
    code, text, _ = run(capsys, "--data-dir", str(data_dir), "blank-form", "--large-print",
                        "--lang", "bilingual", "--out", str(out))
    assert code == 0 and "pages" in text
    assert min(font_sizes(out)) >= 14
