"""The questionnaire window on its own (`toolkit run`): no main window behind it."""

from __future__ import annotations

import os

from toolkit import i18n


def run_window(kit, session_id: str, mode: str | None = None, exit_code: str | None = None,
               lang: str | None = None) -> int:
    from toolkit.ui.app import application, prepare
    from toolkit.ui.errors import install_excepthook
    from toolkit.ui.runner.window import RunnerWindow

    app = application()
    install_excepthook(str(kit.log_path))
    prepare(kit, None)
    if lang:
        i18n.set_language(lang)  # --lang wins over the saved language, as elsewhere
    window = RunnerWindow(kit, session_id, mode=mode)
    if not window.start(exit_code=exit_code):
        return 0  # the facilitator cancelled the exit-code dialog: nothing was opened
    if os.environ.get("TOOLKIT_EXIT_WHEN_SHOWN"):  # tests: say what opened, then stop
        from PySide6.QtCore import QTimer

        print(f"shown {window.mode} fullscreen={int(window.isFullScreen())} "
              f"locked={int(not window.unlocked)} title={window.windowTitle()}", flush=True)
        window.unlocked = True  # a locked kiosk refuses to close, and so cancels quit()
        QTimer.singleShot(0, app.quit)
    return app.exec()
