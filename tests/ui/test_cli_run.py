"""`toolkit run SESSION`: the questionnaire window from a desktop shortcut."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from toolkit import cli
from toolkit.sessions import SessionService
from toolkit.ui.runner.window import RunnerWindow


def test_run_opens_a_locked_kiosk_with_the_code_from_a_file(qtbot, kit, data_dir, tmp_path):
    session = SessionService(kit.store).create_session("Wemotaci", None, mode="facilitator")
    code = tmp_path / "code.txt"
    code.write_text("97531\nignored\n", encoding="utf-8")
    seen = {}

    def look() -> None:
        win = next(w for w in QApplication.topLevelWidgets()
                   if isinstance(w, RunnerWindow) and w.isVisible())
        seen.update(mode=win.mode, code=win.exit_code, full=win.isFullScreen(),
                    title=win.windowTitle())
        win.close()  # refused: no exit code given
        seen["held"] = win.isVisible()
        win.unlocked = True
        win.close()
        QApplication.instance().quit()

    QTimer.singleShot(300, look)
    assert cli.main(["--data-dir", str(data_dir), "--lang", "fr", "run", session.id[:8],
                     "--mode", "kiosk", "--exit-code-file", str(code)]) == 0
    assert seen == {"mode": "kiosk", "code": "97531", "full": True, "held": True,
                    "title": seen["title"]}
    assert "libre-service" in seen["title"] or "kiosque" in seen["title"].lower()


def test_run_with_a_bad_session_says_so_in_one_line(data_dir, capsys):
    assert cli.main(["--data-dir", str(data_dir), "--lang", "fr", "run", "zzzz9999"]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err and "session" in err.lower()


def test_run_with_a_short_exit_code_says_so(kit, data_dir, tmp_path, capsys):
    session = SessionService(kit.store).create_session("Wemotaci", None, mode="kiosk")
    code = tmp_path / "code.txt"
    code.write_text("12\n", encoding="utf-8")
    assert cli.main(["--data-dir", str(data_dir), "run", session.id,
                     "--exit-code-file", str(code)]) == 1
    err = capsys.readouterr().err.strip()
    assert "4 digits" in err and len(err.splitlines()) == 1
